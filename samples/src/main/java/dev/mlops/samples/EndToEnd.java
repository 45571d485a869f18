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
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelinePlan;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.Pipelines;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import dev.mlops.validation.evaluation.EvaluationJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
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
 *   <li>prints the model's upstream lineage back to the data set, verifies the audit log against a
 *       checkpoint, and runs fsck.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -B -DskipTests package exec:java -pl samples -am}; the store
 * directory is the first argument (default {@code target/mlops-sample}). Running it again on the
 * same directory finds everything in the cache and registers nothing new.
 */
public final class EndToEnd {
  static final String DATASET = "seattle-weather";
  static final String REPORT_ARTIFACT = RainPipeline.REPORT_ARTIFACT;
  static final String MODEL = RainPipeline.MODEL_NAME;
  static final String ALIAS = "champion";
  static final String REPORT_KIND = EvaluationJson.KIND;

  private EndToEnd() {}

  /**
   * Runs the sample.
   *
   * @param args the store directory, optional
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/mlops-sample").toAbsolutePath();
    System.out.println("mlops sample: embedded store in " + dir);
    try (Mlops mlops = Mlops.open(dir)) {
      run(mlops);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(Mlops mlops) throws IOException {
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

    // 5. Lineage: what produced the model, back to the data set.
    section("5. lineage: upstream of " + modelArtifact);
    LineageGraph upstream = mlops.lineage().upstream(modelArtifact, 10);
    printTree(upstream, upstream.root(), "", new HashSet<>());

    // 6. Audit: keep a checkpoint outside the store, verify the log against it.
    section("6. audit log");
    AuditCheckpoint checkpoint = mlops.audit().checkpoint();
    AuditVerification verification = mlops.audit().verify(checkpoint);
    System.out.printf(
        "checkpoint: sequence %d, head %s...%n",
        checkpoint.sequence(), checkpoint.headHash().substring(0, 16));
    System.out.printf(
        "verify against the checkpoint: %s, %d events checked%n",
        verification.intact() ? "intact" : "BROKEN " + verification.finding(),
        verification.eventsChecked());

    // 7. fsck.
    section("7. fsck");
    FsckReport fsck = mlops.fsck();
    System.out.printf(
        "%s: %d blobs re-hashed, %d corrupt, %d missing%n",
        fsck.isClean() ? "clean" : "PROBLEMS",
        fsck.blobsChecked(),
        fsck.corruptBlobs().size(),
        fsck.missingBlobs().size());
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
