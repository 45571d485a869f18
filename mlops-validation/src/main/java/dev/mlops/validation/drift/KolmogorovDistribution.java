package dev.mlops.validation.drift;

/**
 * Distributions of Kolmogorov-Smirnov statistics, evaluated as SciPy 1.10 evaluates them.
 *
 * <p>Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link #twoSidedSf(double, int)}: the exact one-sample two-sided distribution of D_n
 *       (SciPy's {@code kstwo.sf}), with the choice of method of Simard and L'Ecuyer (2011),
 *       "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw. 39(11): the
 *       Ruben-Gambino formulas at the ends, Durbin's matrix algorithm in the form of Marsaglia,
 *       Tsang and Wang (2003), Pomeranz's recursion (1974), twice the one-sided tail (Miller) and
 *       the Pelz-Good (1976) expansion, with SciPy's thresholds between them.
 *   <li>{@link #oneSidedSf(int, double)}: the exact one-sided tail P(D_n+ &gt;= d) by the
 *       Birnbaum-Tingey (1951) sum (SciPy's {@code smirnov}).
 *   <li>{@link #kolmogorovSf(double)}: the limiting distribution (SciPy's {@code kstwobign.sf}).
 * </ul>
 */
final class KolmogorovDistribution {

  private static final double PI2 = Math.PI * Math.PI;
  private static final double PI4 = PI2 * PI2;
  private static final double PI6 = PI4 * PI2;
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double SQRT3 = Math.sqrt(3);
  private static final int MIN_LOG = -708;
  private static final int E128 = 128;
  private static final double EP128 = Math.scalb(1.0, E128);
  private static final double EM128 = Math.scalb(1.0, -E128);
  private static final int SMIRNOV_MAX_COMPUTE_N = 1_000_000;

  /** Natural log of the smallest normal double, as Cephes' MINLOG. */
  private static final double CEPHES_MINLOG = -7.08396418532264106224e2;

  private static final double[] STIRLING = {
    -2.955065359477124183e-2, 6.4102564102564102564e-3,
    -1.9175269175269175269e-3, 8.4175084175084175084e-4,
    -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2
  };

  private KolmogorovDistribution() {}

  private static double clip(double p) {
    return p < 0 ? 0.0 : Math.min(p, 1.0);
  }

