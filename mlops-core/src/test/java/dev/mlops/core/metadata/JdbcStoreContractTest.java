package dev.mlops.core.metadata;

import static dev.mlops.core.metadata.JdbcTestData.T0;
import static dev.mlops.core.metadata.JdbcTestData.appendAudit;
import static dev.mlops.core.metadata.JdbcTestData.draft;
import static dev.mlops.core.metadata.JdbcTestData.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.internal.CrashPoints;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.MetadataTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store promises on every database it runs on, beyond the compatibility kit: exact
 * encodings, transaction rules, concurrency and crash points. A subclass supplies a new empty
 * store.
 */
abstract class JdbcStoreContractTest {
  static {
    JdbcTestData.ensureTempDir();
  }

  /** Opens a new, empty store. */
  protected abstract JdbcMetadataStore newStore();

  /** Releases what {@link #newStore()} set up, after the store is closed. */
  protected void cleanUp() {}

  protected JdbcMetadataStore store;

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    CrashPoints.install(null);
    if (store != null) {
      store.close();
      cleanUp();
    }
  }

  private void createRun(String runId) {
    store.inTransaction(
        tx -> {
          run(tx, runId);
          return null;
        });
  }

  @Nested
  @DisplayName("encodings")
  class Encodings {
    @Test
    @DisplayName("metric values keep their class: NaN, both infinities and both zeros")
    void metricValuesRoundTrip() {
      createRun("r1");
      double[] values = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0.0,
        -0.0,
        Double.MIN_VALUE,
        -Double.MAX_VALUE,
        0.1,
        1e300,
        42.0
      };
      List<MetricPoint> points = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        points.add(new MetricPoint("m", values[i], i, T0));
      }
      store.inTransaction(
          tx -> {
            tx.logMetrics("r1", points);
            return null;
          });

      List<MetricPoint> history = store.read(tx -> tx.metricHistory("r1", "m"));

      assertThat(history).hasSize(values.length);
      for (int i = 0; i < values.length; i++) {
        // MetricPoint equality compares with Double.compare: NaN == NaN, 0.0 != -0.0.
        assertThat(Double.doubleToLongBits(history.get(i).value()))
            .as("value %s", values[i])
            .isEqualTo(Double.doubleToLongBits(values[i]));
      }
    }

    @Test
    @DisplayName("the latest NaN point is reported as NaN, not as a missing value")
    void latestNaN() {
      createRun("r1");
      store.inTransaction(
          tx -> {
            tx.logMetrics(
                "r1",
                List.of(new MetricPoint("m", 1.0, 1, T0), new MetricPoint("m", Double.NaN, 2, T0)));
            return null;
          });

      MetricPoint latest = store.read(tx -> tx.latestMetrics("r1")).get("m");

      assertThat(latest.value()).isNaN();
      assertThat(latest.step()).isEqualTo(2);
    }

    @Test
    @DisplayName("instants keep their nanoseconds, up to the edges of the 64-bit range")
    void instantsRoundTrip() {
      Instant earliest = Instant.parse("1677-09-21T00:12:43.145224192Z"); // -2^63 ns
      Instant latest = Instant.parse("2262-04-11T23:47:16.854775807Z"); // 2^63 - 1 ns
      Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999999Z");
      store.inTransaction(
          tx -> {
            for (Instant t : List.of(earliest, latest, beforeEpoch, T0)) {
              tx.createArtifactVersion(
                  new ArtifactVersionDraft(
                      "a", "dataset", JdbcTestData.digest("x"), 1, "text/csv", Map.of(), t, null));
            }
            return null;
          });

      List<Instant> read =
          store.read(tx -> tx.listArtifactVersions("a", 0, 10)).stream()
              .map(ArtifactVersion::createdAt)
              .toList();

      assertThat(read).containsExactly(earliest, latest, beforeEpoch, T0);
    }

    @Test
    @DisplayName("an instant beyond the range is refused before anything is written")
    void instantOutOfRange() {
      createRun("r1");
      Instant tooLate = Instant.parse("2262-04-11T23:47:16.854775808Z");
      List<MetricPoint> points =
          List.of(new MetricPoint("m", 1, 0, T0), new MetricPoint("m", 2, 1, tooLate));

      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.logMetrics("r1", points);
                        return null;
                      }))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("2262-04-11");
      assertThat(store.read((MetadataTransaction tx) -> tx.metricHistory("r1", "m"))).isEmpty();
    }

    @Test
    @DisplayName("texts that look like SQL or JSON are stored literally")
    void literalText() {
      String sqlish = "x'); DROP TABLE runs; --";
      String jsonish = "{\"a\":\"b\\\"c\"}\n\t\u00e9\u4e2d\ud83d\ude00\u0001";
      createRun("r1");
      store.inTransaction(
          tx -> {
            tx.setTags("r1", Map.of("sql", sqlish, "json", jsonish));
            tx.createArtifactVersion(
                new ArtifactVersionDraft(
                    "a",
                    "dataset",
                    JdbcTestData.digest("x"),
                    1,
                    "text/csv",
                    Map.of("sql", sqlish, "json", jsonish, "empty", ""),
                    T0,
                    null));
            return null;
          });

      assertThat(store.read((MetadataTransaction tx) -> tx.tags("r1")))
          .containsExactly(Map.entry("json", jsonish), Map.entry("sql", sqlish));
      assertThat(
              store
                  .read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 1))
                  .orElseThrow()
                  .properties())
          .isEqualTo(Map.of("sql", sqlish, "json", jsonish, "empty", ""));
      assertThat(store.read((MetadataTransaction tx) -> tx.findRun("r1"))).isPresent();
    }

    @Test
    @DisplayName("artifact names are listed in code point order, whatever the database collation")
    void codePointOrder() {
      store.inTransaction(
          tx -> {
            for (String name : List.of("b", "a", "B", "A_1", "A.1", "A-1", "0")) {
              tx.createArtifactVersion(draft(name));
            }
            return null;
          });

      // ASCII: '0' (48) < 'A' (65) < 'B' (66) < 'a' (97) < 'b' (98); '-' (45) < '.' (46) < '_' (95)
      assertThat(store.read((MetadataTransaction tx) -> tx.listArtifactNames(null, 100)))
          .containsExactly("0", "A-1", "A.1", "A_1", "B", "a", "b");
      assertThat(store.read((MetadataTransaction tx) -> tx.listArtifactNames("A_1", 2)))
          .containsExactly("B", "a");
    }
  }

  @Nested
  @DisplayName("transactions")
  class Transactions {
    @Test
    @DisplayName("a write through a read-only transaction is refused")
    void writeInRead() {
      assertThatThrownBy(() -> store.read(tx -> tx.createArtifactVersion(draft("a"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("read-only");
    }

    @Test
    @DisplayName("transactions do not nest on a thread")
    void noNesting() {
      assertThatThrownBy(() -> store.inTransaction(tx -> store.read(inner -> 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("do not nest");
      assertThatThrownBy(() -> store.read(tx -> store.inTransaction(inner -> 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("do not nest");
      // The store is still usable afterwards.
      assertThat(store.inTransaction(tx -> tx.createArtifactVersion(draft("a"))).version())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("work that throws leaves nothing behind")
    void rollbackOnException() {
      IllegalStateException boom = new IllegalStateException("boom");
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.createArtifactVersion(draft("a"));
                        run(tx, "r1");
                        throw boom;
                      }))
          .isSameAs(boom);

      assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 1))).isEmpty();
      assertThat(store.read((MetadataTransaction tx) -> tx.findRun("r1"))).isEmpty();
    }

    @Test
    @DisplayName("a conflict caught inside the work does not poison the transaction")
    void conflictIsRecoverable() {
      store.inTransaction(
          tx -> {
            run(tx, "r1");
            return null;
          });

      ArtifactVersion created =
          store.inTransaction(
              tx -> {
                try {
                  tx.createRun(Run.start("r1", "exp", null, null, T0));
                } catch (ConflictException expected) {
                  // fall through: the transaction goes on
                }
                return tx.createArtifactVersion(draft("a"));
              });

      assertThat(created.version()).isEqualTo(1);
      assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 1)))
          .isPresent();
    }

    @Test
    @DisplayName("a transaction is unusable after its work returned")
    void escapedTransaction() {
      MetadataTransaction escaped = store.read(tx -> tx);

      assertThatThrownBy(() -> escaped.findRun("r1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after the transaction ended");
    }

    @Test
    @DisplayName("a transaction is unusable from another thread")
    void otherThread() {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      store.read(
          tx -> {
            CompletableFuture.runAsync(
                    () -> {
                      try {
                        tx.findRun("r1");
                      } catch (IllegalStateException e) {
                        failure.set(e);
                      }
                    })
                .join();
            return null;
          });

      assertThat(failure.get()).hasMessageContaining("valid only on the thread");
    }

    @Test
    @DisplayName("page limits outside 1 to MAX_PAGE are refused")
    void limits() {
      assertThatThrownBy(() -> store.read(tx -> tx.listArtifactNames(null, 0)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> store.read(tx -> tx.listAuditEvents(1, MetadataTransaction.MAX_PAGE + 1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(
              store.read(
                  (MetadataTransaction tx) ->
                      tx.listExperiments(null, MetadataTransaction.MAX_PAGE)))
          .isEmpty();
    }

    @Test
    @DisplayName("a closed store refuses work, and closing twice is harmless")
    void closed() {
      store.close();
      store.close();

      assertThatThrownBy(() -> store.read(tx -> 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("a read sees one snapshot while a writer commits, and does not block the writer")
    void readSnapshot() {
      createRun("r1");
      List<Integer> sizes =
          store.read(
              tx -> {
                int before = tx.tags("r1").size();
                CompletableFuture.runAsync(
                        () ->
                            store.inTransaction(
                                w -> {
                                  w.setTags("r1", Map.of("k", "v"));
                                  return null;
                                }))
                    .orTimeout(30, TimeUnit.SECONDS)
                    .join();
                return List.of(before, tx.tags("r1").size());
              });

      assertThat(sizes).containsExactly(0, 0);
      assertThat(store.read((MetadataTransaction tx) -> tx.tags("r1"))).containsEntry("k", "v");
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @DisplayName("versions of one name are gap-free under 8 concurrent writers")
    void versionsUnderConcurrency() throws Exception {
      int threads = 8;
      int each = 10;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                      mine.add(
                          store.inTransaction(
                              tx -> tx.createArtifactVersion(draft("shared")).version()));
                    }
                    return mine;
                  }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
          all.addAll(f.get(120, TimeUnit.SECONDS));
        }
        Collections.sort(all);

        assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, 80).boxed().toList());
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("the audit chain never forks under 4 concurrent appenders")
    void auditUnderConcurrency() throws Exception {
      int threads = 4;
      int each = 10;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String actor = "writer-" + t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                      store.inTransaction(tx -> appendAudit(tx, actor));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      List<AuditEvent> events = store.read(tx -> tx.listAuditEvents(1, 1000));
      assertThat(events).hasSize(threads * each);
      String previous = AuditEvent.GENESIS_HASH;
      for (int i = 0; i < events.size(); i++) {
        AuditEvent e = events.get(i);
        assertThat(e.sequence()).isEqualTo(i + 1);
        assertThat(e.previousHash()).isEqualTo(previous);
        assertThat(e.hash()).isEqualTo(JdbcTestData.chainHash(previous, i + 1));
        previous = e.hash();
      }
      assertThat(store.read(MetadataTransaction::lockAuditHead).sequence())
          .isEqualTo(threads * each);
    }

    @Test
    @DisplayName("appending without locking the head, or off the head, is refused")
    void auditRules() {
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.appendAuditEvent(
                            new AuditEvent(
                                1,
                                T0,
                                "a",
                                "x",
                                "s",
                                Map.of(),
                                AuditEvent.GENESIS_HASH,
                                JdbcTestData.chainHash(AuditEvent.GENESIS_HASH, 1)));
                        return null;
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("lockAuditHead");
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.lockAuditHead();
                        tx.appendAuditEvent(
                            new AuditEvent(
                                2,
                                T0,
                                "a",
                                "x",
                                "s",
                                Map.of(),
                                AuditEvent.GENESIS_HASH,
                                JdbcTestData.chainHash(AuditEvent.GENESIS_HASH, 2)));
                        return null;
                      }))
          .isInstanceOf(ConflictException.class);
      assertThat(store.read((MetadataTransaction tx) -> tx.listAuditEvents(1, 10))).isEmpty();
    }
  }

  @Nested
  @DisplayName("crash points")
  class CrashPointsReached {
    @Test
    @DisplayName("a write reaches before-commit then after-commit; a batch reaches mid-batch first")
    void order() {
      createRun("r1");
      List<String> reached = new CopyOnWriteArrayList<>();
      CrashPoints.install(reached::add);

      store.inTransaction(
          tx -> {
            tx.logMetrics(
                "r1",
                List.of(
                    new MetricPoint("m", 1, 1, T0),
                    new MetricPoint("m", 2, 2, T0),
                    new MetricPoint("m", 3, 3, T0)));
            return null;
          });
      store.read(tx -> tx.metricHistory("r1", "m"));

      assertThat(reached)
          .containsExactly(
              CrashPoints.METADATA_MID_BATCH,
              CrashPoints.METADATA_BEFORE_COMMIT,
              CrashPoints.METADATA_AFTER_COMMIT);
    }

    @Test
    @DisplayName("a failure just before commit keeps nothing and leaves the store usable")
    void failureBeforeCommit() {
      CrashPoints.install(
          point -> {
            if (point.equals(CrashPoints.METADATA_BEFORE_COMMIT)) {
              throw new IllegalStateException("simulated crash");
            }
          });

      assertThatThrownBy(() -> store.inTransaction(tx -> tx.createArtifactVersion(draft("a"))))
          .hasMessage("simulated crash");
      CrashPoints.install(null);

      assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 1))).isEmpty();
      assertThat(store.inTransaction(tx -> tx.createArtifactVersion(draft("a"))).version())
          .isEqualTo(1);
    }

    @Test
    @DisplayName("a failure in the middle of a batch leaves none of its rows")
    void midBatchIsAtomic() {
      createRun("r1");
      CrashPoints.install(
          point -> {
            if (point.equals(CrashPoints.METADATA_MID_BATCH)) {
              throw new IllegalStateException("simulated crash");
            }
          });

      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.setTags("r1", Map.of("a", "1", "b", "2", "c", "3", "d", "4"));
                        return null;
                      }))
          .hasMessage("simulated crash");
      CrashPoints.install(null);

      assertThat(store.read((MetadataTransaction tx) -> tx.tags("r1"))).isEmpty();
    }
  }

  @Nested
  @DisplayName("records")
  class Records {
    @Test
    @DisplayName("a deleted version keeps its number and the next version takes a new one")
    void tombstones() {
      store.inTransaction(
          tx -> {
            tx.createArtifactVersion(draft("a"));
            tx.createArtifactVersion(draft("a"));
            return null;
          });
      Instant deletedAt = T0.plusNanos(1);
      ArtifactVersion tomb =
          store.inTransaction(tx -> tx.markArtifactVersionDeleted("a", 2, deletedAt));
      ArtifactVersion next = store.inTransaction(tx -> tx.createArtifactVersion(draft("a")));

      assertThat(tomb.deletedAt()).isEqualTo(deletedAt);
      assertThat(next.version()).isEqualTo(3);
      assertThat(
              store
                  .read((MetadataTransaction tx) -> tx.findLatestArtifactVersion("a"))
                  .orElseThrow()
                  .version())
          .isEqualTo(3);
      assertThat(
              store
                  .read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 2))
                  .orElseThrow()
                  .deletedAt())
          .isEqualTo(deletedAt);
      assertThat(
              store.read(
                  (MetadataTransaction tx) ->
                      tx.liveArtifactVersionsWithDigest(JdbcTestData.digest("a"))))
          .containsExactly(ArtifactRef.of("a", 1), ArtifactRef.of("a", 3));
    }

    @Test
    @DisplayName("a run's status, end time and note update; its start time cannot")
    void runUpdate() {
      createRun("r1");
      Run ended =
          Run.start("r1", "exp", null, null, T0)
              .end(RunStatus.FINISHED, T0.plusSeconds(5))
              .withNote("done");
      store.inTransaction(
          tx -> {
            tx.updateRun(ended);
            return null;
          });

      assertThat(store.read((MetadataTransaction tx) -> tx.findRun("r1"))).contains(ended);
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.updateRun(Run.start("r1", "exp", null, null, T0.plusNanos(1)));
                        return null;
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("startTime");
    }

    @Test
    @DisplayName("lineage events are kept once per edge and listed by time")
    void lineage() {
      store.inTransaction(
          tx -> {
            tx.createArtifactVersion(draft("data"));
            tx.recordLineageEvent(
                new LineageEvent("run-b", ArtifactRef.of("data", 1), Direction.INPUT, T0));
            tx.recordLineageEvent(
                new LineageEvent(
                    "run-a", ArtifactRef.of("data", 1), Direction.OUTPUT, T0.minusSeconds(1)));
            tx.recordLineageEvent(
                new LineageEvent(
                    "run-b", ArtifactRef.of("data", 1), Direction.INPUT, T0.plusSeconds(9)));
            return null;
          });

      assertThat(
              store.read(
                  (MetadataTransaction tx) ->
                      tx.lineageEventsOfArtifact(ArtifactRef.of("data", 1))))
          .extracting(LineageEvent::executionId, LineageEvent::time)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("run-a", T0.minusSeconds(1)),
              org.assertj.core.groups.Tuple.tuple("run-b", T0));
    }
  }
}
