package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.FailurePolicy;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineListener;
import dev.mlops.api.pipeline.PipelinePlan;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.Reproduction;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Pipeline caching, resume and reproduction")
class PipelineCacheTest {
  static final Parameter<Long> P1 = Parameter.ofLong("p1").withDefault(1L);
  static final Parameter<Long> P2 = Parameter.ofLong("p2").withDefault(10L);
  static final Output<String> A = Output.of("a", Codecs.utf8());
  static final Output<String> B = Output.of("b", Codecs.utf8());
  static final Output<String> C = Output.of("c", Codecs.utf8());

  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  TestClock clock;
  Mlops mlops;

  @BeforeEach
  void open() {
    clock = new TestClock();
    mlops = Mlops.builder().store(URI.create("mem:/")).clock(clock).build();
  }

  @AfterEach
  void close() {
    mlops.close();
  }

  int calls(String step) {
    return calls.computeIfAbsent(step, k -> new AtomicInteger()).get();
  }

  void count(String step) {
    calls.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
  }

  /** p1 -> a; p2 -> b; a, b -> c. */
  Pipeline diamond(String versionOfA) {
    return Pipeline.builder("diamond")
        .step(
            Step.builder("a")
                .version(versionOfA)
                .input(P1)
                .output(A)
                .body(
                    ctx -> {
                      count("a");
                      ctx.put(A, "a" + ctx.get(P1));
                    }))
        .step(
            Step.builder("b")
                .input(P2)
                .output(B)
                .body(
                    ctx -> {
                      count("b");
                      ctx.put(B, "b" + ctx.get(P2));
                    }))
        .step(
            Step.builder("c")
                .input(A)
                .input(B)
                .output(C)
                .body(
                    ctx -> {
                      count("c");
                      ctx.put(C, ctx.get(A) + "+" + ctx.get(B));
                    }))
        .build();
  }

