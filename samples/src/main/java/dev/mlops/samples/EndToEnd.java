package dev.mlops.samples;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.lineage.LineageGraph.NodeKind;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.AsyncRunLogger;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The README's main job: the model-tracking loop on the embedded default store, on a real data set.
 *
 * <ol>
 *   <li>versions the Seattle weather data set shipped with the samples;
 *   <li>starts a run that records the data set as its input, logs its parameters, trains a small
 *       logistic regression (will it rain? from precipitation, temperatures and wind; trained on
 *       June to August of 2012-2014, evaluated on June to August of 2015), logs the loss per epoch
 *       and the final accuracy and log-loss, and logs the model weights as its output artifact;
 *   <li>registers the model version, guards the {@code champion} alias with {@code
 *       RequireReport("evaluation", PASS)}, shows the guard refusing, writes an evaluation report
 *       in the report contract, links it, and moves the alias;
 *   <li>prints the model's upstream lineage, verifies the audit log against a checkpoint, and runs
 *       fsck.
 * </ol>
 *
 * <p>Run it with {@code ./mvnw -q -B -DskipTests package exec:java -pl samples -am}; the store
 * directory is the first argument (default {@code target/mlops-sample}). Running it again on the
 * same directory adds new versions of everything.
 */
public final class EndToEnd {
  static final String DATASET = "seattle-weather";
  static final String EXPERIMENT = "seattle-rain";
  static final String MODEL_ARTIFACT = "rain-model";
  static final String REPORT_ARTIFACT = "rain-evaluation";
  static final String MODEL = "rain-classifier";
  static final String ALIAS = "champion";
  static final String REPORT_KIND = "evaluation";
  static final String[] FEATURES = {"precipitation", "temp_max", "temp_min", "wind"};
  static final double LEARNING_RATE = 0.1;
  static final int EPOCHS = 200;

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
    // 1. Version the data set.
    section("1. data set");
    byte[] csv = resource("data/seattle-weather.csv");
    ArtifactVersion data =
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
    System.out.printf(
        "stored    %s  %,d bytes  %s  (identical bytes are stored once)%n",
        data.ref(), data.size(), data.digest());
    List<Day> days;
    try (InputStream in = mlops.artifacts().open(data.name(), data.version())) {
      days = Day.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<Day> train = Day.summers(days, 2012, 2014);
    List<Day> test = Day.summers(days, 2015, 2015);
    System.out.printf(
        "read back %s (digest verified): %d days; training on %d summer days of 2012-2014,"
            + " testing on %d of 2015%n",
        data.ref(), days.size(), train.size(), test.size());

    // 2. Train in a run: input, params, metrics per epoch, final metrics, model as output.
    section("2. training run");
    ModelRegistry registry = mlops.registry();
    ModelVersion version;
    Evaluation eval;
    ArtifactVersion report;
    try (ActiveRun run =
        mlops.tracking().startRun(EXPERIMENT).name("logistic-regression").start()) {
      run.logInput(data.ref());
      run.logParam("learning_rate", LEARNING_RATE);
      run.logParam("epochs", EPOCHS);
      run.logParam("features", String.join(",", FEATURES));
      System.out.printf(
          "run %s: learning_rate=%s epochs=%d features=%s%n",
          run.id(), LEARNING_RATE, EPOCHS, String.join(",", FEATURES));

      LogisticRegression model = LogisticRegression.standardised(train);
      try (AsyncRunLogger log = run.async()) { // never blocks the training loop on I/O
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
          double loss = model.step(train, LEARNING_RATE);
          log.logMetric("loss", loss, epoch);
          if (epoch == 1 || epoch % 50 == 0) {
            System.out.printf("  epoch %3d  loss %.4f%n", epoch, loss);
          }
        }
      }
      eval = Evaluation.of(model, test);
      run.logMetric("accuracy", eval.accuracy());
      run.logMetric("log_loss", eval.logLoss());
      run.logMetric("baseline_accuracy", eval.baselineAccuracy());
      System.out.printf(
          "test 2015: accuracy %.3f (always 'no rain': %.3f), log-loss %.4f%n",
          eval.accuracy(), eval.baselineAccuracy(), eval.logLoss());

      ArtifactVersion weights =
          run.logArtifact(
              MODEL_ARTIFACT,
              ArtifactVersion.KIND_MODEL,
              "application/json",
              new ByteArrayInputStream(model.toJson().getBytes(StandardCharsets.UTF_8)),
              Map.of("algorithm", "logistic-regression"));
      System.out.printf(
          "model     %s  %d bytes of JSON: %s%n", weights.ref(), weights.size(), model.summary());

      // 3. Register the model version; write the evaluation report about it.
      if (registry.model(MODEL).isEmpty()) {
        registry.registerModel(MODEL, "will it rain in Seattle today? (summer days)");
      }
      version =
          registry.registerVersion(
              MODEL, weights.ref(), run.id(), "logistic regression on 4 features", Map.of());
      report =
          run.logArtifact(
              REPORT_ARTIFACT,
              LinkedReport.ARTIFACT_KIND,
              LinkedReport.MEDIA_TYPE,
              new ByteArrayInputStream(
                  eval.reportJson(MODEL, version.version()).getBytes(StandardCharsets.UTF_8)),
              Map.of());
    }
    System.out.println("run finished");

