package dev.mlops.samples.monitoring;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.monitor.RetrainTrigger;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import dev.mlops.core.pipeline.PipelineTrigger;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.monitoring.WindowSpec;
import dev.mlops.monitoring.alert.AlertEngine;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.alert.AlertSinks;
import dev.mlops.samples.RainModel;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.Profiler;
import dev.mlops.validation.profile.SketchDrift;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A service-like loop with a {@link ModelMonitor}: the rain model of the pipeline sample (the same
 * logistic regression on the same days), trained by a pipeline on June to August of 2012-2014,
 * serves 1,000 predictions per hour-long window on a manual clock, first on the summer days of 2015
 * (June to August), then on its winter days (January, February and December), the days resampled
 * with a seeded RNG. Each day's true label arrives two windows after its prediction. The monitor
 * has the training table's profile as its reference, the drift rule {@link
 * AlertRules#driftFailFor(int) drift FAIL in 2 consecutive windows} (with the D threshold {@value
 * #D_THRESHOLD}, see there) and a {@link PipelineTrigger} (cool-down 24 hours, longer than the
 * winter episode) that starts a retraining run of the pipeline on every month of 2012-2014.
 *
 * <p>It prints per window: traffic, latency p99, the dataset drift verdict and the features that
 * failed, the label-free CBPE accuracy estimate with its interval while labels are missing, and,
 * when the window becomes final (its labels in), the realised accuracy; then the alerts firing and
 * the retraining trigger's outcome.
 *
 * <p>{@link #run} is the standalone sample: its own store, and its own pipeline ({@code load},
 * {@code split}, {@code train}) with a months parameter the retraining widens; its train step is
 * the pipeline sample's fit, {@link RainModel#train}, and serving scores with {@link
 * RainModel#probability(double[])}. {@link #serve} is the serving loop alone, for any store, model
 * version and retraining pipeline: the end-to-end sample serves its promoted champion with it.
 *
 * <p>Run it with {@code ./mvnw -q -B -DskipTests package exec:java -pl samples -am
 * -Dsample.main=dev.mlops.samples.monitoring.MonitoringSample
 * -Dsample.args=target/monitoring-sample}; the argument is the store directory (default {@code
 * target/monitoring-sample}); a second run on the same directory adds its pipeline runs to those
 * already there.
 *
 * <p>Not thread-safe; a program's entry point.
 *
 * <pre>{@code
 * MonitoringSample.Outcome o = MonitoringSample.run(Path.of("target/store"), System.out);
 * // or serve a registered version, retraining through the store's own pipeline:
 * MonitoringSample.Outcome served = MonitoringSample.serve(
 *     mlops,
 *     new MonitoringSample.Served("rain-classifier", 1, model, Profiler.profile(trainingDays)),
 *     new MonitoringSample.Retraining(pipeline, request -> yearRoundArguments),
 *     System.out);
 * }</pre>
 *
 * @since 0.1
 */
public final class MonitoringSample {
  /** The pipeline's name, and the tracking experiment its runs are recorded in. */
  public static final String PIPELINE = "rain-monitored";

  /** The features, in the order the model and the monitor take them. */
  public static final List<String> FEATURES =
      List.of("precipitation", "temp_max", "temp_min", "wind");

  /** Predictions served per window. */
  public static final int TRAFFIC = 1_000;

  /** Windows served on summer days, then on winter days. */
  public static final int SUMMER_WINDOWS = 6;

  /** Windows served on winter days, after the summer ones. */
  public static final int WINTER_WINDOWS = 6;

  /** The windows: tumbling, one hour on the manual clock. */
  public static final Duration WINDOW = Duration.ofHours(1);

  /** How many windows after its prediction a label arrives. */
  public static final int LABEL_DELAY_WINDOWS = 2;

  /** The retraining trigger's cool-down: longer than the winter episode. */
  public static final Duration COOL_DOWN = Duration.ofHours(24);

  /** The first window's start on the manual clock. */
  public static final Instant START = Instant.parse("2016-01-04T00:00:00Z");

