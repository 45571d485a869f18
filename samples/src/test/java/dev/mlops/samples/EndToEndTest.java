package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
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
          + " every later run of the same arguments is cached, the champion moved through its"
          + " guard, lineage reaches the data set, and the audit log is intact")
  void twiceOnOneStore() throws IOException {
    Path dir = tmp.resolve("store");
    Printed firstRun = runMain(dir);
    Printed secondRun = runMain(dir);
    String first = firstRun.text();
    String second = secondRun.text();
    assertThat(first)
        .contains("champion -> rain-classifier version 1")
        .contains("the evaluate step: rain-evaluation:1 model_metrics PASS")
        .contains("verify against the checkpoint: intact");
    assertThat(second)
        .contains("unchanged seattle-weather:1")
        .contains("is already rain-classifier version 1")
        .contains("the evaluate step: rain-evaluation:1 model_metrics PASS")
        .contains("verify against the checkpoint: intact");

    try (Mlops mlops = Mlops.open(dir)) {
      // One data set version: the second main found the same bytes.
      assertThat(mlops.artifacts().versions(EndToEnd.DATASET))
          .extracting(ArtifactVersion::version)
          .containsExactly(1L);
      ArtifactRef data = ArtifactRef.of(EndToEnd.DATASET, 1);

      // Two versions: 1 trained on the summers, 2 retrained on every month after the drift alert.
      ModelVersion mv = mlops.registry().version(EndToEnd.MODEL, 1).orElseThrow();
      ModelVersion retrained = mlops.registry().version(EndToEnd.MODEL, 2).orElseThrow();
      assertThat(mlops.registry().version(EndToEnd.MODEL, 3)).isEmpty();
      String trainingRun = mv.runId();
      String retrainingRun = retrained.runId();

      // Six pipeline runs, three per sample run: the pipeline, the same again, the retraining.
      // Only the very first ran every step, and the first retraining every step but load (its
      // input, the data set, was the same); every other run ran none.
      List<Run> runs = mlops.tracking().listRuns(RainPipeline.NAME, null, 100);
      assertThat(runs).hasSize(6).allMatch(r -> r.status() == RunStatus.FINISHED);
      assertThat(runs).extracting(Run::id).contains(trainingRun, retrainingRun);
      List<String> steps = List.of("load", "split", "validate", "train", "evaluate", "register");
      for (Run run : runs) {
        List<StepExecution> executions = mlops.pipelines().executions(run.id());
        assertThat(executions)
            .extracting(StepExecution::step)
            .containsExactlyInAnyOrderElementsOf(steps);
        for (StepExecution e : executions) {
          StepStatus expected =
              run.id().equals(trainingRun)
                      || (run.id().equals(retrainingRun) && !e.step().equals("load"))
                  ? StepStatus.SUCCEEDED
                  : StepStatus.CACHED;
          assertThat(e.status()).as("%s of run %s", e.step(), run.id()).isEqualTo(expected);
        }
      }
      // Two of them, the retrainings, on every month; the other four on the default months.
      assertThat(runs)
          .extracting(r -> mlops.tracking().params(r.id()).get("months").value())
          .containsExactlyInAnyOrder(
              "6,7,8",
              "6,7,8",
              "6,7,8",
              "6,7,8",
              "1,2,3,4,5,6,7,8,9,10,11,12",
              "1,2,3,4,5,6,7,8,9,10,11,12");
      assertThat(mlops.tracking().params(retrainingRun).get("months").value())
          .isEqualTo("1,2,3,4,5,6,7,8,9,10,11,12");

      // The training run: parameters, and the loss curve the train step logged.
      Map<String, Param> params = mlops.tracking().params(trainingRun);
      assertThat(params.get("learning_rate").value()).isEqualTo("0.1");
      assertThat(params.get("epochs").value()).isEqualTo("200");
      assertThat(params.get("months").value()).isEqualTo("6,7,8");
      List<MetricPoint> loss = mlops.tracking().metricHistory(trainingRun, "loss");
      assertThat(loss)
          .extracting(MetricPoint::step)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
      // Zero weights predict 0.5 for every day: the first loss is ln 2.
      assertThat(loss.get(0).value()).isCloseTo(Math.log(2), within(1e-12));
      assertThat(loss.get(loss.size() - 1).value()).isLessThan(loss.get(0).value());

      // The evaluation outputs, read back through their codec.
      RainModel.Evaluation eval = evaluation(mlops, trainingRun);
      // Summer 2015 has 92 days, 12 labelled rain (counted in the CSV with awk).
      assertThat(eval.days()).isEqualTo(92);
      assertThat(eval.baselineAccuracy()).isCloseTo(80.0 / 92, within(1e-12));
      assertThat(eval.accuracy()).isGreaterThan(80.0 / 92).isLessThanOrEqualTo(1);
      assertThat(eval.logLoss()).isPositive().isLessThan(Math.log(2));
      // The whole of 2015: 365 days, 144 labelled rain (awk).
      RainModel.Evaluation yearRound = evaluation(mlops, retrainingRun);
      assertThat(yearRound.days()).isEqualTo(365);
      assertThat(yearRound.baselineAccuracy()).isCloseTo(221.0 / 365, within(1e-12));
      assertThat(yearRound.accuracy()).isGreaterThan(221.0 / 365).isLessThanOrEqualTo(1);

      // The register step: it read the model version train stored, and registered exactly it,
      // with the pipeline run as the version's run; every later run reused that registration.
      StepExecution register = step(mlops, trainingRun, "register");
      StepExecution train = step(mlops, trainingRun, "train");
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
      // The retraining's register step registered what its train step trained, as version 2.
      StepExecution retrainRegister = step(mlops, retrainingRun, "register");
      StepExecution retrainTrain = step(mlops, retrainingRun, "train");
      assertThat(retrained.artifact()).isEqualTo(ArtifactRef.of("rain.model", 2));
      assertThat(retrainTrain.outputs()).containsEntry("model", retrained.artifact());
      assertThat(retrainRegister.inputs())
          .containsExactly(Map.entry("model", retrained.artifact()));
      assertThat(
              mlops
                  .pipelines()
                  .read(retrainRegister.outputs().get("registration"), RainPipeline.REGISTRATION)
                  .version())
          .isEqualTo(2);

      // Lineage: upstream of each model walks back through the steps to the data set.
      LineageGraph up = mlops.lineage().upstream(mv.artifact(), 10);
      assertThat(up.nodes()).contains(Node.artifact(data));
      assertThat(up.edges()).filteredOn(e -> e.from().equals(Node.artifact(data))).hasSize(1);
      LineageGraph retrainedUp = mlops.lineage().upstream(retrained.artifact(), 10);
      assertThat(retrainedUp.nodes())
          .contains(
              Node.artifact(data),
              Node.execution(retrainTrain.executionId()),
              Node.execution(step(mlops, retrainingRun, "split").executionId()));

      // The evaluate step's report, stored once per version (the later runs were cached) and
      // linked to it: PASS for version 1; for version 2 INCONCLUSIVE, since February 2015 has 28
      // days, below the minimum slice size of 30, so its month gate cannot be decided.
      List<LinkedReport> reports = mlops.registry().reports(EndToEnd.MODEL, 1);
      assertThat(reports).hasSize(1);
      assertThat(reports.get(0).report()).isEqualTo(ArtifactRef.of(EndToEnd.REPORT_ARTIFACT, 1));
      assertThat(reports.get(0).verdict()).isEqualTo(Verdict.PASS);
      assertThat(reports.get(0).kind()).isEqualTo("model_metrics");
      assertThat(reports.get(0).subjectVersion()).isEqualTo(1);
      List<LinkedReport> retrainedReports = mlops.registry().reports(EndToEnd.MODEL, 2);
      assertThat(retrainedReports).hasSize(1);
      assertThat(retrainedReports.get(0).report())
          .isEqualTo(ArtifactRef.of(EndToEnd.REPORT_ARTIFACT, 2));
      assertThat(retrainedReports.get(0).kind()).isEqualTo("model_metrics");
      assertThat(retrainedReports.get(0).subjectVersion()).isEqualTo(2);
      assertThat(retrainedReports.get(0).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(mlops.artifacts().versions(EndToEnd.REPORT_ARTIFACT)).hasSize(2);

      // The alias moved through the guard once; the guard refused version 2 once per sample run.
      assertThat(mlops.registry().byAlias(EndToEnd.MODEL, EndToEnd.ALIAS))
          .map(ModelVersion::version)
          .contains(1L);
      assertThat(mlops.registry().history(EndToEnd.MODEL))
          .extracting(Transition::version, Transition::kind, Transition::to)
          .containsExactly(
              tuple(1L, TransitionKind.ALIAS_SET, "1"),
              tuple(2L, TransitionKind.REFUSED, "2"),
              tuple(2L, TransitionKind.REFUSED, "2"));

      // The audit log verifies; the refusals are in it.
      assertThat(mlops.audit().verify().intact()).isTrue();
      assertThat(mlops.audit().events(1, 10_000))
          .filteredOn(e -> e.action().equals("registry.refused"))
          .extracting(AuditEvent::subject)
          .containsExactly("rain-classifier:2", "rain-classifier:2");
      assertThat(mlops.fsck().isClean()).isTrue();

      // The monitoring part, per sample run: the monitor watched the champion, version 1; winter
      // traffic made the drift rule fire, and its trigger started exactly one retraining run,
      // which finished: the first time as run 3 of the store, the second as run 6.
      int sampleRun = 0;
      for (Printed printed : List.of(firstRun, secondRun)) {
        sampleRun++;
        MonitoringSample.Outcome monitoring = printed.result().monitoring();
        assertThat(monitoring.closed())
            .isNotEmpty()
            .allMatch(w -> w.model().equals(EndToEnd.MODEL) && w.modelVersion() == 1);
        assertThat(monitoring.firing()).anyMatch(rules -> rules.contains(AlertRules.DRIFT_FAIL));
        assertThat(monitoring.retraining())
            .singleElement()
            .extracting(RetrainResult::outcome)
            .isEqualTo(RetrainResult.Outcome.STARTED);
        PipelineResult retraining = monitoring.retrained().orElseThrow();
        assertThat(retraining.succeeded()).isTrue();
        assertThat(monitoring.retraining().get(0).jobId()).hasValue(retraining.runId());
        assertThat(monitoring.pipelineRuns()).isEqualTo(3 * sampleRun);
        assertThat(printed.text())
            .contains("serving rain-classifier version 1:")
            .contains("first alert: [drift-fail]")
            .contains("promote through the guard: refused:")
            .contains("champion is rain-classifier version 1")
            .contains("version 2 refused by the guard");
      }
      assertThat(firstRun.result().monitoring().retrained().orElseThrow().runId())
          .isEqualTo(retrainingRun);
      assertThat(first)
          .contains("registered rain-classifier version 2, holding rain.model:2")
          .contains("retraining:        run " + retrainingRun + ", rain-classifier version 2");
      assertThat(second)
          .contains("all 6 steps cached")
          .contains(
              "nothing new registered: the register step found rain-classifier version 2,"
                  + " holding rain.model:2")
          .contains("(all steps cached), rain-classifier version 2 (already registered)");
    }
    // one store: nothing beside it but the reports
    assertThat(dir.resolve("monitoring")).doesNotExist();

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

  private static StepExecution step(Mlops mlops, String runId, String step) {
    return mlops.pipelines().executions(runId).stream()
        .filter(e -> e.step().equals(step))
        .findFirst()
        .orElseThrow();
  }

  private static RainModel.Evaluation evaluation(Mlops mlops, String runId) {
    return mlops
        .pipelines()
        .read(step(mlops, runId, "evaluate").outputs().get("evaluation"), RainPipeline.EVALUATION);
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
