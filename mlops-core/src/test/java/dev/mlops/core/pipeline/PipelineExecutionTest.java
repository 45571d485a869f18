package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.FailurePolicy;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineListener;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.RetryPolicy;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Pipeline execution")
class PipelineExecutionTest {
  static final Parameter<Long> N = Parameter.ofLong("n").withDefault(3L);
  static final Output<String> TEXT = Output.of("text", Codecs.utf8());
  static final Output<Long> LENGTH = Output.of("length", Codecs.json(Long.class));

  TestClock clock;
  Mlops mlops;

  @BeforeEach
  void open() {
    clock = new TestClock();
    mlops = Mlops.builder().store(java.net.URI.create("mem:/")).clock(clock).build();
  }

  @AfterEach
  void close() {
    mlops.close();
  }

  static Pipeline twoSteps(AtomicInteger makes, AtomicInteger measures) {
    return Pipeline.builder("demo")
        .step(
            Step.builder("make")
                .input(N)
                .output(TEXT)
                .body(
                    ctx -> {
                      makes.incrementAndGet();
                      ctx.put(TEXT, "x".repeat(ctx.get(N).intValue()));
                    }))
        .step(
            Step.builder("measure")
                .input(TEXT)
                .output(LENGTH)
                .body(
                    ctx -> {
                      measures.incrementAndGet();
                      ctx.put(LENGTH, (long) ctx.get(TEXT).length());
                    }))
        .build();
  }

  @Nested
  @DisplayName("a run")
  class ARun {
    @Test
    @DisplayName("passes values from producer to consumer and stores every output as an artifact")
    void valuesFlow() throws Exception {
      PipelineResult r =
          mlops
              .pipelines()
              .run(twoSteps(new AtomicInteger(), new AtomicInteger()), Arguments.of(N, 5L));
      assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(mlops.pipelines().value(r, LENGTH)).isEqualTo(5L);
      assertThat(mlops.pipelines().value(r, TEXT)).isEqualTo("xxxxx");
      ArtifactRef text = r.outputs().get("text");
      ArtifactVersion v = mlops.artifacts().get(text.name(), text.version());
      assertThat(v.name()).isEqualTo("demo.text");
      assertThat(v.mediaType()).isEqualTo("text/plain; charset=utf-8");
      assertThat(v.digest()).isEqualTo(Digest.of("xxxxx".getBytes(StandardCharsets.UTF_8)));
      ArtifactRef length = r.outputs().get("length");
      try (var in = mlops.artifacts().open(length.name(), length.version())) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("5");
      }
    }