    section("3. registry");
    System.out.printf(
        "registered %s version %d (artifact %s, run %s)%n",
        MODEL, version.version(), version.artifact(), version.runId());
    registry.guardAlias(MODEL, ALIAS, RequireReport.of(REPORT_KIND, Verdict.PASS));
    System.out.printf(
        "guard: alias '%s' requires a linked '%s' report with verdict PASS%n", ALIAS, REPORT_KIND);
    try {
      registry.setAlias(MODEL, ALIAS, version.version(), "best so far");
      System.out.println("unexpected: the guard let the alias move without a report");
    } catch (ConflictException refused) {
      System.out.println("refused (as expected): " + refused.getMessage());
    }
    mlops.artifacts().link(report.ref(), MODEL, version.version());
    System.out.printf(
        "linked report %s (verdict %s) to %s version %d%n",
        report.ref(), eval.verdict(), MODEL, version.version());
    try {
      Optional<Long> before =
          registry.setAlias(MODEL, ALIAS, version.version(), "evaluation passed");
      System.out.printf(
          "%s -> %s version %d%s%n",
          ALIAS, MODEL, version.version(), before.map(b -> " (was version " + b + ")").orElse(""));
    } catch (ConflictException refused) {
      System.out.println("refused again: " + refused.getMessage());
    }

    // 4. Lineage: what produced the model.
    section("4. lineage: upstream of " + version.artifact());
    LineageGraph upstream = mlops.lineage().upstream(version.artifact(), 10);
    printTree(upstream, upstream.root(), "", new HashSet<>());
    System.out.println("as Mermaid:");
    System.out.print(upstream.toMermaid().indent(2));

    // 5. Audit: keep a checkpoint outside the store, verify the log against it.
    section("5. audit log");
    AuditCheckpoint checkpoint = mlops.audit().checkpoint();
    AuditVerification verification = mlops.audit().verify(checkpoint);
    System.out.printf(
        "checkpoint: sequence %d, head %s...%n",
        checkpoint.sequence(), checkpoint.headHash().substring(0, 16));
    System.out.printf(
        "verify against the checkpoint: %s, %d events checked%n",
        verification.intact() ? "intact" : "BROKEN " + verification.finding(),
        verification.eventsChecked());

    // 6. fsck.
    section("6. fsck");
    FsckReport fsck = mlops.fsck();
    System.out.printf(
        "%s: %d blobs re-hashed, %d corrupt, %d missing%n",
        fsck.isClean() ? "clean" : "PROBLEMS",
        fsck.blobsChecked(),
        fsck.corruptBlobs().size(),
        fsck.missingBlobs().size());
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
    String label = node.kind() == NodeKind.EXECUTION ? "run " + node.id() : node.id();
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

  /** One day of the data set. */
  record Day(int year, int month, double[] features, boolean rain) {
    static List<Day> parse(String csv) {
      List<Day> days = new ArrayList<>();
      String[] lines = csv.split("\r?\n");
      // date,precipitation,temp_max,temp_min,wind,weather
      for (int i = 1; i < lines.length; i++) {
        String[] f = lines[i].split(",");
        double[] x = new double[FEATURES.length];
        for (int j = 0; j < x.length; j++) {
          x[j] = Double.parseDouble(f[j + 1]);
        }
        days.add(
            new Day(
                Integer.parseInt(f[0].substring(0, 4)),
                Integer.parseInt(f[0].substring(5, 7)),
                x,
                f[5].equals("rain")));
      }
      return days;
    }

    static List<Day> summers(List<Day> days, int fromYear, int toYear) {
      return days.stream()
          .filter(d -> d.year() >= fromYear && d.year() <= toYear)
          .filter(d -> d.month() >= 6 && d.month() <= 8)
          .toList();
    }
  }

  /**
   * Logistic regression on standardised features, trained by plain full-batch gradient descent on
   * the mean log-loss. Not thread-safe.
   */
  static final class LogisticRegression {
    final double[] mean;
    final double[] std;
    final double[] weights;
    double bias;

