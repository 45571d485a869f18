package dev.mlops.api;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The unchecked root of every failure mlops reports about data and storage.
 *
 * <p>Immutable and thread-safe. Caller bugs in configuration (a null argument, an illegal builder
 * value) stay JDK exceptions ({@link NullPointerException}, {@link IllegalArgumentException},
 * {@link IllegalStateException}); what goes wrong with data or storage is an {@code
 * MlopsException}: one of {@link NotFoundException}, {@link ConflictException}, {@link
 * InvalidInputException}, {@link StorageException} or {@link CorruptArtifactException}. Messages
 * name the artifact, column, digest or step concerned and say what to do.
 *
 * <pre>{@code
 * try {
 *   store.open(digest);
 * } catch (NotFoundException e) {
 *   // e.getMessage(): "blob sha256:ab12... is not in the store; put it first or check the digest"
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class MlopsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed and what to do
   */
  public MlopsException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public MlopsException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
