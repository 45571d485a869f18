package dev.mlops.validation.drift;

/** Compensated (Neumaier) summation and small shared numeric helpers. Not thread-safe. */
final class Sums {
  private double sum;
  private double comp;

  void add(double x) {
    double t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) {
      comp += (sum - t) + x;
    } else {
      comp += (x - t) + sum;
    }
    sum = t;
  }

  double value() {
    return sum + comp;
  }

  /** Number of values in {@code sorted} that are {@code <= v} (numeric comparison). */
  static int countAtMost(double[] sorted, int from, double v) {
    int lo = from;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static void requireSorted(double[] sorted, String name) {
    for (int i = 0; i < sorted.length; i++) {
      double v = sorted[i];
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException(
            name + " holds NaN at index " + i + "; remove missing values first");
      }
      if (i > 0 && v < sorted[i - 1]) {
        throw new IllegalArgumentException(name + " is not sorted ascending at index " + i);
      }
    }
  }
}
