package dev.mlops.api;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The storage backend failed: an I/O error, a database that cannot be reached or stays busy, a disk
 * that is full. The operation did not take effect unless the message says otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * throw new StorageException("cannot write blob into /data/.mlops/blobs: disk full; free space and retry", ioException);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public class StorageException extends MlopsException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and what to do
   * @param cause the underlying failure, or null
   */
  public StorageException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what failed and what to do
   */
  public StorageException(String message) {
    super(message);
  }
}
