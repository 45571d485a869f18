package dev.mlops.validation.metrics;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.statistics.distribution.NormalDistribution;

/** Shared numerics: normal quantiles, the Wilson interval, percentiles, an index sort. */
final class Stats {
  static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  /** scikit-learn 1.2's {@code eps='auto'} for float64: machine epsilon. */
  static final double EPS = 2.220446049250313e-16;

  private Stats() {}

  static double zForLevel(double level) {
    return NORMAL.inverseSurvivalProbability((1 - level) / 2);
  }

  /**
   * Wilson score interval for x successes in n trials (both may be weighted sums: frequency
   * weights). Empty when n is not positive.
   */
  static Optional<Interval> wilson(double x, double n, double level) {
    if (!(n > 0)) {
      return Optional.empty();
    }
    double z = zForLevel(level);
    double p = x / n;
    double z2 = z * z;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denom;
    double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    double low = Math.max(0, center - half);
    double high = Math.min(1, center + half);
    return Optional.of(new Interval(Math.min(low, p), Math.max(high, p), level, Interval.WILSON));
  }

  /** NumPy's 'linear' quantile of the first n values of a sorted array. */
  static double quantileSorted(double[] sorted, int n, double q) {
    double h = (n - 1) * q;
    int j = (int) Math.floor(h);
    if (j >= n - 1) {
      return sorted[n - 1];
    }
    double g = h - j;
    return sorted[j] + g * (sorted[j + 1] - sorted[j]);
  }

  /**
   * Percentile interval from bootstrap replicates (NaN replicates dropped; sorts the array in
   * place). Empty when fewer than two replicates are defined.
   */
  static Optional<Interval> percentile(double[] reps, double level, String method) {
    int n = 0;
    for (double r : reps) {
      if (!Double.isNaN(r)) {
        n++;
      }
    }
    if (n < 2) {
      return Optional.empty();
    }
    double[] v = n == reps.length ? reps : new double[n];
    if (v != reps) {
      int k = 0;
      for (double r : reps) {
        if (!Double.isNaN(r)) {
          v[k++] = r;
        }
      }
    }
    Arrays.sort(v, 0, n);
    double alpha = (1 - level) / 2;
    return Optional.of(
        new Interval(quantileSorted(v, n, alpha), quantileSorted(v, n, 1 - alpha), level, method));
  }

  /** Indices 0..n-1 sorted stably by ascending key (a merge sort, no boxing). */
  static int[] argsort(double[] key) {
    int n = key.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    sortIndices(idx, key);
    return idx;
  }

  /** Sorts idx stably by key[idx[i]] ascending. */
  static void sortIndices(int[] idx, double[] key) {
    int n = idx.length;
    int[] tmp = new int[n];
    int[] src = idx;
    int[] dst = tmp;
    // insertion sort runs of 32, then bottom-up merges
    final int run = 32;
    for (int lo = 0; lo < n; lo += run) {
      int hi = Math.min(n, lo + run);
      for (int i = lo + 1; i < hi; i++) {
        int v = src[i];
        double kv = key[v];
        int j = i - 1;
        while (j >= lo && key[src[j]] > kv) {
          src[j + 1] = src[j];
          j--;
        }
        src[j + 1] = v;
      }
    }
    for (int width = run; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          dst[k++] = key[src[j]] < key[src[i]] ? src[j++] : src[i++];
        }
        while (i < mid) {
          dst[k++] = src[i++];
        }
        while (j < hi) {
          dst[k++] = src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != idx) {
      System.arraycopy(src, 0, idx, 0, n);
    }
  }

  /** Rows {@code 0..n-1}. */
  static int[] allRows(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  /** A multiset of rows: the distinct rows in ascending order, and how often each was given. */
  record RowCounts(int[] ids, int[] counts) {
    static RowCounts of(int[] rows) {
      int[] sorted = rows.clone();
      Arrays.sort(sorted);
      int[] ids = new int[sorted.length];
      int[] counts = new int[sorted.length];
      int k = 0;
      for (int r : sorted) {
        if (k > 0 && ids[k - 1] == r) {
          counts[k - 1]++;
        } else {
          ids[k] = r;
          counts[k++] = 1;
        }
      }
      return new RowCounts(Arrays.copyOf(ids, k), Arrays.copyOf(counts, k));
    }
  }

  /**
   * The bootstrap's draw pool: position {@code i} repeated {@code counts[i]} times, so a uniform
   * draw from it resamples the original multiset.
   */
  static int[] drawPool(int[] counts) {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    int[] pool = new int[total];
    int j = 0;
    for (int i = 0; i < counts.length; i++) {
      for (int t = 0; t < counts[i]; t++) {
        pool[j++] = i;
      }
    }
    return pool;
  }
}