  /**
   * The drift rule's threshold of the Kolmogorov-Smirnov D (default 0.1): summer 2015 was warmer
   * than the summers of 2012-2014 (D 0.24 on the daily maximum and minimum temperature), which the
   * default flags; at 0.4 the monitor tolerates a season's year-to-year variation and still flags
   * winter days (D above 0.9 on both temperatures).
   */
  public static final double D_THRESHOLD = 0.4;

  /** The seed of the resampling. */
  public static final long SEED = 2015L;

  static final String DATA = "/dev/mlops/samples/data/seattle-weather.csv";
  static final String DATASET = "seattle-weather";

  static final Parameter<ArtifactRef> DATA_PARAM = Parameter.ofArtifact("dataset");
  static final Parameter<String> MONTHS = Parameter.ofString("months").withDefault("6,7,8");
  static final Output<Table> DAYS = Output.of("days", Codecs.table());
  static final Output<Table> TRAIN = Output.of("train", Codecs.table());
  static final Output<RainModel> MODEL = Output.of("model", Codecs.json(RainModel.class));

  private MonitoringSample() {}

  /**
   * Runs the sample.
   *
   * @param args the store directory, optional (default {@code target/monitoring-sample})
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/monitoring-sample").toAbsolutePath();
    run(dir, System.out);
  }

  /**
   * What the sample observed.
   *
   * @param closed the closed (not final) snapshots of the windows with traffic, in order
   * @param finals the final snapshots of the windows with traffic, in order
   * @param firing per closed window, the rules firing after it
   * @param retraining the retraining trigger's results, in order
   * @param pipelineRuns the runs of the retraining pipeline in the store at the end (earlier runs,
   *     such as the initial training, included)
   * @param retrained the retraining run's result, when one was started
   */
  public record Outcome(
      List<WindowSnapshot> closed,
      List<WindowSnapshot> finals,
      List<Set<String>> firing,
      List<RetrainResult> retraining,
      int pipelineRuns,
      Optional<PipelineResult> retrained) {
    /** Defensive copies. */
    public Outcome {
      closed = List.copyOf(closed);
      finals = List.copyOf(finals);
      firing = List.copyOf(firing);
      retraining = List.copyOf(retraining);
    }
  }

  /**
   * The model a {@link #serve} call scores with and monitors.
   *
   * @param name the registered model's name, which the monitor reports under
   * @param version the version served
   * @param model the model that scores the traffic
   * @param reference the profile of the model's training features ({@link #FEATURES}), the
   *     monitor's drift reference
   */
  public record Served(String name, long version, RainModel model, Profile reference) {
    /** Checks the fields. */
    public Served {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(reference, "reference");
    }
  }

  /**
   * The retraining the drift alert triggers through a {@link PipelineTrigger}: a run of a pipeline
   * on arguments computed from the request.
   *
   * @param pipeline the training pipeline
   * @param arguments the arguments of the run, from the retraining request
   */
  public record Retraining(Pipeline pipeline, Function<RetrainRequest, Arguments> arguments) {
    /** Checks the fields. */
    public Retraining {
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(arguments, "arguments");
    }
  }

  /**
   * Trains the model through the pipeline on a store in a directory, serves the summer and the
   * winter windows with {@link #serve}, and prints what the monitor saw.
   *
   * @param dir the store directory
   * @param out where to print
   * @return what the sample observed
   * @throws IllegalStateException if the training run fails or the retraining outcome does not
   *     arrive within a minute
   */
  public static Outcome run(Path dir, PrintStream out) {
    byte[] csv = resource();
    try (Mlops mlops = Mlops.open(dir)) {
      ArtifactVersion data =
          mlops
              .artifacts()
              .put(
                  DATASET,
                  ArtifactVersion.KIND_DATASET,
                  "text/csv",
                  new ByteArrayInputStream(csv),
                  Map.of("origin", "NOAA NCDC daily records via vega-datasets 3.2.1"));
      Pipeline pipeline = pipeline();
      Arguments summer = Arguments.of(DATA_PARAM, data.ref());
      PipelineResult trained = mlops.pipelines().run(pipeline, summer);
      if (!trained.succeeded()) {
        throw new IllegalStateException("training run " + trained.runId() + " failed");
      }
      RainModel model = mlops.pipelines().value(trained, MODEL);
      Profile reference =
          Profiler.profile(mlops.pipelines().value(trained, TRAIN).select(FEATURES));
      out.printf(
          "trained %s by pipeline '%s' run %s on June-August 2012-2014%n",
          trained.outputs().get(MODEL.name()), PIPELINE, trained.runId());
      Outcome outcome =
          serve(
              mlops,
              new Served(PIPELINE, trained.outputs().get(MODEL.name()).version(), model, reference),
              new Retraining(pipeline, request -> summer.and(MONTHS, "1,2,3,4,5,6,7,8,9,10,11,12")),
              out);
      outcome
          .retrained()
          .ifPresent(r -> out.printf("retrained model: %s%n", r.outputs().get(MODEL.name())));
      return outcome;
    }
  }

