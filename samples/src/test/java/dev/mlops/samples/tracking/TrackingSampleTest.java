package dev.mlops.samples.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.samples.tracking.TrainingService.TrainingJob;
import dev.mlops.samples.tracking.TrainingService.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the tracking sample: a training service that tracks one run per job")
class TrackingSampleTest {
  /** Least squares of temp_max on temp_min, computed here from the CSV text, not by the sample. */
  private static double olsSlope;

  private static double olsIntercept;
  private static double olsRmse;
  private static double meanSquareOfMax;
  private static int days;

  @TempDir Path tmp;

  @BeforeAll
  static void leastSquaresByHand() throws IOException {
    // SQLite's driver extracts its native library into java.io.tmpdir, which must exist.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    List<double[]> rows = new ArrayList<>();
    try (InputStream in =
        TrackingSampleTest.class.getResourceAsStream(
            "/dev/mlops/samples/data/seattle-weather.csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].strip().split(",");
        rows.add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[2])});
      }
    }
    days = rows.size();
    double sx = 0;
    double sy = 0;
    double syy = 0;
    for (double[] r : rows) {
      sx += r[0];
      sy += r[1];
      syy += r[1] * r[1];
    }
    double mx = sx / days;
    double my = sy / days;
    double sxy = 0;
    double sxx = 0;
    for (double[] r : rows) {
      sxy += (r[0] - mx) * (r[1] - my);
      sxx += (r[0] - mx) * (r[0] - mx);
    }
    olsSlope = sxy / sxx;
    olsIntercept = my - olsSlope * mx;
    double sse = 0;
    for (double[] r : rows) {
      double e = olsSlope * r[0] + olsIntercept - r[1];
      sse += e * e;
    }
    olsRmse = Math.sqrt(sse / days);
    meanSquareOfMax = syy / days;
  }

  @Nested
  @DisplayName("four jobs on one service")
  class FourJobs {
    @Test
    @DisplayName(
        "each job is one finished run, and the query finds the 0.3 learning rate run, whose line"
            + " is the least-squares line")
    void bestRunByQuery() throws IOException {
      try (TrainingService service = TrainingService.open(tmp.resolve("store"))) {
        List<TrainingResult> results = new ArrayList<>();
        for (TrainingJob job : TrackingSample.JOBS) {
          results.add(service.train(job));
        }
        Mlops mlops = service.mlops();

        List<Run> runs = mlops.tracking().listRuns(TrainingService.EXPERIMENT, null, 100);
        assertThat(runs).hasSize(4).allMatch(r -> r.status() == RunStatus.FINISHED);

        Run best = service.best().orElseThrow();
        assertThat(best.id()).isEqualTo(results.get(3).runId());
        assertThat(mlops.tracking().params(best.id()).get("learning_rate").value())
            .isIn("0.3", "0.30");
        assertThat(mlops.tracking().tags(best.id()))
            .containsEntry("model", "linear")
            .containsEntry("trigger", "manual");

        // 0.3 contracts the error by 0.4 per epoch: after 30 epochs (0.4^30 = 1e-12) it is the
        // least-squares fit, while 0.1 (0.8^30 = 1e-3) is not quite there.
        double bestRmse = mlops.tracking().latestMetrics(best.id()).get("rmse").value();
        assertThat(bestRmse).isCloseTo(olsRmse, within(1e-9));
        for (Run run : runs) {
          assertThat(mlops.tracking().latestMetrics(run.id()).get("rmse").value())
              .isGreaterThanOrEqualTo(bestRmse);
        }
        // 0.01 contracts by 0.98 per epoch only: 0.98^30 = 0.55 of the start error is left.
        assertThat(results.get(0).rmse()).isGreaterThan(olsRmse + 1);

        // The loss curve: epochs 1..30, starting at the mean square of temp_max (zero weights).
        List<MetricPoint> mse = mlops.tracking().metricHistory(best.id(), "mse");
        assertThat(mse)
            .extracting(MetricPoint::step)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, 30).boxed().toList());
        assertThat(mse.get(0).value()).isCloseTo(meanSquareOfMax, within(1e-9));
        assertThat(mse.get(29).value()).isCloseTo(olsRmse * olsRmse, within(1e-9));

        // The model artifact, read back: the least-squares line.
        String model;
        try (InputStream in =
            mlops
                .artifacts()
                .open(TrainingService.MODEL_ARTIFACT, results.get(3).model().version())) {
          model = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(number(model, "slope")).isCloseTo(olsSlope, within(1e-9));
        assertThat(number(model, "intercept")).isCloseTo(olsIntercept, within(1e-9));
        assertThat(mlops.artifacts().versions(TrainingService.MODEL_ARTIFACT)).hasSize(4);
        assertThat(results.get(3).model().createdByRunId()).contains(best.id());
      }
    }

    @Test
    @DisplayName("no finished job: the query finds no best run")
    void noBestRunYet() {
      try (TrainingService service = TrainingService.open(tmp.resolve("empty"))) {
        assertThat(service.best()).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("concurrent requests")
  class Concurrent {
    @Test
    @DisplayName("8 request threads on one service record 8 finished runs")
    void eightThreads() throws Exception {
      try (TrainingService service = TrainingService.open(tmp.resolve("store"))) {
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<TrainingResult>> futures = new ArrayList<>();
          for (int i = 0; i < threads; i++) {
            TrainingJob job = new TrainingJob(0.01 * (i + 1), 20, "request-" + i);
            futures.add(
                pool.submit(
                    () -> {
                      start.await(1, TimeUnit.MINUTES);
                      return service.train(job);
                    }));
          }
          for (Future<TrainingResult> f : futures) {
            f.get(2, TimeUnit.MINUTES);
          }
        } finally {
          pool.shutdownNow();
        }
        List<Run> runs = service.mlops().tracking().listRuns(TrainingService.EXPERIMENT, null, 100);
        assertThat(runs).hasSize(threads).allMatch(r -> r.status() == RunStatus.FINISHED);
        // The largest learning rate (0.08) converges furthest in 20 epochs.
        Run best = service.best().orElseThrow();
        assertThat(service.mlops().tracking().tags(best.id()))
            .containsEntry("trigger", "request-7");
      }
    }
  }

  @Test
  @DisplayName("main prints the four runs and the best one, and leaves them in the directory")
  void mainPrints() {
    Path dir = tmp.resolve("main");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TrackingSample.main(new String[] {dir.toString()});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("best run").contains("learning_rate 0.3").contains(dir.toString());
    try (Mlops mlops = Mlops.open(dir)) {
      assertThat(mlops.tracking().listRuns(TrainingService.EXPERIMENT, null, 100)).hasSize(4);
    }
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE+]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", field, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
