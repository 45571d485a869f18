package dev.mlops.io;

import java.util.Arrays;

/**
 * Maps the UTF-8 bytes of categories to their codes without creating a String per field. An
 * open-addressing table of two longs per slot: keys of at most 7 bytes are packed into the first
 * long with their length (one memory access per probe, no comparison against a pool); longer keys
 * carry -1 there and are compared against a pool of their bytes. The second long holds the hash
 * (high half) and code + 1 (low half; 0 = empty slot).
 */
final class ByteDictionary {
  private static final long LONG_KEY = -1L;

  private long[] table = new long[2 * 64];
  private int[] starts = new int[32];
  private int[] lengths = new int[32];
  private byte[] pool = new byte[1024];
  private int poolSize;
  private int size;
  private long lastKey;
  private int lastHash;

  private static long pack(byte[] b, int s, int len) {
    long k = (long) len << 56;
    for (int j = 0; j < len; j++) {
      k |= (b[s + j] & 0xFFL) << (8 * j);
    }
    return k;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29) ^ (h >>> 32));
  }

  private static int hashLong(byte[] b, int s, int e) {
    long h = e - s;
    for (int i = s; i < e; i++) {
      h = 31 * h + b[i];
    }
    return mix(h);
  }

  /**
   * Returns the key's code, or {@code -(slot + 1)} when absent; then {@link #insert} with that
   * value adds it.
   */
  int find(byte[] b, int s, int e) {
    int len = e - s;
    long[] t = table;
    int mask = (t.length >>> 1) - 1;
    if (len <= 7) {
      long k = pack(b, s, len);
      int h = mix(k);
      lastKey = k;
      lastHash = h;
      int i = h & mask;
      while (true) {
        long meta = t[2 * i + 1];
        if (meta == 0) {
          return -(i + 1);
        }
        if (t[2 * i] == k) {
          return (int) meta - 1;
        }
        i = (i + 1) & mask;
      }
    }
    int h = hashLong(b, s, e);
    lastKey = LONG_KEY;
    lastHash = h;
    int i = h & mask;
    while (true) {
      long meta = t[2 * i + 1];
      if (meta == 0) {
        return -(i + 1);
      }
      if (t[2 * i] == LONG_KEY && (int) (meta >>> 32) == h) {
        int code = (int) meta - 1;
        if (lengths[code] == len
            && Arrays.equals(pool, starts[code], starts[code] + len, b, s, e)) {
          return code;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the key last passed to {@link #find}, which returned {@code absent}; its code is size. */
  int insert(int absent, byte[] b, int s, int e) {
    int slot = -absent - 1;
    int code = size;
    if (lastKey == LONG_KEY) {
      int len = e - s;
      if (code >= starts.length) {
        starts = Arrays.copyOf(starts, Math.max(code + 1, starts.length * 2));
        lengths = Arrays.copyOf(lengths, starts.length);
      }
      if (poolSize + len > pool.length) {
        pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + len));
      }
      System.arraycopy(b, s, pool, poolSize, len);
      starts[code] = poolSize;
      lengths[code] = len;
      poolSize += len;
    }
    table[2 * slot] = lastKey;
    table[2 * slot + 1] = ((long) lastHash << 32) | (code + 1L);
    size++;
    if (size * 10L > (table.length >>> 1) * 7L) {
      rehash();
    }
    return code;
  }

  int size() {
    return size;
  }

  private void rehash() {
    long[] next = new long[table.length * 2];
    int mask = (next.length >>> 1) - 1;
    for (int j = 0; j < table.length; j += 2) {
      long meta = table[j + 1];
      if (meta == 0) {
        continue;
      }
      int i = (int) (meta >>> 32) & mask;
      while (next[2 * i + 1] != 0) {
        i = (i + 1) & mask;
      }
      next[2 * i] = table[j];
      next[2 * i + 1] = meta;
    }
    table = next;
  }
}