  static String sha(String s) {
    return Digest.of(s.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Nested
  @DisplayName("the cache")
  class Cache {
    @Test
    @DisplayName("a second run of an unchanged pipeline does no step work and explains 'cached'")
    void secondRunCached() {
      PipelineResult first = mlops.pipelines().run(diamond("1"), Arguments.empty());
      PipelineResult second = mlops.pipelines().run(diamond("1"), Arguments.empty());
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(1, 1, 1);
      assertThat(second.steps()).extracting(StepExecution::status).containsOnly(StepStatus.CACHED);
      assertThat(second.explain()).isEqualTo("a: cached\nb: cached\nc: cached\n");
      assertThat(second.outputs()).isEqualTo(first.outputs());
      assertThat(mlops.pipelines().value(second, C)).isEqualTo("a1+b10");
    }

    @Test
    @DisplayName("changing one parameter re-runs exactly the steps that depend on it, and says why")
    void oneParameter() {
      mlops.pipelines().run(diamond("1"), Arguments.empty());
      PipelineResult r = mlops.pipelines().run(diamond("1"), Arguments.of(P1, 2L));
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(2, 1, 2);
      assertThat(r.step("a").orElseThrow().reason())
          .isEqualTo("ran because parameter p1 changed from 1 to 2");
      assertThat(r.step("b").orElseThrow().reason()).isEqualTo("cached");
      assertThat(r.step("c").orElseThrow().reason())
          .isEqualTo("ran because input a changed from " + sha("a1") + " to " + sha("a2"));
      assertThat(mlops.pipelines().value(r, C)).isEqualTo("a2+b10");
    }

    @Test
    @DisplayName("plan predicts exactly the steps the run then executes, before anything runs")
    void planPredicts() {
      PipelinePlan cold = mlops.pipelines().plan(diamond("1"), Arguments.empty());
      assertThat(cold.willRun()).containsExactly("a", "b", "c");
      assertThat(calls("a")).isZero();
      mlops.pipelines().run(diamond("1"), Arguments.empty());
      PipelinePlan plan = mlops.pipelines().plan(diamond("1"), Arguments.of(P2, 11L));
      assertThat(plan.willRun()).containsExactly("b", "c");
      assertThat(plan.steps().get(2).reason())
          .isEqualTo("will run because step 'b', whose output it reads, will run");
      assertThat(plan.steps().get(1).reason())
          .isEqualTo("will run because parameter p2 changed from 10 to 11");
      PipelineResult r = mlops.pipelines().run(diamond("1"), Arguments.of(P2, 11L));
      assertThat(r.steps().stream().filter(s -> s.status() == StepStatus.SUCCEEDED))
          .extracting(StepExecution::step)
          .containsExactlyElementsOf(plan.willRun());
    }

    @Test
    @DisplayName("keys on input content, not names: a consumer of unchanged bytes stays cached")
    void contentNotNames() {
      Parameter<Long> p = Parameter.ofLong("p").withDefault(1L);
      Pipeline pipeline =
          Pipeline.builder("parity")
              .step(
                  Step.builder("parity")
                      .input(p)
                      .output(A)
                      .body(
                          ctx -> {
                            count("parity");
                            ctx.put(A, ctx.get(p) % 2 == 0 ? "even" : "odd");
                          }))
              .step(
                  Step.builder("shout")
                      .input(A)
                      .output(B)
                      .body(
                          ctx -> {
                            count("shout");
                            ctx.put(B, ctx.get(A).toUpperCase(java.util.Locale.ROOT));
                          }))
              .build();
      mlops.pipelines().run(pipeline, Arguments.of(p, 1L));
      PipelineResult r = mlops.pipelines().run(pipeline, Arguments.of(p, 3L));
      assertThat(calls("parity")).isEqualTo(2);
      assertThat(calls("shout")).isEqualTo(1);
      assertThat(r.step("shout").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
    }

    @Test
    @DisplayName("a new step version re-runs the step and names the change")
    void version() {
      mlops.pipelines().run(diamond("1"), Arguments.empty());
      PipelineResult r = mlops.pipelines().run(diamond("2"), Arguments.empty());
      assertThat(r.step("a").orElseThrow().reason())
          .isEqualTo("ran because step version changed from 1 to 2");
      assertThat(r.step("c").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
    }

    @Test
    @DisplayName("a step that opts out runs every time; its consumers stay cached if its bytes do")
    void optOut() {
      Pipeline p =
          Pipeline.builder("optout")
              .step(
                  Step.builder("now")
                      .cacheable(false)
                      .output(A)
                      .body(
                          ctx -> {
                            count("now");
                            ctx.put(A, "same");
                          }))
              .step(Step.builder("use").input(A).body(ctx -> count("use")))
              .build();
      mlops.pipelines().run(p, Arguments.empty());
      PipelineResult r = mlops.pipelines().run(p, Arguments.empty());
      assertThat(calls("now")).isEqualTo(2);
      assertThat(calls("use")).isEqualTo(1);
      assertThat(r.step("now").orElseThrow().reason())
          .isEqualTo("ran because caching is off for this step");
    }

    @Test
    @DisplayName("invalidating a step or a run forgets exactly those results, and is audited")
    void invalidate() {
      PipelineResult first = mlops.pipelines().run(diamond("1"), Arguments.empty());
      assertThat(mlops.pipelines().invalidateStep("diamond", "b")).isEqualTo(1);
      PipelineResult second = mlops.pipelines().run(diamond("1"), Arguments.empty());
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(1, 2, 1);
      assertThat(second.step("b").orElseThrow().reason())
          .isEqualTo("ran because no earlier result of this step is cached");
      // b's entry now belongs to the second run; a and c to the first
      assertThat(mlops.pipelines().invalidateRun(first.runId())).isEqualTo(2);
      mlops.pipelines().run(diamond("1"), Arguments.empty());
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(2, 2, 2);
      List<AuditEvent> events = mlops.audit().events(1, 10_000);
      assertThat(events)
          .filteredOn(e -> e.action().equals("pipeline.cache.invalidated"))
          .extracting(AuditEvent::subject)
          .containsExactly("step:diamond/b", "run:" + first.runId());
    }
  }

  /** A chain of {@code n} steps, each reading its predecessor's output. */
  Pipeline chain(int n) {
    Pipeline.Builder b = Pipeline.builder("chain");
    Output<String> previous = null;
    for (int i = 0; i < n; i++) {
      Output<String> out = Output.of("o" + i, Codecs.utf8());
      Output<String> in = previous;
      String name = "s" + i;
      Step.Builder s = Step.builder(name).output(out);
      if (in != null) {
        s.input(in);
      }
      b.step(
          s.body(
              ctx -> {
                count("chain");
                ctx.put(out, in == null ? name : ctx.get(in) + "." + name);
              }));
      previous = out;
    }
    return b.build();
  }

  @Nested
  @DisplayName("the cache pass")
  class CachePass {
    @Test
    @DisplayName(
        "a fully cached re-run takes one executor task and records every step in batches of at"
            + " most 256")
    void oneTask() throws InterruptedException {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        AtomicInteger tasks = new AtomicInteger();
        Executor counting =
            task -> {
              tasks.incrementAndGet();
              pool.execute(task);
            };
        RunOptions options = RunOptions.builder().executor(counting).build();
        Pipeline pipeline = chain(600);
        mlops.pipelines().run(pipeline, Arguments.empty(), options);
        int firstTasks = tasks.getAndSet(0);
        assertThat(calls("chain")).isEqualTo(600);
        assertThat(firstTasks).isGreaterThan(1);

        PipelineResult second = mlops.pipelines().run(pipeline, Arguments.empty(), options);

        assertThat(tasks.get()).isEqualTo(1);
        assertThat(calls("chain")).isEqualTo(600);
        assertThat(second.steps()).hasSize(600);
        assertThat(second.steps())
            .extracting(StepExecution::status)
            .containsOnly(StepStatus.CACHED);
        assertThat(mlops.pipelines().executions(second.runId()))
            .hasSize(600)
            .extracting(StepExecution::status)
            .containsOnly(StepStatus.CACHED);
        assertThat(mlops.pipelines().value(second, Output.of("o599", Codecs.utf8())))
            .startsWith("s0.s1.s2.")
            .endsWith(".s598.s599");
        List<Integer> batches =
            mlops.audit().events(1, 10_000).stream()
                .filter(e -> e.action().equals("pipeline.steps.recorded"))
                .filter(e -> e.subject().equals("run:" + second.runId()))
                .map(e -> Integer.parseInt(e.details().get("steps")))
                .toList();
        assertThat(batches).allSatisfy(n -> assertThat(n).isBetween(1, 256));
        assertThat(batches.stream().mapToInt(Integer::intValue).sum()).isEqualTo(600);
        assertThat(batches.size()).isGreaterThanOrEqualTo(3); // 600 > 2 x 256
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    }

    @Test
    @DisplayName(
        "an Error thrown by a listener during the cache pass fails that step; the run still ends")
    void errorDuringPass() {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        mlops.pipelines().run(diamond("1"), Arguments.empty());
        PipelineListener failing =
            new PipelineListener() {
              @Override
              public void cached(StepEvent event) {
                if (event.step().equals("b")) {
                  throw new AssertionError("listener broke on b");
                }
              }
            };
        PipelineRun run =
            mlops
                .pipelines()
                .start(
                    diamond("1"),
                    Arguments.empty(),
                    RunOptions.builder().executor(pool).listener(failing).build());

        PipelineResult result = run.await(Duration.ofSeconds(30)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.step("a").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(result.step("b").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(result.step("b").orElseThrow().error()).contains("listener broke on b");
        // the default failure policy, STOP, cancels what had not started
        assertThat(result.step("c").orElseThrow().status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(1, 1, 1);
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    @DisplayName(
        "cancelling during the cache pass cancels the steps it has not settled, and runs no body")
    void cancelDuringPass() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Pipeline pipeline = chain(10);
        mlops.pipelines().run(pipeline, Arguments.empty());
        CountDownLatch third = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        PipelineListener pause =
            new PipelineListener() {
              @Override
              public void cached(StepEvent event) {
                if (seen.incrementAndGet() == 3) {
                  third.countDown();
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
              }
            };
        PipelineRun run =
            mlops
                .pipelines()
                .start(
                    pipeline,
                    Arguments.empty(),
                    RunOptions.builder().executor(pool).listener(pause).build());
        assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        run.cancel();
        release.countDown();
        PipelineResult result = run.await();

        assertThat(result.status()).isEqualTo(RunStatus.KILLED);
        assertThat(calls("chain")).isEqualTo(10);
        assertThat(result.steps().subList(0, 3))
            .extracting(StepExecution::status)
            .containsOnly(StepStatus.CACHED);
        assertThat(result.steps().subList(3, 10))
            .extracting(StepExecution::status)
            .containsOnly(StepStatus.CANCELLED);
        assertThat(mlops.pipelines().executions(result.runId())).hasSize(10);
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Nested
  @DisplayName("resume and rerun")
  class ResumeAndRerun {
    @Test
    @DisplayName("resuming a failed run executes only the failed step and what depends on it")
    void resume() {
      AtomicBoolean broken = new AtomicBoolean(true);
      Output<String> d = Output.of("d", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("resumable")
              .step(
                  Step.builder("a")
                      .cacheable(false)
                      .output(A)
                      .body(
                          ctx -> {
                            count("a");
                            ctx.put(A, "a");
                          }))
              .step(
                  Step.builder("b")
                      .cacheable(false)
                      .input(A)
                      .output(B)
                      .body(
                          ctx -> {
                            count("b");
                            if (broken.get()) {
                              throw new IllegalStateException("b is broken");
                            }
                            ctx.put(B, "b");
                          }))
              .step(
                  Step.builder("c")
                      .cacheable(false)
                      .input(B)
                      .output(C)
                      .body(
                          ctx -> {
                            count("c");
                            ctx.put(C, "c");
                          }))
              .step(
                  Step.builder("d")
                      .cacheable(false)
                      .output(d)
                      .body(
                          ctx -> {
                            count("d");
                            ctx.put(d, "d");
                          }))
              .build();
      RunOptions opts =
          RunOptions.builder()
              .executor(Runnable::run)
              .failurePolicy(FailurePolicy.FINISH_INDEPENDENT)
              .build();
      PipelineResult failed = mlops.pipelines().run(p, Arguments.empty(), opts);
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      broken.set(false);
      PipelineResult resumed = mlops.pipelines().resume(p, failed.runId(), opts);
      assertThat(resumed.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(List.of(calls("a"), calls("b"), calls("c"), calls("d")))
          .containsExactly(1, 2, 1, 1);
      assertThat(resumed.step("a").orElseThrow().reason())
          .isEqualTo("cached: reused from run " + failed.runId());
      assertThat(mlops.tracking().tags(resumed.runId()))
          .containsEntry("pipeline.resumed-from", failed.runId());
    }

    @Test
    @DisplayName("rerun reproduces deterministic steps byte for byte, bypassing the cache")
    void rerunIdentical() {
      PipelineResult original = mlops.pipelines().run(diamond("1"), Arguments.of(P1, 5L));
      Reproduction r =
          mlops.pipelines().rerun(diamond("1"), original.runId(), RunOptions.defaults());
      assertThat(r.identical()).isTrue();
      assertThat(r.outputs()).hasSize(3);
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(2, 2, 2);
      assertThat(mlops.pipelines().value(r.result(), C)).isEqualTo("a5+b10");
    }

    @Test
    @DisplayName("rerun names the step whose output differs")
    void rerunNamesNondeterministic() {
      AtomicInteger draws = new AtomicInteger();
      Pipeline p =
          Pipeline.builder("dice")
              .step(Step.builder("fixed").output(A).body(ctx -> ctx.put(A, "1")))
              .step(
                  Step.builder("roll")
                      .input(A)
                      .output(B)
                      .body(ctx -> ctx.put(B, "roll " + draws.incrementAndGet())))
              .build();
      PipelineResult original = mlops.pipelines().run(p, Arguments.empty());
      Reproduction r = mlops.pipelines().rerun(p, original.runId(), RunOptions.defaults());
      assertThat(r.identical()).isFalse();
      assertThat(r.differingSteps()).containsExactly("roll");
    }

    @Test
    @DisplayName("rerun refuses a pipeline whose step version differs from the record")
    void rerunVersionMismatch() {
      PipelineResult original = mlops.pipelines().run(diamond("1"), Arguments.empty());
      assertThatThrownBy(
              () -> mlops.pipelines().rerun(diamond("2"), original.runId(), RunOptions.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("step 'a' is version 2 in the pipeline but was version 1");
    }
  }

  @Test
  @DisplayName(
      "end to end on embedded SQLite: a second process-like open reuses the persistent cache")
  void sqliteEndToEnd(@TempDir Path dir) {
    mlops.close();
    PipelineResult first;
    try (Mlops m = Mlops.builder().store(dir.toUri()).clock(clock).build()) {
      first = m.pipelines().run(diamond("1"), Arguments.empty());
      assertThat(first.status()).isEqualTo(RunStatus.FINISHED);
    }
    try (Mlops m = Mlops.builder().store(dir.toUri()).clock(clock).build()) {
      PipelineResult second = m.pipelines().run(diamond("1"), Arguments.of(P2, 20L));
      assertThat(List.of(calls("a"), calls("b"), calls("c"))).containsExactly(1, 2, 2);
      assertThat(second.step("a").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
      assertThat(m.pipelines().value(second, C)).isEqualTo("a1+b20");
      assertThat(m.pipelines().executions(first.runId()))
          .extracting(StepExecution::status)
          .containsOnly(StepStatus.SUCCEEDED);
      assertThat(m.pipelines().read(first.outputs().get("c"), C)).isEqualTo("a1+b10");
      assertThat(m.audit().verify().intact()).isTrue();
    }
  }
}
