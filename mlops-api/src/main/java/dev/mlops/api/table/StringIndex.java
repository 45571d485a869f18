package dev.mlops.api.table;

import java.util.Arrays;

/** An open-addressing map from strings to dense int codes 0..n-1, without boxing. */
final class StringIndex {
  private String[] keys;
  private int[] slots; // code + 1; 0 = empty
  private int size;

  StringIndex(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    slots = new int[cap];
    keys = new String[Math.max(16, expected)];
  }

  int size() {
    return size;
  }

  String[] keys() {
    return keys;
  }

  /** Returns the code of the key, or -1. */
  int find(String key) {
    int mask = slots.length - 1;
    int i = mix(key.hashCode()) & mask;
    while (true) {
      int s = slots[i];
      if (s == 0) {
        return -1;
      }
      if (keys[s - 1].equals(key)) {
        return s - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Returns the code of the key, adding it when absent. */
  int add(String key) {
    int mask = slots.length - 1;
    int i = mix(key.hashCode()) & mask;
    while (true) {
      int s = slots[i];
      if (s == 0) {
        break;
      }
      if (keys[s - 1].equals(key)) {
        return s - 1;
      }
      i = (i + 1) & mask;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, Columns.grow(keys.length, size + 1));
    }
    keys[size] = key;
    slots[i] = ++size;
    if (size * 2 > slots.length) {
      rehash();
    }
    return size - 1;
  }

  private void rehash() {
    int[] next = new int[slots.length * 2];
    int mask = next.length - 1;
    for (int c = 0; c < size; c++) {
      int i = mix(keys[c].hashCode()) & mask;
      while (next[i] != 0) {
        i = (i + 1) & mask;
      }
      next[i] = c + 1;
    }
    slots = next;
  }

  static int mix(int h) {
    int x = h * 0x9E3779B9;
    return x ^ (x >>> 16);
  }
}
