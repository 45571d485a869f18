package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import org.apiguardian.api.API;

/**
 * The value a run had for one key of a query's order: what a {@link RunCursor} remembers of the
 * last row of a page. A run lacking the key (or whose metric is NaN) has {@link #missing()}; a
 * number comes from a metric, a time or a NUMBER parameter; text from a tag, a text attribute or a
 * STRING or BOOLEAN parameter (its canonical text).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * SortValue accuracy = SortValue.of(0.93);
 * SortValue stage = SortValue.of("prod");
 * SortValue none = SortValue.missing();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface SortValue {

  /**
   * The value of a run that lacks the key, or whose metric is NaN.
   *
   * @return the missing value
   */
  static SortValue missing() {
    return Missing.INSTANCE;
  }

  /**
   * A number.
   *
   * @param value any number but NaN (which sorts as {@link #missing()})
   * @return the value
   * @throws InvalidInputException if the value is NaN
   */
  static SortValue of(double value) {
    return new NumberValue(value);
  }

  /**
   * Text.
   *
   * @param value the text
   * @return the value
   * @throws InvalidInputException if the text is too long or holds NUL or an unpaired surrogate
   */
  static SortValue of(String value) {
    return new TextValue(value);
  }

  /** The run lacks the key (or its metric is NaN). */
  record Missing() implements SortValue {
    static final Missing INSTANCE = new Missing();
  }

  /**
   * A number; infinities allowed, NaN not (use {@link SortValue#missing()}). {@code -0.0} is stored
   * as {@code 0.0}, as the two sort together.
   *
   * @param value the number
   */
  record NumberValue(double value) implements SortValue {
    /**
     * Validates and normalises the number.
     *
     * @throws InvalidInputException if it is NaN
     */
    public NumberValue {
      if (Double.isNaN(value)) {
        throw InvalidInputException.of(
            "sort value", "a NaN sorts as a missing value; use SortValue.missing()");
      }
      if (value == 0.0) {
        value = 0.0;
      }
    }
  }

  /**
   * Text, at most {@link Names#MAX_VALUE_LENGTH} characters.
   *
   * @param value the text
   */
  record TextValue(String value) implements SortValue {
    /**
     * Validates the text.
     *
     * @throws InvalidInputException if it is too long or holds NUL or an unpaired surrogate
     */
    public TextValue {
      Names.requireValue(value, "sort value", Names.MAX_VALUE_LENGTH);
    }
  }
}
