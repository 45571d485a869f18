package dev.mlops.validation.evaluation;

import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.Interval;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * One gate decided on one slice (or on the whole evaluation set, slice {@value #OVERALL}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (GateResult g : report.gates()) {
 *   System.out.println(g.gate() + " on " + g.slice() + ": " + g.verdict() + " (" + g.note() + ")");
 * }
 * }</pre>
 *
 * @param gate the gate
 * @param slice {@value #OVERALL} or the slice's {@link SliceResult#description()}
 * @param verdict PASS, FAIL or INCONCLUSIVE
 * @param value the metric's point value; empty when undefined
 * @param interval the interval the gate was decided on, at {@code level}; empty when the slice is
 *     below the minimum size or the metric undefined
 * @param level the interval's level: the report's level, or {@code 1 - (1 - level) / k} for a gate
 *     decided simultaneously over k slices (Bonferroni)
 * @param note why: the bound that decided, or the reason for INCONCLUSIVE, and "simultaneous over k
 *     slices, Bonferroni" when it applies
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GateResult(
    Gate gate,
    String slice,
    Verdict verdict,
    OptionalDouble value,
    Optional<Interval> interval,
    double level,
    String note) {

  /** The slice name of the whole evaluation set. */
  public static final String OVERALL = "overall";

  /**
   * Validates the result.
   *
   * @param gate the gate
   * @param slice the place
   * @param verdict the verdict
   * @param value the point value
   * @param interval the interval decided on
   * @param level its level
   * @param note why
   * @throws NullPointerException if an argument is null
   */
  public GateResult {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(note, "note");
  }
}
