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
  final double mean;
  final double std;

  private NumericSample(
      double[] sorted, long rowCount, long nullCount, long nanCount, double mean, double std) {
    this.sorted = sorted;
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.nanCount = nanCount;
    this.mean = mean;
    this.std = std;
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
    // numpy.mean and numpy.std(ddof=1) on the values in row order, before sorting
    double mean = Double.NaN;
    double std = Double.NaN;
    if (k > 0) {
      mean = NumpySum.sum(sorted, k) / k;
    }
    if (k > 1) {
      double[] sq = new double[k];
      for (int i = 0; i < k; i++) {
        double d = sorted[i] - mean;
        sq[i] = d * d;
      }
      std = Math.sqrt(NumpySum.sum(sq, k) / (k - 1));
    }
    Sorting.sort(sorted);
    return new NumericSample(sorted, n, nullCount, nanCount, mean, std);
  }

  int size() {
    return sorted.length;
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
    return new NumericProfile(
        rowCount,
        nullCount,
        nanCount,
        n,
        distinct(),
        mean,
        std,
        n == 0 ? Double.NaN : sorted[0],
        n == 0 ? Double.NaN : sorted[n - 1],
        NumericProfile.quantilesOf(sorted));
  }
}
