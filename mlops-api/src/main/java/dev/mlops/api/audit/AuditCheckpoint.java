package dev.mlops.api.audit;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The head of the audit chain at some moment: its sequence number and hash. Kept outside the store,
 * it lets a later verification detect that newest events were removed or that the whole chain was
 * recomputed. Printed and parsed as {@code SEQ:HASH}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AuditCheckpoint cp = AuditCheckpoint.parse("42:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
 * }</pre>
 *
 * @param sequence the sequence of the head event, 0 for an empty log
 * @param headHash the hash of the head event, or {@link AuditEvent#GENESIS_HASH} for an empty log
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record AuditCheckpoint(long sequence, String headHash) {
  /** The checkpoint of an empty log. */
  public static final AuditCheckpoint EMPTY = new AuditCheckpoint(0, AuditEvent.GENESIS_HASH);

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if the sequence is negative or the hash is not 64 hex digits
   */
  public AuditCheckpoint {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, but was " + sequence);
    }
    Objects.requireNonNull(headHash, "headHash");
    if (!headHash.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "head hash must be 64 lowercase hex digits, but was '" + headHash + "'");
    }
  }

  /**
   * Parses {@code SEQ:HASH}.
   *
   * @param text the checkpoint text
   * @return the checkpoint
   * @throws IllegalArgumentException if the text is malformed
   */
  public static AuditCheckpoint parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("checkpoint must be SEQ:HASH, but was '" + text + "'");
    }
    long seq;
    try {
      seq = Long.parseLong(text.substring(0, colon));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "checkpoint sequence must be a number, but was '" + text.substring(0, colon) + "'", e);
    }
    return new AuditCheckpoint(seq, text.substring(colon + 1));
  }

  /**
   * Returns {@code SEQ:HASH}.
   *
   * @return the printed form
   */
  @Override
  public String toString() {
    return sequence + ":" + headHash;
  }
}
