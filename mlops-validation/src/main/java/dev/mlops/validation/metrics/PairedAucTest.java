package dev.mlops.validation.metrics;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * DeLong's test of two correlated ROC AUCs on the same rows ({@link DeLong#compare}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PairedAucTest t = DeLong.compare(labels, champion, challenger, 0.95);
 * // non-inferiority: challenger (B) not worse than champion (A) by more than 0.01
 * boolean nonInferior = t.interval().map(i -> i.high() < 0.01).orElse(false);
 * }</pre>
 *
 * @param aucA the first model's AUC
 * @param aucB the second model's AUC
 * @param difference aucA - aucB
 * @param variance DeLong's variance of the difference, at least 0
 * @param interval difference +- z se, clipped to [-1, 1]; empty when undefined (see note)
 * @param z the z statistic; empty when undefined
 * @param pValue the two-sided p-value; empty when undefined
 * @param nPositive rows with label 1
 * @param nNegative rows with label 0
 * @param note why a value is undefined or degenerate
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PairedAucTest(
    double aucA,
    double aucB,
    double difference,
    double variance,
    Optional<Interval> interval,
    OptionalDouble z,
    OptionalDouble pValue,
    long nPositive,
    long nNegative,
    Optional<String> note) {
  /**
   * Validates the components.
   *
   * @throws NullPointerException if an optional is null
   */
  public PairedAucTest {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(z, "z");
    Objects.requireNonNull(pValue, "pValue");
    Objects.requireNonNull(note, "note");
  }
}
