package dev.mlops.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditLog;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.audit.AuditVerification.Finding;
import dev.mlops.api.audit.AuditVerification.Problem;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditLog} over a metadata store and an {@link AuditChain}. Verification and export
 * read the events in pages of {@value #PAGE}, each in a read transaction of its own, so they never
 * hold every event in memory nor keep a transaction open while writing to the caller's stream.
 * Thread-safe: it holds no mutable state of its own.
 */
final class DefaultAuditLog implements AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultAuditLog.class);

  /** The page size of verification and export. */
  static final int PAGE = 1000;

  private static final String RESTORE =
      " Find out who could write to the database, restore the audit log from a backup taken before"
          + " the change, and compare the two.";

  private final MetadataStore metadata;
  private final AuditChain chain;
  private final InstantSource clock;
  private final String actor;
  private final Runnable ensureOpen;
  private final JsonFactory json =
      new JsonFactoryBuilder()
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .rootValueSeparator((String) null) // each line ends with '\n' instead
          .build();

  DefaultAuditLog(
      MetadataStore metadata,
      AuditChain chain,
      InstantSource clock,
      String actor,
      Runnable ensureOpen) {
    this.metadata = metadata;
    this.chain = chain;
    this.clock = clock;
    this.actor = actor;
    this.ensureOpen = ensureOpen;
  }

  @Override
  public AuditCheckpoint checkpoint() {
    ensureOpen.run();
    return metadata.inTransaction(MetadataTransaction::lockAuditHead);
  }

  @Override
  public AuditVerification verify() {
    ensureOpen.run();
    return run(null);
  }

  @Override
  public AuditVerification verify(AuditCheckpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (checkpoint.sequence() == 0 && !checkpoint.headHash().equals(AuditEvent.GENESIS_HASH)) {
      throw new IllegalArgumentException(
          "checkpoint "
              + checkpoint
              + " has sequence 0, whose hash is always the genesis hash "
              + AuditEvent.GENESIS_HASH
              + "; it was not taken with checkpoint()");
    }
    ensureOpen.run();
    return run(checkpoint);
  }

  private AuditVerification run(@Nullable AuditCheckpoint checkpoint) {
    // The head record is read under the append lock, so it names a committed event (or 0).
    AuditCheckpoint head = metadata.inTransaction(MetadataTransaction::lockAuditHead);
    Verifier verifier = new Verifier(chain, head, checkpoint);
    long from = 1;
    while (true) {
      long start = from;
      List<AuditEvent> page = metadata.read(tx -> tx.listAuditEvents(start, PAGE));
      for (AuditEvent e : page) {
        Finding finding = verifier.next(e);
        if (finding != null) {
          return failed(verifier.checked, finding);
        }
      }
      if (page.size() < PAGE) {
        break;
      }
      from = page.get(page.size() - 1).sequence() + 1;
    }
    Finding finding = verifier.end();
    if (finding != null) {
      return failed(verifier.checked, finding);
    }
    LOG.debug("audit log intact: {} events checked", verifier.checked);
    return AuditVerification.passed(verifier.checked);
  }

  private static AuditVerification failed(long checked, Finding finding) {
    LOG.warn(
        "audit log verification failed at event {}: {}: {}",
        finding.sequence(),
        finding.problem(),
        finding.message());
    return AuditVerification.failed(checked, finding);
  }

  /**
   * The state of one verification pass: feed every event by ascending sequence to {@link #next},
   * then call {@link #end}; the first non-null result is the first problem. Not thread-safe.
   */
  static final class Verifier {
    private final AuditChain chain;
    private final AuditCheckpoint head;
    private final @Nullable AuditCheckpoint checkpoint;
    private long expected = 1;
    private String previousHash = AuditEvent.GENESIS_HASH;
    private @Nullable String beforePreviousHash;
    // A mismatch with the checkpoint or the head record at the newest event seen; reported unless
    // the next event shows that the mismatching event was inserted (the more precise finding).
    private @Nullable Finding pending;
    long checked;

    Verifier(AuditChain chain, AuditCheckpoint head, @Nullable AuditCheckpoint checkpoint) {
      this.chain = chain;
      this.head = head;
      this.checkpoint = checkpoint;
    }

    /** Checks the next event; returns the problem, or null when it extends the chain. */
    @Nullable Finding next(AuditEvent e) {
      Finding held = pending;
      if (held == null) {
        return check(e);
      }
      Finding f = check(e);
      if (f != null && f.problem() == Problem.INSERTED && f.sequence() == held.sequence()) {
        return f;
      }
      checked--; // the held finding is at the event before this one
      return held;
    }

    private @Nullable Finding check(AuditEvent e) {
      checked++;
      long s = e.sequence();
      if (s < expected) {
        return new Finding(
            s,
            Problem.INSERTED,
            "event "
                + s
                + " occurs again after event "
                + (expected - 1)
                + ": a second event with this sequence number was added."
                + RESTORE);
      }
      if (s > expected) {
        return new Finding(
            expected,
            Problem.REMOVED,
            (s - expected == 1
                    ? "event " + expected + " is missing"
                    : "events " + expected + " to " + (s - 1) + " are missing")
                + " (the log continues with event "
                + s
                + "): they were deleted."
                + RESTORE);
      }
      boolean selfOk = chain.hash(e).equals(e.hash());
      boolean linkOk = e.previousHash().equals(previousHash);
      if (!selfOk) {
        if (!linkOk && s > 1 && e.previousHash().equals(beforePreviousHash)) {
          return new Finding(
              s - 1,
              Problem.INSERTED,
              "event "
                  + (s - 1)
                  + " is not part of the chain: event "
                  + s
                  + " links to event "
                  + (s - 2)
                  + " before it, and carries a hash computed for another sequence number; an event"
                  + " was inserted at "
                  + (s - 1)
                  + " and the later ones renumbered."
                  + RESTORE);
        }
        if (!linkOk && rehash(e, s + 1).equals(e.hash())) {
          return new Finding(
              s,
              Problem.REMOVED,
              "the event at sequence "
                  + s
                  + " was written as event "
                  + (s + 1)
                  + ": the original event "
                  + s
                  + " was deleted and the later ones renumbered."
                  + RESTORE);
        }
        return new Finding(
            s,
            Problem.EDITED,
            "event "
                + s
                + " does not match its hash: "
                + (linkOk ? "a field" : "a field or its previous hash")
                + " was changed after it was written"
                + (chain.isKeyed()
                    ? " (or it was written without the audit key)"
                    : " (or its hash was edited)")
                + "."
                + (s == 1
                    ? " If every event fails like this, the log was written with another audit key"
                        + " (or none) than this instance uses: verify with the key it was written"
                        + " with."
                    : "")
                + RESTORE);
      }
      if (!linkOk) {
        return new Finding(
            s,
            Problem.BROKEN_LINK,
            "event "
                + s
                + " names "
                + e.previousHash()
                + " as the hash of event "
                + (s - 1)
                + ", which has "
                + previousHash
                + ": event "
                + (s - 1)
                + " (or an event before it) was replaced and its hash recomputed, without"
                + " recomputing the events after it."
                + RESTORE);
      }
      if (checkpoint != null
          && s == checkpoint.sequence()
          && !e.hash().equals(checkpoint.headHash())) {
        pending =
            new Finding(
                s,
                Problem.RECOMPUTED,
                "event "
                    + s
                    + " has hash "
                    + e.hash()
                    + ", but the checkpoint "
                    + checkpoint
                    + " names another: the chain up to event "
                    + s
                    + " was rewritten and its hashes recomputed, so the events 1 to "
                    + s
                    + " cannot be trusted (or the checkpoint is from another store)."
                    + RESTORE);
      } else if (s == head.sequence() && !e.hash().equals(head.headHash())) {
        pending =
            new Finding(
                s,
                Problem.BROKEN_LINK,
                "the store's head record names "
                    + head.headHash()
                    + " as the hash of event "
                    + s
                    + ", which has "
                    + e.hash()
                    + ": event "
                    + s
                    + " was replaced and its hash recomputed, or the head record was edited."
                    + RESTORE);
      }
      beforePreviousHash = previousHash;
      previousHash = e.hash();
      expected = s + 1;
      return null;
    }

    /** Checks the end of the log against the head record and the checkpoint. */
    @Nullable Finding end() {
      if (pending != null) {
        return pending;
      }
      long last = expected - 1;
      if (checkpoint != null && checkpoint.sequence() > last) {
        return new Finding(
            last + 1,
            Problem.TRUNCATED,
            "the checkpoint "
                + checkpoint
                + " names event "
                + checkpoint.sequence()
                + ", but the log ends at event "
                + last
                + ": the newest events from "
                + (last + 1)
                + " on were deleted (or the checkpoint is from another store)."
                + RESTORE);
      }
      if (head.sequence() > last) {
        return new Finding(
            last + 1,
            Problem.TRUNCATED,
            "the store's head record names event "
                + head.sequence()
                + ", but the log ends at event "
                + last
                + ": the newest events from "
                + (last + 1)
                + " on were deleted."
                + RESTORE);
      }
      return null;
    }

    private String rehash(AuditEvent e, long sequence) {
      return chain.hash(
          sequence, e.time(), e.actor(), e.action(), e.subject(), e.details(), e.previousHash());
    }
  }

  @Override
  public List<AuditEvent> events(long fromSequence, int limit) {
    if (fromSequence < 1) {
      throw new IllegalArgumentException(
          "audit sequence numbers start at 1, but fromSequence was " + fromSequence);
    }
    if (limit < 1 || limit > MetadataTransaction.MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit must be 1 to " + MetadataTransaction.MAX_PAGE + ", but was " + limit);
    }
    ensureOpen.run();
    return metadata.read(tx -> tx.listAuditEvents(fromSequence, limit));
  }

  @Override
  public long exportJsonLines(OutputStream out) {
    Objects.requireNonNull(out, "out");
    ensureOpen.run();
    long written = 0;
    try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
      long from = 1;
      while (true) {
        long start = from;
        List<AuditEvent> page = metadata.read(tx -> tx.listAuditEvents(start, PAGE));
        for (AuditEvent e : page) {
          write(g, e);
          written++;
        }
        g.flush();
        if (page.size() < PAGE) {
          break;
        }
        from = page.get(page.size() - 1).sequence() + 1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "writing the audit log as JSON lines failed after " + written + " events", e);
    }
    return written;
  }

  private static void write(JsonGenerator g, AuditEvent e) throws IOException {
    g.writeStartObject();
    g.writeNumberField("sequence", e.sequence());
    g.writeStringField("time", e.time().toString());
    g.writeStringField("actor", e.actor());
    g.writeStringField("action", e.action());
    g.writeStringField("subject", e.subject());
    g.writeObjectFieldStart("details");
    for (Map.Entry<String, String> d : new TreeMap<>(e.details()).entrySet()) {
      g.writeStringField(d.getKey(), d.getValue());
    }
    g.writeEndObject();
    g.writeStringField("previousHash", e.previousHash());
    g.writeStringField("hash", e.hash());
    g.writeEndObject();
    g.writeRaw('\n');
  }

  @Override
  public AuditEvent append(String action, String subject, Map<String, String> details) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(details, "details");
    Names.requireName(action, "audit action");
    if (!action.startsWith(HOST_ACTION_PREFIX) || action.length() == HOST_ACTION_PREFIX.length()) {
      throw InvalidInputException.of(
          "action",
          "audit action '"
              + action
              + "' must start with '"
              + HOST_ACTION_PREFIX
              + "' followed by a name, e.g. 'app.dataset.approved'; the other actions belong to"
              + " mlops itself");
    }
    if (subject.isEmpty()) {
      throw InvalidInputException.of(
          "subject", "audit subject must not be empty; name what the event is about");
    }
    Names.requireValue(subject, "audit subject", Names.MAX_VALUE_LENGTH);
    Map<String, String> copy = Map.copyOf(details);
    if (copy.size() > MAX_DETAILS) {
      throw InvalidInputException.of(
          "details",
          "an audit event carries at most "
              + MAX_DETAILS
              + " details, but got "
              + copy.size()
              + "; store larger records as an artifact and name it in a detail");
    }
    copy.forEach(
        (k, v) -> {
          Names.requireKey(k, "audit detail key");
          Names.requireValue(v, "audit detail '" + k + "'", Names.MAX_VALUE_LENGTH);
        });
    ensureOpen.run();
    Instant time = clock.instant();
    return metadata.inTransaction(tx -> chain.append(tx, time, actor, action, subject, copy));
  }
}