    @Test
    @DisplayName(
        "is a tracked run with its parameters and pipeline tags, and every step is in lineage")
    void trackedAndInLineage() {
      PipelineResult r =
          mlops
              .pipelines()
              .run(twoSteps(new AtomicInteger(), new AtomicInteger()), Arguments.of(N, 4L));
      assertThat(mlops.tracking().run(r.runId()).status()).isEqualTo(RunStatus.FINISHED);
      assertThat(mlops.tracking().params(r.runId()).get("n").value()).isEqualTo("4");
      assertThat(mlops.tracking().tags(r.runId()))
          .containsEntry("pipeline.name", "demo")
          .containsEntry("pipeline.seed", "0");
      List<StepExecution> recorded = mlops.pipelines().executions(r.runId());
      assertThat(recorded).extracting(StepExecution::step).containsExactly("make", "measure");
      StepExecution measure = recorded.get(1);
      assertThat(measure.status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(measure.attempts()).isEqualTo(1);
      assertThat(measure.inputs()).containsEntry("text", r.outputs().get("text"));
      assertThat(measure.outputs()).containsEntry("length", r.outputs().get("length"));
      LineageGraph up = mlops.lineage().upstream(r.outputs().get("length"), 10);
      assertThat(up.executionIds())
          .containsExactlyInAnyOrder(r.runId() + ".make", r.runId() + ".measure");
      assertThat(up.artifactIds()).contains(r.outputs().get("text").toString());
    }

    @Test
    @DisplayName("records a failing step's error, attempts and duration, and fails the tracked run")
    void failureRecorded() {
      Pipeline p =
          Pipeline.builder("bad")
              .step(
                  Step.builder("boom")
                      .output(TEXT)
                      .body(
                          ctx -> {
                            clock.advance(Duration.ofSeconds(7));
                            throw new IllegalStateException("disk on fire");
                          }))
              .build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      StepExecution e = r.step("boom").orElseThrow();
      assertThat(e.status()).isEqualTo(StepStatus.FAILED);
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.duration()).isEqualTo(Duration.ofSeconds(7));
      assertThat(e.error()).isEqualTo("java.lang.IllegalStateException: disk on fire");
      assertThat(mlops.pipelines().executions(r.runId())).containsExactly(e);
      assertThat(mlops.tracking().run(r.runId()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    @DisplayName("rejects an unknown argument and a parameter without value before starting a run")
    void badArguments() {
      Pipeline p = twoSteps(new AtomicInteger(), new AtomicInteger());
      assertThatThrownBy(() -> mlops.pipelines().run(p, Arguments.of(Parameter.ofLong("m"), 1L)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no parameter 'm'")
          .hasMessageContaining("[n]");
      Parameter<String> required = Parameter.ofString("who");
      Pipeline q =
          Pipeline.builder("q")
              .step(Step.builder("s").input(required).body(ctx -> ctx.get(required)))
              .build();
      assertThatThrownBy(() -> mlops.pipelines().run(q, Arguments.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("parameter 'who'")
          .hasMessageContaining("no value and no default");
      assertThat(mlops.tracking().findExperiment("q")).isEmpty();
    }

    @Test
    @DisplayName("passes a Table through Codecs.table() and reads it back from its artifact")
    void tableOutput() {
      Output<dev.mlops.api.table.Table> table = Output.of("table", Codecs.table());
      Output<Long> rows = Output.of("rows", Codecs.json(Long.class));
      Pipeline p =
          Pipeline.builder("tables")
              .step(
                  Step.builder("load")
                      .output(table)
                      .body(
                          ctx ->
                              ctx.put(
                                  table,
                                  dev.mlops.api.table.Table.of(
                                      dev.mlops.api.table.NumericColumn.of("x", 1.0, 2.5, 4.0)))))
              .step(
                  Step.builder("count")
                      .input(table)
                      .output(rows)
                      .body(ctx -> ctx.put(rows, (long) ctx.get(table).rowCount())))
              .build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      assertThat(mlops.pipelines().value(r, rows)).isEqualTo(3L);
      assertThat(mlops.pipelines().value(r, table).rowCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("fails a step that returns without putting a declared output, naming it")
    void missingOutput() {
      Pipeline p =
          Pipeline.builder("lazy").step(Step.builder("s").output(TEXT).body(ctx -> {})).build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      assertThat(r.step("s").orElseThrow().error()).contains("without putting its output 'text'");
    }

    @Test
    @DisplayName("refuses get and put of undeclared inputs and outputs")
    void undeclared() {
      Pipeline p =
          Pipeline.builder("sneaky")
              .step(Step.builder("s").output(TEXT).body(ctx -> ctx.put(LENGTH, 1L)))
              .step(Step.builder("t").output(LENGTH).body(ctx -> ctx.get(N)))
              .build();
      PipelineResult r =
          mlops
              .pipelines()
              .run(
                  p,
                  Arguments.empty(),
                  RunOptions.builder().failurePolicy(FailurePolicy.FINISH_INDEPENDENT).build());
      assertThat(r.step("s").orElseThrow().error()).contains("did not declare the output");
      assertThat(r.step("t").orElseThrow().error()).contains("did not declare the input");
    }
  }

  @Nested
  @DisplayName("scheduling")
  class Scheduling {
    @Test
    @DisplayName("runs independent steps at the same time on the engine's pool")
    void parallel() {
      CyclicBarrier both = new CyclicBarrier(2);
      Output<String> a = Output.of("a", Codecs.utf8());
      Output<String> b = Output.of("b", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("par")
              .step(Step.builder("a").output(a).body(ctx -> ctx.put(a, meet(both))))
              .step(Step.builder("b").output(b).body(ctx -> ctx.put(b, meet(both))))
              .build();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        PipelineResult r =
            mlops
                .pipelines()
                .run(p, Arguments.empty(), RunOptions.builder().executor(pool).build());
        assertThat(r.status()).as(r.explain()).isEqualTo(RunStatus.FINISHED);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("a step made ready while another runs starts at once on the engine's free thread")
    void readyWhileBusy() {
      CyclicBarrier aAndC = new CyclicBarrier(2);
      Output<String> a = Output.of("a", Codecs.utf8());
      Output<String> b = Output.of("b", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("busy")
              .step(Step.builder("a").output(a).body(ctx -> ctx.put(a, meet(aAndC))))
              .step(Step.builder("b").output(b).body(ctx -> ctx.put(b, "quick")))
              .step(Step.builder("c").input(b).body(ctx -> meet(aAndC)))
              .build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      assertThat(r.status()).as(r.explain()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    @DisplayName("8 runs of one pipeline started at once all finish with the same outputs")
    void concurrentRuns() throws Exception {
      AtomicInteger makes = new AtomicInteger();
      Pipeline p = twoSteps(makes, new AtomicInteger());
      ExecutorService callers = Executors.newFixedThreadPool(8);
      try {
        CyclicBarrier start = new CyclicBarrier(8);
        List<java.util.concurrent.Future<PipelineResult>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          runs.add(
              callers.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return mlops.pipelines().run(p, Arguments.of(N, 6L));
                  }));
        }
        for (var f : runs) {
          PipelineResult r = f.get(60, TimeUnit.SECONDS);
          assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
          assertThat(mlops.pipelines().value(r, LENGTH)).isEqualTo(6L);
        }
        assertThat(makes.get()).isBetween(1, 8);
        assertThat(mlops.artifacts().versions("demo.text"))
            .extracting(ArtifactVersion::digest)
            .containsOnly(Digest.of("xxxxxx".getBytes(StandardCharsets.UTF_8)));
      } finally {
        callers.shutdownNow();
      }
    }

    @Test
    @DisplayName("runs a step only after every producer and every ordering edge")
    void order() {
      List<String> seen = new CopyOnWriteArrayList<>();
      Output<String> a = Output.of("a", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("ord")
              .step(Step.builder("last").after("middle").body(ctx -> seen.add("last")))
              .step(Step.builder("middle").input(a).body(ctx -> seen.add("middle")))
              .step(
                  Step.builder("first")
                      .output(a)
                      .body(
                          ctx -> {
                            seen.add("first");
                            ctx.put(a, "");
                          }))
              .build();
      mlops.pipelines().run(p, Arguments.empty());
      assertThat(seen).containsExactly("first", "middle", "last");
    }

    @Test
    @DisplayName("runs a 20,000-step chain on a direct executor without overflowing the stack")
    void deepChainDirect() {
      Pipeline.Builder b = Pipeline.builder("chain");
      b.step(Step.builder("s0").body(ctx -> {}));
      for (int i = 1; i < 20_000; i++) {
        b.step(Step.builder("s" + i).after("s" + (i - 1)).body(ctx -> {}));
      }
      PipelineResult r =
          mlops
              .pipelines()
              .run(
                  b.build(),
                  Arguments.empty(),
                  RunOptions.builder().executor(Runnable::run).build());
      assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(r.steps()).hasSize(20_000);
    }
  }

  static String meet(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
      return "met";
    } catch (Exception e) {
      throw new IllegalStateException("the other step did not run at the same time", e);
    }
  }

  @Nested
  @DisplayName("retries, timeouts and failure policies")
  class Failures {
    @Test
    @DisplayName("retries with the policy's backoff on the injected sleeper, and tells listeners")
    void retries() {
      AtomicInteger calls = new AtomicInteger();
      List<Duration> waits = new CopyOnWriteArrayList<>();
      List<String> events = new CopyOnWriteArrayList<>();
      Pipeline p =
          Pipeline.builder("flaky")
              .step(
                  Step.builder("s")
                      .output(TEXT)
                      .retry(
                          RetryPolicy.exponential(
                              4, Duration.ofSeconds(2), 3.0, Duration.ofMinutes(1)))
                      .body(
                          ctx -> {
                            if (calls.incrementAndGet() < 3) {
                              throw new IllegalStateException("try " + ctx.attempt());
                            }
                            ctx.put(TEXT, "ok");
                          }))
              .build();
      PipelineResult r =
          mlops
              .pipelines()
              .run(
                  p,
                  Arguments.empty(),
                  RunOptions.builder()
                      .sleeper(
                          d -> {
                            waits.add(d);
                            clock.advance(d);
                          })
                      .listener(recorder(events))
                      .build());
      StepExecution e = r.step("s").orElseThrow();
      assertThat(e.status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6));
      assertThat(e.duration()).isEqualTo(Duration.ofSeconds(8));
      assertThat(events)
          .containsExactly(
              "started s 1",
              "retried s 1",
              "started s 2",
              "retried s 2",
              "started s 3",
              "finished s 3");
    }

    @Test
    @DisplayName("fails an attempt that runs past its timeout by interrupting it")
    void timeout() {
      Pipeline p =
          Pipeline.builder("slow")
              .step(Step.builder("s").timeout(Duration.ofMillis(50)).body(ctx -> awaitInterrupt()))
              .build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      StepExecution e = r.step("s").orElseThrow();
      assertThat(e.status()).isEqualTo(StepStatus.FAILED);
      assertThat(e.error()).contains("timed out after PT0.05S");
    }

    @Test
    @DisplayName("STOP interrupts running steps and starts no new one after a failure")
    void stop() {
      CountDownLatch bRunning = new CountDownLatch(1);
      Pipeline p =
          Pipeline.builder("stop")
              .step(
                  Step.builder("a")
                      .output(TEXT)
                      .body(
                          ctx -> {
                            awaitLatch(bRunning);
                            throw new IllegalStateException("a failed");
                          }))
              .step(
                  Step.builder("b")
                      .body(
                          ctx -> {
                            bRunning.countDown();
                            awaitInterrupt();
                          }))
              .step(Step.builder("c").input(TEXT).body(ctx -> {}))
              .build();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        PipelineResult r =
            mlops
                .pipelines()
                .run(p, Arguments.empty(), RunOptions.builder().executor(pool).build());
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.step("a").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.step("b").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(r.step("c").orElseThrow().status())
            .isIn(StepStatus.SKIPPED, StepStatus.CANCELLED);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName("FINISH_INDEPENDENT lets independent branches finish and skips dependents")
    void finishIndependent() {
      Output<String> other = Output.of("other", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("branches")
              .step(
                  Step.builder("a")
                      .output(TEXT)
                      .body(
                          ctx -> {
                            throw new IllegalStateException("a failed");
                          }))
              .step(Step.builder("c").input(TEXT).body(ctx -> {}))
              .step(Step.builder("b").output(other).body(ctx -> ctx.put(other, "fine")))
              .step(Step.builder("d").input(other).body(ctx -> {}))
              .build();
      PipelineResult r =
          mlops
              .pipelines()
              .run(
                  p,
                  Arguments.empty(),
                  RunOptions.builder()
                      .executor(Runnable::run)
                      .failurePolicy(FailurePolicy.FINISH_INDEPENDENT)
                      .build());
      assertThat(r.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.step("c").orElseThrow().status()).isEqualTo(StepStatus.SKIPPED);
      assertThat(r.step("c").orElseThrow().reason()).isEqualTo("not run because step 'a' failed");
      assertThat(r.step("b").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(r.step("d").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    @DisplayName("cancel interrupts the running step and ends the run KILLED")
    void cancel() {
      CountDownLatch running = new CountDownLatch(1);
      Pipeline p =
          Pipeline.builder("cancel")
              .step(
                  Step.builder("s")
                      .output(TEXT)
                      .body(
                          ctx -> {
                            running.countDown();
                            awaitInterrupt();
                          }))
              .step(Step.builder("t").input(TEXT).body(ctx -> {}))
              .build();
      PipelineRun run = mlops.pipelines().start(p, Arguments.empty(), RunOptions.defaults());
      awaitLatch(running);
      run.cancel();
      PipelineResult r = run.await();
      assertThat(r.status()).isEqualTo(RunStatus.KILLED);
      assertThat(r.step("s").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
      assertThat(mlops.tracking().run(r.runId()).status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    @DisplayName("a listener that throws never breaks the run")
    void throwingListener() {
      PipelineListener bad =
          new PipelineListener() {
            @Override
            public void started(StepEvent e) {
              throw new IllegalStateException("listener bug");
            }

            @Override
            public void finished(StepEvent e) {
              throw new IllegalStateException("listener bug");
            }
          };
      PipelineResult r =
          mlops
              .pipelines()
              .run(
                  twoSteps(new AtomicInteger(), new AtomicInteger()),
                  Arguments.empty(),
                  RunOptions.builder().listener(bad).build());
      assertThat(r.status()).isEqualTo(RunStatus.FINISHED);
    }
  }

  @Test
  @DisplayName("every thread the engine started has ended once Mlops is closed")
  void threadsEnd() throws Exception {
    Pipeline p =
        Pipeline.builder("threads")
            .step(Step.builder("s").timeout(Duration.ofMinutes(1)).body(ctx -> {}))
            .build();
    mlops.pipelines().run(p, Arguments.empty());
    assertThat(engineThreads()).isNotEmpty();
    mlops.close();
    for (Thread t : engineThreads()) {
      t.join(10_000);
    }
    assertThat(engineThreads()).isEmpty();
  }

  static List<Thread> engineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("mlops-pipeline-") && t.isAlive())
        .toList();
  }

  static PipelineListener recorder(List<String> events) {
    return new PipelineListener() {
      @Override
      public void started(StepEvent e) {
        events.add("started " + e.step() + " " + e.attempt());
      }

      @Override
      public void finished(StepEvent e) {
        events.add("finished " + e.step() + " " + e.attempt());
      }

      @Override
      public void cached(StepEvent e) {
        events.add("cached " + e.step());
      }

      @Override
      public void retried(StepEvent e) {
        events.add("retried " + e.step() + " " + e.attempt());
      }

      @Override
      public void failed(StepEvent e) {
        events.add("failed " + e.step() + " " + e.attempt());
      }
    };
  }

  static void awaitInterrupt() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
