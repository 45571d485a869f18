package dev.mlops.samples.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.tracking.Run;
import dev.mlops.core.Mlops;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.samples.RainModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the monitoring sample: summer then winter days of 2015 through a monitored model")
class MonitoringSampleTest {
  private static final int SUMMER = MonitoringSample.SUMMER_WINDOWS;
  private static final int WINTER = MonitoringSample.WINTER_WINDOWS;
  private static final int TEMP_MAX = 1;
  private static final int TEMP_MIN = 2;

  @TempDir static Path dir;
  private static MonitoringSample.Outcome outcome;
  private static String printed;
  private static List<double[]> reference;
  private static List<double[]> summer2015;
  private static List<double[]> winter2015;

  @BeforeAll
  static void runSample() {
    List<String> lines = MonitoringSample.csvLines(MonitoringSample.resource());
    reference = days(lines, Set.of(2012, 2013, 2014), Set.of(6, 7, 8));
    summer2015 = days(lines, Set.of(2015), Set.of(6, 7, 8));
    winter2015 = days(lines, Set.of(2015), Set.of(1, 2, 12));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      outcome = MonitoringSample.run(dir.resolve("store"), out);
    }
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("the data, computed from the CSV without the monitor")
  class Data {
    @Test
    @DisplayName(
        "summer 2015 stays within the drift threshold of the training summers, winter is far")
    void summerIsCloseWinterIsFar() {
      for (int f : new int[] {TEMP_MAX, TEMP_MIN}) {
        assertThat(ks(reference, summer2015, f)).isLessThan(MonitoringSample.D_THRESHOLD - 0.1);
        assertThat(ks(reference, winter2015, f)).isGreaterThan(MonitoringSample.D_THRESHOLD + 0.3);
      }
      double refMean = mean(reference, TEMP_MAX);
      double refStd = std(reference, TEMP_MAX);
      assertThat(mean(winter2015, TEMP_MAX)).isLessThan(refMean - 2 * refStd);
      assertThat(Math.abs(mean(summer2015, TEMP_MAX) - refMean)).isLessThan(refStd);
    }
  }

  @Nested
  @DisplayName("the drift alert")
  class DriftAlert {
    @Test
    @DisplayName("every window served 1,000 predictions, summer first, then winter")
    void traffic() {
      assertThat(outcome.closed()).hasSize(SUMMER + WINTER);
      assertThat(outcome.firing()).hasSize(SUMMER + WINTER);
      for (WindowSnapshot w : outcome.closed()) {
        assertThat(w.value("traffic.count")).hasValue(MonitoringSample.TRAFFIC);
        assertThat(w.value("latency.p99")).isPresent();
      }
    }

    @Test
    @DisplayName("no summer window fails drift or raises an alert")
    void quietSummer() {
      for (int i = 0; i < SUMMER; i++) {
        assertThat(outcome.closed().get(i).verdict("drift.dataset"))
            .hasValueSatisfying(v -> assertThat(v).isNotEqualTo(Verdict.FAIL));
        assertThat(outcome.firing().get(i)).isEmpty();
      }
    }

    @Test
    @DisplayName(
        "the drift alert fires at the second winter window (FAIL in 2 consecutive windows)")
    void firesInWinter() {
      for (int i = SUMMER; i < SUMMER + WINTER; i++) {
        WindowSnapshot w = outcome.closed().get(i);
        assertThat(w.verdict("drift.dataset")).hasValue(Verdict.FAIL);
        assertThat(w.verdict("drift.temp_max")).hasValue(Verdict.FAIL);
        assertThat(w.verdict("drift.temp_min")).hasValue(Verdict.FAIL);
      }
      assertThat(outcome.firing().get(SUMMER)).isEmpty();
      for (int i = SUMMER + 1; i < SUMMER + WINTER; i++) {
        assertThat(outcome.firing().get(i)).containsExactly(AlertRules.DRIFT_FAIL);
      }
      assertThat(printed).contains("alerts firing: [drift-fail]");
    }
  }

  @Nested
  @DisplayName("labels and quality")
  class Quality {
    @Test
    @DisplayName("a window without labels carries the CBPE accuracy with its interval")
    void estimateWithoutLabels() {
      for (WindowSnapshot w : outcome.closed()) {
        assertThat(w.value("labels.count")).hasValue(0);
        double est = w.value("estimate.accuracy").orElseThrow();
        assertThat(w.value("estimate.accuracy.low").orElseThrow()).isLessThanOrEqualTo(est);
        assertThat(w.value("estimate.accuracy.high").orElseThrow()).isGreaterThanOrEqualTo(est);
        assertThat(w.value("quality.accuracy")).isEmpty();
      }
    }