    private LogisticRegression(double[] mean, double[] std) {
      this.mean = mean;
      this.std = std;
      this.weights = new double[mean.length];
    }

    /** Starts at zero weights, with the training set's means and standard deviations. */
    static LogisticRegression standardised(List<Day> train) {
      int n = FEATURES.length;
      double[] mean = new double[n];
      double[] std = new double[n];
      for (Day d : train) {
        for (int j = 0; j < n; j++) {
          mean[j] += d.features()[j] / train.size();
        }
      }
      for (Day d : train) {
        for (int j = 0; j < n; j++) {
          double c = d.features()[j] - mean[j];
          std[j] += c * c / train.size();
        }
      }
      for (int j = 0; j < n; j++) {
        std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
      }
      return new LogisticRegression(mean, std);
    }

    double probability(double[] x) {
      double z = bias;
      for (int j = 0; j < weights.length; j++) {
        z += weights[j] * (x[j] - mean[j]) / std[j];
      }
      return 1 / (1 + Math.exp(-z));
    }

    /** One gradient step on the mean log-loss; returns the loss before the step. */
    double step(List<Day> train, double learningRate) {
      double[] grad = new double[weights.length];
      double gradBias = 0;
      double loss = 0;
      for (Day d : train) {
        double p = probability(d.features());
        double y = d.rain() ? 1 : 0;
        loss += logLoss(p, y);
        for (int j = 0; j < weights.length; j++) {
          grad[j] += (p - y) * (d.features()[j] - mean[j]) / std[j];
        }
        gradBias += p - y;
      }
      for (int j = 0; j < weights.length; j++) {
        weights[j] -= learningRate * grad[j] / train.size();
      }
      bias -= learningRate * gradBias / train.size();
      return loss / train.size();
    }

    static double logLoss(double p, double y) {
      double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
      return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    }

    /** The weights per feature, on the standardised scale, and the bias. */
    String summary() {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < FEATURES.length; j++) {
        b.append(String.format(Locale.ROOT, "%s %+.2f, ", FEATURES[j], weights[j]));
      }
      return b.append(String.format(Locale.ROOT, "bias %+.2f", bias)).toString();
    }

    String toJson() {
      StringBuilder b = new StringBuilder("{\"features\": [");
      for (int j = 0; j < FEATURES.length; j++) {
        b.append(j == 0 ? "" : ", ").append('"').append(FEATURES[j]).append('"');
      }
      return b.append("], \"mean\": ")
          .append(numbers(mean))
          .append(", \"std\": ")
          .append(numbers(std))
          .append(", \"weights\": ")
          .append(numbers(weights))
          .append(", \"bias\": ")
          .append(String.format(Locale.ROOT, "%.6f", bias))
          .append('}')
          .toString();
    }

    private static String numbers(double[] values) {
      StringBuilder b = new StringBuilder("[");
      for (int j = 0; j < values.length; j++) {
        b.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.6f", values[j]));
      }
      return b.append(']').toString();
    }
  }

  /** Accuracy and log-loss on held-out days, against always predicting the majority class. */
  record Evaluation(double accuracy, double logLoss, double baselineAccuracy, int days) {
    static Evaluation of(LogisticRegression model, List<Day> test) {
      int correct = 0;
      int rainy = 0;
      double loss = 0;
      for (Day d : test) {
        double p = model.probability(d.features());
        if ((p >= 0.5) == d.rain()) {
          correct++;
        }
        rainy += d.rain() ? 1 : 0;
        loss += LogisticRegression.logLoss(p, d.rain() ? 1 : 0);
      }
      double majority = Math.max(rainy, test.size() - rainy) / (double) test.size();
      return new Evaluation(
          correct / (double) test.size(), loss / test.size(), majority, test.size());
    }

    /** PASS when the model beats the majority class, WARN when it ties, FAIL otherwise. */
    Verdict verdict() {
      if (accuracy > baselineAccuracy) {
        return Verdict.PASS;
      }
      return accuracy == baselineAccuracy ? Verdict.WARN : Verdict.FAIL;
    }

    /** The report in the report contract of DESIGN.md: format_version, kind, verdict, subject. */
    String reportJson(String model, long version) {
      return String.format(
          Locale.ROOT,
          "{\"format_version\": 1, \"kind\": \"%s\", \"verdict\": \"%s\","
              + " \"subject\": {\"model\": \"%s\", \"version\": %d},"
              + " \"results\": [{\"check\": \"accuracy\", \"value\": %.6f, \"baseline\": %.6f},"
              + " {\"check\": \"log_loss\", \"value\": %.6f}], \"days\": %d}",
          REPORT_KIND,
          verdict().name(),
          model,
          version,
          accuracy,
          baselineAccuracy,
          logLoss,
          days);
    }
  }
}
