package dev.mlops.validation.drift;

import java.util.Arrays;

/**
 * Sorts NaN-free doubles ascending in the order of {@link Arrays#sort(double[])} (-0.0 before 0.0).
 * Large arrays use a least-significant-digit radix sort on the order-preserving bit image of the
 * doubles (6 passes of 11 bits, passes whose digit is constant skipped): O(n), about three to four
 * times faster than the comparison sort at millions of values. Stateless.
 */
final class Sorting {
  static final int RADIX_MIN = 1 << 16;
  private static final int BITS = 11;
  private static final int BUCKETS = 1 << BITS;
  private static final int MASK = BUCKETS - 1;

  private Sorting() {}

  static void sort(double[] a) {
    int n = a.length;
    if (n < RADIX_MIN) {
      Arrays.sort(a);
      return;
    }
    long[] src = new long[n];
    for (int i = 0; i < n; i++) {
      long bits = Double.doubleToRawLongBits(a[i]);
      // flip all bits of negatives, only the sign bit of positives: unsigned order = numeric order
      src[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
    }
    int passes = (64 + BITS - 1) / BITS;
    int[][] counts = new int[passes][BUCKETS];
    for (long k : src) {
      for (int p = 0; p < passes; p++) {
        counts[p][(int) ((k >>> (p * BITS)) & MASK)]++;
      }
    }
    long[] dst = new long[n];
    for (int p = 0; p < passes; p++) {
      int[] c = counts[p];
      int shift = p * BITS;
      if (c[(int) ((src[0] >>> shift) & MASK)] == n) {
        continue;
      }
      int sum = 0;
      for (int b = 0; b < BUCKETS; b++) {
        int t = c[b];
        c[b] = sum;
        sum += t;
      }
      for (long k : src) {
        dst[c[(int) ((k >>> shift) & MASK)]++] = k;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    for (int i = 0; i < n; i++) {
      long k = src[i];
      long bits = k ^ (((~k) >> 63) | Long.MIN_VALUE);
      a[i] = Double.longBitsToDouble(bits);
    }
  }
}
