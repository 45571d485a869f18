package dev.mlops.core.metadata;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the compatibility kit cannot see of {@link InMemoryMetadataStore}: that a rollback restores
 * every table and index, the life cycle of a transaction object, and the locking. The contract
 * itself is checked by {@code InMemoryMetadataStoreCompatibilityTest} in mlops-testkit.
 */
class InMemoryMetadataStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryMetadataStore store = InMemoryMetadataStore.create();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    store.close();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static ArtifactVersionDraft draft(String name, String content, Instant at) {
    byte[] bytes = content.getBytes(UTF_8);
    return new ArtifactVersionDraft(
        name, "dataset", Digest.of(bytes), bytes.length, "text/plain", Map.of(), at, null);
  }

  private static AuditEvent next(AuditCheckpoint head, String subject) {
    long seq = head.sequence() + 1;
    String hash = Digest.of((head.headHash() + seq + subject).getBytes(UTF_8)).hex();
    return new AuditEvent(seq, T0, "test", "test", subject, Map.of(), head.headHash(), hash);
  }

  /** Thrown to roll a transaction back on purpose. */
  private static final class Rollback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Object value;

    Rollback(Object value) {
      super("rolled back on purpose", null, false, false);
      this.value = value;
    }
  }

  /** Runs a write probe (such as registerBatch) and rolls it back, returning what it saw. */
  private Object probe(Function<MetadataTransaction, Object> write) {
    Throwable t =
        catchThrowable(
            () ->
                store.inTransaction(
                    tx -> {
                      throw new Rollback(write.apply(tx));
                    }));
    // a probe that fails (no such run) reports the failure's type instead
    return t instanceof Rollback ? ((Rollback) t).value : t.getClass().getName();
  }

  /** Everything the store holds about the fixture's names, read through the SPI. */
  private Map<String, Object> dump() {
    Map<String, Object> d =
        store.read(
            tx -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("names", tx.listArtifactNames(null, 100));
              for (String name : List.of("data", "model-bytes", "new")) {
                m.put("versions " + name, tx.listArtifactVersions(name, 0, 100));
                m.put("latest " + name, tx.findLatestArtifactVersion(name));
                m.put("alias " + name, tx.findArtifactAlias(name, "prod"));
              }
              for (String content : List.of("d1", "d2", "m1", "n1", "d3")) {
                m.put(
                    "digest " + content,
                    tx.liveArtifactVersionsWithDigest(Digest.of(content.getBytes(UTF_8))));
              }
              m.put("experiments", tx.listExperiments(null, 100));
              m.put("experiment by name", tx.findExperimentByName("new-exp"));
              for (String exp : List.of("exp", "new-exp")) {
                m.put("runs " + exp, tx.listRuns(exp, null, 100));
              }
              for (String run : List.of("run-1", "run-2")) {
                m.put("run " + run, tx.findRun(run));
                m.put("params " + run, tx.params(run));
                m.put("history " + run, tx.metricHistory(run, "loss"));
                m.put("latest metrics " + run, tx.latestMetrics(run));
                m.put("tags " + run, tx.tags(run));
                m.put("lineage " + run, tx.lineageEventsOfExecution(run));
              }
              m.put("lineage data:1", tx.lineageEventsOfArtifact(ArtifactRef.of("data", 1)));
              m.put("lineage data:3", tx.lineageEventsOfArtifact(ArtifactRef.of("data", 3)));
              m.put("models", tx.listRegisteredModels(null, 100));
              for (String model : List.of("churn", "fraud")) {
                m.put("model versions " + model, tx.listModelVersions(model, 0, 100));
                m.put("model aliases " + model, tx.modelAliases(model));
                m.put("transitions " + model, tx.listTransitions(model));
              }
              m.put("audit", tx.listAuditEvents(1, 100));
              return m;
            });
    d.put("batch run-1/b1 is new", probe(tx -> tx.registerBatch("run-1", "b1")));
    d.put("batch run-1/b2 is new", probe(tx -> tx.registerBatch("run-1", "b2")));
    d.put("audit head", probe(MetadataTransaction::lockAuditHead));
    return d;
  }

  private void fixture() {
    store.inTransaction(
        tx -> {
          tx.createArtifactVersion(draft("data", "d1", T0));
          tx.createArtifactVersion(draft("data", "d2", T0));
          tx.createArtifactVersion(draft("model-bytes", "m1", T0));
          tx.markArtifactVersionDeleted("data", 2, T0);
          tx.setArtifactAlias("data", "prod", 1);
          tx.createExperiment(new Experiment("exp", "experiment", T0));
          tx.createRun(Run.start("run-1", "exp", null, "first", T0));
          tx.logParams("run-1", List.of(Param.of("lr", 0.1)));
          tx.logMetrics("run-1", List.of(new MetricPoint("loss", 0.5, 1, T0)));
          tx.setTags("run-1", Map.of("a", "1", "b", "2"));
          tx.registerBatch("run-1", "b1");
          tx.recordLineageEvent(
              new LineageEvent("run-1", ArtifactRef.of("data", 1), Direction.INPUT, T0));
          tx.createRegisteredModel(new RegisteredModel("churn", null, T0));
          tx.createModelVersion(
              new ModelVersionDraft(
                  "churn", ArtifactRef.of("model-bytes", 1), null, null, Map.of(), T0));
          tx.setModelAlias("churn", "champion", 1);
          tx.recordTransition(
              new Transition(
                  "churn", 1, TransitionKind.STAGE, null, "NONE", "NONE", "t", null, T0));
          tx.appendAuditEvent(next(tx.lockAuditHead(), "fixture"));
          return null;
        });
  }

  @Nested
  @DisplayName("rollback")
  class Rollbacks {

    @Test
    @DisplayName("a failed transaction that touched every table leaves every table as it was")
    void everyTableIsRestored() {
      fixture();
      Map<String, Object> before = dump();
      Instant t1 = T0.plusSeconds(1);
      RuntimeException boom = new IllegalStateException("boom");

      Throwable thrown =
          catchThrowable(
              () ->
                  store.inTransaction(
                      tx -> {
                        // inserts
                        tx.createArtifactVersion(draft("data", "d3", t1));
                        tx.createArtifactVersion(draft("new", "n1", t1));
                        tx.createExperiment(new Experiment("new-exp", "new-exp", t1));
                        tx.createRun(Run.start("run-2", "new-exp", "run-1", null, t1));
                        tx.logParams("run-1", List.of(Param.of("epochs", 3)));
                        tx.logParams("run-2", List.of(Param.of("lr", 0.2)));
                        tx.logMetrics(
                            "run-1",
                            List.of(
                                new MetricPoint("loss", 0.1, 2, t1),
                                new MetricPoint("acc", 0.9, 2, t1)));
                        tx.logMetrics("run-2", List.of(new MetricPoint("loss", 1, 1, t1)));
                        tx.setTags("run-2", Map.of("c", "3"));
                        tx.registerBatch("run-1", "b2");
                        tx.recordLineageEvent(
                            new LineageEvent(
                                "run-1", ArtifactRef.of("data", 3), Direction.OUTPUT, t1));
                        tx.recordLineageEvent(
                            new LineageEvent(
                                "run-2", ArtifactRef.of("data", 1), Direction.INPUT, t1));
                        tx.createRegisteredModel(new RegisteredModel("fraud", null, t1));
                        tx.createModelVersion(
                            new ModelVersionDraft(
                                "churn", ArtifactRef.of("data", 3), null, null, Map.of(), t1));
                        tx.createModelVersion(
                            new ModelVersionDraft(
                                "fraud", ArtifactRef.of("new", 1), null, null, Map.of(), t1));
                        tx.setModelAlias("fraud", "champion", 1);
                        tx.recordTransition(
                            new Transition(
                                "fraud",
                                1,
                                TransitionKind.STAGE,
                                null,
                                "NONE",
                                "STAGING",
                                "t",
                                null,
                                t1));
                        tx.appendAuditEvent(next(tx.lockAuditHead(), "during"));
                        // updates and deletions of what existed
                        tx.markArtifactVersionDeleted("data", 1, t1);
                        tx.setArtifactAlias("data", "prod", 3);
                        tx.removeArtifactAlias("data", "prod");
                        tx.updateRun(
                            Run.start("run-1", "exp", null, "renamed", T0)
                                .end(RunStatus.KILLED, t1)
                                .withNote("n"));
                        tx.setTags("run-1", Map.of("a", "changed", "z", "new"));
                        tx.deleteTag("run-1", "b");
                        tx.setModelVersionStage("churn", 1, Stage.PRODUCTION);
                        tx.setModelAlias("churn", "champion", 2);
                        tx.setModelAlias("churn", "challenger", 1);
                        tx.removeModelAlias("churn", "champion");
                        tx.recordTransition(
                            new Transition(
                                "churn",
                                1,
                                TransitionKind.ALIAS_REMOVED,
                                "champion",
                                "2",
                                null,
                                "t",
                                null,
                                t1));
                        assertThat(tx.listArtifactNames(null, 10)).contains("new");
                        throw boom;
                      }));

      assertThat(thrown).isSameAs(boom);
      assertThat(dump()).isEqualTo(before);
    }

    @Test
    @DisplayName("a failed first transaction leaves an empty store")
    void emptyStoreStaysEmpty() {
      Map<String, Object> before = dump();
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        tx.createArtifactVersion(draft("data", "d1", T0));
                        tx.createExperiment(new Experiment("exp", "experiment", T0));
                        tx.createRun(Run.start("run-1", "exp", null, null, T0));
                        tx.setTags("run-1", Map.of("a", "1"));
                        tx.appendAuditEvent(next(tx.lockAuditHead(), "x"));
                        throw new AssertionError("an Error rolls back too");
                      }))
          .isInstanceOf(AssertionError.class);
      assertThat(dump()).isEqualTo(before);
    }

    @Test
    @DisplayName("an operation that throws changes nothing, and the work can go on and commit")
    void failedOperationKeepsTransactionUsable() {
      store.inTransaction(
          tx -> {
            tx.createArtifactVersion(draft("data", "d1", T0));
            assertThatThrownBy(() -> tx.setArtifactAlias("data", "prod", 2))
                .isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> tx.setTags("no-run", Map.of("a", "1")))
                .isInstanceOf(NotFoundException.class);
            tx.setArtifactAlias("data", "prod", 1);
            return null;
          });
      assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactAlias("data", "prod")))
          .contains(1L);
      assertThat(store.read((MetadataTransaction tx) -> tx.listArtifactVersions("data", 0, 10)))
          .hasSize(1);
    }
  }

  @Nested
  @DisplayName("transaction objects")
  class TransactionObjects {

    @Test
    @DisplayName("a transaction used after its work returned throws IllegalStateException")
    void usedAfterReturn() {
      AtomicReference<MetadataTransaction> write = new AtomicReference<>();
      AtomicReference<MetadataTransaction> read = new AtomicReference<>();
      store.inTransaction(
          tx -> {
            write.set(tx);
            return null;
          });
      store.read(
          tx -> {
            read.set(tx);
            return null;
          });
      assertThatThrownBy(() -> write.get().findRun("r")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> write.get().createArtifactVersion(draft("data", "d", T0)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> read.get().listArtifactNames(null, 1))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.read((MetadataTransaction tx) -> tx.listArtifactNames(null, 10))).isEmpty();
    }

    @Test
    @DisplayName("a transaction used from another thread throws IllegalStateException")
    void usedFromAnotherThread() {
      Throwable fromOtherThread =
          store.inTransaction(
              tx -> {
                Future<?> f = pool.submit(() -> tx.findRun("r"));
                try {
                  f.get(10, TimeUnit.SECONDS);
                  return null;
                } catch (ExecutionException e) {
                  return e.getCause();
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      assertThat(fromOtherThread).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("transactions on two different stores may nest")
    void differentStoresMayNest() {
      try (InMemoryMetadataStore other = InMemoryMetadataStore.create()) {
        ArtifactVersion v =
            store.inTransaction(
                tx -> other.inTransaction(o -> o.createArtifactVersion(draft("x", "x", T0))));
        assertThat(v.version()).isEqualTo(1);
        assertThat(other.read((MetadataTransaction tx) -> tx.findArtifactVersion("x", 1)))
            .contains(v);
        assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactVersion("x", 1)))
            .isEmpty();
      }
    }

    @Test
    @DisplayName("locking the audit head is refused in a read transaction")
    void lockAuditHeadNeedsWriteTransaction() {
      assertThatThrownBy(() -> store.read(MetadataTransaction::lockAuditHead))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("returned collections are unmodifiable copies")
    void resultsAreCopies() {
      fixture();
      List<String> names = store.read(tx -> tx.listArtifactNames(null, 10));
      Map<String, String> tags = store.read(tx -> tx.tags("run-1"));
      assertThatThrownBy(() -> names.add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> tags.put("x", "y"))
          .isInstanceOf(UnsupportedOperationException.class);
      store.inTransaction(
          tx -> {
            tx.setTags("run-1", Map.of("c", "3"));
            return null;
          });
      assertThat(tags).containsOnlyKeys("a", "b");
    }
  }

  @Nested
  @DisplayName("the store")
  class Store {

    @Test
    @DisplayName("keeps nothing beyond the process: durability NONE")
    void durabilityNone() {
      assertThat(store.durability()).isEqualTo(Durability.NONE);
    }

    @Test
    @DisplayName("refuses transactions once closed; closing twice is fine")
    void closed() {
      store.close();
      store.close();
      assertThatThrownBy(() -> store.inTransaction(tx -> null))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> store.read(tx -> null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Timeout(30)
    @DisplayName("runs read transactions at the same time")
    void readsRunConcurrently() throws Exception {
      CountDownLatch bothInside = new CountDownLatch(2);
      List<Future<Boolean>> readers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        readers.add(
            pool.submit(
                () ->
                    store.read(
                        tx -> {
                          bothInside.countDown();
                          try {
                            return bothInside.await(20, TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return false;
                          }
                        })));
      }
      for (Future<Boolean> r : readers) {
        assertThat(r.get()).as("both readers were inside read() at once").isTrue();
      }
    }

    @Test
    @Timeout(30)
    @DisplayName("holds a writer back while a read transaction runs, so the read sees one snapshot")
    void writerWaitsForReader() throws Exception {
      CountDownLatch readerInside = new CountDownLatch(1);
      CountDownLatch writerBlocked = new CountDownLatch(1);
      AtomicReference<Thread> writerThread = new AtomicReference<>();
      Future<List<Integer>> reader =
          pool.submit(
              () ->
                  store.read(
                      tx -> {
                        int before = tx.listArtifactNames(null, 10).size();
                        readerInside.countDown();
                        try {
                          writerBlocked.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return List.of(before, tx.listArtifactNames(null, 10).size());
                      }));
      assertThat(readerInside.await(20, TimeUnit.SECONDS)).isTrue();
      Future<ArtifactVersion> writer =
          pool.submit(
              () -> {
                writerThread.set(Thread.currentThread());
                return store.inTransaction(tx -> tx.createArtifactVersion(draft("d", "d", T0)));
              });
      // the writer parks on the write lock while the reader holds the read lock
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (writerThread.get() == null || writerThread.get().getState() != Thread.State.WAITING) {
        assertThat(System.nanoTime()).as("writer parks on the lock").isLessThan(deadline);
        Thread.onSpinWait();
      }
      writerBlocked.countDown();
      assertThat(reader.get()).containsExactly(0, 0);
      assertThat(writer.get().version()).isEqualTo(1);
      assertThat(store.read((MetadataTransaction tx) -> tx.listArtifactNames(null, 10)))
          .containsExactly("d");
    }
  }
}