  /**
   * Serves a model: {@link #SUMMER_WINDOWS} windows of summer 2015 days, then {@link
   * #WINTER_WINDOWS} of winter 2015 days, {@link #TRAFFIC} predictions each, through a monitor of
   * the model's name and version with the drift rule and a {@link PipelineTrigger} that starts the
   * retraining (cool-down {@link #COOL_DOWN}) on the store; prints each window, the alerts and the
   * trigger's outcomes; waits for the retraining run to end.
   *
   * @param mlops the store the retraining runs on, and whose runs of its pipeline are counted
   * @param served the model served, with the monitor's reference
   * @param retraining the pipeline the drift alert runs, and its arguments
   * @param out where to print
   * @return what the monitor observed; {@link Outcome#pipelineRuns()} counts the runs of the
   *     retraining pipeline in the store at the end
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if the retraining outcome does not arrive within a minute
   */
  public static Outcome serve(Mlops mlops, Served served, Retraining retraining, PrintStream out) {
    Objects.requireNonNull(mlops, "mlops");
    Objects.requireNonNull(served, "served");
    Objects.requireNonNull(retraining, "retraining");
    Objects.requireNonNull(out, "out");
    RainModel model = served.model();
    List<String> lines = csvLines(resource());
    List<double[]> summerDays = days(lines, 2015, Set.of(6, 7, 8));
    List<double[]> winterDays = days(lines, 2015, Set.of(1, 2, 12));
    out.printf(
        "serving %s version %d: %d windows on %d summer days, then %d on %d winter days of 2015%n",
        served.name(),
        served.version(),
        SUMMER_WINDOWS,
        summerDays.size(),
        WINTER_WINDOWS,
        winterDays.size());

    AtomicReference<Instant> now = new AtomicReference<>(START);
    InstantSource clock = now::get;
    BlockingQueue<RetrainResult> results = new LinkedBlockingQueue<>();
    PipelineTrigger retrain =
        PipelineTrigger.builder(mlops.pipelines(), retraining.pipeline(), clock)
            .arguments(retraining.arguments())
            .coolDown(COOL_DOWN)
            .build();
    RetrainTrigger recording =
        request -> {
          RetrainResult r = retrain.trigger(request);
          results.add(r);
          return r;
        };
    List<WindowSnapshot> closed = new ArrayList<>();
    List<WindowSnapshot> finals = new ArrayList<>();
    List<Set<String>> firing = new ArrayList<>();
    List<RetrainResult> retrainingResults = new ArrayList<>();
    try (AlertEngine engine =
            AlertEngine.builder()
                .clock(clock)
                .rule(AlertRules.driftFailBuilder(2).retrain(recording).build())
                .sink(AlertSinks.slf4j())
                .build();
        ModelMonitor monitor =
            ModelMonitor.builder(served.name(), served.version())
                .numericFeatures(FEATURES.toArray(new String[0]))
                .reference(served.reference())
                .drift(SketchDrift.with(DriftPolicy.defaults()).withDThreshold(D_THRESHOLD))
                .clock(clock)
                .window(WindowSpec.tumbling(WINDOW))
                .labelMaturity(WINDOW.multipliedBy(LABEL_DELAY_WINDOWS + 1L))
                .executor(Runnable::run)
                .alerts(engine)
                .listener(
                    s -> {
                      if (s.value("traffic.count").orElse(0) > 0) {
                        (s.isFinal() ? finals : closed).add(s);
                        print(out, s);
                        if (!s.isFinal()) {
                          Set<String> rules = new TreeSet<>();
                          for (Alert a : engine.firing()) {
                            rules.add(a.rule());
                          }
                          firing.add(rules);
                          out.printf("    alerts firing: %s%n", rules.isEmpty() ? "none" : rules);
                        }
                      }
                    })
                .build()) {
      Random random = new Random(SEED);
      Queue<long[]> labels = new ArrayDeque<>(); // {window, id, label}
      int windows = SUMMER_WINDOWS + WINTER_WINDOWS;
      long windowMillis = WINDOW.toMillis();
      for (int w = 0; w < windows + LABEL_DELAY_WINDOWS; w++) {
        Instant windowStart = START.plus(WINDOW.multipliedBy(w));
        now.set(windowStart);
        int closedBefore = firing.size();
        monitor.advance();
        awaitRetraining(out, firing, closedBefore, results, retrainingResults);
        while (!labels.isEmpty() && labels.peek()[0] <= w - LABEL_DELAY_WINDOWS) {
          long[] l = labels.remove();
          monitor.recordOutcome(l[1], l[2]);
        }
        if (w >= windows) {
          continue;
        }
        List<double[]> pool = w < SUMMER_WINDOWS ? summerDays : winterDays;
        for (int i = 0; i < TRAFFIC; i++) {
          now.set(windowStart.plusMillis(i * windowMillis / TRAFFIC));
          double[] day = pool.get(random.nextInt(pool.size()));
          double[] features = Arrays.copyOf(day, FEATURES.size());
          long t0 = System.nanoTime();
          double p = model.probability(features);
          long id = monitor.record(features, p, System.nanoTime() - t0);
          labels.add(new long[] {w, id, (long) day[FEATURES.size()]});
        }
      }
      now.set(START.plus(WINDOW.multipliedBy(windows + 2L * LABEL_DELAY_WINDOWS + 2L)));
      int closedBefore = firing.size();
      monitor.advance();
      awaitRetraining(out, firing, closedBefore, results, retrainingResults);
    }
    results.drainTo(retrainingResults);
    Optional<PipelineResult> retrained = retrain.lastRun().map(r -> r.await());
    retrained.ifPresent(
        r ->
            out.printf(
                "retraining run %s of pipeline '%s': %s%n",
                r.runId(), retraining.pipeline().name(), r.status()));
    int runs = mlops.tracking().listRuns(retraining.pipeline().name(), null, 1_000).size();
    out.printf("runs of pipeline '%s' in the store: %d%n", retraining.pipeline().name(), runs);
    return new Outcome(closed, finals, firing, retrainingResults, runs, retrained);
  }

