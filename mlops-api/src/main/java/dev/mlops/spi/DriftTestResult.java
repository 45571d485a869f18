package dev.mlops.spi;

import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The result of one {@link DriftTest} on one column: either defined, with a finite statistic, an
 * optional p-value in [0, 1] and an optional effect size, or undefined, with the reason.
 *
 * <p>Immutable and thread-safe. The constructor enforces the contract, so an implementation cannot
 * return a NaN statistic or a p-value outside [0, 1] by accident: undefined is undefined, never 0
 * and never a made-up p-value.
 *
 * <pre>{@code
 * DriftTestResult r = DriftTestResult.defined(0.25, 0.03, 0.4);
 * DriftTestResult u = DriftTestResult.undefined("reference has no non-missing values");
 * }</pre>
 *
 * @param defined whether the test could be computed
 * @param statistic the statistic, finite when defined; NaN when undefined
 * @param pvalue the p-value in [0, 1], or null when the test has none or is undefined
 * @param effect the effect size (not NaN; may be +infinity), or null when the test has none or is
 *     undefined
 * @param reason why the test is undefined; null when defined
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DriftTestResult(
    boolean defined,
    double statistic,
    @Nullable Double pvalue,
    @Nullable Double effect,
    @Nullable String reason) {

  /**
   * Creates a result.
   *
   * @throws IllegalArgumentException if a defined result has a non-finite statistic, a p-value
   *     outside [0, 1], a NaN effect or a reason, or an undefined result has no reason (or a blank
   *     one), a statistic other than NaN, a p-value or an effect
   */
  public DriftTestResult {
    if (defined) {
      if (!Double.isFinite(statistic)) {
        throw new IllegalArgumentException("a defined statistic is finite, but was " + statistic);
      }
      if (pvalue != null && !(pvalue >= 0.0 && pvalue <= 1.0)) {
        throw new IllegalArgumentException("a p-value lies in [0, 1], but was " + pvalue);
      }
      if (effect != null && effect.isNaN()) {
        throw new IllegalArgumentException(
            "an effect size is not NaN; use null when there is none");
      }
      if (reason != null) {
        throw new IllegalArgumentException("a defined result has no reason, but got: " + reason);
      }
    } else {
      if (reason == null || reason.isBlank()) {
        throw new IllegalArgumentException("an undefined result needs a reason");
      }
      if (!Double.isNaN(statistic) || pvalue != null || effect != null) {
        throw new IllegalArgumentException(
            "an undefined result has no statistic (NaN), p-value or effect");
      }
    }
  }

  /**
   * A defined result.
   *
   * @param statistic the statistic, finite
   * @param pvalue the p-value in [0, 1], or null
   * @param effect the effect size, or null
   * @return the result
   * @throws IllegalArgumentException as the constructor
   */
  public static DriftTestResult defined(
      double statistic, @Nullable Double pvalue, @Nullable Double effect) {
    return new DriftTestResult(true, statistic, pvalue, effect, null);
  }

  /**
   * An undefined result.
   *
   * @param reason why the test cannot be computed, e.g. {@code "current has no values"}
   * @return the result
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if {@code reason} is blank
   */
  public static DriftTestResult undefined(String reason) {
    Objects.requireNonNull(reason, "reason");
    return new DriftTestResult(false, Double.NaN, null, null, reason);
  }
}
