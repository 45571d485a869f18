package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditLog;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.core.Mlops;
import dev.mlops.core.blob.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends are serialised, so the audit chain never forks under concurrent writers: several
 * processes on one embedded store, and several instances on one PostgreSQL database. Afterwards the
 * log verifies intact, its sequence equals the number of acknowledged appends, and its events name
 * exactly the acknowledged artifact versions.
 */
@DisplayName("the audit chain under concurrent writers")
class AuditLogConcurrencyTest {

  /** Checks the log against the acknowledged subjects, one event per acknowledgement. */
  static void assertChain(AuditLog audit, List<String> acked) {
    Set<String> unique = new HashSet<>(acked);
    assertThat(unique).as("every acknowledged version once").hasSameSizeAs(acked);

    AuditVerification v = audit.verify();
    assertThat(v.finding()).as("first problem").isEmpty();
    assertThat(v).isEqualTo(AuditVerification.passed(acked.size()));
    AuditCheckpoint cp = audit.checkpoint();
    assertThat(cp.sequence()).isEqualTo(acked.size());
    assertThat(audit.verify(cp).intact()).isTrue();

    List<AuditEvent> events = new ArrayList<>();
    for (long from = 1; ; ) {
      List<AuditEvent> page = audit.events(from, 500);
      events.addAll(page);
      if (page.size() < 500) {
        break;
      }
      from = page.get(page.size() - 1).sequence() + 1;
    }
    assertThat(events)
        .extracting(AuditEvent::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, acked.size()).boxed().toList());
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).previousHash())
          .as("link of event %d", i + 1)
          .isEqualTo(events.get(i - 1).hash());
    }
    assertThat(events).extracting(AuditEvent::subject).containsExactlyInAnyOrderElementsOf(acked);
  }

  @Nested
  @Tag("long")
  @DisplayName("embedded store (SQLite)")
  class Embedded {
    static final int CHILDREN = 2;
    static final int THREADS = 4;
    static final int PUTS = 40;

    @TempDir Path tmp;

    @Test
    @DisplayName("2 processes x 4 threads appending: intact, one event per acknowledged put")
    void twoProcesses() throws Exception {
      Path dir = tmp.resolve("store");
      ChildJvm.ensureTempDirectory();
      List<String> jvmOptions = ChildJvm.sqliteNativeLibrary(tmp.resolve("native"));
      try (Mlops mlops = Mlops.open(dir)) {
        assertThat(mlops.audit().checkpoint()).isEqualTo(AuditCheckpoint.EMPTY);
      }
      List<ChildJvm> children = new ArrayList<>();
      for (int c = 0; c < CHILDREN; c++) {
        children.add(
            ChildJvm.start(
                AuditWorkload.class,
                tmp.resolve("child-" + c + ".err"),
                jvmOptions,
                dir.toString(),
                Integer.toString(c),
                Integer.toString(THREADS),
                Integer.toString(PUTS)));
      }
      for (ChildJvm child : children) {
        assertThat(child.awaitReady(Duration.ofSeconds(120)))
            .as("child ready; stderr:%n%s", child.stderrTail())
            .isTrue();
      }
      for (ChildJvm child : children) {
        child.send("go");
      }
      List<String> acked = new ArrayList<>();
      for (ChildJvm child : children) {
        boolean ended = child.waitFor(Duration.ofSeconds(300));
        if (!ended) {
          child.kill();
        }
        child.awaitOutput();
        assertThat(ended).as("child ended").isTrue();
        List<String> lines = child.lines();
        assertThat(lines.stream().filter(l -> l.startsWith("error")).toList())
            .as("exceptions seen by a writer; stderr:%n%s", child.stderrTail())
            .isEmpty();
        assertThat(child.exitValue()).isZero();
        assertThat(lines).contains("done");
        for (String line : lines) {
          if (line.startsWith("ack ")) {
            acked.add(line.substring(4));
          }
        }
      }
      assertThat(acked).hasSize(CHILDREN * THREADS * PUTS);
      try (Mlops mlops = Mlops.open(dir)) {
        assertChain(mlops.audit(), acked);
      }
    }
  }

  @Nested
  @DisplayName("PostgreSQL")
  class Postgres {
    static final int INSTANCES = 2;
    static final int THREADS = 8;
    static final int PUTS = 25;

    @Test
    @DisplayName("2 instances x 8 threads appending: intact, one event per acknowledged put")
    void twoInstances() throws Exception {
      String base = baseUrl();
      String schema =
          "audit_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
      String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      execute(base, "CREATE SCHEMA " + schema);
      try (InMemoryBlobStore blobs = InMemoryBlobStore.create()) {
        List<Mlops> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
          instances.add(Mlops.builder().metadata(URI.create(url)).blobs(blobs).build());
        }
        try {
          List<String> acked = putConcurrently(instances);
          assertThat(acked).hasSize(INSTANCES * THREADS * PUTS);
          assertChain(instances.get(0).audit(), acked);
        } finally {
          for (Mlops m : instances) {
            m.close();
          }
        }
      } finally {
        execute(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }

    private List<String> putConcurrently(List<Mlops> instances) throws Exception {
      int writers = instances.size() * THREADS;
      CyclicBarrier start = new CyclicBarrier(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          Mlops m = instances.get(w % instances.size());
          int writer = w;
          futures.add(
              pool.submit(
                  () -> {
                    start.await(60, TimeUnit.SECONDS);
                    List<String> acks = new ArrayList<>();
                    for (int i = 0; i < PUTS; i++) {
                      String name = AuditWorkload.NAMES.get((writer + i) % 3);
                      byte[] bytes = ("w" + writer + "-p" + i).getBytes(StandardCharsets.UTF_8);
                      ArtifactVersion v =
                          m.artifacts()
                              .put(
                                  name,
                                  "dataset",
                                  "text/plain",
                                  new ByteArrayInputStream(bytes),
                                  Map.of());
                      acks.add("artifact:" + v.name() + ":" + v.version());
                    }
                    return acks;
                  }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : futures) {
          all.addAll(f.get(300, TimeUnit.SECONDS));
        }
        return all;
      } finally {
        pool.shutdownNow();
      }
    }

    private static String baseUrl() {
      String url = System.getenv("MLOPS_TEST_PG_URL");
      if (url == null || url.isBlank()) {
        String message =
            "MLOPS_TEST_PG_URL is not set, so the PostgreSQL audit concurrency test cannot run;"
                + " run the build through .ci/run, which starts PostgreSQL and sets it";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          Assertions.fail(message);
        }
        Assumptions.abort(message);
      }
      return url;
    }

    private static void execute(String url, String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }
}
