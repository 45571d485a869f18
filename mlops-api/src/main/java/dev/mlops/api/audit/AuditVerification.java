package dev.mlops.api.audit;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The result of verifying the audit log: whether it is intact, how many events were read, and the
 * first problem found (verification stops there).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AuditVerification v = mlops.audit().verify(checkpoint);
 * if (!v.intact()) {
 *   AuditVerification.Finding f = v.finding().orElseThrow();
 *   log.error("audit log tampered at event {}: {} ({})", f.sequence(), f.problem(), f.message());
 * }
 * }</pre>
 *
 * @param intact true when no problem was found
 * @param eventsChecked how many events were read and checked, including the one where the first
 *     problem was found; when intact, the sequence of the head the verification covered
 * @param finding the first problem, by ascending sequence; empty exactly when intact
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record AuditVerification(boolean intact, long eventsChecked, Optional<Finding> finding) {

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code eventsChecked} is negative, or {@code intact} does
   *     not agree with {@code finding} (intact exactly when there is no finding)
   */
  public AuditVerification {
    Objects.requireNonNull(finding, "finding");
    if (eventsChecked < 0) {
      throw new IllegalArgumentException(
          "eventsChecked must not be negative, but was " + eventsChecked);
    }
    if (intact == finding.isPresent()) {
      throw new IllegalArgumentException(
          "a verification is intact exactly when it has no finding, but intact="
              + intact
              + " with finding "
              + finding);
    }
  }

  /**
   * Returns an intact result.
   *
   * @param eventsChecked the number of events checked
   * @return the result
   */
  public static AuditVerification passed(long eventsChecked) {
    return new AuditVerification(true, eventsChecked, Optional.empty());
  }

  /**
   * Returns a failed result.
   *
   * @param eventsChecked the number of events checked
   * @param finding the first problem
   * @return the result
   */
  public static AuditVerification failed(long eventsChecked, Finding finding) {
    return new AuditVerification(false, eventsChecked, Optional.of(finding));
  }

  /**
   * What is wrong with the audit log at one sequence number.
   *
   * <p>Each kind names the most specific explanation the stored data allows; several kinds of
   * tampering can look alike (a replaced event with a recomputed hash looks like an edit followed
   * by a broken link), so treat the kind as a pointer to where to look, and the sequence as exact.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Problem {
    /**
     * The event's stored hash does not match its fields: a field was changed after the event was
     * written (with an audit key: or the hash was recomputed without the key).
     */
    EDITED,
    /**
     * The event at this sequence is not part of the chain: it was added behind the library's back
     * and the events after it were renumbered (or its sequence repeats).
     */
    INSERTED,
    /**
     * The event at this sequence is missing: there is a gap, or the events after it were renumbered
     * to close one.
     */
    REMOVED,
    /**
     * The event's own hash is consistent, but its previous hash does not match the hash of the
     * event before it (or the store's head record does not match the newest event): the event
     * before was replaced with a recomputed hash, and the chain after it was not recomputed.
     */
    BROKEN_LINK,
    /**
     * The newest events, from this sequence on, are missing: the checkpoint, or the store's own
     * head record, names a later event than the log holds.
     */
    TRUNCATED,
    /**
     * The event at the checkpoint's sequence exists and the chain up to it is consistent, but it
     * carries another hash than the checkpoint: the chain up to it was rewritten and recomputed.
     */
    RECOMPUTED
  }

  /**
   * The first problem found.
   *
   * <p>Immutable and thread-safe.
   *
   * @param sequence the sequence number where the problem is, 1 or more
   * @param problem its kind
   * @param message what was found and what to do
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Finding(long sequence, Problem problem, String message) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if the sequence is below 1
     */
    public Finding {
      if (sequence < 1) {
        throw new IllegalArgumentException("sequence must be 1 or more, but was " + sequence);
      }
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(message, "message");
    }
  }
}
