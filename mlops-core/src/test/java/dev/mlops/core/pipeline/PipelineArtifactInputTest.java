package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelinePlan;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Stored artifacts as pipeline inputs")
class PipelineArtifactInputTest {
  static final Parameter<ArtifactRef> DATASET = Parameter.ofArtifact("dataset");
  static final Output<String> ROWS = Output.of("rows", Codecs.utf8());
  static final Output<String> MODEL = Output.of("model", Codecs.utf8());

  final AtomicInteger loads = new AtomicInteger();
  final AtomicInteger trains = new AtomicInteger();
  Mlops mlops;

  @BeforeEach
  void open() {
    mlops = Mlops.builder().store(URI.create("mem:/")).clock(new TestClock()).build();
  }

  @AfterEach
  void close() {
    mlops.close();
  }

  /** load reads the dataset's bytes (upper-cased), train reads load's output. */
  Pipeline pipeline() {
    return Pipeline.builder("weather")
        .step(
            Step.builder("load")
                .input(DATASET)
                .output(ROWS)
                .body(
                    ctx -> {
                      loads.incrementAndGet();
                      try (InputStream in = ctx.open(DATASET)) {
                        ctx.put(
                            ROWS,
                            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .toUpperCase(java.util.Locale.ROOT));
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }))
        .step(
            Step.builder("train")
                .input(ROWS)
                .output(MODEL)
                .body(
                    ctx -> {
                      trains.incrementAndGet();
                      ctx.put(MODEL, "model of " + ctx.get(ROWS).length() + " chars");
                    }))
        .build();
  }

  ArtifactVersion store(String text) {
    return mlops
        .artifacts()
        .put(
            "raw-weather",
            ArtifactVersion.KIND_DATASET,
            "text/csv",
            new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
            Map.of());
  }

  static String sha(String s) {
    return Digest.of(s.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Nested
  @DisplayName("the cache key")
  class CacheKey {
    @Test
    @DisplayName("a new version with identical bytes hits the cache; its version is recorded")
    void identicalBytesCached() {
      store("a,b\n1,2\n");
      PipelineResult first =
          mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "raw-weather"));
      ArtifactVersion v2 = store("a,b\n1,2\n");
      assertThat(v2.version()).isEqualTo(2);

      PipelineResult second =
          mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "raw-weather"));

      assertThat(loads.get()).isEqualTo(1);
      assertThat(trains.get()).isEqualTo(1);
      assertThat(second.steps()).extracting(StepExecution::status).containsOnly(StepStatus.CACHED);
      assertThat(first.step("load").orElseThrow().inputs())
          .containsEntry("dataset", ArtifactRef.of("raw-weather", 1));
      assertThat(second.step("load").orElseThrow().inputs())
          .containsEntry("dataset", ArtifactRef.of("raw-weather", 2));
      assertThat(second.step("load").orElseThrow().keyParts())
          .containsEntry("input.dataset", sha("a,b\n1,2\n"))
          .doesNotContainKey("param.dataset");
      assertThat(mlops.tracking().params(second.runId()).get("dataset").value())
          .isEqualTo("raw-weather:2");
    }

