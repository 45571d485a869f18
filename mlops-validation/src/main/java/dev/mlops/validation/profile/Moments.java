package dev.mlops.validation.profile;

/**
 * Count, mean and sum of squared deviations (M2), merged with Chan et al.'s parallel formula.
 * Blocks of values are summarized with two passes (mean, then squared deviations), which loses
 * fewer digits than Welford's per-value update; blocks and profiles combine with Chan's merge. The
 * merge orders its operands first, so merge(a, b) and merge(b, a) are bit-identical.
 *
 * <p>Immutable.
 */
record Moments(long n, double mean, double m2) {

  static final Moments EMPTY = new Moments(0, 0.0, 0.0);

  /** Two-pass summary of values[from, from + length). */
  static Moments of(double[] values, int from, int length) {
    if (length == 0) {
      return EMPTY;
    }
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += values[i];
    }
    double mean = sum / length;
    double m2 = 0;
    double comp = 0;
    for (int i = from; i < from + length; i++) {
      double d = values[i] - mean;
      m2 += d * d;
      comp += d;
    }
    // Corrected two-pass (Chan, Golub, LeVeque): removes the rounding error of the mean.
    m2 -= comp * comp / length;
    mean += comp / length;
    return new Moments(length, mean, Math.max(m2, 0.0));
  }

  static Moments merge(Moments a, Moments b) {
    if (a.n == 0) {
      return b;
    }
    if (b.n == 0) {
      return a;
    }
    if (order(a, b) > 0) {
      Moments t = a;
      a = b;
      b = t;
    }
    long n = a.n + b.n;
    double delta = b.mean - a.mean;
    double mean = a.mean + delta * ((double) b.n / n);
    double m2 = a.m2 + b.m2 + delta * delta * ((double) a.n * b.n / n);
    return new Moments(n, mean, m2);
  }

  private static int order(Moments a, Moments b) {
    int c = Long.compare(a.n, b.n);
    if (c != 0) {
      return c;
    }
    c = Double.compare(a.mean, b.mean);
    return c != 0 ? c : Double.compare(a.m2, b.m2);
  }

  double variance() {
    return n < 2 ? Double.NaN : m2 / (n - 1);
  }
}
