package dev.mlops.validation.anomaly;

import dev.mlops.api.Verdict;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A rule that decides whether a new value of a metric is an anomaly given the metric's history over
 * past batches, oldest first. NaN values in the history (a metric that could not be computed for a
 * batch) are skipped; a NaN new value is {@link Verdict#INCONCLUSIVE}. Bounds are inclusive.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * <pre>{@code
 * double[] rowCounts = {1000, 1020, 990, 1010};
 * AnomalyResult r = AnomalyStrategy.relativeChange(0.5, 2.0).check(rowCounts, 400);
 * r.verdict();   // FAIL: 400 < 0.5 * 1010
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface AnomalyStrategy
    permits AnomalyStrategy.AbsoluteChange,
        AnomalyStrategy.RelativeChange,
        AnomalyStrategy.OnlineNormal {

  /**
   * Checks a new value against the history.
   *
   * @param history past values, oldest first; NaN entries are skipped
   * @param value the new value
   * @return the result
   * @throws NullPointerException if {@code history} is null
   */
  AnomalyResult check(double[] history, double value);

  /**
   * Deequ's {@code AbsoluteChangeStrategy} (order 1): the change from the last value, {@code value
   * - previous}, must lie in [maxDecrease, maxIncrease].
   *
   * @param maxDecrease the most negative change allowed, 0 or less (-infinity for none)
   * @param maxIncrease the greatest change allowed, 0 or more (+infinity for none)
   * @return the strategy
   * @throws IllegalArgumentException if a bound is NaN or on the wrong side of 0
   */
  static AnomalyStrategy absoluteChange(double maxDecrease, double maxIncrease) {
    return new AbsoluteChange(maxDecrease, maxIncrease);
  }

  /**
   * Deequ's {@code RelativeRateOfChangeStrategy} (order 1): the ratio to the last value, {@code
   * value / previous}, must lie in [minRatio, maxRatio]. A previous value of 0 gives {@link
   * Verdict#INCONCLUSIVE}.
   *
   * @param minRatio the smallest ratio allowed, in [0, 1]
   * @param maxRatio the greatest ratio allowed, 1 or more (+infinity for none)
   * @return the strategy
   * @throws IllegalArgumentException if a bound is NaN or out of its range
   */
  static AnomalyStrategy relativeChange(double minRatio, double maxRatio) {
    return new RelativeChange(minRatio, maxRatio);
  }

  /**
   * Deequ's {@code OnlineNormalStrategy} without its start-up and anomaly skipping: the value must
   * lie in [mean - lowerFactor * sigma, mean + upperFactor * sigma], mean and sigma of the history
   * computed in one pass with Welford's update (Welford 1962, Technometrics 4:419), sigma the
   * population standard deviation (divided by n, as Deequ). Needs at least 2 history values.
   *
   * @param lowerFactor k below the mean, 0 or more
   * @param upperFactor k above the mean, 0 or more
   * @return the strategy
   * @throws IllegalArgumentException if a factor is negative or NaN
   */
  static AnomalyStrategy onlineNormal(double lowerFactor, double upperFactor) {
    return new OnlineNormal(lowerFactor, upperFactor);
  }

  /** The last non-NaN value of a history, or NaN. */
  private static double last(double[] history) {
    for (int i = history.length - 1; i >= 0; i--) {
      if (!Double.isNaN(history[i])) {
        return history[i];
      }
    }
    return Double.NaN;
  }

  private static AnomalyResult decide(String name, double value, double lo, double hi, String how) {
    boolean inside = value >= lo && value <= hi;
    return new AnomalyResult(
        name,
        value,
        lo,
        hi,
        inside ? Verdict.PASS : Verdict.FAIL,
        (inside ? "within " : "outside ") + "[" + lo + ", " + hi + "], " + how);
  }

  private static AnomalyResult inconclusive(String name, double value, String why) {
    return new AnomalyResult(name, value, Double.NaN, Double.NaN, Verdict.INCONCLUSIVE, why);
  }

  /**
   * See {@link AnomalyStrategy#absoluteChange}.
   *
   * @param maxDecrease the most negative change allowed
   * @param maxIncrease the greatest change allowed
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record AbsoluteChange(double maxDecrease, double maxIncrease) implements AnomalyStrategy {
    /**
     * Creates the strategy.
     *
     * @throws IllegalArgumentException if a bound is NaN or on the wrong side of 0
     */
    public AbsoluteChange {
      if (!(maxDecrease <= 0) || !(maxIncrease >= 0)) {
        throw new IllegalArgumentException(
            "need maxDecrease <= 0 <= maxIncrease, but got " + maxDecrease + ", " + maxIncrease);
      }
    }

    @Override
    public AnomalyResult check(double[] history, double value) {
      Objects.requireNonNull(history, "history");
      double previous = last(history);
      if (Double.isNaN(value)) {
        return inconclusive("absolute_change", value, "the new value is NaN");
      }
      if (Double.isNaN(previous)) {
        return inconclusive("absolute_change", value, "the history has no value");
      }
      return decide(
          "absolute_change",
          value,
          previous + maxDecrease,
          previous + maxIncrease,
          "the previous value " + previous + " plus the allowed change");
    }
  }

  /**
   * See {@link AnomalyStrategy#relativeChange}.
   *
   * @param minRatio the smallest ratio allowed
   * @param maxRatio the greatest ratio allowed
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record RelativeChange(double minRatio, double maxRatio) implements AnomalyStrategy {
    /**
     * Creates the strategy.
     *
     * @throws IllegalArgumentException if a bound is NaN or out of its range
     */
    public RelativeChange {
      if (!(minRatio >= 0 && minRatio <= 1) || !(maxRatio >= 1)) {
        throw new IllegalArgumentException(
            "need 0 <= minRatio <= 1 <= maxRatio, but got " + minRatio + ", " + maxRatio);
      }
    }

    @Override
    public AnomalyResult check(double[] history, double value) {
      Objects.requireNonNull(history, "history");
      double previous = last(history);
      if (Double.isNaN(value)) {
        return inconclusive("relative_change", value, "the new value is NaN");
      }
      if (Double.isNaN(previous)) {
        return inconclusive("relative_change", value, "the history has no value");
      }
      if (previous == 0) {
        return inconclusive(
            "relative_change", value, "the previous value is 0: a ratio is undefined");
      }
      double a = previous * minRatio;
      double b = previous * maxRatio;
      return decide(
          "relative_change",
          value,
          Math.min(a, b),
          Math.max(a, b),
          "the previous value " + previous + " times the allowed ratios");
    }
  }

  /**
   * See {@link AnomalyStrategy#onlineNormal}.
   *
   * @param lowerFactor k below the mean
   * @param upperFactor k above the mean
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  record OnlineNormal(double lowerFactor, double upperFactor) implements AnomalyStrategy {
    /**
     * Creates the strategy.
     *
     * @throws IllegalArgumentException if a factor is negative or NaN
     */
    public OnlineNormal {
      if (!(lowerFactor >= 0) || !(upperFactor >= 0)) {
        throw new IllegalArgumentException(
            "deviation factors are >= 0, but got " + lowerFactor + ", " + upperFactor);
      }
    }

    @Override
    public AnomalyResult check(double[] history, double value) {
      Objects.requireNonNull(history, "history");
      if (Double.isNaN(value)) {
        return inconclusive("online_normal", value, "the new value is NaN");
      }
      long n = 0;
      double mean = 0;
      double m2 = 0;
      for (double x : history) {
        if (!Double.isNaN(x)) {
          n++;
          double delta = x - mean;
          mean += delta / n;
          m2 += delta * (x - mean);
        }
      }
      if (n < 2) {
        return inconclusive(
            "online_normal", value, "the history has " + n + " values; at least 2 are needed");
      }
      double sigma = Math.sqrt(m2 / n);
      return decide(
          "online_normal",
          value,
          mean - lowerFactor * sigma,
          mean + upperFactor * sigma,
          "mean " + mean + " and sigma " + sigma + " over " + n + " past values");
    }
  }
}
