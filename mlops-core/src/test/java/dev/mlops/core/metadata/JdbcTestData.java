package dev.mlops.core.metadata;

import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.Run;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Values for the JDBC store's tests. */
final class JdbcTestData {
  /** A fixed instant with a nanosecond part, so that precision losses show. */
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");

  private JdbcTestData() {}

  /**
   * Creates {@code java.io.tmpdir} if it is missing: the build points it at {@code target/tmp}, and
   * sqlite-jdbc extracts its native library there.
   */
  static void ensureTempDir() {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Digest digest(String content) {
    return Digest.of(content.getBytes(StandardCharsets.UTF_8));
  }

  static ArtifactVersionDraft draft(String name) {
    return new ArtifactVersionDraft(
        name, "dataset", digest(name), 3, "text/csv", Map.of("rows", "1"), T0, null);
  }

  /** Creates experiment {@code exp} and run {@code runId} in it. */
  static void run(MetadataTransaction tx, String runId) {
    if (tx.findExperiment("exp").isEmpty()) {
      tx.createExperiment(new Experiment("exp", "experiment", T0));
    }
    tx.createRun(Run.start(runId, "exp", null, null, T0));
  }

  /**
   * Appends one audit event on the locked head; its hash is the SHA-256 of the previous hash and
   * the sequence, computed here independently of the store.
   */
  static AuditEvent appendAudit(MetadataTransaction tx, String actor) {
    AuditCheckpoint head = tx.lockAuditHead();
    long seq = head.sequence() + 1;
    AuditEvent e =
        new AuditEvent(
            seq,
            T0,
            actor,
            "test.append",
            "subject:" + seq,
            Map.of("k", "v"),
            head.headHash(),
            chainHash(head.headHash(), seq));
    tx.appendAuditEvent(e);
    return e;
  }

  static String chainHash(String previous, long sequence) {
    return Digest.of((previous + ":" + sequence).getBytes(StandardCharsets.UTF_8)).hex();
  }
}
