package dev.mlops.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.audit.AuditVerification.Finding;
import dev.mlops.api.audit.AuditVerification.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Tampering with the audit log behind the library's back, with plain SQL on the database of a
 * store, and what verification then reports. Each test writes {@value #EVENTS} events (artifact
 * puts and host events) through the library, takes a checkpoint, closes the library, changes the
 * tables {@code audit_events} and {@code audit_head} directly, and verifies with a new instance.
 * The expected findings come from where the test tampered, never from the verifier.
 *
 * <p>Subclasses name the backend: {@link #open} opens the library on the store, {@link #connect}
 * opens a plain JDBC connection to its database.
 */
abstract class AuditTamperContract {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.5Z");
  static final byte[] KEY = "a secret the host keeps elsewhere".getBytes(UTF_8);
  static final int EVENTS = 10;

  /**
   * Opens the library on the store under test (the same store at every call).
   *
   * @param key the audit key, or null
   */
  protected abstract Mlops open(byte @Nullable [] key);

  /** Opens a plain JDBC connection to the store's database. */
  protected abstract Connection connect() throws SQLException;

  static InstantSource ticking() {
    long[] n = {0};
    return () -> T0.plusMillis(n[0]++);
  }

  /** Writes the events through the library; returns the checkpoint taken afterwards. */
  private AuditCheckpoint fill(byte @Nullable [] key) {
    try (Mlops m = open(key)) {
      for (int i = 1; i <= EVENTS; i++) {
        if (i % 2 == 1) {
          m.artifacts()
              .put(
                  "data",
                  "dataset",
                  "text/csv",
                  new ByteArrayInputStream(("row," + i).getBytes(UTF_8)),
                  Map.of());
        } else {
          m.audit().append("app.reviewed", "artifact:data:" + (i / 2), Map.of("by", "qa-" + i));
        }
      }
      AuditCheckpoint cp = m.audit().checkpoint();
      assertThat(cp.sequence()).isEqualTo(EVENTS);
      return cp;
    }
  }

  private <T> T with(byte @Nullable [] key, Function<Mlops, T> f) {
    try (Mlops m = open(key)) {
      return f.apply(m);
    }
  }

  private AuditVerification verify(byte @Nullable [] key, @Nullable AuditCheckpoint cp) {
    return with(key, m -> cp == null ? m.audit().verify() : m.audit().verify(cp));
  }

  private void sql(String statement, Object... args) {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("tampering statement failed: " + statement, e);
    }
  }

  private static void assertFinding(
      AuditVerification v, Problem problem, long sequence, long checked) {
    assertThat(v.intact()).as("intact: %s", v).isFalse();
    Finding f = v.finding().orElseThrow();
    assertThat(f.problem()).as("problem: %s", f.message()).isEqualTo(problem);
    assertThat(f.sequence()).as("sequence: %s", f.message()).isEqualTo(sequence);
    assertThat(v.eventsChecked()).as("events checked: %s", f.message()).isEqualTo(checked);
    assertThat(f.message()).contains(Long.toString(sequence)).contains("backup");
  }

  /** Renumbers events from {@code from} on by {@code delta}, in two steps past the unique key. */
  private void shift(long from, int delta) {
    sql("UPDATE audit_events SET sequence = sequence + 100000 WHERE sequence >= ?", from);
    sql("UPDATE audit_events SET sequence = sequence - 100000 + ? WHERE sequence >= 100000", delta);
  }

  /**
   * What an attacker who knows the algorithm (but not the key) does: changes event {@code edited}
   * with {@code change}, recomputes its hash with plain SHA-256 and, if {@code all}, the hashes and
   * links of every later event and the head record.
   */
  private void rewrite(long edited, Function<AuditEvent, AuditEvent> change, boolean all) {
    List<AuditEvent> events = with(null, m -> m.audit().events(1, 1000));
    AuditChain forger = new AuditChain(null);
    String previous = events.get((int) edited - 2).hash();
    List<AuditEvent> rewritten = new ArrayList<>();
    for (AuditEvent e : events.subList((int) edited - 1, all ? events.size() : (int) edited)) {
      AuditEvent base = e.sequence() == edited ? change.apply(e) : e;
      AuditEvent linked = withHashes(base, previous, "0".repeat(64));
      AuditEvent hashed = withHashes(linked, previous, forger.hash(linked));
      rewritten.add(hashed);
      previous = hashed.hash();
    }
    for (AuditEvent e : rewritten) {
      sql(
          "UPDATE audit_events SET actor = ?, subject = ?, previous_hash = ?, hash = ?"
              + " WHERE sequence = ?",
          e.actor(),
          e.subject(),
          e.previousHash(),
          e.hash(),
          e.sequence());
    }
    if (all) {
      sql("UPDATE audit_head SET hash = ? WHERE id = 1", previous);
    }
  }

  private static AuditEvent withHashes(AuditEvent e, String previousHash, String hash) {
    return new AuditEvent(
        e.sequence(),
        e.time(),
        e.actor(),
        e.action(),
        e.subject(),
        e.details(),
        previousHash,
        hash);
  }

  private static AuditEvent byMallory(AuditEvent e) {
    return new AuditEvent(
        e.sequence(),
        e.time(),
        "mallory",
        e.action(),
        e.subject(),
        e.details(),
        e.previousHash(),
        e.hash());
  }

  @Test
  @DisplayName("an untouched log is intact, with and without the checkpoint and the key")
  void untouched() {
    AuditCheckpoint cp = fill(KEY);
    assertThat(verify(KEY, null)).isEqualTo(AuditVerification.passed(EVENTS));
    assertThat(verify(KEY, cp)).isEqualTo(AuditVerification.passed(EVENTS));
  }

  @Test
  @DisplayName("an edited actor, details or time in the middle is EDITED at that sequence")
  void editedField() {
    AuditCheckpoint cp = fill(null);
    sql("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 5");
    assertFinding(verify(null, null), Problem.EDITED, 5, 5);
    assertFinding(verify(null, cp), Problem.EDITED, 5, 5);
    sql(
        "UPDATE audit_events SET details = replace(details, '\"size\":\"', '\"size\":\"9')"
            + " WHERE sequence = 3");
    assertFinding(verify(null, null), Problem.EDITED, 3, 3);
    sql("UPDATE audit_events SET time = time + 1 WHERE sequence = 2");
    assertFinding(verify(null, null), Problem.EDITED, 2, 2);
  }

  @Test
  @DisplayName("an edit whose own hash was recomputed breaks the link of the next event")
  void editedAndRehashed() {
    fill(null);
    rewrite(5, AuditTamperContract::byMallory, false);
    assertFinding(verify(null, null), Problem.BROKEN_LINK, 6, 6);
  }

  @Test
  @DisplayName("an edit of the newest event with its hash recomputed breaks the head record's link")
  void editedNewestAndRehashed() {
    fill(null);
    rewrite(EVENTS, AuditTamperContract::byMallory, false);
    assertFinding(verify(null, null), Problem.BROKEN_LINK, EVENTS, EVENTS);
  }

  @Test
  @DisplayName("a row inserted in the middle, later rows renumbered, is INSERTED at its sequence")
  void inserted() {
    fill(null);
    AuditEvent before = with(null, m -> m.audit().events(4, 1).get(0));
    AuditEvent forged =
        new AuditEvent(
            5,
            before.time(),
            "mallory",
            "app.approved",
            "model:fraud:1",
            Map.of(),
            before.hash(),
            "0".repeat(64));
    String hash = new AuditChain(null).hash(forged);
    shift(5, 1);
    sql(
        "INSERT INTO audit_events (sequence, time, actor, action, subject, details,"
            + " previous_hash, hash) SELECT 5, time, 'mallory', 'app.approved', 'model:fraud:1',"
            + " '{}', ?, ? FROM audit_events WHERE sequence = 4",
        before.hash(),
        hash);
    sql("UPDATE audit_head SET sequence = ? WHERE id = 1", EVENTS + 1);
    assertFinding(verify(null, null), Problem.INSERTED, 5, 6);
  }

  @Test
  @DisplayName("with the key, a forged row inserted in the middle fails as EDITED at its sequence")
  void insertedKeyed() {
    fill(KEY);
    AuditEvent before = with(null, m -> m.audit().events(4, 1).get(0));
    AuditEvent forged =
        new AuditEvent(
            5,
            before.time(),
            "mallory",
            "app.approved",
            "model:fraud:1",
            Map.of(),
            before.hash(),
            "0".repeat(64));
    String hash = new AuditChain(null).hash(forged);
    shift(5, 1);
    sql(
        "INSERT INTO audit_events (sequence, time, actor, action, subject, details,"
            + " previous_hash, hash) SELECT 5, time, 'mallory', 'app.approved', 'model:fraud:1',"
            + " '{}', ?, ? FROM audit_events WHERE sequence = 4",
        before.hash(),
        hash);
    assertFinding(verify(KEY, null), Problem.EDITED, 5, 5);
  }

  @Test
  @DisplayName("a row deleted in the middle is REMOVED at its sequence, renumbered or not")
  void removed() {
    fill(KEY);
    sql("DELETE FROM audit_events WHERE sequence = 5");
    assertFinding(verify(KEY, null), Problem.REMOVED, 5, 5);
    shift(6, -1);
    sql("UPDATE audit_head SET sequence = ? WHERE id = 1", EVENTS - 1);
    assertFinding(verify(KEY, null), Problem.REMOVED, 5, 5);
  }

  @Test
  @DisplayName(
      "newest rows deleted: found by the head record; with it set back only by the checkpoint")
  void truncated() {
    AuditCheckpoint cp = fill(null);
    sql("DELETE FROM audit_events WHERE sequence >= 9");
    assertFinding(verify(null, null), Problem.TRUNCATED, 9, 8);

    sql(
        "UPDATE audit_head SET sequence = 8,"
            + " hash = (SELECT hash FROM audit_events WHERE sequence = 8) WHERE id = 1");
    // What an unanchored verify cannot detect (documented on AuditLog):
    assertThat(verify(null, null)).isEqualTo(AuditVerification.passed(8));
    assertFinding(verify(null, cp), Problem.TRUNCATED, 9, 8);
    // The key does not help here either: only the checkpoint does.
  }

  @Test
  @DisplayName(
      "a consistently recomputed chain: not found unanchored; RECOMPUTED with the checkpoint")
  void recomputed() {
    AuditCheckpoint cp = fill(null);
    rewrite(5, AuditTamperContract::byMallory, true);
    String actor = with(null, m -> m.audit().events(5, 1).get(0).actor());
    assertThat(actor).isEqualTo("mallory");
    // What an unanchored verify without a key cannot detect (documented on AuditLog):
    assertThat(verify(null, null)).isEqualTo(AuditVerification.passed(EVENTS));
    assertFinding(verify(null, cp), Problem.RECOMPUTED, EVENTS, EVENTS);
  }

  @Test
  @DisplayName(
      "a chain recomputed without the key is EDITED at the first changed event, even unanchored")
  void recomputedKeyed() {
    AuditCheckpoint cp = fill(KEY);
    rewrite(5, AuditTamperContract::byMallory, true);
    assertFinding(verify(KEY, null), Problem.EDITED, 5, 5);
    assertFinding(verify(KEY, cp), Problem.EDITED, 5, 5);
  }

  @Test
  @DisplayName("the export as JSON lines reads back equal to the stored events")
  void export() throws Exception {
    fill(null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<AuditEvent> stored =
        with(
            null,
            m -> {
              assertThat(m.audit().exportJsonLines(out)).isEqualTo(EVENTS);
              return m.audit().events(1, 100);
            });
    ObjectMapper mapper = new ObjectMapper();
    List<AuditEvent> read = new ArrayList<>();
    for (String line : out.toString(UTF_8).split("\n")) {
      JsonNode n = mapper.readTree(line);
      Map<String, String> details = new TreeMap<>();
      n.get("details").properties().forEach(d -> details.put(d.getKey(), d.getValue().textValue()));
      read.add(
          new AuditEvent(
              n.get("sequence").longValue(),
              Instant.parse(n.get("time").textValue()),
              n.get("actor").textValue(),
              n.get("action").textValue(),
              n.get("subject").textValue(),
              details,
              n.get("previousHash").textValue(),
              n.get("hash").textValue()));
    }
    assertThat(read).containsExactlyElementsOf(stored).hasSize(EVENTS);
  }

  /** Runs statements on a connection; for subclasses' setup. */
  static void execute(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