  /**
   * P(D_n &gt;= x) for the two-sided one-sample statistic.
   *
   * @param x the statistic
   * @param n the sample size
   * @return the survival probability, in [0, 1]; NaN when n &lt; 1 or x is NaN
   */
  static double twoSidedSf(double x, int n) {
    if (n <= 0 || Double.isNaN(x)) {
      // SciPy's kstwo is NaN for n = 0, the effective size of 1 vs 1 values.
      return Double.NaN;
    }
    if (x >= 1.0) {
      return 0.0;
    }
    if (x <= 0.0) {
      return 1.0;
    }
    double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double prob;
      if (n <= 140) {
        prob = 1.0;
        for (int i = 1; i <= n; i++) {
          prob *= i * (1.0 / n) * (2 * t - 1);
        }
      } else {
        prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - prob);
    }
    if (t >= n - 1) {
      return clip(2 * Math.pow(1.0 - x, n));
    }
    if (x >= 0.5) {
      return clip(2 * oneSidedSf(n, x));
    }
    double nxx = t * x;
    if (n <= 140) {
      if (nxx <= 0.754693) {
        return clip(1.0 - durbinMtw(n, x));
      }
      if (nxx <= 4) {
        return clip(1.0 - pomeranz(n, x));
      }
      return clip(2 * oneSidedSf(n, x));
    }
    if (nxx >= 370.0) {
      return 0.0;
    }
    if (nxx >= 2.2) {
      return clip(2 * oneSidedSf(n, x));
    }
    double cdf;
    if (nxx >= 18.0) {
      cdf = 1.0;
    } else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = durbinMtw(n, x);
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return clip(1.0 - cdf);
  }

  /** log(n! / n^n) by Stirling's series with n log n removed up front. */
  private static double logFactorialOverPower(int n) {
    double rn = 1.0 / n;
    double y = rn / n;
    double poly = 0;
    for (double c : STIRLING) {
      poly = poly * y + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /** P(D_n &lt;= d) by Durbin's matrix algorithm as Marsaglia, Tsang and Wang compute it. */
  static double durbinMtw(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[][] hm = new double[m][m];
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      v[j - 1] = 1.0 - Math.pow(h, j);
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] *= fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r][i] = w[r - (i - 1)];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r][0] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[m - 1][c] = v[m - 1 - c];
    }
    double[][] pw = new double[m][m];
    for (int i = 0; i < m; i++) {
      pw[i][i] = 1.0;
    }
    int nn = n;
    int expnt = 0;
    int hexpnt = 0;
    while (nn > 0) {
      if (nn % 2 == 1) {
        pw = multiply(pw, hm);
        expnt += hexpnt;
      }
      hm = multiply(hm, hm);
      hexpnt *= 2;
      if (Math.abs(hm[k - 1][k - 1]) > EP128) {
        for (double[] row : hm) {
          for (int c = 0; c < m; c++) {
            row[c] /= EP128;
          }
        }
        hexpnt += E128;
      }
      nn /= 2;
    }
    double p = pw[k - 1][k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= EP128;
        expnt -= E128;
      }
    }
    if (expnt != 0) {
      p = Math.scalb(p, expnt);
    }
    return clip(p);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int m = a.length;
    double[][] c = new double[m][m];
    for (int i = 0; i < m; i++) {
      double[] ci = c[i];
      for (int l = 0; l < m; l++) {
        double ail = a[i][l];
        if (ail == 0) {
          continue;
        }
        double[] bl = b[l];
        for (int j = 0; j < m; j++) {
          ci[j] += ail * bl[j];
        }
      }
    }
    return c;
  }

  /** P(D_n &lt;= x) by Pomeranz's recursion (Algorithm 487, CACM 1974). */
  static double pomeranz(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = t - ll;
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    int expnt = 0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int[] j12 = pomeranzJ1J2(0, n, ll, ceilf, roundf);
    int j1 = j12[0];
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j1;
      double[] tmp = v0;
      v0 = v1;
      v1 = tmp;
      int tmps = v0s;
      v0s = v1s;
      v1s = tmps;
      java.util.Arrays.fill(v1, 0.0);
      j12 = pomeranzJ1J2(i, n, ll, ceilf, roundf);
      j1 = j12[0];
      int j2 = j12[1];
      double[] pwrs;
      if (i == 1 || i == 2 * n + 1) {
        pwrs = gpower;
      } else {
        pwrs = (i % 2 == 1) ? twogpower : onem2gpower;
      }
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        int convStart = j1 - k1;
        int convLen = j2 - j1 + 1;
        int base = k1 - v0s;
        int len1 = Math.min(ln2, npwrs - base);
        int len2 = Math.min(ln2, npwrs);
        double max = 0;
        for (int c = 0; c < convLen; c++) {
          int idx = convStart + c;
          double s = 0;
          int lo = Math.max(0, idx - (len2 - 1));
          for (int a = lo; a <= idx && a < len1; a++) {
            s += v0[base + a] * pwrs[idx - a];
          }
          v1[c] = s;
          max = Math.max(max, s);
        }
        if (max > 0 && max < EM128) {
          for (int c = 0; c < npwrs; c++) {
            v1[c] *= EP128;
          }
          expnt -= E128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > EP128) {
        ans *= EM128;
        expnt += E128;
      }
      ans *= m;
    }
    if (expnt != 0) {
      ans = Math.scalb(ans, expnt);
    }
    return clip(ans);
  }

  private static int[] pomeranzJ1J2(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int ip1div2 = (i + 1) / 2;
      int ip1mod2 = (i + 1) % 2;
      if (ip1mod2 == 0) {
        if (ip1div2 == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = ip1div2 - 1 - ll - roundf - 1;
          j2 = ip1div2 + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = ip1div2 - 1 - ll - 1;
        j2 = ip1div2 + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /** P(D_n &lt;= x) by the Pelz-Good expansion (JRSS B 38(2), 1976). */
  static double pelzGoodCdf(int n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double z2 = z * z;
    double z3 = z2 * z;
    double z4 = z2 * z2;
    double z6 = z4 * z2;
    double qlog = -PI2 / 8 / z2;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = PI4 * (1 - 2 * z2) / 16;
    double k3d = PI6 * (5 - 30 * z2) / 64;
    double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double[] kk = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int k = maxk; k > 0; k--) {
      double m = 2 * k - 1;
      double m2 = m * m;
      double m4 = m2 * m2;
      double m6 = m4 * m2;
      double qpower = Math.pow(q, 8 * k);
      kk[0] = kk[0] * qpower + 1.0;
      kk[1] = kk[1] * qpower + (k1a + k1b * m2);
      kk[2] = kk[2] * qpower + (k2a + k2b * m2 + k2c * m4);
      kk[3] = kk[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    double[] div = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      kk[i] = kk[i] * q * SQRT_2PI / div[i];
    }
    double q2 = Math.exp(-PI2 / 2 / z2);
    double sqrt3z = SQRT3 * z;
    double k2extra = 0;
    double k3extra = 0;
    for (int k = maxk; k > 0; k--) {
      double ksq = (double) k * k;
      double qp = Math.pow(q2, ksq);
      double kspi = Math.PI * k;
      k2extra += ksq * qp;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
    }
    kk[2] += k2extra * (PI2 * SQRT_2PI / (-36 * z3));
    kk[3] += k3extra * (PI2 * SQRT_2PI / (216 * z6));
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += kk[i] / Math.pow(n, i / 2.0);
    }
    return sum;
  }

  /** P(D_n+ &gt;= x), the one-sided tail, by the Birnbaum-Tingey sum (SciPy's {@code smirnov}). */
  static double oneSidedSf(int n, double x) {
    if (Double.isNaN(x) || n <= 0 || x < 0 || x > 1) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    // floor(n x) and the remainder, with the product computed exactly (two-product).
    double nx = n * x;
    double nxErr = Math.fma(n, x, -nx);
    double fl = Math.floor(nx);
    double alpha = (nx - fl) + nxErr;
    if (alpha < 0) {
      fl -= 1;
      alpha += 1;
    }
    int nxfl = (int) fl;
    if (alpha >= 1) {
      nxfl += 1;
      alpha = 0;
    }
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      double cdf = x * Math.pow(1 + x, n - 1);
      return clip(1 - cdf);
    }
    if (-2 * n * x * x < CEPHES_MINLOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return clip(Math.pow(1 - x, n));
    }
    if (n > SMIRNOV_MAX_COMPUTE_N) {
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      if (logp < -Math.log(2)) {
        return clip(Math.exp(logp));
      }
      return clip(1 + Math.expm1(logp));
    }
    int n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1);
    if (alpha == 0) {
      n1mxfl -= 1;
    }
    int nTerms = n1mxfl + 1;
    // Sum_{v=0}^{floor(n(1-x))} C(n,v) (1-x-v/n)^(n-v) (x+v/n)^(v-1), times x; each term in logs
    // with the binomial carried as mantissa and binary exponent.
    double sum = 0;
    double comp = 0;
    double logBinom = 0;
    for (int v = 0; v < nTerms; v++) {
      double a = 1 - x - (double) v / n;
      double b = x + (double) v / n;
      double logTerm;
      if (a <= 0) {
        logTerm = Double.NEGATIVE_INFINITY;
      } else {
        logTerm = logBinom + (n - v) * Math.log1p(-x - (double) v / n) + (v - 1) * Math.log(b);
      }
      double term = Math.exp(logTerm);
      double y = term - comp;
      double tsum = sum + y;
      comp = (tsum - sum) - y;
      sum = tsum;
      if (term != 0) {
        if (4.0 * (nTerms - v) * term < Math.ulp(1.0) * sum && v != nTerms - 1) {
          break;
        }
      } else if (v > n / 2) {
        break;
      }
      logBinom += Math.log((double) (n - v) / (v + 1));
    }
    return clip(x * sum);
  }

  /** SciPy's {@code kolmogorov}: the survival function of the Kolmogorov limit distribution. */
  static double kolmogorovSf(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= 0) {
      return 1.0;
    }
    if (x <= Math.PI / Math.sqrt(-(-708 - 38) * 8.0)) {
      return 1.0;
    }
    double sf;
    if (x <= 0.82) {
      double w = SQRT_2PI / x;
      double logu8 = -PI2 / (x * x);
      double u = Math.exp(logu8 / 8);
      double p;
      if (u == 0) {
        p = Math.exp(logu8 / 8 + Math.log(w));
      } else {
        double u8 = Math.exp(logu8);
        double u8cub = Math.pow(u8, 3);
        p = 1.0;
        p = 1 + u8cub * p;
        p = 1 + u8 * u8 * p;
        p = 1 + u8 * p;
        p = w * u * p;
      }
      sf = 1 - p;
    } else {
      double v = Math.exp(-2 * x * x);
      double vsq = v * v;
      double v3 = Math.pow(v, 3);
      double p = 1.0;
      p = 1 - v3 * v3 * v * p;
      p = 1 - v3 * vsq * p;
      p = 1 - v3 * p;
      sf = 2 * v * p;
    }
    return clip(sf);
  }
}
