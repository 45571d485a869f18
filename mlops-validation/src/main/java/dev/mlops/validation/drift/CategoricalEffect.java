package dev.mlops.validation.drift;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The permutation e95 of the Jensen-Shannon distance of a categorical column. */
final class CategoricalEffect {
  private CategoricalEffect() {}

  static double nullQ95(
      @Nullable String[] ref, @Nullable String[] cur, int permutations, long seed) {
    Map<String, Integer> codes = new HashMap<>();
    int n1 = 0;
    int n2 = 0;
    for (String v : ref) {
      if (v != null) {
        codes.putIfAbsent(v, codes.size());
        n1++;
      }
    }
    for (String v : cur) {
      if (v != null) {
        codes.putIfAbsent(v, codes.size());
        n2++;
      }
    }
    int[] pooled = new int[n1 + n2];
    int p = 0;
    for (String v : ref) {
      if (v != null) {
        pooled[p++] = codes.get(v);
      }
    }
    for (String v : cur) {
      if (v != null) {
        pooled[p++] = codes.get(v);
      }
    }
    int k = codes.size();
    long[] total = new long[k];
    for (int c : pooled) {
      total[c]++;
    }
    boolean refSmall = n1 <= n2;
    int s = Math.min(n1, n2);
    int bigN = n1 + n2;
    double[] effects = new double[permutations];
    java.util.SplittableRandom rnd = DriftAnalysis.random(seed);
    long[] small = new long[k];
    long[] large = new long[k];
    for (int perm = 0; perm < permutations; perm++) {
      java.util.Arrays.fill(small, 0);
      for (int t = 0; t < s; t++) {
        int r = t + rnd.nextInt(bigN - t);
        int tmp = pooled[t];
        pooled[t] = pooled[r];
        pooled[r] = tmp;
        small[pooled[t]]++;
      }
      for (int c = 0; c < k; c++) {
        large[c] = total[c] - small[c];
      }
      double[] ps = Divergences.proportions(small, s);
      double[] pl = Divergences.proportions(large, bigN - s);
      effects[perm] = refSmall ? Divergences.jsDistance(ps, pl) : Divergences.jsDistance(pl, ps);
    }
    return DriftAnalysis.q95(effects);
  }
}
