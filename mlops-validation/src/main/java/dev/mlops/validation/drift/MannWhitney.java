package dev.mlops.validation.drift;

import java.util.Objects;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apiguardian.api.API;

/**
 * The Mann-Whitney U test as SciPy 1.10's {@code mannwhitneyu(reference, current,
 * use_continuity=True, alternative='two-sided', method='auto')}.
 *
 * <p>Stateless and thread-safe. U is the reference sample's, U1 = R1 - n1(n1+1)/2 with midranks.
 * The exact null distribution (the Gaussian binomial coefficients of Mann and Whitney, 1947) is
 * used when min(n1, n2) &lt;= 8 and the pooled sample has no ties; otherwise the normal
 * approximation with continuity and tie correction, z = (max(U1, U2) - n1 n2/2 - 0.5) / sqrt(n1
 * n2/12 ((n+1) - sum(t^3 - t)/(n(n-1)))), p = min(1, 2 sf(z)); with zero variance p = 1 and z is
 * undefined.
 *
 * <pre>{@code
 * MannWhitney.Result r = MannWhitney.test(sortedRef, sortedCur);
 * r.uReference(); r.pvalue(); r.method();   // "exact" or "asymptotic"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MannWhitney {

  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  private MannWhitney() {}

  /**
   * The result of the test.
   *
   * @param uReference U of the reference sample
   * @param uCurrent U of the current sample, n1 n2 - uReference
   * @param pvalue the two-sided p-value
   * @param method {@code exact} or {@code asymptotic}
   * @param z the normal-approximation z, NaN for the exact method or zero variance
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(double uReference, double uCurrent, double pvalue, String method, double z) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if {@code method} is null
     */
    public Result {
      Objects.requireNonNull(method, "method");
    }

    /**
     * Returns min(U1, U2).
     *
     * @return the smaller U
     */
    public double uMin() {
      return Math.min(uReference, uCurrent);
    }
  }

  /**
   * Runs the test.
   *
   * @param reference sorted reference values, no NaN, at least one
   * @param current sorted current values, no NaN, at least one
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Result test(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Sums.requireSorted(reference, "reference");
    Sums.requireSorted(current, "current");
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    return testSorted(reference, current);
  }

  static Result testSorted(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    long n = (long) n1 + n2;
    double r1 = 0;
    double tieTerm = 0;
    boolean ties = false;
    int i = 0;
    int j = 0;
    long pos = 0;
    while (i < n1 || j < n2) {
      double v;
      if (j >= n2 || (i < n1 && x[i] <= y[j])) {
        v = x[i];
      } else {
        v = y[j];
      }
      int c1 = 0;
      while (i < n1 && x[i] == v) {
        i++;
        c1++;
      }
      int c2 = 0;
      while (j < n2 && y[j] == v) {
        j++;
        c2++;
      }
      double t = (double) c1 + c2;
      double midrank = pos + (t + 1) / 2.0;
      r1 += c1 * midrank;
      if (t > 1) {
        ties = true;
        tieTerm += t * t * t - t;
      }
      pos += c1 + c2;
    }
    double u1 = r1 - n1 * (n1 + 1.0) / 2;
    double mn = (double) n1 * n2;
    double u2 = mn - u1;
    double u = Math.max(u1, u2);
    if (!(n1 > 8 && n2 > 8) && !ties) {
      double p = 2 * exactCdf(n1, n2, (long) (mn - u));
      return new Result(u1, u2, Math.min(Math.max(p, 0.0), 1.0), "exact", Double.NaN);
    }
    double mu = mn / 2;
    double s = Math.sqrt(mn / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1))));
    double numerator = u - mu - 0.5;
    if (s == 0 || Double.isNaN(s)) {
      return new Result(u1, u2, 1.0, "asymptotic", Double.NaN);
    }
    double z = numerator / s;
    double p = 2 * NORMAL.survivalProbability(z);
    return new Result(u1, u2, Math.min(Math.max(p, 0.0), 1.0), "asymptotic", z);
  }

  /**
   * P(U &lt;= k) under the null for sizes m and n: the coefficients of the Gaussian binomial [m+n
   * choose m]_q up to degree k, divided by C(m+n, m).
   */
  static double exactCdf(int m, int n, long k) {
    int s = Math.min(m, n);
    int l = Math.max(m, n);
    if (k < 0) {
      return 0.0;
    }
    if (k >= (long) m * n) {
      return 1.0;
    }
    int deg = (int) k;
    double[] c = new double[deg + 1];
    c[0] = 1.0;
    for (int i = 1; i <= s; i++) {
      int a = l + i;
      for (int u = deg; u >= a; u--) {
        c[u] -= c[u - a];
      }
      for (int u = i; u <= deg; u++) {
        c[u] += c[u - i];
      }
    }
    Sums sum = new Sums();
    for (double v : c) {
      sum.add(v);
    }
    double total = 1.0;
    for (int i = 1; i <= s; i++) {
      total = total * (l + i) / i;
    }
    return sum.value() / total;
  }
}
