package dev.mlops.validation.drift;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The missing-value test of STATISTICS.md rule 4: a two-sided two-proportion z-test with pooled
 * variance, or Fisher's exact test (two-sided, SciPy's rule: the tables no more likely than the
 * observed one, with relative tolerance 1e-7) when an expected count is below 5.
 */
final class MissingValues {
  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  private MissingValues() {}

  /**
   * Returns {p-value, 1 if Fisher else 0}; the p-value is NaN when a side has no rows.
   *
   * @param r1 reference rows
   * @param m1 reference missing rows
   * @param r2 current rows
   * @param m2 current missing rows
   */
  static double[] test(long r1, long m1, long r2, long m2) {
    if (r1 == 0 || r2 == 0) {
      return new double[] {Double.NaN, 0};
    }
    double n = (double) r1 + r2;
    double missing = (double) m1 + m2;
    double present = n - missing;
    double minExpected =
        Math.min(
            Math.min(r1 * missing / n, r1 * present / n),
            Math.min(r2 * missing / n, r2 * present / n));
    if (minExpected < 5) {
      return new double[] {fisher(m1, r1, m1 + m2, r1 + r2), 1};
    }
    double pooled = missing / n;
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / r1 + 1.0 / r2));
    double diff = (double) m1 / r1 - (double) m2 / r2;
    if (se == 0) {
      return new double[] {1.0, 0};
    }
    double z = Math.abs(diff) / se;
    return new double[] {Math.min(1.0, 2 * NORMAL.survivalProbability(z)), 0};
  }

  /**
   * Fisher's exact two-sided p-value for a 2 x 2 table with {@code a} successes in a row of {@code
   * rowA}, {@code k} successes in all and {@code total} rows: the sum of the hypergeometric
   * probabilities not above the observed one times (1 + 1e-7).
   */
  static double fisher(long a, long rowA, long k, long total) {
    long lo = Math.max(0, rowA + k - total);
    long hi = Math.min(rowA, k);
    int len = (int) (hi - lo + 1);
    double[] logp = new double[len];
    // log of unnormalised pmf by the ratio recurrence from lo
    logp[0] = 0;
    for (int i = 1; i < len; i++) {
      long x = lo + i - 1;
      double ratio =
          ((double) (rowA - x) * (k - x)) / ((double) (x + 1) * (total - rowA - k + x + 1));
      logp[i] = logp[i - 1] + Math.log(ratio);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logp) {
      max = Math.max(max, v);
    }
    Sums all = new Sums();
    for (double v : logp) {
      all.add(Math.exp(v - max));
    }
    double observed = Math.exp(logp[(int) (a - lo)] - max);
    Sums tail = new Sums();
    for (double v : logp) {
      double pv = Math.exp(v - max);
      if (pv <= observed * (1 + 1e-7)) {
        tail.add(pv);
      }
    }
    return Math.min(1.0, tail.value() / all.value());
  }

  /**
   * e95 of |share1 - share2| over seeded permutations of the pooled missing indicators: the number
   * of missing rows among the reference's r1 rows is drawn without replacement.
   */
  static double nullQ95(long r1, long r2, long missing, int permutations, long seed) {
    long total = r1 + r2;
    long s = Math.min(r1, r2);
    boolean refSmall = r1 <= r2;
    double[] effects = new double[permutations];
    java.util.SplittableRandom rnd = DriftAnalysis.random(seed);
    for (int perm = 0; perm < permutations; perm++) {
      long left = missing;
      long remaining = total;
      long drawn = 0;
      for (long t = 0; t < s; t++) {
        if (rnd.nextLong(remaining) < left) {
          drawn++;
          left--;
        }
        remaining--;
      }
      double shareSmall = (double) drawn / s;
      double shareLarge = (double) (missing - drawn) / (total - s);
      effects[perm] =
          refSmall ? Math.abs(shareSmall - shareLarge) : Math.abs(shareLarge - shareSmall);
    }
    return DriftAnalysis.q95(effects);
  }
}
