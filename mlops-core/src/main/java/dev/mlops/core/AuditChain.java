package dev.mlops.core;

import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.spi.MetadataTransaction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Computes and appends the hash chain of the audit log. Every state change appends one event inside
 * the transaction that makes the change, after {@link MetadataTransaction#lockAuditHead()}, so the
 * chain never forks and an event exists exactly when its change committed.
 *
 * <p>The hash of an event is SHA-256 (or HMAC-SHA-256 with a key the host keeps outside the store)
 * over a canonical, unambiguous encoding: a format tag, then every field as a 4-byte big-endian
 * length followed by its UTF-8 bytes, in this order: sequence (decimal), time (epoch seconds and
 * nanoseconds, {@code s.n}), actor, action, subject, the number of details, each detail key and
 * value sorted by key, and the previous event's hash. Changing, inserting or removing any event
 * therefore breaks the link of the event after it.
 *
 * <p>Immutable and thread-safe.
 */
final class AuditChain {
  private static final byte[] FORMAT_TAG = "mlops-audit-v1".getBytes(StandardCharsets.UTF_8);
  private static final String HMAC = "HmacSHA256";

  private final byte @Nullable [] hmacKey;

  /**
   * Creates a chain.
   *
   * @param hmacKey the HMAC key, or null for plain SHA-256
   */
  AuditChain(byte @Nullable [] hmacKey) {
    if (hmacKey != null && hmacKey.length < 16) {
      throw new IllegalArgumentException(
          "an audit HMAC key needs at least 16 bytes, but has " + hmacKey.length);
    }
    this.hmacKey = hmacKey == null ? null : hmacKey.clone();
  }

  /** Returns whether events are keyed with HMAC-SHA-256. */
  boolean isKeyed() {
    return hmacKey != null;
  }

  /**
   * Locks the head and appends one event in the given write transaction.
   *
   * @return the appended event
   */
  AuditEvent append(
      MetadataTransaction tx,
      Instant time,
      String actor,
      String action,
      String subject,
      Map<String, String> details) {
    AuditCheckpoint head = tx.lockAuditHead();
    long sequence = head.sequence() + 1;
    String hash = hash(sequence, time, actor, action, subject, details, head.headHash());
    AuditEvent event =
        new AuditEvent(sequence, time, actor, action, subject, details, head.headHash(), hash);
    tx.appendAuditEvent(event);
    return event;
  }

  /** Recomputes the hash an event must carry, given its fields and previous hash. */
  String hash(AuditEvent e) {
    return hash(
        e.sequence(), e.time(), e.actor(), e.action(), e.subject(), e.details(), e.previousHash());
  }

  String hash(
      long sequence,
      Instant time,
      String actor,
      String action,
      String subject,
      Map<String, String> details,
      String previousHash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, FORMAT_TAG);
    field(out, Long.toString(sequence));
    field(out, time.getEpochSecond() + "." + time.getNano());
    field(out, actor);
    field(out, action);
    field(out, subject);
    Map<String, String> sorted = new TreeMap<>(details);
    field(out, Integer.toString(sorted.size()));
    sorted.forEach(
        (k, v) -> {
          field(out, k);
          field(out, v);
        });
    field(out, previousHash);
    byte[] bytes = out.toByteArray();
    if (hmacKey == null) {
      MessageDigest md = Digest.newMessageDigest();
      return Digest.fromBytes(md.digest(bytes)).hex();
    }
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(hmacKey, HMAC));
      return Digest.fromBytes(mac.doFinal(bytes)).hex();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform must provide " + HMAC, e);
    }
  }

  private static void field(ByteArrayOutputStream out, String value) {
    field(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void field(ByteArrayOutputStream out, byte[] bytes) {
    int n = bytes.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(bytes, 0, n);
  }
}
