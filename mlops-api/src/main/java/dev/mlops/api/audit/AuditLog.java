package dev.mlops.api.audit;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The tamper-evident audit log of a store: every state change the library makes (an artifact
 * version created, and more as the facades grow) appends an event, in the same transaction as the
 * change, with a gap-free sequence number and the hash of the event before it.
 *
 * <p>Thread-safe; share one instance. Appends are serialised by the store (SQLite: the write
 * transaction; PostgreSQL: a row lock on the chain head), so the chain never forks under concurrent
 * writers in several threads or processes. Readers see committed events only; a verification or an
 * export covers at least the events up to the head at the moment it starts, and may include events
 * appended while it runs.
 *
 * <h2>What verification finds, and what it cannot</h2>
 *
 * Each event's hash is SHA-256 over a canonical encoding of its fields and the previous event's
 * hash; with an audit key (HMAC-SHA-256, {@code Mlops.Builder.auditKey(byte[])}) it is keyed, and
 * the key is never stored. {@link #verify()} reads every event in order and reports the first:
 *
 * <ul>
 *   <li>edited field whose hash was left as it was ({@link AuditVerification.Problem#EDITED});
 *   <li>event removed from the middle, as a gap or with the later events renumbered ({@link
 *       AuditVerification.Problem#REMOVED});
 *   <li>event inserted in the middle, with the later events renumbered ({@link
 *       AuditVerification.Problem#INSERTED});
 *   <li>event replaced with a recomputed hash while the events after it were left as they were
 *       ({@link AuditVerification.Problem#BROKEN_LINK});
 *   <li>newest events removed while the store's own head record was left as it was ({@link
 *       AuditVerification.Problem#TRUNCATED}).
 * </ul>
 *
 * <p>Without a key, an unanchored {@link #verify()} <b>cannot</b> detect tampering by someone who
 * can write to the database and recomputes the hashes consistently:
 *
 * <ul>
 *   <li>removal of the newest events, when the head record is set back to the new last event;
 *   <li>an edit, insertion or removal anywhere, when every hash after it and the head record are
 *       recomputed (a consistently recomputed chain);
 *   <li>events appended at the end by someone who computes their hashes.
 * </ul>
 *
 * <p>Two means close these gaps. A <b>checkpoint</b> ({@link #checkpoint()}), kept outside the
 * store (a log line, a ticket, another system), anchors the chain: {@link #verify(AuditCheckpoint)}
 * also reports the removal of events up to the checkpoint's sequence ({@link
 * AuditVerification.Problem#TRUNCATED}) and a recomputed chain up to it ({@link
 * AuditVerification.Problem#RECOMPUTED}); events after the checkpoint remain protected only by the
 * chain. An <b>audit key</b> held outside the store makes every hash unforgeable without it: a
 * recomputed chain, an inserted or an appended event fails as {@link
 * AuditVerification.Problem#EDITED}; removal of the newest events together with the head record
 * still needs a checkpoint to be found. Neither protects against someone who holds the key, nor
 * against deleting the whole store (keep backups).
 *
 * <pre>{@code
 * AuditCheckpoint cp = mlops.audit().checkpoint();
 * log.info("audit checkpoint {}", cp); // keep it outside the store
 * // ... later, perhaps months later:
 * AuditVerification v = mlops.audit().verify(AuditCheckpoint.parse(saved));
 * if (!v.intact()) {
 *   throw new IllegalStateException(v.finding().orElseThrow().message());
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AuditLog {

  /** The prefix of every action a host appends with {@link #append}. */
  String HOST_ACTION_PREFIX = "app.";

  /** The most details one host event may carry. */
  int MAX_DETAILS = 64;

  /**
   * Returns the current head of the chain, (sequence, head hash), to keep outside the store. It is
   * read under the store's append lock, so it waits for an append in progress and names a committed
   * event. It is the head as stored: verify first if the log may already have been tampered with.
   *
   * @return the head; {@link AuditCheckpoint#EMPTY} for an empty log
   * @throws dev.mlops.api.StorageException if the store fails
   * @throws IllegalStateException if the owning instance is closed
   */
  AuditCheckpoint checkpoint();

  /**
   * Verifies the chain from event 1 to the newest event, reading it in pages (never all at once),
   * and checks the newest event against the store's head record. The head record is read under the
   * append lock, as {@link #checkpoint()} does (briefly, writing nothing), so verification needs a
   * store this instance may write to. See the class documentation for what this cannot detect
   * without a checkpoint or a key.
   *
   * @return the result, with the first problem found
   * @throws dev.mlops.api.StorageException if the store fails or an event cannot be read at all
   * @throws IllegalStateException if the owning instance is closed
   */
  AuditVerification verify();

  /**
   * Verifies the chain as {@link #verify()} does, and also that the event at the checkpoint's
   * sequence exists ({@link AuditVerification.Problem#TRUNCATED} if not) and carries the
   * checkpoint's hash ({@link AuditVerification.Problem#RECOMPUTED} if not).
   *
   * @param checkpoint a checkpoint taken from this store before
   * @return the result, with the first problem found by ascending sequence
   * @throws IllegalArgumentException if the checkpoint has sequence 0 but not the genesis hash
   * @throws dev.mlops.api.StorageException if the store fails or an event cannot be read at all
   * @throws IllegalStateException if the owning instance is closed
   */
  AuditVerification verify(AuditCheckpoint checkpoint);

  /**
   * Lists events by ascending sequence, without verifying them.
   *
   * @param fromSequence the first sequence to return, 1 or more
   * @param limit the most events to return, 1 to {@value
   *     dev.mlops.spi.MetadataTransaction#MAX_PAGE}
   * @return the events; fewer than {@code limit} at the end of the log
   * @throws IllegalArgumentException if {@code fromSequence} or {@code limit} is out of range
   * @throws dev.mlops.api.StorageException if the store fails
   * @throws IllegalStateException if the owning instance is closed
   */
  List<AuditEvent> events(long fromSequence, int limit);

  /**
   * Writes every event as JSON lines: one object per line (UTF-8, {@code \n}), keys in this order:
   * {@code sequence} (number), {@code time} (ISO-8601, e.g. {@code
   * 2026-01-01T00:00:00.000000001Z}), {@code actor}, {@code action}, {@code subject}, {@code
   * details} (an object of strings, keys sorted), {@code previousHash}, {@code hash}. The stream is
   * flushed and not closed. Events are read in pages, never all at once.
   *
   * @param out where to write
   * @return the number of events written
   * @throws java.io.UncheckedIOException if writing to {@code out} fails
   * @throws dev.mlops.api.StorageException if the store fails
   * @throws IllegalStateException if the owning instance is closed
   */
  long exportJsonLines(OutputStream out);

  /**
   * Appends an event of the host application's own, by this instance's actor at the clock's time,
   * in a transaction of its own. Host actions start with {@value #HOST_ACTION_PREFIX}, so they can
   * never pass for the library's own events.
   *
   * @param action {@value #HOST_ACTION_PREFIX} followed by a name ({@link dev.mlops.api.Names}):
   *     e.g. {@code app.dataset.approved}
   * @param subject what the event is about, 1 to {@value dev.mlops.api.Names#MAX_VALUE_LENGTH}
   *     characters of text
   * @param details up to {@value #MAX_DETAILS} pairs; keys are {@link dev.mlops.api.Names} keys,
   *     values text of up to {@value dev.mlops.api.Names#MAX_VALUE_LENGTH} characters
   * @return the appended event
   * @throws dev.mlops.api.InvalidInputException if the action, subject or a detail is illegal
   *     (nothing is written)
   * @throws NullPointerException if an argument, a detail key or a detail value is null
   * @throws dev.mlops.api.StorageException if the store fails
   * @throws IllegalStateException if the owning instance is closed
   */
  AuditEvent append(String action, String subject, Map<String, String> details);
}
