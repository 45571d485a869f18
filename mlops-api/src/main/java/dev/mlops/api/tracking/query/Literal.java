package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import org.apiguardian.api.API;

/**
 * A value on the right-hand side of a comparison or in an {@code IN} list.
 *
 * <p>Immutable and thread-safe. In query text a string is single-quoted with {@code ''} for a quote
 * ({@code 'it''s'}), a number is decimal or scientific with an optional leading {@code -} ({@code
 * -1.5e-3}), a boolean is {@code true} or {@code false}. There is no NaN or infinite literal: a
 * comparison with NaN could never be true; test presence with {@code IS NULL} / {@code IS NOT
 * NULL}. A literal is only ever bound as a parameter by a backend, never pasted into SQL text.
 *
 * <pre>{@code
 * Literal.of("adam").toQueryString(); // "'adam'"
 * Literal.of(0.9).toQueryString();    // "0.9"
 * Literal.of(true).toQueryString();   // "true"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Literal {

  /**
   * A string literal.
   *
   * @param value the text, exactly
   * @return the literal
   * @throws InvalidInputException if the text is longer than {@link Names#MAX_VALUE_LENGTH} or
   *     holds NUL or an unpaired surrogate
   */
  static Literal of(String value) {
    return new StringLiteral(value);
  }

  /**
   * A number literal.
   *
   * @param value a finite number
   * @return the literal
   * @throws InvalidInputException if the number is NaN or infinite
   */
  static Literal of(double value) {
    return new NumberLiteral(value);
  }

  /**
   * A boolean literal.
   *
   * @param value the flag
   * @return the literal
   */
  static Literal of(boolean value) {
    return new BooleanLiteral(value);
  }

  /**
   * Returns the canonical query text of this literal.
   *
   * @return e.g. {@code 'it''s'}, {@code 1700000000000}, {@code 1.0E-5} or {@code true}
   */
  default String toQueryString() {
    return QueryPrinter.literal(this);
  }

  /**
   * Text. The value is exactly the text between the quotes, with each {@code ''} read as one quote;
   * backslashes have no special meaning here (they do in {@code LIKE} patterns).
   *
   * @param value the text
   */
  record StringLiteral(String value) implements Literal {
    /**
     * Validates the text.
     *
     * @throws InvalidInputException if it is too long or holds NUL or an unpaired surrogate
     */
    public StringLiteral {
      Names.requireValue(value, "string literal", Names.MAX_VALUE_LENGTH);
    }
  }

  /**
   * A finite number. {@code -0.0} is stored as {@code 0.0}, as the two compare equal.
   *
   * @param value the number
   */
  record NumberLiteral(double value) implements Literal {
    /**
     * Validates and normalises the number.
     *
     * @throws InvalidInputException if it is NaN or infinite
     */
    public NumberLiteral {
      if (!Double.isFinite(value)) {
        throw InvalidInputException.of(
            "number literal",
            "a number literal must be finite, but was "
                + value
                + "; a comparison with NaN is never true, test presence with IS NULL or IS NOT NULL");
      }
      if (value == 0.0) {
        value = 0.0;
      }
    }
  }

  /**
   * {@code true} or {@code false}; compares with BOOLEAN parameters only.
   *
   * @param value the flag
   */
  record BooleanLiteral(boolean value) implements Literal {}
}
