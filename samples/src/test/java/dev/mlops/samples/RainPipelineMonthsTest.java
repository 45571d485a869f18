package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.table.Table;
import dev.mlops.core.Mlops;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("the months parameter of the rain pipeline")
class RainPipelineMonthsTest {
  private static byte[] csv;

  @BeforeAll
  static void data() throws IOException {
    try (InputStream in = EndToEnd.class.getResourceAsStream("data/seattle-weather.csv")) {
      csv = in.readAllBytes();
    }
  }

  @Nested
  @DisplayName("its value")
  class Value {
    @Test
    @DisplayName("is a comma-separated list of month numbers, blanks around them allowed")
    void parses() {
      assertThat(RainPipeline.months("6,7,8")).containsExactlyInAnyOrder(6, 7, 8);
      assertThat(RainPipeline.months(" 12, 1 ,2")).containsExactlyInAnyOrder(1, 2, 12);
      assertThat(RainPipeline.months(RainPipeline.ALL_MONTHS)).hasSize(12);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "0", "13", "6,,8", "June", "6;7"})
    @DisplayName("anything but month numbers from 1 to 12 is refused, naming the value")
    void refuses(String value) {
      assertThatThrownBy(() -> RainPipeline.months(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("months")
          .hasMessageContaining("'" + value + "'");
    }
  }

  @Nested
  @DisplayName("in a run")
  class InARun {
    @Test
    @DisplayName(
        "every month splits the 1,096 days of 2012-2014 for training and the 365 of 2015 for"
            + " testing (counted in the CSV with awk), the default the 276 and 92 of June-August")
    void splits() {
      try (Mlops mlops = Mlops.inMemory()) {
        ArtifactVersion data =
            mlops
                .artifacts()
                .put(
                    "seattle-weather",
                    ArtifactVersion.KIND_DATASET,
                    "text/csv",
                    new ByteArrayInputStream(csv),
                    Map.of());
        Arguments summer = Arguments.of(RainPipeline.DATASET, data.ref());
        PipelineResult byDefault = mlops.pipelines().run(RainPipeline.create(mlops), summer);
        PipelineResult yearRound =
            mlops
                .pipelines()
                .run(
                    RainPipeline.create(mlops),
                    summer.and(RainPipeline.MONTHS, RainPipeline.ALL_MONTHS));
        assertThat(byDefault.succeeded()).isTrue();
        assertThat(yearRound.succeeded()).isTrue();
        Table train = mlops.pipelines().value(byDefault, RainPipeline.TRAIN);
        Table test = mlops.pipelines().value(byDefault, RainPipeline.TEST);
        assertThat(train.rowCount()).isEqualTo(276);
        assertThat(test.rowCount()).isEqualTo(92);
        assertThat(mlops.pipelines().value(yearRound, RainPipeline.TRAIN).rowCount())
            .isEqualTo(1096);
        assertThat(mlops.pipelines().value(yearRound, RainPipeline.TEST).rowCount()).isEqualTo(365);
        // the other months: a new split, a new model, registered as version 2
        assertThat(yearRound.step("load").orElseThrow().status()).isEqualTo(StepStatus.CACHED);
        assertThat(yearRound.step("split").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(mlops.registry().version(RainPipeline.MODEL_NAME, 2)).isPresent();
      }
    }

    @Test
    @DisplayName("a bad value fails the split step, and nothing is trained or registered")
    void badValueFailsSplit() {
      try (Mlops mlops = Mlops.inMemory()) {
        ArtifactVersion data =
            mlops
                .artifacts()
                .put(
                    "seattle-weather",
                    ArtifactVersion.KIND_DATASET,
                    "text/csv",
                    new ByteArrayInputStream(csv),
                    Map.of());
        PipelineResult run =
            mlops
                .pipelines()
                .run(
                    RainPipeline.create(mlops),
                    Arguments.of(RainPipeline.DATASET, data.ref()).and(RainPipeline.MONTHS, "13"));
        assertThat(run.succeeded()).isFalse();
        assertThat(run.step("split").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        assertThat(run.steps())
            .filteredOn(e -> e.status() == StepStatus.SUCCEEDED)
            .extracting(StepExecution::step)
            .containsExactly("load");
        assertThat(mlops.registry().model(RainPipeline.MODEL_NAME)).isEmpty();
      }
    }
  }
}
