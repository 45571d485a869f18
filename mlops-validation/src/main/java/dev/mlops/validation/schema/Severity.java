package dev.mlops.validation.schema;

import dev.mlops.api.Verdict;
import org.apiguardian.api.API;

/**
 * How serious a violated constraint is: a violated {@link #WARN} constraint makes the validation
 * verdict at worst {@link Verdict#WARN}; a violated {@link #FAIL} one makes it {@link
 * Verdict#FAIL}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ColumnSpec.builder("age", ColumnType.NUMERIC).range(0.0, 130.0, Severity.FAIL).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Severity {
  /** A violation is worth a warning. */
  WARN,
  /** A violation fails the validation. */
  FAIL;

  /**
   * Returns the verdict of a violated check of this severity.
   *
   * @return {@link Verdict#WARN} or {@link Verdict#FAIL}
   */
  public Verdict violated() {
    return this == WARN ? Verdict.WARN : Verdict.FAIL;
  }
}
