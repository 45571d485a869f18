package dev.mlops.samples;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.lineage.LineageGraph.NodeKind;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelinePlan;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.Pipelines;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.reports.HtmlReports;
import dev.mlops.reports.ReportContext;
import dev.mlops.samples.monitoring.MonitoringSample;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.drift.TableDrift;
import dev.mlops.validation.evaluation.EvaluationJson;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.GateResult;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.Profiler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The README's main job: the loop on the embedded default store, on a real data set.
 *
 * <ol>
 *   <li>versions the Seattle weather data set shipped with the samples (a new version only when its
 *       bytes changed);
 *   <li>runs the pipeline of {@link RainPipeline} ({@code load}, {@code split}, {@code validate},
 *       {@code train}, {@code register}, {@code evaluate}: will it rain? from precipitation,
 *       temperatures and wind; trained on June to August of 2012-2014; the model registered as a
 *       version of {@code rain-classifier} by the pipeline's own {@code register} step; evaluated
 *       on June to August of 2015, overall and by month, with intervals and the gate {@value
 *       RainPipeline#GATE}, the report stored and linked to that version) as a tracked run, and
 *       prints why each step ran;
 *   <li>runs it again: every step is found in the cache and none runs; then asks {@code plan()}
 *       what a change of {@code epochs} would re-run, without running it;
 *   <li>guards the {@code champion} alias with {@code RequireReport("model_metrics", PASS)} and
 *       moves the alias to the registered version through that guard;
 *   <li>serves the {@code champion} (the version the alias names, its model read from its artifact)
 *       with simulated traffic whose input drifts (summer, then winter days of 2015) through a
 *       {@code ModelMonitor} of that version, whose reference is the profile of the days it was
 *       trained on ({@link MonitoringSample#serve}): the drift alert fires and its {@code
 *       PipelineTrigger} starts one retraining run of the same pipeline on every month of the year
 *       ({@link RainPipeline#MONTHS}), which registers the retrained model as the next version of
 *       {@code rain-classifier} with its evaluation report linked; then tries to move the {@code
 *       champion} alias to that version through the same guard, and prints the guard's answer
 *       (refused: February 2015 has 28 days, below the evaluation's minimum slice size of 30, so
 *       its gate and the report are INCONCLUSIVE, not PASS);
 *   <li>writes self-contained HTML reports into {@code reports/} under the sample directory: the
 *       registered model's evaluation, the drift of the winter days of 2015 against the training
 *       days, and the profile of the training days;
 *   <li>prints the upstream lineage of the champion's model and of the retrained one back to the
 *       data set, verifies the audit log against a checkpoint, runs fsck, and prints what happened
 *       and where everything is.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -B -DskipTests package exec:java -pl samples -am}; the store
 * directory is the first argument (default {@code target/mlops-sample}). Running it again on the
 * same directory finds everything in the cache and registers nothing new: the data set and the
 * champion stay as they were; the monitor serves the champion again and its alert starts a
 * retraining run again, with the same arguments, so all of its steps are cached and its register
 * step finds the version registered the first time; the guard refuses that version again (one more
 * refusal in the registry's history and the audit log), and the reports are written again.
 */
public final class EndToEnd {
  static final String DATASET = "seattle-weather";
  static final String REPORT_ARTIFACT = RainPipeline.REPORT_ARTIFACT;
  static final String MODEL = RainPipeline.MODEL_NAME;
  static final String ALIAS = "champion";
  static final String REPORT_KIND = EvaluationJson.KIND;
  static final String REPORTS_DIR = "reports";
  static final String EVALUATION_HTML = "evaluation.html";
  static final String DRIFT_HTML = "drift-winter-2015.html";
  static final String PROFILE_HTML = "profile-training.html";

  /**
   * What one run of the sample produced, for its test.
   *
   * @param monitoring what the monitoring part observed
   * @param reports the HTML reports written, by file name
   */
  record Result(MonitoringSample.Outcome monitoring, Map<String, Path> reports) {}

  private EndToEnd() {}

  /**
   * Runs the sample.
   *
   * @param args the store directory, optional
   */
  public static void main(String[] args) {
    run(Path.of(args.length > 0 ? args[0] : "target/mlops-sample").toAbsolutePath());
  }

  /** Runs the sample on a directory: the store, and beside its files the reports. */
  static Result run(Path dir) {
    long started = System.nanoTime();
    System.out.println("mlops sample: embedded store in " + dir);
    Result result;
    try (Mlops mlops = Mlops.open(dir)) {
      result = run(mlops, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.printf(
        Locale.ROOT, "%nthe sample took %.1f s%n", (System.nanoTime() - started) / 1e9);
    return result;
  }

  private static Result run(Mlops mlops, Path dir) throws IOException {
    // 1. Version the data set, unless these bytes are already its latest version.
    section("1. data set");
    byte[] csv = resource("data/seattle-weather.csv");
    Digest digest = Digest.of(csv);
    Optional<ArtifactVersion> latest = mlops.artifacts().latest(DATASET);
    ArtifactVersion data;
    if (latest.isPresent() && latest.get().digest().equals(digest)) {
      data = latest.get();
      System.out.printf("unchanged %s  %,d bytes  %s%n", data.ref(), data.size(), data.digest());
    } else {
      data =
          mlops
              .artifacts()
              .put(
                  DATASET,
                  ArtifactVersion.KIND_DATASET,
                  "text/csv",
                  new ByteArrayInputStream(csv),
                  Map.of(
                      "origin", "NOAA NCDC daily records via vega-datasets 3.2.1",
                      "licence", "U.S. Government work (public domain)"));
      System.out.printf("stored    %s  %,d bytes  %s%n", data.ref(), data.size(), data.digest());
    }

    // 2. Run the pipeline: a tracked run; each step's outputs are stored artifacts.
    section("2. pipeline");
    Pipeline pipeline = RainPipeline.create(mlops);
    Pipelines pipelines = mlops.pipelines();
    Arguments arguments = Arguments.of(RainPipeline.DATASET, data.ref());
    System.out.print(pipeline.toMermaid().indent(2));
    PipelineResult first = pipelines.run(pipeline, arguments);
    requireSucceeded(first);
    System.out.printf("run %s:%n", first.runId());
    System.out.print(first.explain().indent(2));
    System.out.println("validate: " + pipelines.value(first, RainPipeline.VALIDATION));
    RainModel model = pipelines.value(first, RainPipeline.MODEL);
    RainModel.Evaluation eval = pipelines.value(first, RainPipeline.EVALUATION);
    System.out.printf(
        "model: %s%ntest 2015: accuracy %.3f (always 'no rain': %.3f), log-loss %.4f on %d days%n",
        model.summary(), eval.accuracy(), eval.baselineAccuracy(), eval.logLoss(), eval.days());

    // 3. Again: nothing changed, so no step runs; and what would a new epochs value re-run?
    section("3. the same pipeline again");
    PipelineResult second = pipelines.run(pipeline, arguments);
    requireSucceeded(second);
    System.out.printf("run %s:%n", second.runId());
    System.out.print(second.explain().indent(2));
    PipelinePlan plan = pipelines.plan(pipeline, arguments.and(RainPipeline.EPOCHS, 300L));
    System.out.println("plan with epochs=300 (nothing runs): would run " + plan.willRun());

    // 4. The register step made the model a registry version (or found it), the evaluate step
    // linked its model-metrics report; the champion alias moves only with a passing report.
    section("4. registry");
    ArtifactRef modelArtifact = first.outputs().get(RainPipeline.MODEL.name());
    ModelRegistration registration = pipelines.value(first, RainPipeline.REGISTRATION);
    ModelRegistry registry = mlops.registry();
    ModelVersion version = registry.version(MODEL, registration.version()).orElseThrow();
    System.out.printf(
        "the register step: %s version %d holds %s (%s), run %s%n",
        MODEL, version.version(), registration.artifact(), registration.digest(), version.runId());
    System.out.println("the evaluate step: " + pipelines.value(first, RainPipeline.MODEL_REPORT));
    for (LinkedReport r : registry.reports(MODEL, version.version())) {
      System.out.printf(
          "linked to version %d: %s, kind %s, verdict %s%n",
          version.version(), r.report(), r.kind(), r.verdict());
    }
    registry.guardAlias(MODEL, ALIAS, RequireReport.of(REPORT_KIND, Verdict.PASS));
    System.out.printf(
        "guard: alias '%s' requires a linked '%s' report with verdict PASS%n", ALIAS, REPORT_KIND);
    Optional<ModelVersion> champion = registry.byAlias(MODEL, ALIAS);
    if (champion.isPresent() && champion.get().version() == version.version()) {
      System.out.printf("%s is already %s version %d%n", modelArtifact, MODEL, version.version());
    } else {
      try {
        Optional<Long> before =
            registry.setAlias(MODEL, ALIAS, version.version(), "evaluation passed");
        System.out.printf(
            "%s -> %s version %d%s%n",
            ALIAS,
            MODEL,
            version.version(),
            before.map(b -> " (was version " + b + ")").orElse(""));
      } catch (ConflictException refused) {
        System.out.println("refused by the guard: " + refused.getMessage());
      }
    }
    registry
        .byAlias(MODEL, ALIAS)
        .ifPresent(v -> System.out.printf("%s is %s version %d%n", ALIAS, MODEL, v.version()));

    // 5. Serve the champion with drifting traffic through a monitor; the drift alert triggers a
    // retraining run of this store's pipeline on every month, which registers its model as a new
    // version; the guard then decides whether that version may become the champion.
    section("5. serving the champion with a monitor: summer, then winter traffic");
    ModelVersion served =
        registry
            .byAlias(MODEL, ALIAS)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the alias '" + ALIAS + "' of " + MODEL + " is not set; nothing to serve"));
    RainModel championModel = pipelines.read(served.artifact(), RainPipeline.MODEL);
    ArtifactRef trainingDays = trainingDays(pipelines, served);
    Profile reference =
        Profiler.profile(
            pipelines.read(trainingDays, RainPipeline.TRAIN).select(RainPipeline.FEATURES));
    System.out.printf(
        "champion: %s version %d, model %s (%s), reference profile from %s%n",
        MODEL, served.version(), served.artifact(), championModel.summary(), trainingDays);
    long versionsBefore = versions(registry);
    Arguments yearRound = arguments.and(RainPipeline.MONTHS, RainPipeline.ALL_MONTHS);
    MonitoringSample.Outcome monitoring =
        MonitoringSample.serve(
            mlops,
            new MonitoringSample.Served(MODEL, served.version(), championModel, reference),
            new MonitoringSample.Retraining(pipeline, request -> yearRound),
            System.out);
    String firstAlert = "none";
    for (int i = 0; i < monitoring.firing().size(); i++) {
      if (!monitoring.firing().get(i).isEmpty()) {
        WindowSnapshot w = monitoring.closed().get(i);
        firstAlert = monitoring.firing().get(i) + " after the window " + w.windowStart();
        break;
      }
    }
    System.out.println("first alert: " + firstAlert);
    System.out.println(
        "retraining trigger: "
            + monitoring.retraining().stream()
                .map(RetrainResult::outcome)
                .map(Enum::name)
                .toList());
    String retraining = "none";
    Optional<Long> retrainedVersion = Optional.empty();
    if (monitoring.retrained().isPresent()) {
      PipelineResult run = monitoring.retrained().get();
      requireSucceeded(run);
      long ran = run.steps().stream().filter(e -> e.status() == StepStatus.SUCCEEDED).count();
      System.out.printf(
          "retraining run %s (months=%s): %s, %s:%n",
          run.runId(),
          RainPipeline.ALL_MONTHS,
          run.status(),
          ran == 0
              ? "all " + run.steps().size() + " steps cached"
              : ran + " of " + run.steps().size() + " steps ran, the others cached");
      System.out.print(run.explain().indent(2));
      ModelRegistration r = pipelines.value(run, RainPipeline.REGISTRATION);
      retrainedVersion = Optional.of(r.version());
      boolean registered = r.version() > versionsBefore;
      System.out.printf(
          "%s %s version %d, holding %s%n",
          registered ? "registered" : "nothing new registered: the register step found",
          MODEL,
          r.version(),
          r.artifact());
      System.out.println("its evaluation: " + pipelines.value(run, RainPipeline.MODEL_REPORT));
      // why a gate did not pass: the evaluate step's report, computed again from its inputs
      EvaluationReport retrainedReport =
          RainPipeline.evaluate(
              pipelines.value(run, RainPipeline.MODEL),
              pipelines.value(run, RainPipeline.TEST),
              MODEL,
              r.version());
      for (GateResult g : retrainedReport.gates()) {
        if (g.verdict() != Verdict.PASS) {
          System.out.printf("  %s on %s: %s, %s%n", g.gate(), g.slice(), g.verdict(), g.note());
        }
      }
      retraining =
          "run "
              + run.runId()
              + (ran == 0 ? " (all steps cached)" : "")
              + ", "
              + MODEL
              + " version "
              + r.version()
              + (registered ? " registered" : " (already registered)");
    }
    String promotion = "nothing to promote";
    if (retrainedVersion.isPresent()) {
      long candidate = retrainedVersion.get();
      Optional<ModelVersion> current = registry.byAlias(MODEL, ALIAS);
      if (current.isPresent() && current.get().version() == candidate) {
        promotion = ALIAS + " is already version " + candidate;
      } else {
        try {
          Optional<Long> before =
              registry.setAlias(MODEL, ALIAS, candidate, "retrained on every month after drift");
          promotion =
              "version "
                  + candidate
                  + " accepted by the guard: "
                  + ALIAS
                  + " -> version "
                  + candidate
                  + before.map(b -> " (was version " + b + ")").orElse("");
          System.out.println("promote through the guard: " + promotion);
        } catch (ConflictException refused) {
          promotion =
              "version "
                  + candidate
                  + " refused by the guard (linked reports: "
                  + registry.reports(MODEL, candidate).stream()
                      .map(l -> l.report() + " " + l.verdict())
                      .toList()
                  + ")";
          System.out.println("promote through the guard: refused: " + refused.getMessage());
        }
      }
    }
    registry
        .byAlias(MODEL, ALIAS)
        .ifPresent(v -> System.out.printf("%s is %s version %d%n", ALIAS, MODEL, v.version()));

    // 6. HTML reports: the evaluation of the registered version, the drift of the winter days the
    // monitor flagged, and the profile of the training days.
    section("6. HTML reports");
    Path reportsDir = Files.createDirectories(dir.resolve(REPORTS_DIR));
    Map<String, Path> reports = new LinkedHashMap<>();
    Table train = pipelines.value(first, RainPipeline.TRAIN);
    Table test = pipelines.value(first, RainPipeline.TEST);
    // the evaluate step's report, computed again from its inputs (deterministic: the same report)
    EvaluationReport evaluation = RainPipeline.evaluate(model, test, MODEL, version.version());
    ReportContext.Builder evaluationContext =
        ReportContext.builder(
                "Evaluation of " + MODEL + " version " + version.version() + " on summer 2015",
                mlops.clock())
            .run(version.runId())
            .artifact("model", modelArtifact)
            .model(MODEL, version.version());
    for (LinkedReport r : registry.reports(MODEL, version.version())) {
      evaluationContext.artifact("stored report", r.report());
    }
    write(
        reports,
        reportsDir.resolve(EVALUATION_HTML),
        out -> HtmlReports.evaluation(evaluation, evaluationContext.build(), out));
    Table winter = winter2015(csv);
    DriftReport drift =
        TableDrift.compare(train, winter, RainPipeline.FEATURES, DriftPolicy.defaults());
    write(
        reports,
        reportsDir.resolve(DRIFT_HTML),
        out ->
            HtmlReports.drift(
                drift,
                ReportContext.builder(
                        "Drift: winter 2015 days against the summer training days", mlops.clock())
                    .run(version.runId())
                    .artifact("data set", data.ref())
                    .build(),
                out));
    write(
        reports,
        reportsDir.resolve(PROFILE_HTML),
        out ->
            HtmlReports.profile(
                Profiler.profile(train),
                ReportContext.builder(
                        "Profile of the training days (June-August 2012-2014)", mlops.clock())
                    .run(version.runId())
                    .artifact("data set", data.ref())
                    .build(),
                out));
    System.out.printf("drift of winter 2015: %s in %s%n", drift.verdict(), drift.columnsFailed());
    reports.values().forEach(p -> System.out.println("wrote " + p));

    // 7. Lineage: what produced the model, back to the data set.
    section("7. lineage: upstream of " + modelArtifact);
    LineageGraph upstream = mlops.lineage().upstream(modelArtifact, 10);
    printTree(upstream, upstream.root(), "", new HashSet<>());
    if (retrainedVersion.isPresent()) {
      ArtifactRef retrainedArtifact =
          registry.version(MODEL, retrainedVersion.get()).orElseThrow().artifact();
      System.out.printf(
          "and of %s (%s version %d, the retraining):%n",
          retrainedArtifact, MODEL, retrainedVersion.get());
      LineageGraph retrainedUpstream = mlops.lineage().upstream(retrainedArtifact, 10);
      printTree(retrainedUpstream, retrainedUpstream.root(), "", new HashSet<>());
    }

    // 8. Audit: keep a checkpoint outside the store, verify the log against it.
    section("8. audit log");
    AuditCheckpoint checkpoint = mlops.audit().checkpoint();
    AuditVerification verification = mlops.audit().verify(checkpoint);
    System.out.printf(
        "checkpoint: sequence %d, head %s...%n",
        checkpoint.sequence(), checkpoint.headHash().substring(0, 16));
    System.out.printf(
        "verify against the checkpoint: %s, %d events checked%n",
        verification.intact() ? "intact" : "BROKEN " + verification.finding(),
        verification.eventsChecked());

    // 9. fsck.
    section("9. fsck");
    FsckReport fsck = mlops.fsck();
    System.out.printf(
        "%s: %d blobs re-hashed, %d corrupt, %d missing%n",
        fsck.isClean() ? "clean" : "PROBLEMS",
        fsck.blobsChecked(),
        fsck.corruptBlobs().size(),
        fsck.missingBlobs().size());

    // 10. What happened and where everything is.
    section("10. what happened and where everything is");
    System.out.println("store:             " + dir);
    System.out.printf("data set:          %s%n", data.ref());
    System.out.printf(
        "pipeline runs:     %s (%s), %s (%s)%n",
        first.runId(), ranOrCached(first), second.runId(), ranOrCached(second));
    System.out.printf(
        "model:             %s version %d (%s), alias %s%n",
        MODEL,
        version.version(),
        modelArtifact,
        registry
            .byAlias(MODEL, ALIAS)
            .map(v -> ALIAS + " -> version " + v.version())
            .orElse(ALIAS + " unset"));
    System.out.printf(
        "monitoring:        %s version %d served; first alert %s%n",
        MODEL, served.version(), firstAlert);
    System.out.println("retraining:        " + retraining);
    System.out.println("promotion:         " + promotion);
    for (Map.Entry<String, Path> r : reports.entrySet()) {
      System.out.printf("report:            %s%n", r.getValue());
    }
    System.out.printf(
        "audit checkpoint:  %d:%s (keep it outside the store)%n",
        checkpoint.sequence(), checkpoint.headHash());
    return new Result(monitoring, reports);
  }

  /**
   * The training days a version's model was trained on: the {@code train} input of the {@code
   * train} step of the pipeline run that registered the version.
   */
  private static ArtifactRef trainingDays(Pipelines pipelines, ModelVersion version) {
    String runId = version.runId();
    if (runId == null) {
      throw new IllegalStateException(
          MODEL + " version " + version.version() + " has no run; its training days are unknown");
    }
    return pipelines.executions(runId).stream()
        .filter(e -> e.step().equals("train"))
        .map(e -> e.inputs().get(RainPipeline.TRAIN.name()))
        .filter(Objects::nonNull)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "run "
                        + runId
                        + " of "
                        + MODEL
                        + " version "
                        + version.version()
                        + " has no train step with training days"));
  }

  /** How many versions of the model the registry holds (versions are gap-free from 1). */
  private static long versions(ModelRegistry registry) {
    long n = 0;
    while (registry.version(MODEL, n + 1).isPresent()) {
      n++;
    }
    return n;
  }

  /** Writes one report page, records its path. */
  private static void write(Map<String, Path> reports, Path file, Page page) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      page.write(out);
    }
    reports.put(file.getFileName().toString(), file);
  }

  /** A report writer. */
  private interface Page {
    void write(OutputStream out) throws IOException;
  }

  /** The winter days of 2015 (January, February, December), read as the load step reads. */
  private static Table winter2015(byte[] csv) throws IOException {
    Table days = RainPipeline.reader().read(new ByteArrayInputStream(csv));
    TimestampColumn date = days.timestamp("date");
    return days.filter(
        row -> {
          if (date.isNull(row)) {
            return false;
          }
          LocalDate d =
              LocalDate.ofInstant(TimestampColumn.toInstant(date.micros(row)), ZoneOffset.UTC);
          int m = d.getMonthValue();
          return d.getYear() == 2015 && (m == 1 || m == 2 || m == 12);
        });
  }

  /** "trained" when a step of the run ran, "cached" when every step was found in the cache. */
  private static String ranOrCached(PipelineResult result) {
    return result.steps().stream().anyMatch(e -> e.status() == StepStatus.SUCCEEDED)
        ? "trained"
        : "cached";
  }

  private static void requireSucceeded(PipelineResult result) {
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "pipeline run "
              + result.runId()
              + " ended "
              + result.status()
              + ":\n"
              + result.explain());
    }
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EndToEnd.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the sample data " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  /** Prints the graph as a tree from a node back along the edges that end in it. */
  private static void printTree(LineageGraph g, Node node, String indent, Set<Node> seen) {
    String label = node.kind() == NodeKind.EXECUTION ? "execution " + node.id() : node.id();
    System.out.println(indent + (indent.isEmpty() ? "" : "<- ") + label);
    if (!seen.add(node)) {
      return;
    }
    for (Edge e : g.edges()) {
      if (e.to().equals(node)) {
        printTree(g, e.from(), indent + "   ", seen);
      }
    }
  }
}
