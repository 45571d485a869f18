package dev.mlops.samples.tracking;

import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.samples.tracking.TrainingService.TrainingJob;
import dev.mlops.samples.tracking.TrainingService.TrainingResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Tracking only, in a service: opens a {@link TrainingService} on a store directory, runs four
 * training jobs with different learning rates (one run each), finds the best run with the query
 * language and prints where everything is.
 *
 * <p>Run it with {@code java -cp ... dev.mlops.samples.tracking.TrackingSample [store-dir]} (see
 * the README's "Samples" table); the store directory defaults to {@code
 * target/mlops-tracking-sample}.
 *
 * <p>Not thread-safe; a program's entry point.
 *
 * @since 0.1
 */
public final class TrackingSample {
  /** The jobs the sample runs: the same epochs, four learning rates. */
  public static final List<TrainingJob> JOBS =
      List.of(
          new TrainingJob(0.01, 30, "nightly"),
          new TrainingJob(0.03, 30, "nightly"),
          new TrainingJob(0.1, 30, "manual"),
          new TrainingJob(0.3, 30, "manual"));

  private TrackingSample() {}

  /**
   * Runs the sample.
   *
   * @param args the store directory, optional
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/mlops-tracking-sample").toAbsolutePath();
    System.out.println("tracking sample: embedded store in " + dir);
    try (TrainingService service = TrainingService.open(dir)) {
      for (TrainingJob job : JOBS) {
        TrainingResult r = service.train(job);
        System.out.printf(
            "run %s  learning_rate=%-5s rmse %.4f  max = %.3f * min + %.3f  model %s%n",
            r.runId(), job.learningRate(), r.rmse(), r.slope(), r.intercept(), r.model().ref());
      }
      System.out.println("query: " + TrainingService.BEST_RUN_QUERY);
      Run best = service.best().orElseThrow();
      MetricPoint rmse = service.mlops().tracking().latestMetrics(best.id()).get("rmse");
      System.out.printf(
          "best run %s (%s): rmse %.4f, learning_rate %s%n",
          best.id(),
          best.name(),
          rmse.value(),
          service.mlops().tracking().params(best.id()).get("learning_rate").value());
      System.out.println("runs, metrics and models are in " + dir);
    }
  }
}
