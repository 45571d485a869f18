package dev.mlops.io;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;

/**
 * Reads doubles from ASCII bytes exactly as {@link Double#parseDouble} does, and writes them in
 * shortest round-trip form.
 *
 * <p>Accepted text: {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, and {@code
 * NaN}, {@code Infinity} with an optional sign. No whitespace, no hexadecimal, no {@code d}/{@code
 * f} suffixes. The fast path is Clinger's: a decimal significand below 2^53 times or divided by an
 * exact power of ten up to 10^22 is one correctly rounded IEEE operation, hence equal to {@code
 * Double.parseDouble}; everything else goes to {@code Double.parseDouble} itself.
 */
final class Numbers {
  private Numbers() {}

  private static final double[] POW10 = new double[23];
  private static final long TWO_53 = 1L << 53;

  static {
    double p = 1.0;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10.0;
    }
  }

  /** Result of {@link #parse} for text that is not a number (NaN text is told apart by caller). */
  static final double INVALID = Double.NaN;

  /**
   * Parses {@code b[s, e)}. Returns NaN both for the literal NaN and for invalid text; call {@link
   * #isNaNLiteral} to tell them apart.
   */
  static double parse(byte[] b, int s, int e) {
    // Fast path: [-] digits with at most one '.', at most 18 characters (so the significand fits a
    // long without overflow), significand <= 2^53: one exact division by an exact power of ten.
    int i = s;
    boolean neg = false;
    if (i < e && b[i] == '-') {
      neg = true;
      i++;
    }
    int start = i;
    if (e - start > 0 && e - start <= 18) {
      long mant = 0;
      int dot = -1;
      for (; i < e; i++) {
        int c = b[i];
        int d = c - '0';
        if (d >= 0 && d <= 9) {
          mant = mant * 10 + d;
        } else if (c == '.' && dot < 0) {
          dot = i;
        } else {
          return parseGeneral(b, s, e);
        }
      }
      if (mant <= TWO_53 && !(dot >= 0 && e - start == 1)) {
        double v = dot < 0 ? (double) mant : mant / POW10[e - dot - 1];
        return neg ? -v : v;
      }
    }
    return parseGeneral(b, s, e);
  }

  private static double parseGeneral(byte[] b, int s, int e) {
    int i = s;
    if (i >= e) {
      return INVALID;
    }
    boolean neg = false;
    byte c0 = b[i];
    if (c0 == '-' || c0 == '+') {
      neg = c0 == '-';
      if (++i >= e) {
        return INVALID;
      }
    }
    byte first = b[i];
    if (first == 'N' || first == 'I') {
      return special(b, i, e, neg);
    }
    long mant = 0;
    int significant = 0;
    int exp10 = 0;
    boolean digits = false;
    boolean exact = true;
    // integer part
    while (i < e) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      digits = true;
      if (significant < 18) {
        mant = mant * 10 + d;
        if (mant != 0) {
          significant++;
        }
      } else {
        exact = false;
        exp10++;
      }
      i++;
    }
    if (i < e && b[i] == '.') {
      i++;
      while (i < e) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          break;
        }
        digits = true;
        if (significant < 18) {
          mant = mant * 10 + d;
          if (mant != 0) {
            significant++;
          }
          exp10--;
        } else {
          exact = false;
        }
        i++;
      }
    }
    if (!digits) {
      return INVALID;
    }
    if (i < e && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean eneg = false;
      if (i < e && (b[i] == '-' || b[i] == '+')) {
        eneg = b[i] == '-';
        i++;
      }
      if (i >= e) {
        return INVALID;
      }
      int ex = 0;
      while (i < e) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          return INVALID;
        }
        if (ex < 100_000) {
          ex = ex * 10 + d;
        }
        i++;
      }
      exp10 += eneg ? -ex : ex;
    }
    if (i != e) {
      return INVALID;
    }
    if (mant == 0) {
      return neg ? -0.0 : 0.0;
    }
    if (exact && mant <= TWO_53 && exp10 >= -22 && exp10 <= 22) {
      double v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
      return neg ? -v : v;
    }
    return Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
  }

  private static double special(byte[] b, int i, int e, boolean neg) {
    int n = e - i;
    if (n == 3 && b[i] == 'N' && b[i + 1] == 'a' && b[i + 2] == 'N') {
      return Double.NaN;
    }
    if (n == 8
        && b[i] == 'I'
        && b[i + 1] == 'n'
        && b[i + 2] == 'f'
        && b[i + 3] == 'i'
        && b[i + 4] == 'n'
        && b[i + 5] == 'i'
        && b[i + 6] == 't'
        && b[i + 7] == 'y') {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return INVALID;
  }

  /** True when {@code b[s, e)} is a NaN literal ({@code NaN}, {@code +NaN} or {@code -NaN}). */
  static boolean isNaNLiteral(byte[] b, int s, int e) {
    int i = s;
    if (i < e && (b[i] == '-' || b[i] == '+')) {
      i++;
    }
    return e - i == 3 && b[i] == 'N' && b[i + 1] == 'a' && b[i + 2] == 'N';
  }

  /** Parses a string with the same grammar; NaN for NaN text, null-free. */
  static boolean isNumber(byte[] b, int s, int e) {
    double v = parse(b, s, e);
    return v == v || isNaNLiteral(b, s, e);
  }

  /**
   * Writes a double in shortest round-trip form: integers without {@code .0}, a lower-case {@code
   * e} exponent, {@code NaN}, {@code Infinity}, {@code -Infinity}; {@code Double.parseDouble} reads
   * back the same bits (NaN as the canonical NaN).
   */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    String s = NumberOutput.toString(v, true);
    int exp = s.indexOf('E');
    String mantissa = exp < 0 ? s : s.substring(0, exp);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    return exp < 0 ? mantissa : mantissa + "e" + s.substring(exp + 1);
  }
}
