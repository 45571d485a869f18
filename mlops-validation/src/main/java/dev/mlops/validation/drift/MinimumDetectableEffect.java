package dev.mlops.validation.drift;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.PoissonDistribution;
import org.apiguardian.api.API;

/**
 * The smallest effect a column's drift check can detect at its current sample sizes, reported
 * beside the verdict so that a PASS on few rows is not read as "no drift".
 *
 * <p>Immutable and thread-safe. Definitions (n1, n2 the non-missing sizes; alpha = q / m, the
 * Benjamini-Hochberg level of the column ranked first among the m tested columns, which rejects
 * whatever the other columns' p-values are, so the column is detected at least at this effect):
 *
 * <ul>
 *   <li>{@code ks_critical_d} (numeric): the smallest KS statistic D with SciPy's asymptotic
 *       p-value {@code kstwo.sf(D, round(n1 n2 / (n1 + n2)))} at or below alpha, found by bisection
 *       to 1e-12. A shift whose D is below it cannot be significant.
 *   <li>{@code standardized_mean_shift} (numeric): the smallest shift of the mean, in reference
 *       standard deviations, that a two-sided two-sample z-test at level alpha detects with power
 *       80 %: (z(1 - alpha/2) + z(0.8)) sqrt(1/n1 + 1/n2) (Cohen 1988, <i>Statistical Power
 *       Analysis for the Behavioral Sciences</i>, 2nd ed., ch. 2). For a location shift of a normal
 *       distribution this is also the Wasserstein distance over the reference std, the deciding
 *       effect. KS is less efficient than the z-test (asymptotic relative efficiency 2/pi for
 *       normal data), so KS needs a somewhat larger shift: read this as a lower bound.
 *   <li>{@code cohen_w} (categorical): Cohen's w = sqrt(lambda / (n1 + n2)) where lambda is the
 *       noncentrality at which the chi-squared homogeneity test with k - 1 degrees of freedom (k
 *       the categories seen on either side) at level alpha has power 80 % (Cohen 1988, ch. 7); the
 *       noncentral chi-squared survival function is the Poisson mixture of central ones.
 * </ul>
 *
 * A value that does not apply (numeric keys of a categorical column and the reverse, or a test that
 * cannot be computed) is NaN, written as JSON {@code null}.
 *
 * <pre>{@code
 * MinimumDetectableEffect m = MinimumDetectableEffect.numeric(200, 301, 0.05);
 * m.ksCriticalD();            // about 0.124
 * m.standardizedMeanShift();  // about 0.256
 * }</pre>
 *
 * @param alpha the level used, q / m
 * @param power the power of the shift and w figures, 0.8
 * @param ksCriticalD the critical KS statistic, NaN when not numeric
 * @param standardizedMeanShift the detectable shift in reference stds, NaN when not numeric
 * @param cohenW the detectable Cohen's w, NaN when not categorical
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record MinimumDetectableEffect(
    double alpha, double power, double ksCriticalD, double standardizedMeanShift, double cohenW) {

  /** The power of the shift and w figures. */
  public static final double POWER = 0.8;

  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  /**
   * The figures of a numeric column.
   *
   * @param n1 non-missing reference values, at least 1
   * @param n2 non-missing current values, at least 1
   * @param alpha the level, in (0, 1)
   * @return the figures; {@code ksCriticalD} is NaN when round(n1 n2 / (n1 + n2)) is 0
   * @throws IllegalArgumentException if a size is below 1 or alpha is not in (0, 1)
   */
  public static MinimumDetectableEffect numeric(int n1, int n2, double alpha) {
    check(n1, n2, alpha);
    double en = Math.rint(KolmogorovSmirnov.effectiveN(n1, n2));
    double d = en < 1 ? Double.NaN : criticalD(n1, n2, alpha);
    double shift =
        (NORMAL.inverseSurvivalProbability(alpha / 2) + NORMAL.inverseCumulativeProbability(POWER))
            * Math.sqrt(1.0 / n1 + 1.0 / n2);
    return new MinimumDetectableEffect(alpha, POWER, d, shift, Double.NaN);
  }

  /**
   * The figures of a categorical column.
   *
   * @param n1 non-missing reference values, at least 1
   * @param n2 non-missing current values, at least 1
   * @param categories the categories seen on either side, at least 1
   * @param alpha the level, in (0, 1)
   * @return the figures; {@code cohenW} is NaN with a single category (no degrees of freedom)
   * @throws IllegalArgumentException if a size or the category count is below 1, or alpha is not in
   *     (0, 1)
   */
  public static MinimumDetectableEffect categorical(
      long n1, long n2, int categories, double alpha) {
    check(n1, n2, alpha);
    if (categories < 1) {
      throw new IllegalArgumentException("categories is >= 1, but was " + categories);
    }
    double w = Double.NaN;
    if (categories > 1) {
      w = Math.sqrt(noncentrality(categories - 1, alpha, POWER) / ((double) n1 + n2));
    }
    return new MinimumDetectableEffect(alpha, POWER, Double.NaN, Double.NaN, w);
  }

  private static void check(long n1, long n2, double alpha) {
    if (n1 < 1 || n2 < 1) {
      throw new IllegalArgumentException("both sizes are >= 1, but were " + n1 + ", " + n2);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha lies in (0, 1), but was " + alpha);
    }
  }

  /** Critical D values already found, keyed by effective size and alpha; at most 1,024. */
  private static final Map<CacheKey, Double> CACHE =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<CacheKey, Double> eldest) {
          return size() > 1024;
        }
      };

  private static final Object CACHE_LOCK = new Object();

  private record CacheKey(int en, double alpha) {}

  /**
   * The smallest D with asymp p-value (kstwo.sf(D, en)) at or below alpha. Seeded with Stephens'
   * approximation K(alpha) / (sqrt(en) + 0.12 + 0.11 / sqrt(en)) (Stephens 1970, JRSS B 32:115),
   * then refined by the Illinois variant of regula falsi on log p inside a bracket, to 1e-13; about
   * five evaluations of kstwo.sf, which is slow for large en, and cached.
   */
  static double criticalD(int n1, int n2, double alpha) {
    int en = (int) Math.rint(KolmogorovSmirnov.effectiveN(n1, n2));
    if (en < 1) {
      return Double.NaN;
    }
    CacheKey key = new CacheKey(en, alpha);
    synchronized (CACHE_LOCK) {
      Double hit = CACHE.get(key);
      if (hit != null) {
        return hit;
      }
    }
    double d = solveCriticalD(en, alpha);
    synchronized (CACHE_LOCK) {
      CACHE.put(key, d);
    }
    return d;
  }

  private static double g(int en, double alpha, double d) {
    double p = KolmogorovDistribution.twoSidedSf(d, en);
    return Math.log(Math.max(p, Double.MIN_VALUE)) - Math.log(alpha);
  }

  private static double solveCriticalD(int en, double alpha) {
    double seed = kolmogorovIsf(alpha) / (Math.sqrt(en) + 0.12 + 0.11 / Math.sqrt(en));
    double lo = Math.min(seed * 0.998, 1.0);
    double hi = Math.min(seed * 1.002, 1.0);
    double glo = g(en, alpha, lo);
    while (glo <= 0 && lo > 0) {
      hi = lo;
      lo = lo * 0.9;
      glo = g(en, alpha, lo);
    }
    double ghi = g(en, alpha, hi);
    while (ghi > 0 && hi < 1) {
      lo = hi;
      glo = ghi;
      hi = Math.min(1.0, hi * 1.1);
      ghi = g(en, alpha, hi);
    }
    if (ghi > 0) {
      return Double.NaN; // even D = 1 is not significant at this size
    }
    int side = 0;
    for (int i = 0; i < 200 && hi - lo > 1e-13; i++) {
      double x = (glo * hi - ghi * lo) / (glo - ghi);
      if (!(x > lo && x < hi)) {
        x = 0.5 * (lo + hi);
      }
      double gx = g(en, alpha, x);
      if (gx <= 0) {
        hi = x;
        ghi = gx;
        if (side == -1) {
          glo /= 2;
        }
        side = -1;
      } else {
        lo = x;
        glo = gx;
        if (side == 1) {
          ghi /= 2;
        }
        side = 1;
      }
      if (Math.abs(gx) < 1e-13) {
        break;
      }
    }
    return hi;
  }

  /** The inverse of the Kolmogorov limit's survival function, by bisection on its cheap series. */
  static double kolmogorovIsf(double alpha) {
    double lo = 0.1;
    double hi = 10;
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (KolmogorovDistribution.kolmogorovSf(mid) > alpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** P(X &gt; x) for X noncentral chi-squared(df, lambda): the Poisson(lambda/2) mixture. */
  static double noncentralSf(int df, double lambda, double x) {
    if (lambda == 0) {
      return ChiSquaredDistribution.of(df).survivalProbability(x);
    }
    double half = lambda / 2;
    PoissonDistribution poisson = PoissonDistribution.of(half);
    int hiJ = (int) Math.ceil(half + 12 * Math.sqrt(half) + 30);
    double sum = 0;
    for (int j = 0; j <= hiJ; j++) {
      double weight = poisson.probability(j);
      if (weight > 0) {
        sum += weight * ChiSquaredDistribution.of(df + 2.0 * j).survivalProbability(x);
      }
    }
    return Math.min(1.0, sum);
  }

  /** The noncentrality at which the level-alpha chi-squared test with df degrees has the power. */
  static double noncentrality(int df, double alpha, double power) {
    double crit = ChiSquaredDistribution.of(df).inverseSurvivalProbability(alpha);
    double lo = 0;
    double hi = 1;
    while (noncentralSf(df, hi, crit) < power) {
      hi *= 2;
    }
    while (hi - lo > 1e-9 * Math.max(1, hi)) {
      double mid = 0.5 * (lo + hi);
      if (noncentralSf(df, mid, crit) >= power) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }
}
