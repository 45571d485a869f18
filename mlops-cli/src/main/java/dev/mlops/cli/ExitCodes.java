package dev.mlops.cli;

/** The exit codes of CLI-JSON.md. */
final class ExitCodes {
  /** PASS, WARN or INCONCLUSIVE (unless {@code --fail-on}), or a command without a verdict. */
  static final int OK = 0;

  /** FAIL, or a verdict named by {@code --fail-on}. */
  static final int FAIL = 1;

  /** A usage error or unreadable input. */
  static final int USAGE = 2;

  /** An internal error. */
  static final int INTERNAL = 3;

  private ExitCodes() {}
}
