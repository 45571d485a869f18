package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.LogBatch;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.Tracking;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Tracking")
class TrackingTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");

  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  /** The two stores every behaviour runs on. */
  static Stream<Arguments> stores() {
    BiFunction<Path, ManualClock, Mlops> memory =
        (dir, clock) -> Mlops.builder().store(URI.create("mem:/")).clock(clock).build();
    BiFunction<Path, ManualClock, Mlops> embedded =
        (dir, clock) ->
            Mlops.builder()
                .store(dir.resolve("store-" + UUID.randomUUID()).toUri())
                .clock(clock)
                .build();
    return Stream.of(
        Arguments.argumentSet("in memory", memory),
        Arguments.argumentSet("embedded directory", embedded));
  }

  /** Opens a store with a manual clock at {@link #T0}. */
  record Env(Mlops mlops, ManualClock clock) implements AutoCloseable {
    Tracking tracking() {
      return mlops.tracking();
    }

    List<AuditEvent> audit() {
      return mlops.metadata().read(tx -> tx.listAuditEvents(1, 1000));
    }

    @Override
    public void close() {
      mlops.close();
    }
  }

  Env open(BiFunction<Path, ManualClock, Mlops> factory) {
    ManualClock clock = new ManualClock(T0);
    return new Env(factory.apply(tmp, clock), clock);
  }

  static List<String> actions(List<AuditEvent> events) {
    return events.stream().map(e -> e.action() + " " + e.subject()).toList();
  }

  @Nested
  @DisplayName("experiments")
  class Experiments {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("are created once by name and audited once")
    void getOrCreate(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        assertThat(env.tracking().findExperiment("churn")).isEmpty();
        Experiment a = env.tracking().experiment("churn");
        Experiment b = env.tracking().experiment("churn");
        assertThat(b).isEqualTo(a);
        assertThat(a.createdAt()).isEqualTo(T0);
        assertThat(env.tracking().findExperiment("churn")).contains(a);
        assertThat(actions(env.audit())).containsExactly("experiment.created experiment/churn");
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("an illegal experiment name is refused and nothing is written")
    void illegalName(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        assertThatThrownBy(() -> env.tracking().experiment("../etc"))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> env.tracking().startRun("a/b"))
            .isInstanceOf(InvalidInputException.class);
        assertThat(env.audit()).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("runs")
  class Runs {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName(
        "a started run is RUNNING with its name and start time, and close ends it FINISHED")
    void lifecycle(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        String id;
        try (ActiveRun run = env.tracking().startRun("churn").name("baseline").start()) {
          id = run.id();
          assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
          Run r = env.tracking().run(id);
          assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
          assertThat(r.name()).isEqualTo("baseline");
          assertThat(r.startTime()).isEqualTo(T0);
          assertThat(r.endTime()).isNull();
          env.clock().advance(Duration.ofSeconds(90));
        }
        Run ended = env.tracking().run(id);
        assertThat(ended.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(ended.endTime()).isEqualTo(T0.plusSeconds(90));
        assertThat(env.tracking().listRuns("churn", null, 10))
            .extracting(Run::id)
            .containsExactly(id);
        assertThat(actions(env.audit()))
            .containsExactly(
                "experiment.created experiment/churn",
                "run.created run/" + id,
                "run.ended run/" + id);
        AuditEvent last = env.audit().get(2);
        assertThat(last.details()).containsEntry("status", "FINISHED");
        assertThat(last.time()).isEqualTo(T0.plusSeconds(90));
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("the audit events of tracking form an intact hash chain")
    void auditChainIntact(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        try (ActiveRun run = env.tracking().startRun("churn").start()) {
          run.logMetric("loss", 1.0);
        }
        env.tracking().startRun("churn").start().fail(new IllegalStateException("boom"));
        List<AuditEvent> events = env.audit();
        assertThat(events).hasSize(5);
        AuditChain chain = new AuditChain(null);
        String previous = AuditEvent.GENESIS_HASH;
        for (int i = 0; i < events.size(); i++) {
          AuditEvent e = events.get(i);
          assertThat(e.sequence()).isEqualTo(i + 1);
          assertThat(e.previousHash()).isEqualTo(previous);
          assertThat(chain.hash(e)).isEqualTo(e.hash());
          previous = e.hash();
        }
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("an explicit run id is used, and a taken one is refused")
    void explicitId(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        try (ActiveRun run = env.tracking().startRun("churn").runId("run-1").start()) {
          assertThat(run.id()).isEqualTo("run-1");
        }
        assertThatThrownBy(() -> env.tracking().startRun("churn").runId("run-1").start())
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("run-1");
        assertThat(env.tracking().listRuns("churn", null, 10)).hasSize(1);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("nested runs record their parent; an unknown parent is refused without writing")
    void nested(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        try (ActiveRun parent = env.tracking().startRun("cv").start()) {
          try (ActiveRun child = env.tracking().startRun("cv").parent(parent.id()).start()) {
            assertThat(env.tracking().run(child.id()).parent()).contains(parent.id());
          }
          assertThat(env.tracking().run(parent.id()).parent()).isEmpty();
        }
        int before = env.audit().size();
        assertThatThrownBy(() -> env.tracking().startRun("cv").parent("no-such-run").start())
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("no-such-run");
        assertThat(env.tracking().listRuns("cv", null, 10)).hasSize(2);
        assertThat(env.audit()).hasSize(before);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("fail(e) ends the run FAILED with the error's class and message as tags")
    void fail(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        ActiveRun run = env.tracking().startRun("churn").start();
        run.fail(new IllegalStateException("out of memory in epoch 3"));
        run.close(); // already ended: no second status change
        assertThat(env.tracking().run(run.id()).status()).isEqualTo(RunStatus.FAILED);
        assertThat(env.tracking().tags(run.id()))
            .containsEntry(RunContext.ERROR_CLASS, "java.lang.IllegalStateException")
            .containsEntry(RunContext.ERROR_MESSAGE, "out of memory in epoch 3");
        assertThat(actions(env.audit())).filteredOn(a -> a.startsWith("run.ended")).hasSize(1);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("logging to an ended run is a conflict that writes nothing")
    void endedRun(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        ActiveRun run = env.tracking().startRun("churn").start();
        run.logMetric("loss", 0.5);
        run.end(RunStatus.KILLED);
        String id = run.id();
        assertThatThrownBy(() -> run.logMetric("loss", 0.4))
            .isInstanceOf(ConflictException.class)
            .hasMessage("run " + id + " is KILLED; start a new run");
        assertThatThrownBy(() -> run.logParam("lr", 0.1)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> run.setTag("team", "risk")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> run.note("late")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> run.end(RunStatus.FINISHED)).isInstanceOf(ConflictException.class);
        ActiveRun other = env.tracking().resume(id);
        assertThatThrownBy(
                () ->
                    other.logBatch(
                        LogBatch.ofMetrics("b1", List.of(new MetricPoint("loss", 1, 1, T0)))))
            .isInstanceOf(ConflictException.class);
        assertThat(env.tracking().metricHistory(id, "loss")).hasSize(1);
        assertThat(env.tracking().params(id)).isEmpty();
        assertThat(env.tracking().tags(id)).doesNotContainKey("team");
        assertThat(env.tracking().run(id).note()).isNull();
        assertThat(env.tracking().run(id).status()).isEqualTo(RunStatus.KILLED);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("an unknown run is NotFound for every read and for resume")
    void unknownRun(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        Tracking t = env.tracking();
        assertThatThrownBy(() -> t.run("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> t.params("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> t.latestMetrics("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> t.metricHistory("nope", "k"))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> t.tags("nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> t.resume("nope")).isInstanceOf(NotFoundException.class);
        assertThat(t.listRuns("no-experiment", null, 10)).isEmpty();
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("listRuns pages by run id without repeating or skipping")
    void paging(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          ids.add(env.tracking().startRun("p").runId("r" + i).start().id());
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
          List<Run> page = env.tracking().listRuns("p", after, 3);
          if (page.isEmpty()) {
            break;
          }
          page.forEach(r -> seen.add(r.id()));
          after = page.get(page.size() - 1).id();
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThatThrownBy(() -> env.tracking().listRuns("p", null, 0))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Nested
  @DisplayName("parameters")
  class Params {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("are typed, may be logged again with the same value, and are immutable")
    void immutable(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        run.logParam("optimizer", "adam");
        run.logParam("lr", 0.01);
        run.logParam("shuffle", true);
        run.logParam("lr", 0.01);
        assertThatThrownBy(() -> run.logParam("lr", 0.02))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("'lr'")
            .hasMessageContaining("0.01")
            .hasMessageContaining("0.02");
        Map<String, Param> params = env.tracking().params(run.id());
        assertThat(params.keySet()).containsExactly("lr", "optimizer", "shuffle");
        assertThat(params.get("lr").type()).isEqualTo(ParamType.NUMBER);
        assertThat(params.get("lr").asNumber()).isEqualTo(0.01);
        assertThat(params.get("shuffle").asBoolean()).isTrue();
        assertThat(params.get("optimizer").value()).isEqualTo("adam");
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("illegal keys, oversized values and non-finite numbers are refused")
    void illegal(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        assertThatThrownBy(() -> run.logParam("../x", "v"))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> run.logParam("k", "x".repeat(Param.MAX_VALUE_LENGTH + 1)))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> run.logParam("k", Double.NaN))
            .isInstanceOf(InvalidInputException.class);
        assertThat(env.tracking().params(run.id())).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("metrics, tags and notes")
  class Metrics {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName(
        "metric points keep value class, step and the clock's timestamp; latest is the"
            + " greatest step")
    void history(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        run.logMetric("loss", 0.9, 2);
        env.clock().advance(Duration.ofSeconds(1));
        run.logMetric("loss", Double.NaN, 1);
        env.clock().advance(Duration.ofSeconds(1));
        run.logMetric("loss", Double.POSITIVE_INFINITY, 3);
        run.logMetric("auc", Double.NEGATIVE_INFINITY);
        List<MetricPoint> h = env.tracking().metricHistory(run.id(), "loss");
        assertThat(h)
            .containsExactly(
                new MetricPoint("loss", Double.NaN, 1, T0.plusSeconds(1)),
                new MetricPoint("loss", 0.9, 2, T0),
                new MetricPoint("loss", Double.POSITIVE_INFINITY, 3, T0.plusSeconds(2)));
        Map<String, MetricPoint> latest = env.tracking().latestMetrics(run.id());
        assertThat(latest.get("loss").step()).isEqualTo(3);
        assertThat(latest.get("auc"))
            .isEqualTo(new MetricPoint("auc", Double.NEGATIVE_INFINITY, 0, T0.plusSeconds(2)));
        assertThatThrownBy(() -> run.logMetric("a//b", 1))
            .isInstanceOf(InvalidInputException.class);
        assertThat(env.tracking().latestMetrics(run.id())).hasSize(2);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("tags replace values, reserved and oversized tags are refused, notes are stored")
    void tagsAndNotes(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").withoutGit().start()) {
        run.setTag("team", "risk");
        run.setTag("team", "fraud");
        assertThatThrownBy(() -> run.setTag(RunContext.HOST, "forged"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("reserved");
        assertThatThrownBy(() -> run.setTag("big", "x".repeat(8_001)))
            .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> run.note("nul\0")).isInstanceOf(InvalidInputException.class);
        run.note("first try");
        run.note("second try");
        Map<String, String> tags = env.tracking().tags(run.id());
        assertThat(tags).containsEntry("team", "fraud").doesNotContainKey("big");
        assertThat(tags.get(RunContext.HOST)).isNotEqualTo("forged");
        assertThat(env.tracking().run(run.id()).note()).isEqualTo("second try");
      }
    }
  }

  @Nested
  @DisplayName("batches")
  class Batches {
    LogBatch batch(String id, String tagKey) {
      List<MetricPoint> points = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        points.add(new MetricPoint("loss", 1.0 / (i + 1), i, T0));
      }
      return new LogBatch(id, points, List.of(Param.of("lr", 0.01)), Map.of(tagKey, "v"));
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("a batch writes metrics, params and tags together, and a retry writes nothing")
    void idempotent(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        assertThat(run.logBatch(batch("b-1", "phase"))).isTrue();
        assertThat(run.logBatch(batch("b-1", "phase"))).isFalse();
        assertThat(env.tracking().metricHistory(run.id(), "loss")).hasSize(100);
        assertThat(env.tracking().params(run.id())).containsKey("lr");
        assertThat(env.tracking().tags(run.id())).containsEntry("phase", "v");
        assertThat(run.logBatch(batch("b-2", "phase"))).isTrue();
        assertThat(env.tracking().metricHistory(run.id(), "loss")).hasSize(200);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("a batch with one reserved tag key writes nothing")
    void reservedKeyWritesNothing(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        assertThatThrownBy(() -> run.logBatch(batch("b-1", "mlops.host")))
            .isInstanceOf(InvalidInputException.class);
        assertThat(env.tracking().metricHistory(run.id(), "loss")).isEmpty();
        assertThat(env.tracking().params(run.id())).isEmpty();
        // the batch id was not consumed: a corrected batch under it is applied
        assertThat(run.logBatch(batch("b-1", "phase"))).isTrue();
      }
    }

    @Test
    @DisplayName("illegal keys and oversized values never make a batch")
    void illegalNeverBuilt() {
      assertThatThrownBy(() -> batch("b-1", "../up")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () -> new LogBatch("b", List.of(), List.of(), Map.of("k", "x".repeat(8_001))))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> LogBatch.ofMetrics("../b", List.of()))
          .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("a batch whose parameter conflicts rolls back its metrics and tags")
    void conflictRollsBack(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory);
          ActiveRun run = env.tracking().startRun("churn").start()) {
        run.logParam("lr", 0.5);
        assertThatThrownBy(() -> run.logBatch(batch("b-1", "phase")))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("lr");
        assertThat(env.tracking().metricHistory(run.id(), "loss")).isEmpty();
        assertThat(env.tracking().tags(run.id())).doesNotContainKey("phase");
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("a batch to an unknown run is NotFound")
    void unknownRun(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Env env = open(factory)) {
        ActiveRun run = env.tracking().startRun("churn").runId("r1").start();
        ActiveRun ghost = new DefaultActiveRun((DefaultTracking) env.tracking(), "ghost");
        assertThatThrownBy(() -> ghost.logBatch(batch("b", "t")))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> ghost.logMetric("k", 1)).isInstanceOf(NotFoundException.class);
        run.close();
      }
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("8 threads logging to one run and to 8 runs lose no value")
    void eightThreads(BiFunction<Path, ManualClock, Mlops> factory) throws Exception {
      int threads = 8;
      int perThread = 60;
      try (Env env = open(factory)) {
        ActiveRun shared = env.tracking().startRun("conc").start();
        List<ActiveRun> own = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          own.add(env.tracking().startRun("conc").start());
        }
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(
                pool.submit(
                    () -> {
                      barrier.await();
                      for (int i = 0; i < perThread; i++) {
                        shared.logMetric("m", thread * 1000 + i, thread * 1000L + i);
                        own.get(thread).logMetric("m", i, i);
                      }
                      return null;
                    }));
          }
          for (Future<?> f : futures) {
            f.get();
          }
        } finally {
          pool.shutdown();
        }
        List<Long> steps =
            env.tracking().metricHistory(shared.id(), "m").stream().map(MetricPoint::step).toList();
        List<Long> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          for (int i = 0; i < perThread; i++) {
            expected.add(t * 1000L + i);
          }
        }
        assertThat(steps).containsExactlyElementsOf(expected);
        for (ActiveRun r : own) {
          assertThat(env.tracking().metricHistory(r.id(), "m"))
              .extracting(MetricPoint::value)
              .containsExactlyElementsOf(
                  java.util.stream.IntStream.range(0, perThread)
                      .mapToObj(i -> (double) i)
                      .toList());
        }
      }
    }
  }

  @Test
  @DisplayName("Mlops.tracking() refuses to work once closed")
  void closed() {
    Mlops mlops = Mlops.builder().store(URI.create("mem:/")).build();
    Tracking t = mlops.tracking();
    mlops.close();
    assertThatThrownBy(mlops::tracking).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.experiment("x")).isInstanceOf(IllegalStateException.class);
  }
}