    @Test
    @DisplayName("changed bytes re-run the reader and explain the digest change")
    void changedBytesRerun() {
      store("a\n1\n");
      mlops.pipelines().run(pipeline(), Arguments.of(DATASET, ArtifactRef.of("raw-weather", 1)));
      store("a\n2\n");

      PipelinePlan plan = mlops.pipelines().plan(pipeline(), Arguments.of(DATASET, "raw-weather"));
      PipelineResult second =
          mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "raw-weather:2"));

      String why = "input dataset changed from " + sha("a\n1\n") + " to " + sha("a\n2\n");
      assertThat(plan.steps().get(0).reason()).isEqualTo("will run because " + why);
      assertThat(plan.willRun()).containsExactly("load", "train");
      assertThat(second.step("load").orElseThrow().reason()).isEqualTo("ran because " + why);
      assertThat(loads.get()).isEqualTo(2);
      // "A\n2\n" has as many characters as "A\n1\n": train's input digest differs, so it re-runs
      assertThat(trains.get()).isEqualTo(2);
      assertThat(mlops.pipelines().value(second, ROWS)).isEqualTo("A\n2\n");
    }

    @Test
    @DisplayName("plan() predicts a hit for a new version with identical bytes")
    void planPredictsHit() {
      store("x\n");
      mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "raw-weather"));
      store("x\n");
      PipelinePlan plan = mlops.pipelines().plan(pipeline(), Arguments.of(DATASET, "raw-weather"));
      assertThat(plan.willRun()).isEmpty();
    }
  }

  @Nested
  @DisplayName("lineage")
  class Lineage {
    @Test
    @DisplayName("upstream of the model walks through both steps back to the raw dataset")
    void upstreamReachesDataset() {
      store("a\n1\n");
      PipelineResult r = mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "raw-weather"));
      ArtifactRef model = r.outputs().get("model");
      ArtifactRef rows = r.outputs().get("rows");

      LineageGraph g = mlops.lineage().upstream(model, 10);

      LineageGraph.Node train = LineageGraph.Node.execution(r.runId() + ".train");
      LineageGraph.Node load = LineageGraph.Node.execution(r.runId() + ".load");
      LineageGraph.Node raw = LineageGraph.Node.artifact(ArtifactRef.of("raw-weather", 1));
      assertThat(g.edges())
          .contains(
              new LineageGraph.Edge(train, LineageGraph.Node.artifact(model)),
              new LineageGraph.Edge(LineageGraph.Node.artifact(rows), train),
              new LineageGraph.Edge(load, LineageGraph.Node.artifact(rows)),
              new LineageGraph.Edge(raw, load));
    }

    @Test
    @DisplayName("the body sees the resolved reference through get()")
    void getReturnsRef() {
      store("a\n");
      store("b\n");
      Output<String> seen = Output.of("seen", Codecs.utf8());
      Pipeline p =
          Pipeline.builder("refs")
              .step(
                  Step.builder("look")
                      .input(DATASET)
                      .output(seen)
                      .body(ctx -> ctx.put(seen, ctx.get(DATASET).toString())))
              .build();
      PipelineResult r = mlops.pipelines().run(p, Arguments.of(DATASET, "raw-weather"));
      assertThat(mlops.pipelines().value(r, seen)).isEqualTo("raw-weather:2");
    }
  }

  @Nested
  @DisplayName("an unknown artifact")
  class Unknown {
    @Test
    @DisplayName("a missing name fails with NotFoundException naming it, before any run starts")
    void missingName() {
      assertThatThrownBy(
              () -> mlops.pipelines().run(pipeline(), Arguments.of(DATASET, "no-such-data")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("'no-such-data'")
          .hasMessageContaining("parameter 'dataset'");
      assertThat(loads.get()).isZero();
      assertThat(mlops.tracking().findExperiment("weather")).isEmpty();
    }

    @Test
    @DisplayName("a missing version fails with NotFoundException naming it and the latest")
    void missingVersion() {
      store("a\n");
      assertThatThrownBy(
              () ->
                  mlops
                      .pipelines()
                      .start(
                          pipeline(),
                          Arguments.of(DATASET, ArtifactRef.of("raw-weather", 7)),
                          RunOptions.defaults()))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("raw-weather:7")
          .hasMessageContaining("latest is 1");
      assertThatThrownBy(
              () -> mlops.pipelines().plan(pipeline(), Arguments.of(DATASET, "raw-weather:7")))
          .isInstanceOf(NotFoundException.class);
      assertThat(loads.get()).isZero();
      assertThat(mlops.tracking().findExperiment("weather")).isEmpty();
    }

    @Test
    @DisplayName(
        "text that is neither name nor name:version is rejected when the arguments are made")
    void badText() {
      assertThatThrownBy(() -> Arguments.of(DATASET, "raw:x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("dataset");
      assertThatThrownBy(() -> Arguments.of(DATASET, "../etc"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(List.of(DATASET.parse("raw-weather:3")))
          .containsExactly(ArtifactRef.of("raw-weather", 3));
    }
  }

  @Nested
  @DisplayName("the artifact a step reads")
  class ArtifactOfInput {
    static final Parameter<Long> ROWS_LIMIT = Parameter.ofLong("limit").withDefault(10L);

    /** load, train, and publish: which sees the references of what it reads. */
    Pipeline publishing(List<ArtifactRef> seenModel, List<ArtifactRef> seenDataset) {
      Pipeline.Builder b = Pipeline.builder("weather");
      pipeline().steps().forEach(b::step);
      return b.step(
              Step.builder("publish")
                  .input(MODEL)
                  .input(DATASET)
                  .input(ROWS_LIMIT)
                  .body(
                      ctx -> {
                        seenModel.add(ctx.artifact(MODEL));
                        seenDataset.add(ctx.artifact(DATASET));
                        assertThatThrownBy(() -> ctx.artifact(ROWS))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("did not declare the input");
                        assertThatThrownBy(() -> ctx.artifact(ROWS_LIMIT))
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("is a value, not an artifact");
                      }))
          .build();
    }

    @Test
    @DisplayName(
        "is the version its producer stored, or reused from the cache, and the version an artifact"
            + " parameter resolved to")
    void refOfConsumedInput() {
      store("a\n1\n");
      List<ArtifactRef> model = new java.util.ArrayList<>();
      List<ArtifactRef> dataset = new java.util.ArrayList<>();
      PipelineResult first =
          mlops.pipelines().run(publishing(model, dataset), Arguments.of(DATASET, "raw-weather"));
      assertThat(first.succeeded()).as(first.explain()).isTrue();
      // the producer's recorded output, and the artifact store's own latest version of its name
      ArtifactRef stored = first.step("train").orElseThrow().outputs().get("model");
      assertThat(stored).isEqualTo(ArtifactRef.of("weather.model", 1));
      assertThat(mlops.artifacts().latest("weather.model").orElseThrow().ref()).isEqualTo(stored);
      assertThat(model).containsExactly(stored);
      assertThat(dataset).containsExactly(ArtifactRef.of("raw-weather", 1));

      // train cached, publish run again (another limit): it sees the cached version
      store("a\n1\n");
      PipelineResult second =
          mlops
              .pipelines()
              .run(
                  publishing(model, dataset),
                  Arguments.of(DATASET, "raw-weather").and(ROWS_LIMIT, 20L));
      assertThat(second.step("train").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
      assertThat(second.step("publish").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(model).containsExactly(stored, stored);
      assertThat(dataset)
          .containsExactly(ArtifactRef.of("raw-weather", 1), ArtifactRef.of("raw-weather", 2));
    }
  }
}
