package dev.mlops.validation.evaluation;

import com.fasterxml.jackson.core.io.NumberOutput;

/** Numbers as text: shortest round-trip form, integral values without {@code .0}. */
final class Numbers {
  private Numbers() {}

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return NumberOutput.toString(v, true);
  }
}
