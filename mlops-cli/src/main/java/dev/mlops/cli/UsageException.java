package dev.mlops.cli;

/**
 * A problem the user can fix (a missing file, a bad option, a column the file lacks): the command
 * prints its message as one line on stderr and exits with code 2.
 *
 * <p>Immutable once thrown.
 */
final class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
