package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.TransactionWork;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("a run's input and output artifacts")
class RunArtifactsTest {
  @TempDir Path tmp;

  final Stores.SettableClock clock = new Stores.SettableClock();

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @AfterAll
  static void dropSchemas() throws java.sql.SQLException {
    Stores.dropSchemas();
  }

  static Stream<Arguments> stores() {
    return Stores.stores();
  }

  Mlops open(Stores.Opener opener) {
    return opener.open(tmp, clock, "alice");
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static ArtifactVersion dataset(Mlops mlops) {
    return mlops
        .artifacts()
        .put("weather", ArtifactVersion.KIND_DATASET, "text/csv", text("a,b\n1,2\n"), Map.of());
  }

  static List<LineageEvent> eventsOf(Mlops mlops, String execution) {
    return mlops.metadata().read(tx -> tx.lineageEventsOfExecution(execution));
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a logged model is created by the run, and upstream reaches the dataset through it")
  void upstreamThroughRun(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ArtifactRef data = dataset(mlops).ref();
      int eventsBefore = Stores.audit(mlops).size();
      String runId;
      ArtifactVersion model;
      try (ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start()) {
        runId = run.id();
        run.logInput(data);
        run.logInput("weather", 1); // the same input again: no second event
        model =
            run.logArtifact(
                "rain-model",
                ArtifactVersion.KIND_MODEL,
                "application/json",
                text("{\"w\": [1, 2]}"),
                Map.of("epochs", "3"));
      }
      assertThat(model.ref()).isEqualTo(ArtifactRef.of("rain-model", 1));
      assertThat(model.createdByRunId()).contains(runId);
      assertThat(model.properties()).containsEntry("epochs", "3");
      assertThat(model.size()).isEqualTo("{\"w\": [1, 2]}".length());
      assertThat(mlops.artifacts().get("rain-model", 1)).isEqualTo(model);

      assertThat(eventsOf(mlops, runId))
          .extracting(e -> e.artifact() + " " + e.direction())
          .containsExactlyInAnyOrder("weather:1 INPUT", "rain-model:1 OUTPUT");

      LineageGraph up = mlops.lineage().upstream(model.ref(), 5);
      Node m = Node.artifact(model.ref());
      Node r = Node.execution(runId);
      Node d = Node.artifact(data);
      assertThat(up.nodes()).containsExactlyInAnyOrder(m, r, d);
      assertThat(up.edges()).containsExactlyInAnyOrder(new Edge(d, r), new Edge(r, m));
      assertThat(mlops.lineage().downstream(data, 5).nodes()).contains(m);

      List<AuditEvent> all = Stores.audit(mlops);
      List<AuditEvent> added = all.subList(eventsBefore, all.size());
      assertThat(added)
          .extracting(e -> e.action() + " " + e.subject() + " " + e.details().get("direction"))
          .containsExactly(
              "experiment.created experiment/weather null",
              "run.created run/" + runId + " null",
              "lineage.recorded weather:1 INPUT",
              "artifact.version.created artifact:rain-model:1 null",
              "lineage.recorded rain-model:1 OUTPUT",
              "run.ended run/" + runId + " null");
      assertThat(added.get(4).details()).containsEntry("execution", runId);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a file is logged like a stream, and every version of a run is its output")
  void fromFile(Stores.Opener opener) throws IOException {
    Path file = tmp.resolve("weights.json");
    Files.writeString(file, "{\"w\": [0.5]}");
    try (Mlops mlops = open(opener);
        ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start()) {
      ArtifactVersion a =
          run.logArtifact(
              "rain-model", ArtifactVersion.KIND_MODEL, "application/json", file, Map.of());
      ArtifactVersion b =
          run.logArtifact(
              "rain-model", ArtifactVersion.KIND_MODEL, "application/json", text("x"), Map.of());
      assertThat(List.of(a.version(), b.version())).containsExactly(1L, 2L);
      assertThat(a.digest().toString())
          .isEqualTo(TestBytes.sha256("{\"w\": [0.5]}".getBytes(StandardCharsets.UTF_8)));
      assertThat(eventsOf(mlops, run.id()))
          .extracting(LineageEvent::direction)
          .containsOnly(Direction.OUTPUT)
          .hasSize(2);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("logging to a finished run is refused and writes nothing")
  void finishedRunRefused(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ArtifactRef data = dataset(mlops).ref();
      ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start();
      run.end(RunStatus.FINISHED);
      int audit = Stores.audit(mlops).size();
      assertThatThrownBy(
              () ->
                  run.logArtifact(
                      "rain-model", ArtifactVersion.KIND_MODEL, "text/plain", text("m"), Map.of()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(run.id())
          .hasMessageContaining("FINISHED");
      assertThatThrownBy(() -> run.logInput(data)).isInstanceOf(ConflictException.class);
      assertThat(mlops.artifacts().versions("rain-model")).isEmpty();
      assertThat(eventsOf(mlops, run.id())).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(audit);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a run ended while its bytes were being stored gets no version and no edge")
  void endedDuringPut(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start();
      // The content ends the run from another handle once the pre-check has passed.
      InputStream content =
          new ByteArrayInputStream("model".getBytes(StandardCharsets.UTF_8)) {
            boolean ended;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
              if (!ended) {
                ended = true;
                mlops.tracking().resume(run.id()).end(RunStatus.KILLED);
              }
              return super.read(b, off, len);
            }
          };
      int audit = Stores.audit(mlops).size();
      assertThatThrownBy(
              () ->
                  run.logArtifact(
                      "rain-model", ArtifactVersion.KIND_MODEL, "text/plain", content, Map.of()))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("KILLED");
      assertThat(mlops.artifacts().versions("rain-model")).isEmpty();
      assertThat(eventsOf(mlops, run.id())).isEmpty();
      assertThat(Stores.audit(mlops))
          .extracting(AuditEvent::action)
          .hasSize(audit + 1)
          .last()
          .isEqualTo("run.ended");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a failing read of the content leaves no version, no edge and no audit event")
  void failingStream(Stores.Opener opener) {
    try (Mlops mlops = open(opener);
        ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start()) {
      InputStream broken =
          new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
              if (n++ > 100) {
                throw new IOException("disk gone");
              }
              return 'x';
            }
          };
      int audit = Stores.audit(mlops).size();
      assertThatThrownBy(
              () ->
                  run.logArtifact(
                      "rain-model", ArtifactVersion.KIND_MODEL, "text/plain", broken, Map.of()))
          .isInstanceOf(StorageException.class);
      assertThat(mlops.artifacts().versions("rain-model")).isEmpty();
      assertThat(eventsOf(mlops, run.id())).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(audit);
      assertThat(mlops.tracking().run(run.id()).status()).isEqualTo(RunStatus.RUNNING);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName(
      "a failure after the version was created in the transaction rolls back the version too")
  void failureInsideTransaction(Stores.Opener opener) {
    try (Mlops base = open(opener)) {
      FailingLineageStore failing = new FailingLineageStore(base.metadata());
      try (Mlops mlops =
          Mlops.builder().metadata(failing).blobs(base.blobs()).clock(clock).build()) {
        ArtifactRef data = dataset(mlops).ref();
        ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start();
        int audit = Stores.audit(mlops).size();
        failing.failLineage = true;
        assertThatThrownBy(
                () ->
                    run.logArtifact(
                        "rain-model",
                        ArtifactVersion.KIND_MODEL,
                        "text/plain",
                        text("m"),
                        Map.of()))
            .isInstanceOf(StorageException.class)
            .hasMessageContaining("injected");
        assertThatThrownBy(() -> run.logInput(data)).isInstanceOf(StorageException.class);
        failing.failLineage = false;
        assertThat(mlops.artifacts().versions("rain-model")).isEmpty();
        assertThat(eventsOf(mlops, run.id())).isEmpty();
        assertThat(Stores.audit(mlops)).hasSize(audit);
        // The store still works and numbering starts at 1: the failed version left no gap.
        assertThat(
                run.logArtifact(
                        "rain-model", ArtifactVersion.KIND_MODEL, "text/plain", text("m"), Map.of())
                    .version())
            .isEqualTo(1);
        Stores.assertChainIntact(mlops);
        run.close();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("bad arguments, unknown or deleted inputs are refused before anything is written")
  void badInput(Stores.Opener opener) {
    try (Mlops mlops = open(opener);
        ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start()) {
      ArtifactVersion data = dataset(mlops);
      int audit = Stores.audit(mlops).size();
      assertThatThrownBy(
              () -> run.logArtifact("../x", ArtifactVersion.KIND_MODEL, "t/p", text("m"), Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () ->
                  run.logArtifact(
                      "m", ArtifactVersion.KIND_MODEL, "t/p", text("m"), Map.of("k\u0000", "v")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> run.logInput("weather", 7))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("weather")
          .hasMessageContaining("latest is 1");
      mlops.artifacts().delete("weather", 1, "test");
      audit++;
      assertThatThrownBy(() -> run.logInput(data.ref()))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("deleted");
      assertThat(eventsOf(mlops, run.id())).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(audit);
    }
  }

  @ParameterizedTest
  @MethodSource("dev.mlops.core.HostileInputTest#hostile")
  @DisplayName(
      "a hostile artifact name, kind or property key is refused by logArtifact, logInput and model"
          + " export and import, before any byte or row is written")
  void hostileNames(String text) throws IOException {
    Path file = Files.write(tmp.resolve("content.bin"), new byte[] {1, 2, 3});
    try (Mlops mlops = Mlops.open(tmp.resolve("store"));
        ActiveRun run = mlops.tracking().startRun("weather").withoutGit().start()) {
      int audit = Stores.audit(mlops).size();
      HostileInputTest.WatchedStream in = new HostileInputTest.WatchedStream();
      String kind = ArtifactVersion.KIND_MODEL;
      List<Runnable> calls =
          List.of(
              () -> run.logArtifact(text, kind, "text/plain", in, Map.of()),
              () -> run.logArtifact(text, kind, "text/plain", file, Map.of()),
              () -> run.logArtifact("ok", text, "text/plain", in, Map.of()),
              () -> run.logArtifact("ok", kind, "text/plain", in, Map.of(text, "v")),
              () -> run.logArtifact("ok", kind, "text/plain", file, Map.of(text, "v")),
              () -> run.logInput(text, 1),
              () -> mlops.registry().exportModel(text, new java.io.ByteArrayOutputStream()),
              () -> mlops.registry().importModel(in, text));
      for (Runnable call : calls) {
        assertThatThrownBy(call::run).isInstanceOf(InvalidInputException.class);
      }
      assertThat(in.touched).as("content stream read").isFalse();
      try (Stream<?> digests = mlops.blobs().digests()) {
        assertThat(digests.count()).as("blobs").isZero();
      }
      List<String> names = mlops.metadata().read(tx -> tx.listArtifactNames(null, 10));
      assertThat(names).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(audit);
    }
  }

  /** A metadata store whose transactions fail on recording lineage while a flag is set. */
  static final class FailingLineageStore implements MetadataStore {
    private final MetadataStore delegate;
    volatile boolean failLineage;

    FailingLineageStore(MetadataStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
      return delegate.inTransaction(tx -> work.execute(wrap(tx)));
    }

    private MetadataTransaction wrap(MetadataTransaction tx) {
      return (MetadataTransaction)
          Proxy.newProxyInstance(
              MetadataTransaction.class.getClassLoader(),
              new Class<?>[] {MetadataTransaction.class},
              (proxy, method, args) -> {
                if (failLineage && method.getName().equals("recordLineageEvent")) {
                  throw new StorageException("injected failure while recording lineage");
                }
                try {
                  return method.invoke(tx, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
      return delegate.read(work);
    }

    @Override
    public Durability durability() {
      return delegate.durability();
    }

    @Override
    public void close() {
      // The delegate belongs to the base instance.
    }
  }
}
