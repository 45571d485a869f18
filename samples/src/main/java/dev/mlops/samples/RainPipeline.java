package dev.mlops.samples;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.AsyncRunLogger;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import dev.mlops.validation.drift.DriftJson;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.drift.TableDrift;
import dev.mlops.validation.evaluation.EvaluationArtifacts;
import dev.mlops.validation.evaluation.EvaluationJson;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.Gate;
import dev.mlops.validation.evaluation.GateResult;
import dev.mlops.validation.evaluation.ModelEvaluation;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.schema.Schema;
import dev.mlops.validation.schema.SchemaInference;
import dev.mlops.validation.schema.SchemaValidator;
import dev.mlops.validation.schema.ValidationJson;
import dev.mlops.validation.schema.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sample's pipeline: {@code load} (the stored CSV to a {@link Table}), {@code split} (the
 * months of {@link #MONTHS}, by default June to August, of 2012-2014 for training, of 2015 for
 * testing), {@code validate} (the data gate of {@link #validate}), {@code train} (the logistic
 * regression of {@link RainModel}, its loss per epoch logged to the pipeline's run), {@code
 * register} (the trained model's artifact as a version of the registered model {@value
 * #MODEL_NAME}, see {@link #register}) and {@code evaluate} (the model metrics of {@link #evaluate}
 * on the held-out days, stored as a report linked to that version, see {@link #storeReport}).
 *
 * <p>Every output is stored as an artifact through a codec; a second run with the same data and
 * parameters finds every step in the cache and runs none.
 */
final class RainPipeline {
  static final String NAME = "rain";
  static final List<String> FEATURES = List.of("precipitation", "temp_max", "temp_min", "wind");

  static final Parameter<ArtifactRef> DATASET = Parameter.ofArtifact("dataset");
  static final Parameter<Double> LEARNING_RATE =
      Parameter.ofDouble("learning_rate").withDefault(0.1);
  static final Parameter<Long> EPOCHS = Parameter.ofLong("epochs").withDefault(200L);

  /**
   * The months of the year the {@code split} step keeps, comma-separated numbers (1 is January):
   * training on them in 2012-2014, testing on them in 2015. The default is June to August; the
   * retraining after the drift alert passes {@link #ALL_MONTHS}.
   */
  static final Parameter<String> MONTHS = Parameter.ofString("months").withDefault("6,7,8");

  /** Every month of the year, as a value of {@link #MONTHS}. */
  static final String ALL_MONTHS = "1,2,3,4,5,6,7,8,9,10,11,12";

  static final Output<Table> DAYS = Output.of("days", Codecs.table());
  static final Output<Table> TRAIN = Output.of("train", Codecs.table());
  static final Output<Table> TEST = Output.of("test", Codecs.table());
  static final Output<String> VALIDATION = Output.of("validation", Codecs.utf8());
  static final Output<RainModel> MODEL = Output.of("model", Codecs.json(RainModel.class));
  static final Output<RainModel.Evaluation> EVALUATION =
      Output.of("evaluation", Codecs.json(RainModel.Evaluation.class));
  static final Output<ModelRegistration> REGISTRATION =
      Output.of("registration", Codecs.json(ModelRegistration.class));
  static final Output<String> MODEL_REPORT = Output.of("model_report", Codecs.utf8());

  /** The artifact the evaluation reports are stored as, linked to the model version. */
  static final String REPORT_ARTIFACT = "rain-evaluation";

  /**
   * The evaluation gate: the model ranks rain days above dry days better than chance, on the whole
   * of June to August 2015 and in each month. A gate is decided on the lower bound of the metric's
   * interval (DeLong for ROC AUC). Summer 2015 has 92 days with 12 of rain, 3 to 5 a month, so the
   * month intervals are wide: at 95 % the lower bounds are 0.84 overall, 0.58 (June), 0.63 (July)
   * and 0.90 (August), for points 0.95, 0.89, 0.95 and 0.99. Decided simultaneously (Bonferroni
   * over the 4 places, 98.75 % each) the June and July bounds fall to about 0.45, below chance, and
   * no AUC gate worth having could pass; so {@link #evaluate} decides each place at 95 % ({@code
   * simultaneous(false)}), which the report states (its {@code simultaneous} field and each gate's
   * level). More held-out data would allow both a higher gate and simultaneous decisions.
   */
  static final String GATE = "roc_auc>=0.5";

  /** The registered model the {@code register} step adds versions to. */
  static final String MODEL_NAME = "rain-classifier";

  private RainPipeline() {}

  /**
   * Builds the pipeline. The steps read the store only through their inputs, except {@code train},
   * which logs its loss curve to the pipeline's tracked run, {@code validate}, which stores its
   * report before it stops a run, {@code register}, which writes to the model registry, and {@code
   * evaluate}, which stores and links its report.
   *
   * @param mlops the store the pipeline runs on
   * @return the pipeline
   */
  static Pipeline create(Mlops mlops) {
    CsvTableReader reader = reader();
    return Pipeline.builder(NAME)
        .step(
            Step.builder("load")
                .input(DATASET)
                .output(DAYS)
                .body(
                    ctx -> {
                      try (InputStream in = ctx.open(DATASET)) {
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
                .output(TEST)
                .body(
                    ctx -> {
                      Set<Integer> months = months(ctx.get(MONTHS));
                      Table days = ctx.get(DAYS);
                      TimestampColumn date = days.timestamp("date");
                      ctx.put(TRAIN, days.filter(row -> inMonths(date, row, 2012, 2014, months)));
                      ctx.put(TEST, days.filter(row -> inMonths(date, row, 2015, 2015, months)));
                    }))
        .step(
            Step.builder("validate")
                .input(TRAIN)
                .input(TEST)
                .output(VALIDATION)
                .body(
                    ctx ->
                        ctx.put(
                            VALIDATION,
                            validate(mlops, ctx.get(TRAIN), ctx.get(TRAIN), ctx.get(TEST)))))
        .step(
            Step.builder("train")
                .input(TRAIN)
                .after("validate")
                .input(LEARNING_RATE)
                .input(EPOCHS)
                .output(MODEL)
                .body(
                    ctx -> {
                      RainModel model =
                          RainModel.train(
                              ctx.get(TRAIN),
                              FEATURES,
                              ctx.get(LEARNING_RATE),
                              Math.toIntExact(ctx.get(EPOCHS)));
                      // the engine owns the run; this handle only logs to it and is not closed
                      ActiveRun run = mlops.tracking().resume(ctx.runId());
                      try (AsyncRunLogger log = run.async()) {
                        double[] loss = model.loss();
                        for (int epoch = 0; epoch < loss.length; epoch++) {
                          log.logMetric("loss", loss[epoch], epoch + 1L);
                        }
                      }
                      ctx.put(MODEL, model);
                    }))
        .step(
            Step.builder("register")
                .input(MODEL)
                .output(REGISTRATION)
                .body(
                    ctx ->
                        ctx.put(REGISTRATION, register(mlops, ctx.artifact(MODEL), ctx.runId()))))
        .step(
            Step.builder("evaluate")
                .input(MODEL)
                .input(TEST)
                .input(REGISTRATION)
                .output(EVALUATION)
                .output(MODEL_REPORT)
                .body(
                    ctx -> {
                      RainModel model = ctx.get(MODEL);
                      Table test = ctx.get(TEST);
                      ctx.put(EVALUATION, model.evaluate(test));
                      ModelRegistration r = ctx.get(REGISTRATION);
                      EvaluationReport report = evaluate(model, test, r.model(), r.version());
                      ctx.put(MODEL_REPORT, storeReport(mlops, report));
                    }))
        .build();
  }

  /**
   * The model metrics of the {@code evaluate} step: the binary metrics of the model on the held-out
   * days (labels rain, scores the predicted probability, predictions at 0.5), each with its
   * interval, overall and by month, and the gate {@value #GATE} decided at each place at 95 % (see
   * {@link #GATE}), about the given model version.
   *
   * @param model the model
   * @param test the held-out days
   * @param modelName the registered model
   * @param version its version
   * @return the report
   */
  static EvaluationReport evaluate(RainModel model, Table test, String modelName, long version) {
    boolean[] rain = RainModel.labels(test);
    double[] scores = model.probabilities(test);
    int[] labels = new int[rain.length];
    int[] predictions = new int[rain.length];
    String[] months = new String[rain.length];
    TimestampColumn date = test.timestamp("date");
    for (int i = 0; i < rain.length; i++) {
      labels[i] = rain[i] ? 1 : 0;
      predictions[i] = scores[i] >= 0.5 ? 1 : 0;
      months[i] =
          LocalDate.ofInstant(TimestampColumn.toInstant(date.micros(i)), ZoneOffset.UTC)
              .getMonth()
              .getDisplayName(TextStyle.FULL, Locale.ROOT);
    }
    return ModelEvaluation.builder()
        .classification(BinaryOutcomes.of(labels, scores, predictions))
        .slicingFeatures(Table.of(CategoricalColumn.of("month", months)))
        .sliceBy("month")
        .gate(Gate.parse(GATE))
        .simultaneous(false)
        .subject(modelName, version)
        .build()
        .run();
  }

  /**
   * Stores the report as the next version of {@value #REPORT_ARTIFACT}, linked to its model version
   * (where {@code RequireReport.of("model_metrics", PASS)} finds it), unless the latest version
   * holds these very bytes: a re-execution (a bypassed cache, {@code rerun}) stores nothing twice.
   *
   * @return a line about the report: artifact, verdict, and each gate's result
   */
  static String storeReport(Mlops mlops, EvaluationReport report) {
    Digest digest = Digest.of(EvaluationJson.toJson(report).getBytes(StandardCharsets.UTF_8));
    ArtifactRef stored =
        mlops
            .artifacts()
            .latest(REPORT_ARTIFACT)
            .filter(v -> v.digest().equals(digest))
            .map(ArtifactVersion::ref)
            .orElseGet(
                () -> EvaluationArtifacts.store(mlops.artifacts(), REPORT_ARTIFACT, report).ref());
    StringBuilder line =
        new StringBuilder(
            stored + " " + EvaluationJson.KIND + " " + report.verdict().orElseThrow() + ":");
    for (GateResult g : report.gates()) {
      line.append(
          String.format(
              Locale.ROOT,
              "%n  %s on %s: %s, %s",
              g.gate(),
              g.slice(),
              g.verdict(),
              g.value().isPresent()
                  ? String.format(Locale.ROOT, "%.3f", g.value().getAsDouble())
                  : "undefined"));
      g.interval()
          .ifPresent(
              i ->
                  line.append(
                      String.format(
                          Locale.ROOT, " [%.3f, %.3f] at %.4f", i.low(), i.high(), g.level())));
    }
    return line.toString();
  }

  /**
   * The {@code register} step: registers the model artifact the run trained (or reused from the
   * cache) as a version of {@value #MODEL_NAME}, with the pipeline run as its run.
   *
   * <p>A side effect, made idempotent: when a version of the model already holds this artifact, it
   * returns that version and registers nothing. So the step stays cacheable. Its cache key covers
   * the model artifact's content digest, so a new model is registered when training produced other
   * bytes; a cache hit returns the stored registration, whose model version still exists (model
   * versions are never deleted); and a re-execution that bypasses the cache ({@code rerun}, {@code
   * readCache(false)}, an invalidated entry) finds the version and registers nothing twice.
   *
   * @param mlops the store
   * @param model the model artifact version the step reads ({@code ctx.artifact(MODEL)})
   * @param runId the pipeline run, recorded as the version's run
   * @return the version that holds the artifact
   */
  static ModelRegistration register(Mlops mlops, ArtifactRef model, String runId) {
    ModelRegistry registry = mlops.registry();
    if (registry.model(MODEL_NAME).isEmpty()) {
      registry.registerModel(MODEL_NAME, "will it rain in Seattle today? (summer days)");
    }
    Digest digest = mlops.artifacts().get(model.name(), model.version()).digest();
    for (long v = 1; ; v++) {
      Optional<ModelVersion> existing = registry.version(MODEL_NAME, v);
      if (existing.isEmpty()) {
        break;
      }
      if (existing.get().artifact().equals(model)) {
        return new ModelRegistration(MODEL_NAME, v, model.toString(), digest.toString());
      }
    }
    ModelVersion created =
        registry.registerVersion(
            MODEL_NAME, model, runId, "logistic regression on 4 features", Map.of());
    return new ModelRegistration(
        MODEL_NAME, created.version(), model.toString(), digest.toString());
  }

  /**
   * The data gate. The pipeline passes the training days as the reference (the chosen months of
   * 2012-2014, the same days the model trains on), so the reference always covers the season the
   * model is trained and tested on, whichever months {@link #MONTHS} selects. Gating: the training
   * days' drift against the reference and the held-out days against a schema inferred from the
   * training days; a FAIL stops the run, with the report stored first and named by the exception.
   * Reported, not gating: the held-out days' drift against the reference (the model is evaluated on
   * them, whatever their weather was).
   */
  static String validate(Mlops mlops, Table reference, Table train, Table test) {
    List<String> columns = new java.util.ArrayList<>(FEATURES);
    columns.add("weather");
    Schema schema = SchemaInference.infer(train.select(columns)).schema();
    ValidationReport checks = SchemaValidator.validate(schema, test.select(columns));
    DriftReport trainDrift = TableDrift.compare(reference, train, columns, DriftPolicy.defaults());
    DriftReport testDrift = TableDrift.compare(reference, test, columns, DriftPolicy.defaults());
    Verdict verdict = worst(checks.verdict(), trainDrift.verdict());
    String report =
        "{\"format_version\": 1, \"kind\": \"data_validation\", \"verdict\": \""
            + verdict
            + "\", \"schema_of_test\": "
            + ValidationJson.write(checks)
            + ", \"drift_of_train\": "
            + DriftJson.write(trainDrift)
            + ", \"drift_of_test\": "
            + DriftJson.write(testDrift)
            + "}";
    if (verdict == Verdict.FAIL) {
      ArtifactVersion stored =
          mlops
              .artifacts()
              .put(
                  "rain-data-validation",
                  "report",
                  "application/json",
                  new java.io.ByteArrayInputStream(report.getBytes(StandardCharsets.UTF_8)),
                  java.util.Map.of());
      throw new IllegalStateException(
          "data validation failed (schema of the held-out days "
              + checks.verdict()
              + ", drift of the training days "
              + trainDrift.verdict()
              + " in "
              + trainDrift.columnsFailed()
              + "); see the report "
              + stored.ref());
    }
    return "schema of 2015: "
        + checks.verdict()
        + " ("
        + checks.checks().size()
        + " of "
        + checks.checksEvaluated()
        + " checks flagged); drift of the training days: "
        + trainDrift.verdict()
        + "; drift of 2015 against the reference (reported, not gating): "
        + testDrift.verdict()
        + (testDrift.columnsFailed().isEmpty() ? "" : " in " + testDrift.columnsFailed());
  }

  /** FAIL over WARN over INCONCLUSIVE over PASS, as the dataset verdict of STATISTICS.md. */
  private static Verdict worst(Verdict a, Verdict b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Verdict v) {
    return switch (v) {
      case PASS -> 0;
      case INCONCLUSIVE -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }

  /** The reader of the data set: dates as timestamps, weather categorical, features numeric. */
  static CsvTableReader reader() {
    CsvOptions.Builder options =
        CsvOptions.builder()
            .type("date", ColumnType.TIMESTAMP)
            .type("weather", ColumnType.CATEGORICAL);
    FEATURES.forEach(f -> options.type(f, ColumnType.NUMERIC));
    return CsvTableReader.of(options.build());
  }

  /** Whether a row's date is in June to August of the years given (inclusive). */
  static boolean summer(TimestampColumn date, int row, int fromYear, int toYear) {
    return inMonths(date, row, fromYear, toYear, Set.of(6, 7, 8));
  }

  /** Whether a row's date is in one of the months of the years given (inclusive). */
  static boolean inMonths(
      TimestampColumn date, int row, int fromYear, int toYear, Set<Integer> months) {
    if (date.isNull(row)) {
      return false;
    }
    LocalDate d = LocalDate.ofInstant(TimestampColumn.toInstant(date.micros(row)), ZoneOffset.UTC);
    return d.getYear() >= fromYear && d.getYear() <= toYear && months.contains(d.getMonthValue());
  }

  /**
   * The months of a {@link #MONTHS} value.
   *
   * @throws IllegalArgumentException if an entry is not a month number from 1 to 12, or none is
   *     given
   */
  static Set<Integer> months(String value) {
    Set<Integer> months = new TreeSet<>();
    for (String m : value.split(",")) {
      int month;
      try {
        month = Integer.parseInt(m.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "months: '" + m.strip() + "' is not a month number (1-12) in '" + value + "'", e);
      }
      if (month < 1 || month > 12) {
        throw new IllegalArgumentException(
            "months: " + month + " is not a month number (1-12) in '" + value + "'");
      }
      months.add(month);
    }
    return Set.copyOf(months);
  }
}
