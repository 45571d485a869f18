package dev.mlops.validation.drift;

import java.util.Arrays;
import java.util.BitSet;
import org.jspecify.annotations.Nullable;

/** The sorted non-missing values of one numeric column with its missing counts. Immutable. */
final class NumericSample {
  final double[] sorted;
  final long rowCount;
  final long nullCount;
  final long nanCount;

  private NumericSample(double[] sorted, long rowCount, long nullCount, long nanCount) {
    this.sorted = sorted;
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.nanCount = nanCount;
  }

  static NumericSample of(double[] values, @Nullable BitSet nulls) {
    int n = values.length;
    double[] kept = new double[n];
    int k = 0;
    long nullCount = 0;
    long nanCount = 0;
    for (int i = 0; i < n; i++) {
      if (nulls != null && nulls.get(i)) {
        nullCount++;
      } else if (Double.isNaN(values[i])) {
        nanCount++;
      } else {
        kept[k++] = values[i];
      }
    }
    double[] sorted = k == n ? kept : Arrays.copyOf(kept, k);
    Sorting.sort(sorted);
    return new NumericSample(sorted, n, nullCount, nanCount);
  }

  int size() {
    return sorted.length;
  }

  double mean() {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    Sums s = new Sums();
    for (double v : sorted) {
      s.add(v);
    }
    return s.value() / n;
  }

  /** Sample standard deviation (ddof = 1): corrected two-pass, compensated sums. */
  double std(double mean) {
    int n = sorted.length;
    if (n < 2) {
      return Double.NaN;
    }
    Sums sq = new Sums();
    Sums lin = new Sums();
    for (double v : sorted) {
      double d = v - mean;
      sq.add(d * d);
      lin.add(d);
    }
    double l = lin.value();
    double ss = sq.value() - l * l / n;
    return Math.sqrt(Math.max(ss, 0.0) / (n - 1));
  }

  long distinct() {
    long d = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        d++;
      }
    }
    return d;
  }

  NumericProfile profile() {
    int n = sorted.length;
    double mean = mean();
    return new NumericProfile(
        rowCount,
        nullCount,
        nanCount,
        n,
        distinct(),
        mean,
        std(mean),
        n == 0 ? Double.NaN : sorted[0],
        n == 0 ? Double.NaN : sorted[n - 1],
        NumericProfile.quantilesOf(sorted));
  }
}
