package dev.mlops.validation.drift;

/** The numeric deciding effect (Wasserstein / reference std) and its permutation e95. */
final class NumericEffect {
  private NumericEffect() {}

  /** W / std, with the zero-std rule: 0 when W is 0, +infinity otherwise. */
  static double effect(double w, double refStd) {
    if (refStd > 0) {
      return w / refStd;
    }
    return w == 0 ? 0.0 : Double.POSITIVE_INFINITY;
  }

  /**
   * e95 over seeded permutations of the pooled values: the permuted reference takes n1 values. Only
   * the smaller side is drawn and sorted; W uses F_A - F_B = N/(N - s) (F_A - F_pooled).
   */
  static double nullQ95(double[] x, double[] y, int permutations, long seed) {
    int n1 = x.length;
    int n2 = y.length;
    int bigN = n1 + n2;
    double[] pooled = new double[bigN];
    int i = 0;
    int j = 0;
    int p = 0;
    while (i < n1 || j < n2) {
      pooled[p++] = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i++] : y[j++];
    }
    double poolMean;
    Sums ps = new Sums();
    for (double v : pooled) {
      ps.add(v);
    }
    poolMean = ps.value() / bigN;
    Sums p1 = new Sums();
    Sums p2 = new Sums();
    for (double v : pooled) {
      double d = v - poolMean;
      p1.add(d);
      p2.add(d * d);
    }
    boolean refSmall = n1 <= n2;
    int s = Math.min(n1, n2);
    int[] idx = new int[bigN];
    for (int t = 0; t < bigN; t++) {
      idx[t] = t;
    }
    double[] a = new double[s];
    double[] effects = new double[permutations];
    java.util.SplittableRandom rnd = DriftAnalysis.random(seed);
    for (int perm = 0; perm < permutations; perm++) {
      for (int t = 0; t < s; t++) {
        int r = t + rnd.nextInt(bigN - t);
        int tmp = idx[t];
        idx[t] = idx[r];
        idx[r] = tmp;
        a[t] = pooled[idx[t]];
      }
      java.util.Arrays.sort(a);
      // integral of |F_A - F_P| over the pooled distinct values
      Sums w = new Sums();
      int ka = 0;
      int kp = 0;
      while (kp < bigN) {
        double v = pooled[kp];
        while (kp < bigN && pooled[kp] == v) {
          kp++;
        }
        while (ka < s && a[ka] <= v) {
          ka++;
        }
        if (kp < bigN) {
          w.add(Math.abs((double) ka / s - (double) kp / bigN) * (pooled[kp] - v));
        }
      }
      double dist = (double) bigN / (bigN - s) * w.value();
      double std;
      if (refSmall) {
        std = stdOf(a);
      } else {
        Sums a1 = new Sums();
        Sums a2 = new Sums();
        for (double v : a) {
          double d = v - poolMean;
          a1.add(d);
          a2.add(d * d);
        }
        int nb = bigN - s;
        double sb1 = p1.value() - a1.value();
        double sb2 = p2.value() - a2.value();
        std = nb < 2 ? Double.NaN : Math.sqrt(Math.max(sb2 - sb1 * sb1 / nb, 0) / (nb - 1));
      }
      effects[perm] = effect(dist, std);
    }
    return DriftAnalysis.q95(effects);
  }

  private static double stdOf(double[] a) {
    int n = a.length;
    if (n < 2) {
      return Double.NaN;
    }
    Sums s = new Sums();
    for (double v : a) {
      s.add(v);
    }
    double mean = s.value() / n;
    Sums sq = new Sums();
    Sums lin = new Sums();
    for (double v : a) {
      double d = v - mean;
      sq.add(d * d);
      lin.add(d);
    }
    double l = lin.value();
    return Math.sqrt(Math.max(sq.value() - l * l / n, 0) / (n - 1));
  }
}