  /**
   * After windows closed: when a rule began firing in one of them, waits for the retraining
   * trigger's answer (the engine calls triggers on its own thread) and prints it.
   */
  private static void awaitRetraining(
      PrintStream out,
      List<Set<String>> firing,
      int closedBefore,
      BlockingQueue<RetrainResult> results,
      List<RetrainResult> retraining) {
    for (int i = closedBefore; i < firing.size(); i++) {
      Set<String> before = i == 0 ? Set.of() : firing.get(i - 1);
      if (before.containsAll(firing.get(i))) {
        continue;
      }
      RetrainResult r;
      try {
        r = results.poll(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the retraining", e);
      }
      if (r == null) {
        throw new IllegalStateException("the retraining trigger was not called within a minute");
      }
      retraining.add(r);
      out.printf("    retraining: %s, %s%n", r.outcome(), r.detail());
    }
  }

  private static void print(PrintStream out, WindowSnapshot s) {
    String window = s.windowStart().toString();
    if (!s.isFinal()) {
      Set<String> drifted = new TreeSet<>();
      for (String f : FEATURES) {
        if (s.verdict("drift." + f).map(v -> v.name().equals("FAIL")).orElse(false)) {
          drifted.add(f);
        }
      }
      out.printf(
          Locale.ROOT,
          "%s closed: traffic %.0f, latency p99 %.1f us, drift %s%s, labels %.0f, CBPE accuracy %.3f [%.3f, %.3f]%n",
          window,
          s.value("traffic.count").orElse(0),
          s.value("latency.p99").orElse(Double.NaN) / 1e3,
          s.verdict("drift.dataset").map(Enum::name).orElse("none"),
          drifted.isEmpty() ? "" : " in " + drifted,
          s.value("labels.count").orElse(0),
          s.value("estimate.accuracy").orElse(Double.NaN),
          s.value("estimate.accuracy.low").orElse(Double.NaN),
          s.value("estimate.accuracy.high").orElse(Double.NaN));
    } else {
      out.printf(
          Locale.ROOT,
          "%s final:  labels %.0f (coverage %.2f), realised accuracy %.3f, CBPE said %.3f%n",
          window,
          s.value("labels.count").orElse(0),
          s.value("labels.coverage").orElse(Double.NaN),
          s.value("quality.accuracy").orElse(Double.NaN),
          s.value("estimate.accuracy").orElse(Double.NaN));
    }
  }

  /** The pipeline: load the CSV, keep the chosen months of 2012-2014, train. */
  static Pipeline pipeline() {
    CsvOptions.Builder options =
        CsvOptions.builder()
            .type("date", ColumnType.TIMESTAMP)
            .type("weather", ColumnType.CATEGORICAL);
    FEATURES.forEach(f -> options.type(f, ColumnType.NUMERIC));
    CsvTableReader reader = CsvTableReader.of(options.build());
    return Pipeline.builder(PIPELINE)
        .step(
            Step.builder("load")
                .input(DATA_PARAM)
                .output(DAYS)
                .body(
                    ctx -> {
                      try (InputStream in = ctx.open(DATA_PARAM)) {
                        ctx.put(DAYS, reader.read(in));
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }))
        .step(
            Step.builder("split")
                .input(DAYS)
                .input(MONTHS)
                .output(TRAIN)
                .body(
                    ctx -> {
                      Set<Integer> months = new HashSet<>();
                      for (String m : ctx.get(MONTHS).split(",")) {
                        months.add(Integer.parseInt(m.strip()));
                      }
                      Table days = ctx.get(DAYS);
                      TimestampColumn date = days.timestamp("date");
                      ctx.put(
                          TRAIN,
                          days.filter(
                              row -> {
                                if (date.isNull(row)) {
                                  return false;
                                }
                                LocalDate d =
                                    LocalDate.ofInstant(
                                        TimestampColumn.toInstant(date.micros(row)),
                                        ZoneOffset.UTC);
                                return d.getYear() >= 2012
                                    && d.getYear() <= 2014
                                    && months.contains(d.getMonthValue());
                              }));
                    }))
        .step(
            Step.builder("train")
                .input(TRAIN)
                .output(MODEL)
                .body(ctx -> ctx.put(MODEL, RainModel.train(ctx.get(TRAIN), FEATURES, 0.1, 200))))
        .build();
  }

  /** The days of a year in the given months: the 4 features, then the label (1 for rain). */
  static List<double[]> days(List<String> lines, int year, Set<Integer> months) {
    List<double[]> days = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(",");
      LocalDate d = LocalDate.parse(f[0]);
      if (d.getYear() == year && months.contains(d.getMonthValue())) {
        days.add(
            new double[] {
              Double.parseDouble(f[1]),
              Double.parseDouble(f[2]),
              Double.parseDouble(f[3]),
              Double.parseDouble(f[4]),
              "rain".equals(f[5]) ? 1 : 0
            });
      }
    }
    return days;
  }

  /** The data lines of the CSV (header dropped). */
  static List<String> csvLines(byte[] csv) {
    return new String(csv, StandardCharsets.UTF_8).lines().skip(1).toList();
  }

  static byte[] resource() {
    try (InputStream in = MonitoringSample.class.getResourceAsStream(DATA)) {
      if (in == null) {
        throw new IllegalStateException("the sample data " + DATA + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
