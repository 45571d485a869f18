package dev.mlops.samples.tracking;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.core.Mlops;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service that trains a small model per job and tracks every job as a run: the kind of class a
 * web or queue worker holds for its whole life. It opens the embedded store once ({@link
 * Mlops#open(Path)}) and closes it in {@link #close()}; each {@link #train(TrainingJob)} starts a
 * run, logs its parameters, the loss per epoch, tags and the fitted model as an artifact, and ends
 * it (FAILED, with the error, when training throws).
 *
 * <p>The model predicts a day's maximum temperature in Seattle from its minimum temperature: a
 * straight line fitted by gradient descent on the standardized minimum, on the 1,461 days of the
 * data set shipped with the samples. Jobs differ in learning rate and epochs, so their errors
 * differ, and {@link #best()} finds the job with the lowest error with one run search.
 *
 * <p>Thread-safe: {@link Mlops} is, and each job has its own run handle, so several request threads
 * may call {@link #train} at once.
 *
 * <pre>{@code
 * try (TrainingService service = TrainingService.open(Path.of("/var/lib/app/.mlops"))) {
 *   service.train(new TrainingJob(0.1, 100, "nightly"));
 *   Run best = service.best().orElseThrow();
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class TrainingService implements AutoCloseable {
  /** The experiment every job's run belongs to. */
  public static final String EXPERIMENT = "max-temperature";

  /** The artifact each job stores its fitted line in. */
  public static final String MODEL_ARTIFACT = "max-temperature-line";

  /** The query that finds the best run: finished, with the lowest final RMSE. */
  public static final String BEST_RUN_QUERY =
      "attributes.status = 'FINISHED' AND tags.model = 'linear'"
          + " AND metrics.rmse IS NOT NULL ORDER BY metrics.rmse ASC";

  private static final String DATA = "/dev/mlops/samples/data/seattle-weather.csv";

  private final Mlops mlops;
  private final double[] x;
  private final double[] y;
  private final double xMean;
  private final double xScale;

  private TrainingService(Mlops mlops, double[] x, double[] y) {
    this.mlops = mlops;
    this.x = x;
    this.y = y;
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double var = 0;
    for (double v : x) {
      var += (v - mean) * (v - mean);
    }
    this.xMean = mean;
    this.xScale = Math.sqrt(var / x.length);
  }

  /**
   * Opens the store in a directory (created when missing) and loads the training data.
   *
   * @param directory the store directory
   * @return the service, to be closed
   * @throws dev.mlops.api.StorageException if the store cannot be opened
   */
  public static TrainingService open(Path directory) {
    Objects.requireNonNull(directory, "directory");
    Table days = readDays();
    NumericColumn min = days.numeric("temp_min");
    NumericColumn max = days.numeric("temp_max");
    int n = days.rowCount();
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = min.value(i);
      y[i] = max.value(i);
    }
    return new TrainingService(Mlops.open(directory), x, y);
  }

  /**
   * Trains the line for one job as one run.
   *
   * @param job the job
   * @return the run's outcome
   * @throws dev.mlops.api.StorageException if the store fails; the run is then ended FAILED
   */
  public TrainingResult train(TrainingJob job) {
    Objects.requireNonNull(job, "job");
    try (ActiveRun run =
        mlops
            .tracking()
            .startRun(EXPERIMENT)
            .name(String.format(Locale.ROOT, "lr=%s epochs=%d", job.learningRate(), job.epochs()))
            .withoutGit()
            .start()) {
      try {
        run.logParam("learning_rate", job.learningRate());
        run.logParam("epochs", job.epochs());
        run.logParam("feature", "temp_min");
        run.setTag("model", "linear");
        run.setTag("trigger", job.trigger());

        // Gradient descent on mean squared error: w * z + b with z the standardized minimum.
        double w = 0;
        double b = 0;
        double mse = 0;
        for (int epoch = 1; epoch <= job.epochs(); epoch++) {
          double gw = 0;
          double gb = 0;
          mse = 0;
          for (int i = 0; i < x.length; i++) {
            double z = (x[i] - xMean) / xScale;
            double err = w * z + b - y[i];
            mse += err * err;
            gw += err * z;
            gb += err;
          }
          mse /= x.length;
          run.logMetric("mse", mse, epoch); // the loss before this epoch's update
          w -= job.learningRate() * 2 * gw / x.length;
          b -= job.learningRate() * 2 * gb / x.length;
        }
        double slope = w / xScale;
        double intercept = b - w * xMean / xScale;
        double rmse = rmse(slope, intercept);
        run.logMetric("rmse", rmse, job.epochs());

        String model =
            String.format(
                Locale.ROOT,
                "{\"predicts\": \"temp_max\", \"from\": \"temp_min\", \"slope\": %.17g,"
                    + " \"intercept\": %.17g}%n",
                slope,
                intercept);
        ArtifactVersion artifact =
            run.logArtifact(
                MODEL_ARTIFACT,
                ArtifactVersion.KIND_MODEL,
                "application/json",
                new ByteArrayInputStream(model.getBytes(StandardCharsets.UTF_8)),
                Map.of("rmse", Double.toString(rmse)));
        run.end(RunStatus.FINISHED);
        return new TrainingResult(run.id(), slope, intercept, rmse, artifact);
      } catch (RuntimeException e) {
        run.fail(e);
        throw e;
      }
    }
  }

  /**
   * Finds the finished run with the lowest RMSE, with the query {@value #BEST_RUN_QUERY}.
   *
   * @return the best run, or empty when no job finished
   */
  public Optional<Run> best() {
    RunQuery query = RunQuery.parse(BEST_RUN_QUERY).withPageSize(1);
    RunPage page = mlops.metadata().read(tx -> tx.searchRuns(query));
    return page.runs().stream().findFirst();
  }

  /**
   * Returns the store, for reading runs back.
   *
   * @return the store this service opened
   */
  public Mlops mlops() {
    return mlops;
  }

  /** Closes the store. */
  @Override
  public void close() {
    mlops.close();
  }

  private double rmse(double slope, double intercept) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double err = slope * x[i] + intercept - y[i];
      sum += err * err;
    }
    return Math.sqrt(sum / x.length);
  }

  private static Table readDays() {
    CsvTableReader reader =
        CsvTableReader.of(
            CsvOptions.builder()
                .type("temp_min", ColumnType.NUMERIC)
                .type("temp_max", ColumnType.NUMERIC)
                .build());
    try (InputStream in = TrainingService.class.getResourceAsStream(DATA)) {
      if (in == null) {
        throw new IllegalStateException("the sample data " + DATA + " is missing from the jar");
      }
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One training job.
   *
   * @param learningRate the gradient descent step, positive
   * @param epochs the passes over the data, positive
   * @param trigger what asked for the job (a tag), e.g. {@code nightly}
   * @since 0.1
   */
  public record TrainingJob(double learningRate, int epochs, String trigger) {
    /**
     * Checks the job.
     *
     * @throws IllegalArgumentException if the learning rate or epochs are not positive
     */
    public TrainingJob {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learning rate must be positive and finite, but was " + learningRate);
      }
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be positive, but was " + epochs);
      }
      Objects.requireNonNull(trigger, "trigger");
    }
  }

  /**
   * What a job produced.
   *
   * @param runId its run
   * @param slope degrees of maximum per degree of minimum
   * @param intercept the maximum at a minimum of 0 degrees
   * @param rmse the root mean squared error on the data, in degrees
   * @param model the stored model artifact
   * @since 0.1
   */
  public record TrainingResult(
      String runId, double slope, double intercept, double rmse, ArtifactVersion model) {}
}
