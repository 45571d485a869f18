package dev.mlops.api.audit;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One entry of the append-only audit log. Sequence numbers start at 1 and have no gaps; each event
 * carries the hash of the one before it ({@link #GENESIS_HASH} for the first), so that an edited,
 * inserted or removed event breaks the chain.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (AuditEvent e : audit.events(1, 100)) {
 *   System.out.println(e.sequence() + " " + e.actor() + " " + e.action() + " " + e.subject());
 * }
 * }</pre>
 *
 * @param sequence the position in the chain, 1 or more
 * @param time when, on the injected clock
 * @param actor who made the change
 * @param action what kind of change, e.g. {@code artifact.version.created}
 * @param subject what was changed, e.g. {@code artifact:churn-model:7}
 * @param details further facts as string pairs
 * @param previousHash the hash of the event before (lowercase hex), or {@link #GENESIS_HASH}
 * @param hash the hash of this event (lowercase hex)
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record AuditEvent(
    long sequence,
    Instant time,
    String actor,
    String action,
    String subject,
    Map<String, String> details,
    String previousHash,
    String hash) {

  /** The previous hash of the first event: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  /**
   * Validates the fields and copies the details.
   *
   * @throws dev.mlops.api.InvalidInputException if a text field is illegal
   * @throws IllegalArgumentException if the sequence is below 1
   */
  public AuditEvent {
    if (sequence < 1) {
      throw new IllegalArgumentException("audit sequence numbers start at 1, but got " + sequence);
    }
    Objects.requireNonNull(time, "time");
    Names.requireValue(actor, "actor", Names.MAX_NAME_LENGTH);
    Names.requireValue(action, "action", Names.MAX_NAME_LENGTH);
    Names.requireValue(subject, "subject", Names.MAX_VALUE_LENGTH);
    details = Map.copyOf(details);
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(hash, "hash");
  }
}
