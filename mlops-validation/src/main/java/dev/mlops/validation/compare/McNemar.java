package dev.mlops.validation.compare;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * McNemar's test and Newcombe's interval for a paired difference of accuracies.
 *
 * <p>The 2 x 2 table of the two models on the same rows: {@code e} both correct, {@code f} only the
 * challenger correct, {@code g} only the champion correct, {@code h} both wrong; n = e + f + g + h.
 * The difference challenger - champion is (f - g) / n.
 */
final class McNemar {

  /** Below this many discordant pairs the exact binomial test is used. */
  static final int EXACT_BELOW = 25;

  private McNemar() {}

  /**
   * The two-sided p-value: exact binomial (f ~ Bin(f + g, 1/2), doubled smaller tail, capped at 1)
   * when f + g &lt; {@value #EXACT_BELOW}, else chi-squared with Edwards' continuity correction,
   * (|f - g| - 1)^2 / (f + g) on 1 degree of freedom. 1 when there is no discordant pair.
   */
  static double pValue(int f, int g) {
    int m = f + g;
    if (m == 0) {
      return 1;
    }
    if (m < EXACT_BELOW) {
      double tail = BinomialDistribution.of(m, 0.5).cumulativeProbability(Math.min(f, g));
      return Math.min(1, 2 * tail);
    }
    double d = Math.abs(f - g) - 1.0;
    double stat = Math.max(0, d) * Math.max(0, d) / m;
    return ChiSquaredDistribution.of(1).survivalProbability(stat);
  }

  static boolean exact(int f, int g) {
    return f + g < EXACT_BELOW;
  }

  /**
   * Newcombe's hybrid score interval for a paired difference of proportions (Newcombe, "Improved
   * confidence intervals for the difference between binomial proportions based on paired data",
   * Statistics in Medicine 17, 1998, method 10, with the continuity-corrected phi), for p1 = (e +
   * f) / n (challenger) minus p2 = (e + g) / n (champion). Returns {low, high}.
   */
  static double[] newcombe(int e, int f, int g, int h, double z) {
    double n = (double) e + f + g + h;
    double p1 = (e + f) / n;
    double p2 = (e + g) / n;
    double[] w1 = CompareStats.wilson(e + f, n, z);
    double[] w2 = CompareStats.wilson(e + g, n, z);
    double l1 = w1[0];
    double u1 = w1[1];
    double l2 = w2[0];
    double u2 = w2[1];
    // phi of the 2 x 2 table with Newcombe's continuity correction of its numerator (as in Altman
    // et al., Statistics with Confidence, 2nd ed., 2000, p. 52): AD - BC is reduced by n / 2 when
    // above it, set to 0 when in [0, n / 2], kept when negative
    double denom = ((double) e + f) * ((double) g + h) * ((double) e + g) * ((double) f + h);
    double b = (double) e * h - (double) f * g;
    double c = b > n / 2 ? b - n / 2 : Math.min(b, 0);
    double phi = denom == 0 ? 0 : c / Math.sqrt(denom);
    double d = p1 - p2;
    double dl = Math.sqrt(Math.max(0, sq(p1 - l1) - 2 * phi * (p1 - l1) * (u2 - p2) + sq(u2 - p2)));
    double du = Math.sqrt(Math.max(0, sq(u1 - p1) - 2 * phi * (u1 - p1) * (p2 - l2) + sq(p2 - l2)));
    return new double[] {Math.max(-1, d - dl), Math.min(1, d + du)};
  }

  private static double sq(double x) {
    return x * x;
  }
}
