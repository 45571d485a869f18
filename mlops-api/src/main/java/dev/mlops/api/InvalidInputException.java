package dev.mlops.api;

import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Input data or an identifier is malformed: an illegal name, an unparsable value, a digest that
 * does not match the bytes. Carries the culprit (field or column, and row where there is one).
 *
 * <p>Immutable and thread-safe. Nothing was written when this is thrown.
 *
 * <pre>{@code
 * throw InvalidInputException.of("name", "artifact name '../x' contains '/'; use letters, digits, '.', '_' or '-'");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class InvalidInputException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String field;
  private final long row;

  /**
   * Creates the exception.
   *
   * @param field the field, argument or column at fault, or null
   * @param row the 0-based row at fault, or -1 when there is none
   * @param message what is wrong and what to do
   * @param cause the underlying failure, or null
   */
  public InvalidInputException(
      @Nullable String field, long row, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.field = field;
    this.row = row;
  }

  /**
   * Invalid input in a named field or argument.
   *
   * @param field the field or argument
   * @param message what is wrong and what to do
   * @return the exception
   */
  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(field, -1, message, null);
  }

  /**
   * Returns the field, argument or column at fault.
   *
   * @return the field, if known
   */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /**
   * Returns the 0-based row at fault, or -1.
   *
   * @return the row, or -1 when there is none
   */
  public long row() {
    return row;
  }
}
