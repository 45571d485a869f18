package dev.mlops.validation.drift;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The two-sample Kolmogorov-Smirnov test exactly as SciPy 1.10's {@code ks_2samp(reference,
 * current, alternative='two-sided', method='exact')}.
 *
 * <p>Stateless and thread-safe. D = sup |F_ref - F_cur| with ECDFs counting values {@code <=} x,
 * ties handled exactly, found in one merge of the two sorted samples. The exact p-value P(D &gt;=
 * d) (which assumes continuous data) is computed for any sizes unless (n1/g) &gt;= (2^31 -
 * 1)/(n2/g) with g = gcd(n1, n2), by the lattice-path recursion of Hodges (1958), "The significance
 * probability of the Smirnov two-sample test", Ark. Mat. 3, in the numerically stable form for 1 -
 * p of Viehmann (2021), arXiv:2102.08037, and for equal sizes by the alternating reflection sum
 * evaluated in Horner form; D is then rounded to h/lcm(n1, n2). Otherwise, or when the exact
 * computation leaves [0, 1], the p-value is {@code asymp}: the exact one-sample distribution at the
 * effective size round(n1 n2 / (n1 + n2)) (SciPy's {@code kstwo.sf}). The cost is O(n1 + n2) for
 * the statistic, O(n) for the exact p-value of equal sizes and O(max(n1, n2) * D * min(n1, n2)) for
 * unequal sizes, as in SciPy.
 *
 * <pre>{@code
 * double[] ref = {...}, cur = {...};
 * Arrays.sort(ref); Arrays.sort(cur);
 * KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(ref, cur);
 * r.statistic(); r.pvalue(); r.method();   // "exact" or "asymp"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  /**
   * How the p-value is computed, as SciPy's {@code method} argument.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Mode {
    /** SciPy's {@code method='exact'}: exact where possible, else {@code asymp}. */
    EXACT,
    /** SciPy's {@code method='asymp'}: kstwo.sf(D, round(n1 n2 / (n1 + n2))), D not rounded. */
    ASYMP
  }

  /**
   * The result of a two-sample test.
   *
   * @param statistic D in [0, 1] (rounded to h/lcm in exact mode)
   * @param pvalue P(D &gt;= d) by {@code method}
   * @param method {@code exact} or {@code asymp}
   * @param pvalueAsymp SciPy's {@code asymp} p-value, kstwo.sf(D, round(n1 n2 / (n1 + n2))); NaN
   *     for one value against one (effective size 0), as in SciPy
   * @param pvalueKolmogorovLimit the textbook limit kstwobign.sf(sqrt(n1 n2 / (n1 + n2)) D), for
   *     comparison only
   * @param statisticLocation the value at which D is attained (SciPy's rule)
   * @param statisticSign +1 when F_ref - F_cur attains D, -1 when F_cur - F_ref does
   * @param n1 reference size
   * @param n2 current size
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(
      double statistic,
      double pvalue,
      String method,
      double pvalueAsymp,
      double pvalueKolmogorovLimit,
      double statisticLocation,
      int statisticSign,
      int n1,
      int n2) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if {@code method} is null
     */
    public Result {
      Objects.requireNonNull(method, "method");
    }
  }

  /**
   * Runs the test.
   *
   * @param reference the reference values, sorted ascending, no NaN, at least one
   * @param current the current values, sorted ascending, no NaN, at least one
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Result test(double[] reference, double[] current) {
    return test(reference, current, Mode.EXACT);
  }

  /**
   * Runs the test with a chosen p-value method.
   *
   * @param reference the reference values, sorted ascending, no NaN, at least one
   * @param current the current values, sorted ascending, no NaN, at least one
   * @param mode {@link Mode#EXACT} (the default) or {@link Mode#ASYMP}
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Result test(double[] reference, double[] current, Mode mode) {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Sums.requireSorted(reference, "reference");
    Sums.requireSorted(current, "current");
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    return testSorted(reference, current, mode);
  }

  static Result testSorted(double[] x, double[] y) {
    return testSorted(x, y, Mode.EXACT);
  }

  static Result testSorted(double[] x, double[] y, Mode mode) {
    int n1 = x.length;
    int n2 = y.length;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    double locMax = Double.NaN;
    double locMin = Double.NaN;
    // Over the reference values, then the current values (SciPy's data_all order); the first
    // index of the maximum and of the minimum wins.
    int k1 = 0;
    int k2 = 0;
    for (int i = 0; i < n1; i++) {
      double v = x[i];
      while (k1 < n1 && x[k1] <= v) {
        k1++;
      }
      while (k2 < n2 && y[k2] <= v) {
        k2++;
      }
      double diff = (double) k1 / n1 - (double) k2 / n2;
      if (diff > max) {
        max = diff;
        locMax = v;
      }
      if (diff < min) {
        min = diff;
        locMin = v;
      }
    }
    k1 = 0;
    k2 = 0;
    for (int i = 0; i < n2; i++) {
      double v = y[i];
      while (k1 < n1 && x[k1] <= v) {
        k1++;
      }
      while (k2 < n2 && y[k2] <= v) {
        k2++;
      }
      double diff = (double) k1 / n1 - (double) k2 / n2;
      if (diff > max) {
        max = diff;
        locMax = v;
      }
      if (diff < min) {
        min = diff;
        locMin = v;
      }
    }
    double minS = Math.min(Math.max(-min, 0.0), 1.0);
    double d;
    double location;
    int sign;
    if (minS > max) {
      d = minS;
      location = locMin;
      sign = -1;
    } else {
      d = max;
      location = locMax;
      sign = 1;
    }
    double pAsymp = asympPvalue(d, n1, n2);
    double en = effectiveN(n1, n2);
    int g = gcd(n1, n2);
    long n1g = n1 / g;
    long n2g = n2 / g;
    String method = "asymp";
    double p = pAsymp;
    double statistic = d;
    if (mode == Mode.EXACT && !(n1g >= (double) Integer.MAX_VALUE / n2g)) {
      long lcm = n1g * n2;
      double h = Math.rint(d * lcm);
      statistic = h / lcm;
      if (h == 0) {
        method = "exact";
        p = 1.0;
      } else {
        double exact =
            n1 == n2 ? probOutsideSquare(n1, (long) h) : probOutsideInside(n1, n2, g, (long) h);
        if (exact >= 0 && exact <= 1) {
          method = "exact";
          p = exact;
        } else {
          p = asympPvalue(statistic, n1, n2);
        }
      }
    }
    double limit = KolmogorovDistribution.kolmogorovSf(Math.sqrt(en) * statistic);
    return new Result(statistic, clip(p), method, clip(pAsymp), limit, location, sign, n1, n2);
  }

  private static double clip(double p) {
    return p < 0 ? 0.0 : Math.min(p, 1.0);
  }

  /** n1 n2 / (n1 + n2) in floating point, larger size first, as SciPy. */
  static double effectiveN(int n1, int n2) {
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    return m * n / (m + n);
  }

  /**
   * SciPy's {@code asymp} p-value of a two-sample statistic: kstwo.sf(d, round(n1 n2 / (n1 + n2))),
   * the exact one-sample distribution at the effective size (used by sketch-based drift, where only
   * D and the sizes are known).
   *
   * @param d the statistic in [0, 1]
   * @param n1 reference size, at least 1
   * @param n2 current size, at least 1
   * @return P(D &gt;= d); NaN when the effective size rounds to 0
   * @throws IllegalArgumentException if a size is below 1, the effective size exceeds the int range
   *     or d is NaN
   */
  public static double asymptoticPvalue(double d, long n1, long n2) {
    if (n1 < 1 || n2 < 1) {
      throw new IllegalArgumentException("sizes must be >= 1, were " + n1 + " and " + n2);
    }
    if (Double.isNaN(d)) {
      throw new IllegalArgumentException("d is NaN");
    }
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = Math.rint(m * n / (m + n));
    if (en > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("effective size " + en + " exceeds the int range");
    }
    return KolmogorovDistribution.twoSidedSf(d, (int) en);
  }

  /** SciPy's {@code asymp}: kstwo.sf(d, round-half-even(n1 n2 / (n1 + n2))). */
  static double asympPvalue(double d, int n1, int n2) {
    double en = Math.rint(effectiveN(n1, n2));
    return KolmogorovDistribution.twoSidedSf(d, (int) en);
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * P(D &gt;= h/n) for n1 = n2 = n: 2 sum_k (-1)^(k-1) C(2n, n - kh) / C(2n, n), evaluated as a
   * Horner-like product to avoid cancellation (SciPy's {@code _compute_prob_outside_square}).
   */
  static double probOutsideSquare(long n, long h) {
    double p = 0.0;
    long k = (long) Math.floor((double) n / h);
    while (k >= 0) {
      double p1 = 1.0;
      for (long j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
      k--;
    }
    return 2 * p;
  }

  /**
   * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m - y/n| &lt; h /
   * lcm(m, n): Hodges' inside method with Viehmann's recursion for 1 - p, on a sliding window of
   * one column.
   */
  static double probOutsideInside(int m0, int n0, int g, long h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min(ceilDiv(h, mg), n + 1L);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    for (int j = minj; j < maxj && j < lenA; j++) {
      a[j] = 0.0;
    }
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max(Math.floorDiv(ng * i - h, mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = (int) Math.min(ceilDiv(ng * i + h, mg), n + 1L);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      int shift = minj - lastminj;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + shift] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        int from = maxj - minj;
        int to = Math.min(from + (lastlen - curlen), lenA);
        for (int t = from; t < to; t++) {
          a[t] = 1.0;
        }
      }
    }
    return a[maxj - minj - 1];
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
