package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PipelineTrigger")
class PipelineTriggerTest {
  static final Parameter<Long> SEED = Parameter.ofLong("seed").withDefault(1L);
  static final Output<Long> MODEL = Output.of("model", Codecs.json(Long.class));

  TestClock clock;
  Mlops mlops;
  final AtomicInteger trainings = new AtomicInteger();

  @BeforeEach
  void open() {
    clock = new TestClock();
    mlops = Mlops.builder().store(URI.create("mem:/")).clock(clock).build();
  }

  @AfterEach
  void close() {
    mlops.close();
  }

  Pipeline training() {
    return Pipeline.builder("train")
        .step(
            Step.builder("fit")
                .input(SEED)
                .output(MODEL)
                .body(
                    ctx -> {
                      trainings.incrementAndGet();
                      ctx.put(MODEL, ctx.get(SEED) * 2);
                    }))
        .build();
  }

  static RetrainRequest request(String why) {
    return RetrainRequest.manual("churn", 3, why, TestClock.T0);
  }

  PipelineTrigger trigger() {
    return PipelineTrigger.builder(mlops, training())
        .options(RunOptions.builder().readCache(false).build())
        .coolDown(Duration.ofHours(6))
        .build();
  }

  @Test
  @DisplayName("5 firing calls within the cool-down start 1 run; after it, another")
  void coolDown() {
    PipelineTrigger t = trigger();
    List<RetrainResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(t.trigger(request("drift " + i)));
      clock.advance(Duration.ofHours(1));
    }
    assertThat(results)
        .extracting(RetrainResult::outcome)
        .containsExactly(
            RetrainResult.Outcome.STARTED,
            RetrainResult.Outcome.SUPPRESSED,
            RetrainResult.Outcome.SUPPRESSED,
            RetrainResult.Outcome.SUPPRESSED,
            RetrainResult.Outcome.SUPPRESSED);
    assertThat(results.get(1).retryAfter()).contains(TestClock.T0.plus(Duration.ofHours(6)));
    String firstRun = results.get(0).jobId().orElseThrow();
    PipelineResult first = t.lastRun().orElseThrow().await();
    assertThat(first.runId()).isEqualTo(firstRun);
    assertThat(first.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(t.runsStarted()).isEqualTo(1);
    assertThat(trainings).hasValue(1);

    clock.advance(Duration.ofHours(1)); // T0 + 6h: the cool-down has ended
    RetrainResult again = t.trigger(request("drift again"));
    assertThat(again.outcome()).isEqualTo(RetrainResult.Outcome.STARTED);
    assertThat(again.jobId()).isPresent().get().isNotEqualTo(firstRun);
    assertThat(t.lastRun().orElseThrow().await().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(t.runsStarted()).isEqualTo(2);
    assertThat(trainings).hasValue(2);
    assertThat(mlops.tracking().run(again.jobId().orElseThrow()).status())
        .isEqualTo(RunStatus.FINISHED);
  }

  @Test
  @DisplayName("8 concurrent requests start exactly one run")
  void concurrent() throws Exception {
    PipelineTrigger t = trigger();
    CyclicBarrier start = new CyclicBarrier(8);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<RetrainResult>> futures = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int n = i;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return t.trigger(request("thread " + n));
              }));
    }
    int startedCount = 0;
    for (Future<RetrainResult> f : futures) {
      if (f.get(30, TimeUnit.SECONDS).outcome() == RetrainResult.Outcome.STARTED) {
        startedCount++;
      }
    }
    pool.shutdown();
    assertThat(startedCount).isEqualTo(1);
    t.lastRun().orElseThrow().await();
    assertThat(trainings).hasValue(1);
  }

  @Test
  @DisplayName("a run that cannot start is FAILED and does not start a cool-down")
  void failedStart() {
    PipelineTrigger t =
        PipelineTrigger.builder(mlops, training())
            .arguments(Arguments.of(Parameter.ofLong("nope"), 1L))
            .build();
    RetrainResult r = t.trigger(request("drift"));
    assertThat(r.outcome()).isEqualTo(RetrainResult.Outcome.FAILED);
    assertThat(r.detail()).contains("train");
    assertThat(t.trigger(request("drift")).outcome()).isEqualTo(RetrainResult.Outcome.FAILED);
    assertThat(t.runsStarted()).isZero();
    assertThat(t.lastRun()).isEmpty();
  }

  @Test
  @DisplayName("passes the arguments derived from the request")
  void arguments() {
    PipelineTrigger t =
        PipelineTrigger.builder(mlops, training())
            .arguments(req -> Arguments.of(SEED, req.modelVersion() * 10))
            .build();
    RetrainResult r = t.trigger(request("drift"));
    PipelineResult result = t.lastRun().orElseThrow().await();
    assertThat(mlops.pipelines().value(result, MODEL)).isEqualTo(60L);
    assertThat(r.detail()).contains("drift");
  }

  @Test
  @DisplayName("rejects options set twice and a negative cool-down; defaults to 24 hours")
  void builder() {
    PipelineTrigger.Builder b = PipelineTrigger.builder(mlops, training()).coolDown(Duration.ZERO);
    assertThatThrownBy(() -> b.coolDown(Duration.ofHours(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> PipelineTrigger.builder(mlops, training()).coolDown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PipelineTrigger.builder(mlops, training()).build().coolDown())
        .isEqualTo(PipelineTrigger.DEFAULT_COOL_DOWN)
        .isEqualTo(Duration.ofHours(24));
  }
}
