package dev.mlops.validation.drift;

/** PSI and Jensen-Shannon on proportions, as the oracle defines them. Stateless. */
final class Divergences {
  static final double EPSILON = 1e-4;
  private static final double LN2 = Math.log(2);

  private Divergences() {}

  static double[] smoothed(double[] p) {
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] == 0 ? EPSILON : p[i];
    }
    return out;
  }

  /** sum (c - r) ln(c / r) on epsilon-substituted proportions. */
  static double psi(double[] ref, double[] cur) {
    double[] r = smoothed(ref);
    double[] c = smoothed(cur);
    double[] terms = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      terms[i] = (c[i] - r[i]) * Math.log(c[i] / r[i]);
    }
    return NumpySum.sum(terms, terms.length);
  }

  private static double relEntr(double x, double y) {
    if (x > 0 && y > 0) {
      return x * Math.log(x / y);
    }
    if (x == 0 && y >= 0) {
      return 0.0;
    }
    return Double.POSITIVE_INFINITY;
  }

  /** SciPy's {@code jensenshannon(p, q, base=2)}: both renormalised to sum 1 first. */
  static double jsDistance(double[] p0, double[] q0) {
    double[] p = normalised(p0);
    double[] q = normalised(q0);
    double js = divergenceNats(p, q) / LN2;
    return Math.sqrt(Math.max(js / 2.0, 0.0));
  }

  /** 0.5 KL(p||m) + 0.5 KL(q||m) in bits on the given proportions, 0 log 0 = 0. */
  static double jsDivergence(double[] p, double[] q) {
    return Math.max(divergenceNats(p, q) / LN2 / 2.0, 0.0);
  }

  /** sum rel_entr(p, m) + sum rel_entr(q, m), each sum as NumPy's, m = (p + q) / 2. */
  private static double divergenceNats(double[] p, double[] q) {
    double[] left = new double[p.length];
    double[] right = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2.0;
      left[i] = relEntr(p[i], m);
      right[i] = relEntr(q[i], m);
    }
    return NumpySum.sum(left, left.length) + NumpySum.sum(right, right.length);
  }

  private static double[] normalised(double[] p) {
    double total = NumpySum.sum(p, p.length);
    double[] out = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] / total;
    }
    return out;
  }

  static double[] proportions(long[] counts, long total) {
    double[] out = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = (double) counts[i] / total;
    }
    return out;
  }
}
