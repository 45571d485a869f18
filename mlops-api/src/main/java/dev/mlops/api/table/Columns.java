package dev.mlops.api.table;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Helpers shared by the column classes: name checks, null bit masks, growth and row checks. */
final class Columns {
  private Columns() {}

  static final int MIN_CAPACITY = 16;

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("column name is empty; give the column a name");
    }
    return name;
  }

  static boolean isSet(long @Nullable [] bits, int index) {
    if (bits == null) {
      return false;
    }
    int w = index >>> 6;
    return w < bits.length && (bits[w] & (1L << index)) != 0;
  }

  static long[] set(long @Nullable [] bits, int index, int capacity) {
    long[] b = bits;
    if (b == null) {
      b = new long[words(Math.max(capacity, index + 1))];
    } else if ((index >>> 6) >= b.length) {
      b = Arrays.copyOf(b, words(Math.max(capacity, index + 1)));
    }
    b[index >>> 6] |= 1L << index;
    return b;
  }

  static int words(int bitCount) {
    return (bitCount + 63) >>> 6;
  }

  /** Counts set bits in [from, to). */
  static int count(long @Nullable [] bits, int from, int to) {
    if (bits == null || from >= to) {
      return 0;
    }
    int n = 0;
    int i = from;
    while (i < to && (i & 63) != 0) {
      if (isSet(bits, i)) {
        n++;
      }
      i++;
    }
    while (i + 64 <= to) {
      int w = i >>> 6;
      if (w >= bits.length) {
        return n;
      }
      n += Long.bitCount(bits[w]);
      i += 64;
    }
    while (i < to) {
      if (isSet(bits, i)) {
        n++;
      }
      i++;
    }
    return n;
  }

  /** Clears bits at and after {@code from}; used when a builder is truncated. */
  static void clearFrom(long @Nullable [] bits, int from) {
    if (bits == null) {
      return;
    }
    int w = from >>> 6;
    if (w >= bits.length) {
      return;
    }
    int r = from & 63;
    bits[w] = r == 0 ? 0L : bits[w] & (-1L >>> (64 - r));
    Arrays.fill(bits, w + 1, bits.length, 0L);
  }

  static int grow(int capacity, int needed) {
    long c = Math.max((long) capacity + (capacity >> 1), Math.max(needed, MIN_CAPACITY));
    if (c > Integer.MAX_VALUE - 8) {
      if (needed > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "a column holds at most " + (Integer.MAX_VALUE - 8) + " rows");
      }
      c = Integer.MAX_VALUE - 8;
    }
    return (int) c;
  }

  static void checkRange(int from, int to, int size) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException(
          "rows [" + from + ", " + to + ") are outside [0, " + size + ")");
    }
  }

  static void checkRow(int row, int size) {
    Objects.checkIndex(row, size);
  }

  /** True when a builder's array wastes so much room that it is worth trimming on build. */
  static boolean worthTrimming(int capacity, int size) {
    return capacity - size > 1024 && capacity - size > size / 4;
  }
}
