package dev.mlops.validation.drift;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The two-sample Anderson-Darling test as SciPy 1.10's {@code anderson_ksamp([reference, current],
 * midrank=True)}: Scholz and Stephens (1987), "K-sample Anderson-Darling tests", JASA 82(399),
 * A2akN for ties (midranks), standardized as (A2akN - 1)/sigma.
 *
 * <p>Stateless and thread-safe. The p-value is exp of the quadratic fitted by least squares to
 * (critical value, log significance level) for levels 0.25 ... 0.001 and clipped to [0.001, 0.25];
 * {@link Result#pvalueClipped()} says which bound applied. The test is undefined when the pooled
 * sample holds a single distinct value.
 *
 * <pre>{@code
 * Outcome<AndersonDarling.Result> r = AndersonDarling.test(sortedRef, sortedCur);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AndersonDarling {

  /** The significance levels of the critical values. */
  public static final List<Double> SIGNIFICANCE_LEVELS =
      List.of(0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001);

  private static final double[] B0 = {0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085};
  private static final double[] B1 = {-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615};
  private static final double[] B2 = {-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154};

  /** Critical values for two samples (m = k - 1 = 1). */
  private static final double[] CRITICAL = new double[7];

  /** Coefficients (highest degree first) of the quadratic fit of log(level) on critical value. */
  private static final double[] FIT;

  static {
    double m = 1;
    for (int i = 0; i < 7; i++) {
      CRITICAL[i] = B0[i] + B1[i] / Math.sqrt(m) + B2[i] / m;
    }
    double[] y = new double[7];
    for (int i = 0; i < 7; i++) {
      y[i] = Math.log(SIGNIFICANCE_LEVELS.get(i));
    }
    FIT = quadraticFit(CRITICAL, y);
  }

  private AndersonDarling() {}

  /**
   * The result of the test.
   *
   * @param statistic the standardized statistic (A2akN - 1)/sigma; can be negative
   * @param pvalue the interpolated p-value in [0.001, 0.25]
   * @param pvalueClipped null, {@code upper} (true p &gt; 0.25) or {@code lower} (true p &lt;
   *     0.001)
   * @param criticalValues critical values at {@link #SIGNIFICANCE_LEVELS}
   * @param a2akn the unstandardized A2akN
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(
      double statistic,
      double pvalue,
      @Nullable String pvalueClipped,
      List<Double> criticalValues,
      double a2akn) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if {@code criticalValues} is null
     */
    public Result {
      criticalValues = List.copyOf(Objects.requireNonNull(criticalValues, "criticalValues"));
    }
  }

  /**
   * Runs the test.
   *
   * @param reference sorted reference values, no NaN, at least one
   * @param current sorted current values, no NaN, at least one
   * @return the result, undefined when the pooled sample has one distinct value or fewer than 3
   *     values; with exactly 3 values the statistic and p-value are NaN, as in SciPy
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Outcome<Result> test(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Sums.requireSorted(reference, "reference");
    Sums.requireSorted(current, "current");
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    return testSorted(reference, current);
  }

  static Outcome<Result> testSorted(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    double bigN = (double) n1 + n2;
    double first = Math.min(x[0], y[0]);
    double last = Math.max(x[n1 - 1], y[n2 - 1]);
    if (first == last) {
      return Outcome.undefined("anderson_ksamp needs more than one distinct observation");
    }
    if (n1 + n2 < 3) {
      // SciPy fails with an IndexError on the empty harmonic sums.
      return Outcome.undefined("anderson_ksamp needs at least 3 pooled observations");
    }
    // SciPy's _anderson_ksamp_midrank, one term per distinct pooled value, summed as NumPy sums.
    int distinct = 0;
    double[] inner1 = new double[n1 + n2];
    double[] inner2 = new double[n1 + n2];
    int i = 0;
    int j = 0;
    long below = 0;
    while (i < n1 || j < n2) {
      double v = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i] : y[j];
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
      double lj = (double) c1 + c2;
      double bj = below + lj / 2.;
      double denom = bj * (bigN - bj) - bigN * lj / 4.;
      double m1 = i - c1 / 2.;
      double m2 = j - c2 / 2.;
      double d1 = bigN * m1 - bj * n1;
      double d2 = bigN * m2 - bj * n2;
      inner1[distinct] = lj / bigN * (d1 * d1) / denom;
      inner2[distinct] = lj / bigN * (d2 * d2) / denom;
      distinct++;
      below += c1 + c2;
    }
    double a2kn = 0.;
    a2kn += NumpySum.sum(inner1, distinct) / n1;
    a2kn += NumpySum.sum(inner2, distinct) / n2;
    a2kn *= (bigN - 1.) / bigN;
    int k = 2;
    long nn = n1 + (long) n2;
    double hh = 0.0 + 1.0 / n1 + 1.0 / n2;
    // hs_cs = cumsum(1/(N-1), 1/(N-2), ..., 1/2) (sequential, as numpy.cumsum);
    // g = sum(hs_cs / (2, 3, ..., N-1)) (pairwise, as numpy.sum)
    int len = (int) (nn - 2);
    double[] gterms = new double[Math.max(len, 0)];
    double cum = 0;
    for (int t = 0; t < len; t++) {
      cum += 1.0 / (nn - 1 - t);
      gterms[t] = cum / (t + 2);
    }
    double h = cum + 1;
    double g = NumpySum.sum(gterms, len);
    double a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * hh;
    double b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * hh - 8 * h + 4 * g - 6;
    double c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * hh + 4 * h;
    double d = (2 * h + 6) * k * k - 4 * h * k;
    double sigmasq =
        (a * bigN * bigN * bigN + b * bigN * bigN + c * bigN + d)
            / ((bigN - 1.) * (bigN - 2.) * (bigN - 3.));
    if (sigmasq < 0) {
      // SciPy's math.sqrt raises on a negative variance estimate.
      return Outcome.undefined("anderson_ksamp: negative variance estimate for " + nn + " values");
    }
    // With 3 pooled values SciPy divides by zero and reports NaN; so does this.
    double a2 = (a2kn - (k - 1)) / Math.sqrt(sigmasq);
    double p;
    String clipped = null;
    double minCrit = CRITICAL[0];
    double maxCrit = CRITICAL[6];
    if (a2 < minCrit) {
      p = 0.25;
      clipped = "upper";
    } else if (a2 > maxCrit) {
      p = 0.001;
      clipped = "lower";
    } else {
      p = Math.exp((FIT[0] * a2 + FIT[1]) * a2 + FIT[2]);
    }
    List<Double> crit =
        List.of(
            CRITICAL[0],
            CRITICAL[1],
            CRITICAL[2],
            CRITICAL[3],
            CRITICAL[4],
            CRITICAL[5],
            CRITICAL[6]);
    return Outcome.defined(new Result(a2, p, clipped, crit, a2kn));
  }

  /** Least-squares quadratic (highest degree first) by Householder QR of the Vandermonde matrix. */
  static double[] quadraticFit(double[] x, double[] y) {
    int rows = x.length;
    double[][] a = new double[rows][3];
    double[] b = y.clone();
    for (int i = 0; i < rows; i++) {
      a[i][0] = x[i] * x[i];
      a[i][1] = x[i];
      a[i][2] = 1.0;
    }
    for (int col = 0; col < 3; col++) {
      double norm = 0;
      for (int i = col; i < rows; i++) {
        norm = Math.hypot(norm, a[i][col]);
      }
      double alpha = a[col][col] > 0 ? -norm : norm;
      double[] v = new double[rows];
      for (int i = col; i < rows; i++) {
        v[i] = a[i][col];
      }
      v[col] -= alpha;
      double vnorm2 = 0;
      for (int i = col; i < rows; i++) {
        vnorm2 += v[i] * v[i];
      }
      if (vnorm2 == 0) {
        continue;
      }
      for (int cc = col; cc < 3; cc++) {
        double dot = 0;
        for (int i = col; i < rows; i++) {
          dot += v[i] * a[i][cc];
        }
        double f = 2 * dot / vnorm2;
        for (int i = col; i < rows; i++) {
          a[i][cc] -= f * v[i];
        }
      }
      double dot = 0;
      for (int i = col; i < rows; i++) {
        dot += v[i] * b[i];
      }
      double f = 2 * dot / vnorm2;
      for (int i = col; i < rows; i++) {
        b[i] -= f * v[i];
      }
    }
    double[] coef = new double[3];
    for (int r = 2; r >= 0; r--) {
      double s = b[r];
      for (int cc = r + 1; cc < 3; cc++) {
        s -= a[r][cc] * coef[cc];
      }
      coef[r] = s / a[r][r];
    }
    return coef;
  }
}
