package dev.mlops.validation.schema;

/** Number formatting for messages and expected bounds. */
final class Numbers {
  private Numbers() {}

  /** Shortest round-trip text; integral values without a fraction. */
  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
