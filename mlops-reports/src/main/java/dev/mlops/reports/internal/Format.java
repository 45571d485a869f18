package dev.mlops.reports.internal;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as the reports print them: locale-independent, six significant digits. */
final class Format {
  private Format() {}

  /**
   * Formats a number: integral values below 1e15 without a fraction, others with six significant
   * digits and no trailing zeros; NaN and infinities by name.
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    double abs = Math.abs(value);
    if (abs >= 1e-4 && abs < 1e15) {
      BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.6g", value));
      return d.stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.5e", value);
  }

  /** Formats a number short, for chart labels: three significant digits. */
  static String compact(double value) {
    if (!Double.isFinite(value)) {
      return number(value);
    }
    if (value == 0) {
      return "0";
    }
    double abs = Math.abs(value);
    if (abs >= 1e-3 && abs < 1e6) {
      BigDecimal d = new BigDecimal(String.format(Locale.ROOT, "%.3g", value));
      return d.stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.2e", value);
  }

  /** Formats a count. */
  static String count(long value) {
    return Long.toString(value);
  }

  /** Formats a proportion as a percentage with one decimal. */
  static String percent(double proportion) {
    if (Double.isNaN(proportion)) {
      return "NaN";
    }
    return String.format(Locale.ROOT, "%.1f %%", proportion * 100);
  }
}
