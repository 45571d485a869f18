package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.samples.monitoring.MonitoringSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the end-to-end sample")
class EndToEndTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() throws IOException {
    // SQLite's driver extracts its native library into java.io.tmpdir, which must exist.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** What one run printed and returned. */
  record Printed(String text, EndToEnd.Result result) {}

  /** Runs the sample on a directory and returns what it printed and returned. */
  static Printed runMain(Path dir) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    EndToEnd.Result result;
    try {
      result = EndToEnd.run(dir);
    } finally {
      System.setOut(original);
    }
    return new Printed(captured.toString(StandardCharsets.UTF_8), result);
  }

  @Test
  @DisplayName(
      "run twice on one directory: the first pipeline run trains and its register step registers,"
          + " every later pipeline run is cached, the champion moved through its guard, lineage"
          + " reaches the data set, and the audit log is intact")
  void twiceOnOneStore() throws IOException {
    Path dir = tmp.resolve("store");
    Printed firstRun = runMain(dir);
    String first = firstRun.text();
    String second = runMain(dir).text();
    assertThat(first)
        .contains("champion -> rain-classifier version 1")
        .contains("the evaluate step: rain-evaluation:1 model_metrics PASS")
        .contains("verify against the checkpoint: intact")
        .doesNotContain("refused");
    assertThat(second)
        .contains("unchanged seattle-weather:1")
        .contains("is already rain-classifier version 1")
        .contains("the evaluate step: rain-evaluation:1 model_metrics PASS")
        .doesNotContain("refused");

    try (Mlops mlops = Mlops.open(dir)) {
      // One data set version: the second main found the same bytes.
      assertThat(mlops.artifacts().versions(EndToEnd.DATASET))
          .extracting(ArtifactVersion::version)
          .containsExactly(1L);
      ArtifactRef data = ArtifactRef.of(EndToEnd.DATASET, 1);

      // Four pipeline runs: the very first ran every step, the other three ran none.
      List<Run> runs = mlops.tracking().listRuns(RainPipeline.NAME, null, 100);
      assertThat(runs).hasSize(4).allMatch(r -> r.status() == RunStatus.FINISHED);
      List<String> steps = List.of("load", "split", "validate", "train", "evaluate", "register");
      ModelVersion mv = mlops.registry().version(EndToEnd.MODEL, 1).orElseThrow();
      assertThat(mlops.registry().version(EndToEnd.MODEL, 2)).isEmpty();
      String trainingRun = mv.runId();
      for (Run run : runs) {
        List<StepExecution> executions = mlops.pipelines().executions(run.id());
        assertThat(executions)
            .extracting(StepExecution::step)
            .containsExactlyInAnyOrderElementsOf(steps);
        StepStatus expected =
            run.id().equals(trainingRun) ? StepStatus.SUCCEEDED : StepStatus.CACHED;
        assertThat(executions).extracting(StepExecution::status).containsOnly(expected);
      }

      // The training run: parameters, and the loss curve the train step logged.
      Map<String, Param> params = mlops.tracking().params(trainingRun);
      assertThat(params.get("learning_rate").value()).isEqualTo("0.1");
      assertThat(params.get("epochs").value()).isEqualTo("200");
      List<MetricPoint> loss = mlops.tracking().metricHistory(trainingRun, "loss");
      assertThat(loss)
          .extracting(MetricPoint::step)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
      // Zero weights predict 0.5 for every day: the first loss is ln 2.
      assertThat(loss.get(0).value()).isCloseTo(Math.log(2), within(1e-12));
      assertThat(loss.get(loss.size() - 1).value()).isLessThan(loss.get(0).value());

      // The evaluation output, read back through its codec.
      RainModel.Evaluation eval =
          mlops
              .pipelines()
              .read(
                  mlops.pipelines().executions(trainingRun).stream()
                      .filter(e -> e.step().equals("evaluate"))
                      .findFirst()
                      .orElseThrow()
                      .outputs()
                      .get("evaluation"),
                  RainPipeline.EVALUATION);
      // Summer 2015 has 92 days, 12 labelled rain (counted in the CSV with awk).
      assertThat(eval.days()).isEqualTo(92);
      assertThat(eval.baselineAccuracy()).isCloseTo(80.0 / 92, within(1e-12));
      assertThat(eval.accuracy()).isGreaterThan(80.0 / 92).isLessThanOrEqualTo(1);
      assertThat(eval.logLoss()).isPositive().isLessThan(Math.log(2));

      // The register step: it read the model version train stored, and registered exactly it,
      // with the pipeline run as the version's run; every later run reused that registration.
      StepExecution register =
          mlops.pipelines().executions(trainingRun).stream()
              .filter(e -> e.step().equals("register"))
              .findFirst()
              .orElseThrow();
      StepExecution train =
          mlops.pipelines().executions(trainingRun).stream()
              .filter(e -> e.step().equals("train"))
              .findFirst()
              .orElseThrow();
      assertThat(register.inputs()).containsExactly(Map.entry("model", mv.artifact()));
      assertThat(train.outputs()).containsEntry("model", mv.artifact());
      assertThat(mv.artifact()).isEqualTo(ArtifactRef.of("rain.model", 1));
      ModelRegistration registration =
          mlops.pipelines().read(register.outputs().get("registration"), RainPipeline.REGISTRATION);
      assertThat(registration)
          .isEqualTo(
              new ModelRegistration(
                  EndToEnd.MODEL,
                  1,
                  "rain.model:1",
                  mlops.artifacts().get("rain.model", 1).digest().toString()));

      // Lineage: upstream of the model walks back through the steps to the data set.
      LineageGraph up = mlops.lineage().upstream(mv.artifact(), 10);
      assertThat(up.nodes()).contains(Node.artifact(data));
      assertThat(up.edges()).filteredOn(e -> e.from().equals(Node.artifact(data))).hasSize(1);

      // The evaluate step's report, stored once (the later runs were cached) and linked to the
      // version, in the contract, with verdict PASS about it.
      List<LinkedReport> reports = mlops.registry().reports(EndToEnd.MODEL, 1);
      assertThat(reports).hasSize(1);
      assertThat(reports.get(0).report()).isEqualTo(ArtifactRef.of(EndToEnd.REPORT_ARTIFACT, 1));
      assertThat(reports.get(0).verdict()).isEqualTo(Verdict.PASS);
      assertThat(reports.get(0).kind()).isEqualTo("model_metrics");
      assertThat(reports.get(0).subjectVersion()).isEqualTo(1);
      assertThat(mlops.artifacts().versions(EndToEnd.REPORT_ARTIFACT)).hasSize(1);

      // The alias moved through the guard, once.
      assertThat(mlops.registry().byAlias(EndToEnd.MODEL, EndToEnd.ALIAS))
          .map(ModelVersion::version)
          .contains(1L);
      assertThat(mlops.registry().history(EndToEnd.MODEL))
          .extracting(Transition::version, Transition::kind, Transition::to)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, TransitionKind.ALIAS_SET, "1"));

      // The audit log verifies; the guard refused nothing.
      assertThat(mlops.audit().verify().intact()).isTrue();
      assertThat(mlops.audit().events(1, 10_000))
          .filteredOn(e -> e.action().equals("registry.refused"))
          .extracting(AuditEvent::subject)
          .isEmpty();
      assertThat(mlops.fsck().isClean()).isTrue();
    }

    // The monitoring part: winter traffic made the drift rule fire, and its trigger started
    // exactly one retraining run, which finished.
    MonitoringSample.Outcome monitoring = firstRun.result().monitoring();
    assertThat(monitoring.firing()).anyMatch(rules -> rules.contains(AlertRules.DRIFT_FAIL));
    assertThat(monitoring.retraining())
        .singleElement()
        .extracting(RetrainResult::outcome)
        .isEqualTo(RetrainResult.Outcome.STARTED);
    assertThat(monitoring.retrained()).get().matches(PipelineResult::succeeded);
    try (Mlops store = Mlops.open(dir.resolve("monitoring"))) {
      // after two sample runs: per run one training and one retraining
      assertThat(store.tracking().listRuns(MonitoringSample.PIPELINE, null, 100)).hasSize(4);
    }
    assertThat(first)
        .contains("first alert: [drift-fail]")
        .contains("monitoring store:  " + dir.resolve("monitoring"));

    // The three HTML reports, where the summary says they are.
    for (String name :
        List.of("evaluation.html", "drift-winter-2015.html", "profile-training.html")) {
      Path file = dir.resolve("reports").resolve(name);
      assertThat(file).isRegularFile();
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>");
      assertThat(first).contains("report:            " + file);
    }
    assertThat(firstRun.result().reports()).hasSize(3);
  }

  @Test
  @DisplayName(
      "the data gate stops a run on FAIL and stores its report first: summer 2015 as training"
          + " data drifts from the 2012-2014 reference in temp_max and temp_min")
  void gateStopsOnDrift() throws IOException {
    Table days;
    try (InputStream in = EndToEnd.class.getResourceAsStream("data/seattle-weather.csv")) {
      days = RainPipeline.reader().read(in);
    }
    TimestampColumn date = days.timestamp("date");
    Table reference = days.filter(row -> RainPipeline.summer(date, row, 2012, 2014));
    Table summer2015 = days.filter(row -> RainPipeline.summer(date, row, 2015, 2015));
    try (Mlops mlops = Mlops.inMemory()) {
      assertThat(RainPipeline.validate(mlops, reference, reference, summer2015))
          .contains("drift of the training days: PASS");
      assertThatThrownBy(() -> RainPipeline.validate(mlops, reference, summer2015, summer2015))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("[temp_max, temp_min]")
          .hasMessageContaining("rain-data-validation:1");
      String report;
      try (InputStream in = mlops.artifacts().open("rain-data-validation", 1)) {
        report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(report)
          .startsWith(
              "{\"format_version\": 1, \"kind\": \"data_validation\", \"verdict\": \"FAIL\"");
    }
  }
}
