package dev.mlops.api;

import org.apiguardian.api.API;

/**
 * A write contradicts what is already stored: a parameter logged twice with different values, a
 * name that already exists, a run that is no longer running, a transition refused by a guard.
 *
 * <p>Immutable and thread-safe. Nothing was written when this is thrown.
 *
 * <pre>{@code
 * throw ConflictException.of("parameter 'lr' of run 7f3a is already 0.1; parameters are immutable");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class ConflictException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicts and what to do
   */
  public ConflictException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what conflicts and what to do
   * @return the exception
   */
  public static ConflictException of(String message) {
    return new ConflictException(message);
  }
}
