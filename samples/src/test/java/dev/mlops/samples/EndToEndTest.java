package dev.mlops.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

  /** Runs the sample's main on a directory and returns what it printed. */
  static String runMain(Path dir) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EndToEnd.main(new String[] {dir.toString()});
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName(
      "run twice on one directory: versions grow, each run is finished with params, metrics,"
          + " lineage, a guarded champion, and an intact audit log")
  void twiceOnOneStore() {
    Path dir = tmp.resolve("store");
    String first = runMain(dir);
    String second = runMain(dir);
    assertThat(first)
        .contains("refused (as expected)")
        .contains("verify against the checkpoint: intact");
    assertThat(second).contains("champion -> rain-classifier version 2 (was version 1)");

    try (Mlops mlops = Mlops.open(dir)) {
      assertThat(mlops.artifacts().versions(EndToEnd.DATASET))
          .extracting(ArtifactVersion::version)
          .containsExactly(1L, 2L);
      for (long v = 1; v <= 2; v++) {
        ModelVersion mv = mlops.registry().version(EndToEnd.MODEL, v).orElseThrow();
        ArtifactRef model = ArtifactRef.of(EndToEnd.MODEL_ARTIFACT, v);
        ArtifactRef data = ArtifactRef.of(EndToEnd.DATASET, v);
        ArtifactRef report = ArtifactRef.of(EndToEnd.REPORT_ARTIFACT, v);
        String runId = mv.runId();
        assertThat(mv.artifact()).isEqualTo(model);
        assertThat(mlops.artifacts().get(model.name(), v).createdByRunId()).contains(runId);

        // The run: finished, with its parameters and metrics.
        assertThat(mlops.tracking().run(runId).status()).isEqualTo(RunStatus.FINISHED);
        Map<String, Param> params = mlops.tracking().params(runId);
        assertThat(params.get("learning_rate")).isEqualTo(Param.of("learning_rate", 0.1));
        assertThat(params.get("epochs").type()).isEqualTo(ParamType.NUMBER);
        assertThat(params.get("features").value())
            .isEqualTo("precipitation,temp_max,temp_min,wind");
        List<MetricPoint> loss = mlops.tracking().metricHistory(runId, "loss");
        assertThat(loss)
            .extracting(MetricPoint::step)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, EndToEnd.EPOCHS).boxed().toList());
        // Zero weights predict 0.5 for every day: the first loss is ln 2.
        assertThat(loss.get(0).value()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(loss.get(loss.size() - 1).value()).isLessThan(loss.get(0).value());
        Map<String, MetricPoint> latest = mlops.tracking().latestMetrics(runId);
        // Summer 2015 has 92 days, 12 labelled rain (counted in the CSV with awk).
        assertThat(latest.get("baseline_accuracy").value()).isCloseTo(80.0 / 92, within(1e-12));
        assertThat(latest.get("accuracy").value()).isGreaterThan(80.0 / 92).isLessThanOrEqualTo(1);
        assertThat(latest.get("log_loss").value()).isPositive().isLessThan(Math.log(2));

        // Lineage: the data set in, the model and the report out; upstream reaches the data.
        List<LineageEvent> events = mlops.metadata().read(tx -> tx.lineageEventsOfExecution(runId));
        assertThat(events)
            .extracting(e -> e.artifact() + " " + e.direction())
            .containsExactlyInAnyOrder(
                data + " " + Direction.INPUT,
                model + " " + Direction.OUTPUT,
                report + " " + Direction.OUTPUT);
        LineageGraph up = mlops.lineage().upstream(model, 10);
        assertThat(up.edges())
            .containsExactlyInAnyOrder(
                new Edge(Node.artifact(data), Node.execution(runId)),
                new Edge(Node.execution(runId), Node.artifact(model)));

        // The report linked to the version, in the contract, with verdict PASS about it.
        List<LinkedReport> reports = mlops.registry().reports(EndToEnd.MODEL, v);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(reports.get(0).kind()).isEqualTo(EndToEnd.REPORT_KIND);
        assertThat(reports.get(0).subjectVersion()).isEqualTo(v);
      }

      // The alias moved through the guard: one refusal, then the move, for each version.
      assertThat(mlops.registry().byAlias(EndToEnd.MODEL, EndToEnd.ALIAS))
          .map(ModelVersion::version)
          .contains(2L);
      assertThat(mlops.registry().history(EndToEnd.MODEL))
          .extracting(Transition::version, Transition::kind, Transition::to)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, TransitionKind.REFUSED, "1"),
              org.assertj.core.groups.Tuple.tuple(1L, TransitionKind.ALIAS_SET, "1"),
              org.assertj.core.groups.Tuple.tuple(2L, TransitionKind.REFUSED, "2"),
              org.assertj.core.groups.Tuple.tuple(2L, TransitionKind.ALIAS_SET, "2"));

      // The audit log verifies, and holds both refusals.
      assertThat(mlops.audit().verify().intact()).isTrue();
      assertThat(mlops.audit().events(1, 1_000))
          .filteredOn(e -> e.action().equals("registry.refused"))
          .extracting(AuditEvent::subject)
          .containsExactly(EndToEnd.MODEL + ":1", EndToEnd.MODEL + ":2");
      assertThat(mlops.fsck().isClean()).isTrue();
    }
  }
}
