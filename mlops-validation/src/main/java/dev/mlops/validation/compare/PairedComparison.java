package dev.mlops.validation.compare;

import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.Interval;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * Champion versus challenger on one metric over the same rows: both point values, the paired
 * difference (challenger - champion) with its interval, the test's p-value where there is one, and
 * the non-inferiority verdict "the challenger is not worse than the champion by more than {@code
 * margin}".
 *
 * <p>Immutable and thread-safe.
 *
 * <p>The verdict is decided on the interval of the difference, turned so that positive means
 * "challenger better" (the difference itself when higher is better, its negation otherwise): {@link
 * Verdict#PASS} when the interval's unfavourable bound is above {@code -margin}, {@link
 * Verdict#FAIL} when even its favourable bound is below {@code -margin}, {@link
 * Verdict#INCONCLUSIVE} otherwise and whenever there is no interval. The unfavourable bound of a
 * two-sided interval at level L is a one-sided bound at level (1 + L) / 2 ({@link
 * #oneSidedLevel()}): the default 95 % interval decides at one-sided 97.5 %, the usual
 * non-inferiority convention (alpha = 0.025 one-sided; ICH E9, CONSORT extension for
 * non-inferiority trials, Piaggio et al., JAMA 2012).
 *
 * <pre>{@code
 * PairedComparison c = comparison.compare("roc_auc", 0.01, IntervalSpec.defaults());
 * if (c.verdict() == Verdict.PASS) {
 *   promote(challenger);
 * }
 * }</pre>
 *
 * @param metric the metric's name, as the evaluators name it
 * @param higherIsBetter whether a higher value is better (false for losses and errors)
 * @param champion the champion's value
 * @param challenger the challenger's value
 * @param difference challenger - champion
 * @param interval the two-sided interval of the difference, when it can be computed
 * @param pValue the two-sided p-value of "no difference", for the DeLong and McNemar tests
 * @param method {@code delong}, {@code mcnemar_exact}, {@code mcnemar_chi2} or {@code
 *     paired_bootstrap}; the interval's own method is in {@code interval}
 * @param margin the non-inferiority margin (delta), at least 0, in the metric's units
 * @param oneSidedLevel the one-sided level at which the verdict is decided, (1 + level) / 2
 * @param verdict PASS, FAIL or INCONCLUSIVE, as above
 * @param note why there is no interval or p-value, or a convention that applied
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PairedComparison(
    String metric,
    boolean higherIsBetter,
    double champion,
    double challenger,
    double difference,
    Optional<Interval> interval,
    OptionalDouble pValue,
    String method,
    double margin,
    double oneSidedLevel,
    Verdict verdict,
    Optional<String> note) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the margin is negative or NaN, or the verdict is WARN
   */
  public PairedComparison {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(pValue, "pValue");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(note, "note");
    if (!(margin >= 0)) {
      throw new IllegalArgumentException("margin must be >= 0, was " + margin);
    }
    if (verdict == Verdict.WARN) {
      throw new IllegalArgumentException("a non-inferiority verdict is PASS, FAIL or INCONCLUSIVE");
    }
  }

  /**
   * Decides non-inferiority on an interval of challenger - champion.
   *
   * @param interval the interval, or empty
   * @param higherIsBetter the metric's direction
   * @param margin the margin, at least 0
   * @return the verdict
   */
  static Verdict decide(Optional<Interval> interval, boolean higherIsBetter, double margin) {
    if (interval.isEmpty()) {
      return Verdict.INCONCLUSIVE;
    }
    Interval i = interval.get();
    double worst = higherIsBetter ? i.low() : -i.high();
    double best = higherIsBetter ? i.high() : -i.low();
    if (worst > -margin) {
      return Verdict.PASS;
    }
    if (best < -margin) {
      return Verdict.FAIL;
    }
    return Verdict.INCONCLUSIVE;
  }
}
