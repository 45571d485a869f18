package dev.mlops.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditLog;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.audit.AuditVerification.Problem;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("the audit log")
class AuditLogTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");
  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);

  private final MetadataStore store = InMemoryMetadataStore.create();
  private final BlobStore blobs = InMemoryBlobStore.create();
  private final List<Mlops> opened = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Mlops m : opened) {
      m.close();
    }
    store.close();
    blobs.close();
  }

  private Mlops mlops(byte[] key) {
    Mlops.Builder b =
        Mlops.builder().metadata(store).blobs(blobs).clock(InstantSource.fixed(T0)).actor("alice");
    if (key != null) {
      b.auditKey(key);
    }
    Mlops m = b.build();
    opened.add(m);
    return m;
  }

  private Mlops mlops() {
    return mlops(null);
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Nested
  @DisplayName("records state changes")
  class Records {
    @Test
    @DisplayName(
        "an artifact put appends artifact.version.created with actor, time, subject and details")
    void artifactPut() throws Exception {
      Mlops m = mlops();
      byte[] bytes = "a,b\n1,2\n".getBytes(UTF_8);
      ArtifactVersion v =
          m.artifacts()
              .put("train", "dataset", "text/csv", new ByteArrayInputStream(bytes), Map.of());

      List<AuditEvent> events = m.audit().events(1, 10);
      assertThat(events).hasSize(1);
      AuditEvent e = events.get(0);
      assertThat(e.sequence()).isEqualTo(1);
      assertThat(e.time()).isEqualTo(T0);
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.action()).isEqualTo("artifact.version.created");
      assertThat(e.subject()).isEqualTo("artifact:train:1");
      assertThat(e.details())
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("digest", "sha256:" + sha256(bytes), "size", "8", "kind", "dataset"));
      assertThat(e.previousHash()).isEqualTo(AuditEvent.GENESIS_HASH);
      assertThat(v.version()).isEqualTo(1);
    }

    @Test
    @DisplayName("each event links to the hash of the one before, and the checkpoint is the newest")
    void chained() {
      Mlops m = mlops();
      for (int i = 0; i < 3; i++) {
        m.artifacts()
            .put(
                "model",
                "model",
                "application/octet-stream",
                new ByteArrayInputStream(new byte[] {(byte) i}),
                Map.of());
      }
      List<AuditEvent> events = m.audit().events(1, 10);
      assertThat(events)
          .extracting(AuditEvent::subject)
          .containsExactly("artifact:model:1", "artifact:model:2", "artifact:model:3");
      assertThat(events.get(1).previousHash()).isEqualTo(events.get(0).hash());
      assertThat(events.get(2).previousHash()).isEqualTo(events.get(1).hash());
      assertThat(m.audit().checkpoint()).isEqualTo(new AuditCheckpoint(3, events.get(2).hash()));
      assertThat(m.audit().events(3, 10)).containsExactly(events.get(2));
      assertThat(m.audit().events(4, 10)).isEmpty();
    }

    @Test
    @DisplayName("a refused put appends nothing")
    void refusedPut() {
      Mlops m = mlops();
      assertThatThrownBy(
              () ->
                  m.artifacts()
                      .put(
                          "../x",
                          "dataset",
                          "text/csv",
                          new ByteArrayInputStream(new byte[1]),
                          Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThat(m.audit().events(1, 10)).isEmpty();
      assertThat(m.audit().checkpoint()).isEqualTo(AuditCheckpoint.EMPTY);
    }
  }

  @Nested
  @DisplayName("host events")
  class HostEvents {
    @Test
    @DisplayName("append records the host's action with this instance's actor and clock")
    void append() {
      Mlops m = mlops();
      AuditEvent e =
          m.audit().append("app.dataset.approved", "dataset:train:3", Map.of("by", "qa"));
      assertThat(e.sequence()).isEqualTo(1);
      assertThat(e.actor()).isEqualTo("alice");
      assertThat(e.time()).isEqualTo(T0);
      assertThat(m.audit().events(1, 10)).containsExactly(e);
      assertThat(m.audit().verify().intact()).isTrue();
    }

    @ParameterizedTest(name = "action {0}")
    @ValueSource(
        strings = {
          "artifact.version.created",
          "app.",
          "app",
          "app.../x",
          "App.x",
          "x.app.y",
          "app.a b",
          "app.x\u0000"
        })
    @DisplayName("refuses actions outside app.* or not names, writing nothing")
    void badAction(String action) {
      Mlops m = mlops();
      assertThatThrownBy(() -> m.audit().append(action, "s", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThat(m.audit().checkpoint()).isEqualTo(AuditCheckpoint.EMPTY);
    }

    @Test
    @DisplayName(
        "refuses an empty or illegal subject and illegal or too many details, writing nothing")
    void badSubjectAndDetails() {
      Mlops m = mlops();
      AuditLog audit = m.audit();
      assertThatThrownBy(() -> audit.append("app.x", "", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> audit.append("app.x", "a\u0000b", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> audit.append("app.x", "\ud800", Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> audit.append("app.x", "s", Map.of("../k", "v")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> audit.append("app.x", "s", Map.of("k", "v\u0000")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> audit.append("app.x", "s", Map.of("k", "v".repeat(8001))))
          .isInstanceOf(InvalidInputException.class);
      Map<String, String> many = new HashMap<>();
      for (int i = 0; i < 65; i++) {
        many.put("k" + i, "v");
      }
      assertThatThrownBy(() -> audit.append("app.x", "s", many))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("64");
      many.remove("k0");
      assertThat(audit.append("app.x", "s", many).details()).hasSize(64);
      assertThat(audit.checkpoint().sequence()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("verification")
  class Verification {
    @Test
    @DisplayName("an empty log is intact, with and without the empty checkpoint")
    void empty() {
      Mlops m = mlops();
      assertThat(m.audit().verify()).isEqualTo(AuditVerification.passed(0));
      assertThat(m.audit().verify(AuditCheckpoint.EMPTY)).isEqualTo(AuditVerification.passed(0));
    }

    @Test
    @DisplayName("a log of 2,500 events (three pages) is intact, every event checked")
    void manyPages() {
      Mlops m = mlops();
      for (int i = 0; i < 2500; i++) {
        m.audit().append("app.tick", "tick:" + i, Map.of());
      }
      AuditCheckpoint cp = m.audit().checkpoint();
      assertThat(cp.sequence()).isEqualTo(2500);
      assertThat(m.audit().verify()).isEqualTo(AuditVerification.passed(2500));
      assertThat(m.audit().verify(cp)).isEqualTo(AuditVerification.passed(2500));
    }

    @Test
    @DisplayName("a checkpoint with a later sequence than the log finds it truncated")
    void checkpointBeyond() {
      Mlops m = mlops();
      for (int i = 0; i < 3; i++) {
        m.audit().append("app.tick", "tick:" + i, Map.of());
      }
      AuditCheckpoint future = new AuditCheckpoint(5, "a".repeat(64));
      AuditVerification v = m.audit().verify(future);
      assertThat(v.intact()).isFalse();
      assertThat(v.eventsChecked()).isEqualTo(3);
      assertThat(v.finding().orElseThrow().sequence()).isEqualTo(4);
      assertThat(v.finding().orElseThrow().problem()).isEqualTo(Problem.TRUNCATED);
    }

    @Test
    @DisplayName("a checkpoint whose hash the event does not carry finds the chain recomputed")
    void checkpointOtherHash() {
      Mlops m = mlops();
      for (int i = 0; i < 3; i++) {
        m.audit().append("app.tick", "tick:" + i, Map.of());
      }
      AuditVerification v = m.audit().verify(new AuditCheckpoint(2, "b".repeat(64)));
      assertThat(v.finding().orElseThrow().problem()).isEqualTo(Problem.RECOMPUTED);
      assertThat(v.finding().orElseThrow().sequence()).isEqualTo(2);
      assertThat(v.eventsChecked()).isEqualTo(2);
    }

    @Test
    @DisplayName("a checkpoint of sequence 0 with another hash than genesis is refused")
    void badZeroCheckpoint() {
      Mlops m = mlops();
      assertThatThrownBy(() -> m.audit().verify(new AuditCheckpoint(0, "c".repeat(64))))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName(
        "a keyed log verifies with its key, and fails at event 1 without it or with another")
    void keyed() {
      Mlops writer = mlops(KEY);
      writer.audit().append("app.a", "s", Map.of());
      writer.audit().append("app.b", "s", Map.of());
      assertThat(writer.audit().verify()).isEqualTo(AuditVerification.passed(2));

      AuditVerification unkeyed = mlops().audit().verify();
      assertThat(unkeyed.finding().orElseThrow().problem()).isEqualTo(Problem.EDITED);
      assertThat(unkeyed.finding().orElseThrow().sequence()).isEqualTo(1);
      assertThat(unkeyed.finding().orElseThrow().message()).contains("another audit key");

      byte[] other = KEY.clone();
      other[0] ^= 1;
      assertThat(mlops(other).audit().verify().finding().orElseThrow().problem())
          .isEqualTo(Problem.EDITED);
    }

    @Test
    @DisplayName("the builder copies the key and refuses one shorter than 16 bytes or a second one")
    void keyOption() {
      byte[] key = KEY.clone();
      Mlops m = mlops(key);
      key[0] ^= 1; // changing the caller's array afterwards changes nothing
      m.audit().append("app.a", "s", Map.of());
      assertThat(mlops(KEY).audit().verify().intact()).isTrue();
      assertThatThrownBy(() -> Mlops.builder().auditKey(new byte[15]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("16");
      assertThatThrownBy(() -> Mlops.builder().auditKey(new byte[16]).auditKey(new byte[16]))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  @DisplayName("reading and export")
  class Reading {
    @Test
    @DisplayName("events() refuses a sequence below 1 and limits outside 1..10000")
    void eventsArguments() {
      AuditLog audit = mlops().audit();
      assertThatThrownBy(() -> audit.events(0, 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> audit.events(1, 0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> audit.events(1, 10_001))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(audit.events(1, 10_000)).isEmpty();
    }

    @Test
    @DisplayName(
        "export writes one JSON object per line, keys in the documented order, and reads back equal")
    void exportJsonLines() throws Exception {
      Mlops m = mlops();
      m.artifacts()
          .put(
              "train",
              "dataset",
              "text/csv",
              new ByteArrayInputStream("x".getBytes(UTF_8)),
              Map.of());
      m.audit()
          .append(
              "app.note", "run:\"quoted\" \u00e9\u4e2d\ud83d\ude00", Map.of("z", "1", "a", "\n\t"));
      m.audit().append("app.empty", "s", Map.of());
      AtomicBoolean closed = new AtomicBoolean();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      long n =
          m.audit()
              .exportJsonLines(
                  new FilterOutputStream(bytes) {
                    @Override
                    public void close() {
                      closed.set(true);
                    }
                  });
      assertThat(n).isEqualTo(3);
      assertThat(closed).isFalse();
      String text = bytes.toString(UTF_8);
      assertThat(text).endsWith("}\n");
      String[] lines = text.split("\n", -1);
      assertThat(lines).hasSize(4);
      assertThat(lines[3]).isEmpty();

      ObjectMapper mapper = new ObjectMapper();
      List<AuditEvent> expected = m.audit().events(1, 10);
      for (int i = 0; i < 3; i++) {
        JsonNode node = mapper.readTree(lines[i]);
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
            .containsExactly(
                "sequence",
                "time",
                "actor",
                "action",
                "subject",
                "details",
                "previousHash",
                "hash");
        Map<String, String> details = new HashMap<>();
        List<String> detailKeys = new ArrayList<>();
        for (Map.Entry<String, JsonNode> d : node.get("details").properties()) {
          details.put(d.getKey(), d.getValue().textValue());
          detailKeys.add(d.getKey());
        }
        assertThat(detailKeys).isSorted();
        AuditEvent read =
            new AuditEvent(
                node.get("sequence").longValue(),
                Instant.parse(node.get("time").textValue()),
                node.get("actor").textValue(),
                node.get("action").textValue(),
                node.get("subject").textValue(),
                details,
                node.get("previousHash").textValue(),
                node.get("hash").textValue());
        assertThat(read).isEqualTo(expected.get(i));
      }
      assertThat(lines[0])
          .startsWith("{\"sequence\":1,\"time\":\"2026-03-01T10:15:30.123456789Z\",");
    }

    @Test
    @DisplayName("a closed instance refuses audit()")
    void closedInstance() {
      Mlops m = mlops();
      AuditLog audit = m.audit();
      m.close();
      assertThatThrownBy(m::audit).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(audit::verify).isInstanceOf(IllegalStateException.class);
    }
  }
}
