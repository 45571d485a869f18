package dev.mlops.reports;

import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import dev.mlops.validation.drift.DriftAnalysis;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.Gate;
import dev.mlops.validation.evaluation.ModelEvaluation;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.RegressionOutcomes;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.Profiler;
import dev.mlops.validation.schema.CheckResult;
import dev.mlops.validation.schema.Severity;
import dev.mlops.validation.schema.ValidationReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Report inputs with hostile names: a column, a category, an example value, a file name and the
 * title carry markup that would run a script if it reached the page unescaped.
 */
final class Fixtures {
  /** The hostile name of the brief. */
  static final String EVIL = "<img src=x onerror=alert(1)>";

  /** Closes a script block and opens another: harmless only if escaped inside the JSON block. */
  static final String EVIL_SCRIPT = "</script><script>alert(2)</script>";

  /** A JavaScript line terminator and an entity-looking text. */
  static final String EVIL_JSON = "line\u2028sep\u2029&amp;<!--";

  static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
  static final InstantSource CLOCK = InstantSource.fixed(NOW);

  private Fixtures() {}

  static ReportContext context(String kind) {
    return ReportContext.builder("Report " + kind + " " + EVIL, CLOCK)
        .run("run-7f3c")
        .artifact("reference", new ArtifactRef("churn-train", 3))
        .model("churn", 2)
        .file("current", "data/" + EVIL_SCRIPT + ".csv")
        .build();
  }

  /** A table of 400 rows: numeric (with nulls), hostile categorical, boolean, timestamp. */
  static Table table(long seed, double shift) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = 400;
    NumericColumn.Builder age = NumericColumn.builder("age");
    NumericColumn.Builder evil = NumericColumn.builder(EVIL);
    CategoricalColumn.Builder plan = CategoricalColumn.builder("plan");
    boolean[] churned = new boolean[n];
    long[] seen = new long[n];
    String[] plans = {"basic", "pro", EVIL, EVIL_SCRIPT, EVIL_JSON};
    for (int i = 0; i < n; i++) {
      if (i % 50 == 0) {
        age.appendNull();
      } else {
        age.append(30 + shift + 8 * random.nextGaussian());
      }
      evil.append(random.nextDouble() * 10 + shift);
      plan.append(plans[(int) Math.floor(Math.pow(random.nextDouble(), 1.5) * plans.length)]);
      churned[i] = random.nextDouble() < 0.2;
      seen[i] = 1_700_000_000_000_000L + i * 60_000_000L;
    }
    return Table.of(
        age.build(),
        evil.build(),
        plan.build(),
        BooleanColumn.of("churned", churned),
        TimestampColumn.ofMicros("seen", seen));
  }

  static Profile profile() {
    return Profiler.profile(table(1, 0));
  }

  /** Charts in the profile report: numeric (2), categorical (1) and boolean (1) columns. */
  static final int PROFILE_CHARTS = 4;

  static DriftReport drift() {
    Table reference = table(1, 0);
    Table current = table(2, 3);
    return DriftAnalysis.with(DriftPolicy.defaults())
        .numeric(
            "age",
            values(reference, "age"),
            nulls(reference, "age"),
            values(current, "age"),
            nulls(current, "age"))
        .numeric(EVIL, values(reference, EVIL), null, values(current, EVIL), null)
        .categorical("plan", strings(reference), strings(current))
        .run();
  }

  /** Charts in the drift report: one per compared column. */
  static final int DRIFT_CHARTS = 3;

  private static double[] values(Table t, String column) {
    NumericColumn c = (NumericColumn) t.column(column);
    return c.toArray();
  }

  private static BitSet nulls(Table t, String column) {
    NumericColumn c = (NumericColumn) t.column(column);
    BitSet nulls = new BitSet();
    for (int i = 0; i < c.size(); i++) {
      if (c.isNull(i)) {
        nulls.set(i);
      }
    }
    return nulls;
  }

  private static @Nullable String[] strings(Table t) {
    CategoricalColumn c = (CategoricalColumn) t.column("plan");
    @Nullable String[] out = new String[c.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = c.category(i);
    }
    return out;
  }

  static ValidationReport validation() {
    return new ValidationReport(
        Verdict.FAIL,
        List.of(
            new CheckResult(
                "not_null",
                "age",
                Severity.FAIL,
                Verdict.FAIL,
                8L,
                "0 nulls",
                8,
                List.of(new CheckResult.Example(0, null), new CheckResult.Example(50, null))),
            new CheckResult(
                "allowed_values",
                EVIL,
                Severity.WARN,
                Verdict.WARN,
                EVIL_SCRIPT,
                "one of [basic, pro]",
                3,
                List.of(
                    new CheckResult.Example(4, EVIL),
                    new CheckResult.Example(9, EVIL_SCRIPT),
                    new CheckResult.Example(11, EVIL_JSON))),
            new CheckResult(
                "row_count", null, Severity.FAIL, Verdict.PASS, 400L, ">= 100", 0, List.of())),
        3,
        400);
  }

  /** Charts in the validation report: failing rows by check. */
  static final int VALIDATION_CHARTS = 1;

  /** An evaluation of a classifier and a regressor on 600 rows in four regions (one hostile). */
  static EvaluationReport evaluation() {
    SplittableRandom random = new SplittableRandom(5);
    int n = 600;
    int[] labels = new int[n];
    double[] scores = new double[n];
    int[] predictions = new int[n];
    double[] target = new double[n];
    double[] predicted = new double[n];
    String[] regions = {"north", "south", EVIL, "east"};
    @Nullable String[] region = new String[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextDouble() < 0.4 ? 1 : 0;
      scores[i] = Math.min(0.99, Math.max(0.01, 0.35 * labels[i] + 0.65 * random.nextDouble()));
      predictions[i] = scores[i] >= 0.5 ? 1 : 0;
      target[i] = 50 + 10 * random.nextGaussian();
      predicted[i] = target[i] + 3 * random.nextGaussian();
      region[i] = regions[i % regions.length];
    }
    return ModelEvaluation.builder()
        .classification(BinaryOutcomes.of(labels, scores, predictions))
        .regression(RegressionOutcomes.of(target, predicted))
        .slicingFeatures(Table.of(CategoricalColumn.of("region", region)))
        .sliceBy("region")
        .intervals(IntervalSpec.defaults().withResamples(200))
        .gate(Gate.parse("roc_auc>=0.6"))
        .subject("churn", 2)
        .build()
        .run();
  }

  /**
   * Charts in the evaluation report: one per metric with slice values (9 classification, 4
   * regression metrics, every region has 150 rows, above the minimum of 30) and the calibration
   * plot.
   */
  static final int EVALUATION_CHARTS = 9 + 4 + 1;

  static String evaluationHtml() {
    return html(out -> HtmlReports.evaluation(evaluation(), context("evaluation"), out));
  }

  interface Writer {
    void write(ByteArrayOutputStream out) throws IOException;
  }

  static String html(Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String profileHtml() {
    return html(out -> HtmlReports.profile(profile(), context("profile"), out));
  }

  static String driftHtml() {
    return html(out -> HtmlReports.drift(drift(), context("drift"), out));
  }

  static String validationHtml() {
    return html(out -> HtmlReports.validation(validation(), context("validation"), out));
  }
}
