package dev.mlops.core.metadata;

import java.util.Arrays;

/**
 * The LIKE patterns of the run-search language ({@code %} any run of characters, {@code _} one code
 * point, {@code \} escaping {@code %}, {@code _} or {@code \}), matched in Java for the in-memory
 * store and rewritten for SQL: SQLite's case-sensitive {@code GLOB}, and ASCII-only case folding
 * for ILIKE.
 *
 * <p>Stateless and thread-safe.
 */
final class LikePattern {
  /** A pattern token: a code point, or one of these two wildcards. */
  private static final int ANY_RUN = -1;

  private static final int ANY_ONE = -2;

  private LikePattern() {}

  /** Whether {@code text} matches {@code pattern}; {@code ci} folds ASCII A-Z only. */
  static boolean matches(String pattern, String text, boolean ci) {
    int[] p = tokens(ci ? foldAscii(pattern) : pattern);
    int[] t = (ci ? foldAscii(text) : text).codePoints().toArray();
    // Greedy match with backtracking to the last '%': linear for most patterns, O(p * t) at worst.
    int pi = 0;
    int ti = 0;
    int starP = -1;
    int starT = -1;
    while (ti < t.length) {
      if (pi < p.length && (p[pi] == ANY_ONE || p[pi] == t[ti])) {
        pi++;
        ti++;
      } else if (pi < p.length && p[pi] == ANY_RUN) {
        starP = pi++;
        starT = ti;
      } else if (starP >= 0) {
        pi = starP + 1;
        ti = ++starT;
      } else {
        return false;
      }
    }
    while (pi < p.length && p[pi] == ANY_RUN) {
      pi++;
    }
    return pi == p.length;
  }

  /**
   * Rewrites a pattern as an SQLite {@code GLOB} pattern, which is case-sensitive and matches one
   * UTF-8 character with {@code ?}: {@code %} becomes {@code *}, {@code _} becomes {@code ?}, and
   * the characters special to GLOB ({@code *}, {@code ?}, {@code [}) are put in a bracket set.
   */
  static String toGlob(String pattern) {
    StringBuilder b = new StringBuilder(pattern.length() + 8);
    for (int token : tokens(pattern)) {
      switch (token) {
        case ANY_RUN -> b.append('*');
        case ANY_ONE -> b.append('?');
        case '*', '?', '[' -> b.append('[').append((char) token).append(']');
        default -> b.appendCodePoint(token);
      }
    }
    return b.toString();
  }

  /** Lower-cases the ASCII letters A-Z and nothing else. */
  static String foldAscii(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] = (char) (c[i] + ('a' - 'A'));
      }
    }
    return new String(c);
  }

  private static int[] tokens(String pattern) {
    int[] out = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); ) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' && i < pattern.length()) {
        int escaped = pattern.codePointAt(i);
        i += Character.charCount(escaped);
        out[n++] = escaped;
      } else if (cp == '%') {
        out[n++] = ANY_RUN;
      } else if (cp == '_') {
        out[n++] = ANY_ONE;
      } else {
        out[n++] = cp;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