    @Test
    @DisplayName(
        "once its labels arrive, a window's realised accuracy matches the model on its days")
    void realisedOnceLabelsArrive() {
      RainModel model = trainedModel(1);
      double summerAccuracy = accuracy(model, summer2015);
      double winterAccuracy = accuracy(model, winter2015);
      assertThat(outcome.finals()).hasSize(SUMMER + WINTER);
      for (int i = 0; i < outcome.finals().size(); i++) {
        WindowSnapshot w = outcome.finals().get(i);
        assertThat(w.isFinal()).isTrue();
        assertThat(w.windowStart()).isEqualTo(outcome.closed().get(i).windowStart());
        assertThat(w.value("labels.count")).hasValue(MonitoringSample.TRAFFIC);
        assertThat(w.value("labels.coverage")).hasValue(1.0);
        // 1,000 days drawn with replacement: standard error at most 0.016; 0.06 is about 4 of them
        assertThat(w.value("quality.accuracy").orElseThrow())
            .isCloseTo(i < SUMMER ? summerAccuracy : winterAccuracy, within(0.06));
      }
    }
  }

  @Nested
  @DisplayName("retraining")
  class Retraining {
    @Test
    @DisplayName("the trigger starts exactly one retraining run, which finishes")
    void exactlyOnce() {
      assertThat(outcome.retraining())
          .singleElement()
          .extracting(RetrainResult::outcome)
          .isEqualTo(RetrainResult.Outcome.STARTED);
      PipelineResult retrained = outcome.retrained().orElseThrow();
      assertThat(retrained.succeeded()).isTrue();
      assertThat(outcome.retraining().get(0).jobId()).hasValue(retrained.runId());
      try (Mlops mlops = Mlops.open(dir.resolve("store"))) {
        List<Run> runs = mlops.tracking().listRuns(MonitoringSample.PIPELINE, null, 100);
        assertThat(runs).hasSize(2); // the initial training and one retraining
        assertThat(runs).extracting(Run::id).contains(retrained.runId());
      }
      assertThat(outcome.pipelineRuns()).isEqualTo(2);
    }
  }

  private static RainModel trainedModel(long version) {
    try (Mlops mlops = Mlops.open(dir.resolve("store"))) {
      return mlops
          .pipelines()
          .read(
              ArtifactRef.of(
                  MonitoringSample.PIPELINE + "." + MonitoringSample.MODEL.name(), version),
              MonitoringSample.MODEL);
    }
  }

  /** The model's accuracy over days, scored here from the record's weights. */
  private static double accuracy(RainModel m, List<double[]> days) {
    int right = 0;
    for (double[] d : days) {
      double z = m.bias();
      for (int j = 0; j < 4; j++) {
        z += m.weights()[j] * (d[j] - m.mean()[j]) / m.std()[j];
      }
      boolean rain = z >= 0; // p >= 0.5
      if (rain == (d[4] == 1)) {
        right++;
      }
    }
    return right / (double) days.size();
  }

  private static List<double[]> days(List<String> lines, Set<Integer> years, Set<Integer> months) {
    return lines.stream()
        .map(l -> l.split(","))
        .filter(
            f ->
                years.contains(Integer.parseInt(f[0].substring(0, 4)))
                    && months.contains(Integer.parseInt(f[0].substring(5, 7))))
        .map(
            f ->
                new double[] {
                  Double.parseDouble(f[1]),
                  Double.parseDouble(f[2]),
                  Double.parseDouble(f[3]),
                  Double.parseDouble(f[4]),
                  f[5].equals("rain") ? 1 : 0
                })
        .toList();
  }

  /** The exact two-sample Kolmogorov-Smirnov D of one column. */
  private static double ks(List<double[]> a, List<double[]> b, int col) {
    double[] x = a.stream().mapToDouble(r -> r[col]).sorted().toArray();
    double[] y = b.stream().mapToDouble(r -> r[col]).sorted().toArray();
    double d = 0;
    for (double v : concat(x, y)) {
      double fx = upper(x, v) / (double) x.length;
      double fy = upper(y, v) / (double) y.length;
      d = Math.max(d, Math.abs(fx - fy));
    }
    return d;
  }

  private static double[] concat(double[] x, double[] y) {
    double[] all = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    return all;
  }

  /** How many sorted values are at most v. */
  private static int upper(double[] sorted, double v) {
    int n = 0;
    while (n < sorted.length && sorted[n] <= v) {
      n++;
    }
    return n;
  }

  private static double mean(List<double[]> rows, int col) {
    return rows.stream().mapToDouble(r -> r[col]).average().orElseThrow();
  }

  private static double std(List<double[]> rows, int col) {
    double m = mean(rows, col);
    return Math.sqrt(
        rows.stream().mapToDouble(r -> (r[col] - m) * (r[col] - m)).average().orElseThrow());
  }
}
