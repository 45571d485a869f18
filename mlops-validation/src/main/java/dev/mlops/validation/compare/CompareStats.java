package dev.mlops.validation.compare;

import dev.mlops.validation.metrics.Interval;
import java.util.Arrays;
import org.apache.commons.statistics.distribution.NormalDistribution;

/** Small numeric helpers of this package. */
final class CompareStats {

  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  private CompareStats() {}

  /** The two-sided normal quantile z with P(|Z| &le; z) = level. */
  static double z(double level) {
    return NORMAL.inverseCumulativeProbability((1 + level) / 2);
  }

  /** Standard normal upper tail. */
  static double normalSurvival(double x) {
    return NORMAL.survivalProbability(x);
  }

  /**
   * The Wilson score interval of x successes in n trials (Wilson 1927); n must be positive. Bounds
   * clipped to [0, 1].
   */
  static double[] wilson(double x, double n, double z) {
    double p = x / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denom;
    double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  static Interval wilsonInterval(double x, double n, double level) {
    double[] w = wilson(x, n, z(level));
    return new Interval(Math.min(w[0], x / n), Math.max(w[1], x / n), level, Interval.WILSON);
  }

  /**
   * The percentile interval of replicates: the (1 - level) / 2 and (1 + level) / 2 quantiles with
   * linear interpolation between order statistics (NumPy's default, "type 7"). Sorts {@code reps}
   * in place, uses its first {@code n} entries.
   */
  static double[] percentile(double[] reps, int n, double level) {
    Arrays.sort(reps, 0, n);
    return new double[] {quantile(reps, n, (1 - level) / 2), quantile(reps, n, (1 + level) / 2)};
  }

  static double quantile(double[] sorted, int n, double q) {
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, n - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
