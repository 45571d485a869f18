package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.core.Mlops;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.GateResult;
import dev.mlops.validation.evaluation.SliceResult;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the evaluate step of the rain pipeline")
class RainEvaluationTest {
  static Table test;
  static RainModel model;

  @BeforeAll
  static void trainOnce() throws IOException {
    Table days;
    try (InputStream in = EndToEnd.class.getResourceAsStream("data/seattle-weather.csv")) {
      days = RainPipeline.reader().read(in);
    }
    TimestampColumn date = days.timestamp("date");
    test = days.filter(row -> RainPipeline.summer(date, row, 2015, 2015));
    model =
        RainModel.train(
            days.filter(row -> RainPipeline.summer(date, row, 2012, 2014)),
            RainPipeline.FEATURES,
            0.1,
            200);
  }

  @Test
  @DisplayName(
      "reports the whole summer of 2015 and each month, with the days and rain days counted in the"
          + " CSV with awk, and decides the gate at each of the 4 places at 95 %")
  void slicesAndGate() {
    EvaluationReport report = RainPipeline.evaluate(model, test, "rain-classifier", 3);
    // awk -F, '$1 ~ /^2015-0[678]/' seattle-weather.csv: 30, 31, 31 days; 4, 2, 6 of rain
    assertThat(report.overall().n()).isEqualTo(92);
    assertThat(report.overall().classification().orElseThrow().nPositive()).isEqualTo(12);
    assertThat(report.slices())
        .extracting(
            SliceResult::key,
            SliceResult::n,
            s -> s.classification().map(BinaryClassificationResult::nPositive).orElseThrow())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Map.of("month", "Jun"), 30, 4L),
            org.assertj.core.groups.Tuple.tuple(Map.of("month", "Jul"), 31, 2L),
            org.assertj.core.groups.Tuple.tuple(Map.of("month", "Aug"), 31, 6L));
    assertThat(report.gates()).hasSize(4);
    assertThat(report.gates())
        .allSatisfy(
            g -> {
              assertThat(g.gate().toString()).isEqualTo(RainPipeline.GATE);
              assertThat(g.level()).isEqualTo(0.95);
              assertThat(g.verdict()).isEqualTo(Verdict.PASS);
              // PASS means the interval's lower bound is at least the threshold 0.5
              assertThat(g.interval().orElseThrow().low()).isGreaterThanOrEqualTo(0.5);
            });
    assertThat(report.gates()).extracting(GateResult::slice).contains(GateResult.OVERALL);
    assertThat(report.verdict()).contains(Verdict.PASS);
    assertThat(report.subject().orElseThrow().version()).isEqualTo(3);
  }

  @Test
  @DisplayName("stores the report once, linked to its model version, however often it is stored")
  void storedOnceAndLinked() {
    try (Mlops mlops = Mlops.inMemory()) {
      ArtifactVersion artifact =
          mlops
              .artifacts()
              .put(
                  "rain.model",
                  ArtifactVersion.KIND_MODEL,
                  "application/json",
                  new ByteArrayInputStream(new byte[] {1}),
                  Map.of());
      String runId;
      try (ActiveRun run = mlops.tracking().startRun("rain").start()) {
        runId = run.id();
      }
      ModelRegistration r = RainPipeline.register(mlops, artifact.ref(), runId);
      assertThat(r.version()).isEqualTo(1);
      assertThat(RainPipeline.register(mlops, artifact.ref(), runId)).isEqualTo(r);
      assertThat(mlops.registry().version(r.model(), 2)).isEmpty();
      EvaluationReport report = RainPipeline.evaluate(model, test, r.model(), r.version());
      String first = RainPipeline.storeReport(mlops, report);
      String again = RainPipeline.storeReport(mlops, report);
      assertThat(again).isEqualTo(first).startsWith("rain-evaluation:1 model_metrics PASS:");
      assertThat(mlops.artifacts().versions(RainPipeline.REPORT_ARTIFACT)).hasSize(1);
      List<LinkedReport> linked = mlops.registry().reports(r.model(), r.version());
      assertThat(linked)
          .singleElement()
          .satisfies(l -> assertThat(l.verdict()).isEqualTo(Verdict.PASS));
    }
  }
}
