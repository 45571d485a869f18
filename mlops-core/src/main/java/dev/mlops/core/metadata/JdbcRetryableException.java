package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import java.sql.SQLException;

/**
 * Signals that a transaction must be rolled back and its work run again: the database was busy or a
 * concurrent writer won. Thrown out of the failing operation so that the work stops; the
 * transaction also remembers it, so the store retries even if the work swallowed the exception.
 * Should it ever escape the store, it is a {@link StorageException}.
 */
final class JdbcRetryableException extends StorageException {
  private static final long serialVersionUID = 1L;

  JdbcRetryableException(String message, SQLException cause) {
    super(message, cause);
  }
}
