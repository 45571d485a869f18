package dev.mlops.api;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The outcome of a check, a test or a whole report: never a bare boolean.
 *
 * <p>Immutable and thread-safe (an enum). {@link #PASS} is better than {@link #WARN}; {@link
 * #INCONCLUSIVE} (too little data to decide) and {@link #FAIL} never meet a minimum: a caller that
 * accepts an inconclusive result says so explicitly (for example {@code
 * RequireReport.allowInconclusive()}).
 *
 * <pre>{@code
 * Verdict.WARN.isAtLeast(Verdict.WARN);          // true
 * Verdict.WARN.isAtLeast(Verdict.PASS);          // false
 * Verdict.INCONCLUSIVE.isAtLeast(Verdict.WARN);  // false
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Verdict {
  /** Every condition held. */
  PASS,
  /** A condition held only within a warning margin; usually acceptable. */
  WARN,
  /** A condition did not hold. */
  FAIL,
  /** Too little data to decide. */
  INCONCLUSIVE;

  /**
   * Returns whether this verdict meets a minimum: {@code PASS} meets {@code PASS} and {@code WARN};
   * {@code WARN} meets {@code WARN}; {@code FAIL} and {@code INCONCLUSIVE} meet nothing.
   *
   * @param minimum the minimum, {@link #PASS} or {@link #WARN}
   * @return true if this verdict is at least the minimum
   * @throws IllegalArgumentException if the minimum is {@link #FAIL} or {@link #INCONCLUSIVE},
   *     which are not levels of success
   * @throws NullPointerException if {@code minimum} is null
   */
  public boolean isAtLeast(Verdict minimum) {
    Objects.requireNonNull(minimum, "minimum");
    if (minimum != PASS && minimum != WARN) {
      throw new IllegalArgumentException(
          "a minimum verdict is PASS or WARN, but got "
              + minimum
              + "; accept INCONCLUSIVE explicitly instead (e.g. allowInconclusive())");
    }
    return this == PASS || (this == WARN && minimum == WARN);
  }
}
