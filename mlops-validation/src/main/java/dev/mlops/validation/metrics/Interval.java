package dev.mlops.validation.metrics;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A two-sided confidence interval of one metric.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Interval ci = result.metric("recall").orElseThrow().interval().orElseThrow();
 * boolean clears = ci.low() >= 0.8; // a gate "recall >= 0.8" passes on the lower bound
 * }</pre>
 *
 * @param low the lower bound
 * @param high the upper bound, at least {@code low}
 * @param level the confidence level in (0, 1), e.g. 0.95
 * @param method how it was computed: {@code wilson}, {@code delong}, {@code stratified_bootstrap}
 *     or {@code bootstrap} (plain percentile bootstrap, regression)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Interval(double low, double high, double level, String method) {
  /** Method name of the Wilson score interval. */
  public static final String WILSON = "wilson";

  /** Method name of the DeLong interval for ROC AUC. */
  public static final String DELONG = "delong";

  /** Method name of the stratified percentile bootstrap. */
  public static final String STRATIFIED_BOOTSTRAP = "stratified_bootstrap";

  /** Method name of the plain percentile bootstrap. */
  public static final String BOOTSTRAP = "bootstrap";

  /**
   * Validates the interval.
   *
   * @throws IllegalArgumentException if a bound is NaN, {@code low > high}, or the level is not in
   *     (0, 1)
   * @throws NullPointerException if method is null
   */
  public Interval {
    Objects.requireNonNull(method, "method");
    if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
      throw new IllegalArgumentException(
          "interval bounds must satisfy low <= high, but were [" + low + ", " + high + "]");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
    }
  }

  /**
   * Tells whether a value lies inside the closed interval.
   *
   * @param value the value
   * @return true when {@code low <= value <= high}
   */
  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  /**
   * Returns the width {@code high - low}.
   *
   * @return the width
   */
  public double width() {
    return high - low;
  }
}
