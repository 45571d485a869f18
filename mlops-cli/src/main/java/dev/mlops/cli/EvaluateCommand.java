package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.evaluation.EvaluationJson;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.Gate;
import dev.mlops.validation.evaluation.ModelEvaluation;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.RegressionOutcomes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mlops evaluate}: the metrics of a binary classifier (and of a regressor) from a CSV file
 * of predictions, overall and per slice, with intervals, and gates decided on them.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Evaluate a model from a CSV file of predictions: accuracy, precision, recall, F1, ROC AUC,"
          + " average precision, log loss, Brier score and calibration of a binary classifier"
          + " (columns label, score, prediction), MAE, RMSE, R2 and MAPE of a regressor (columns"
          + " target, target_prediction), overall and per value of the slice column, each with"
          + " its interval; gates are decided on the intervals.",
      "",
      "Exit codes: 0 PASS or INCONCLUSIVE, or no gate; 1 a gate FAILed (or a verdict named by"
          + " --fail-on); 2 usage error or unreadable input; 3 internal error."
    })
final class EvaluateCommand extends CliCommand {

  /**
   * The options that say what to evaluate, shared by {@code mlops evaluate} and {@code mlops report
   * evaluate}.
   */
  static final class Inputs {
    @Option(
        names = "--predictions",
        required = true,
        paramLabel = "P.csv",
        description = "The CSV file of predictions (header row, comma, empty field = null).")
    @Nullable Path predictions;

    @Option(
        names = "--label",
        paramLabel = "C",
        description = "The column of true labels, 0 or 1. Default: label.")
    @Nullable String label;

    @Option(
        names = "--score",
        paramLabel = "C",
        description =
            "The column of predicted probabilities of label 1, in [0, 1]. Default: score.")
    @Nullable String score;

    @Option(
        names = "--prediction",
        paramLabel = "C",
        description = "The column of predicted labels, 0 or 1, used as given. Default: prediction.")
    @Nullable String prediction;

    @Option(
        names = "--slice",
        paramLabel = "C",
        description =
            "The column to slice by, read as text (every distinct value is a slice). Default: slice,"
                + " when the file has it.")
    @Nullable String slice;

    @Option(
        names = "--target",
        paramLabel = "C",
        description = "The column of regression targets. Default: target, when the file has it.")
    @Nullable String target;

    @Option(
        names = "--target-prediction",
        paramLabel = "C",
        description =
            "The column of regression predictions. Default: target_prediction, when the file has"
                + " it.")
    @Nullable String targetPrediction;

    @Option(
        names = "--gate",
        paramLabel = "METRIC>=X",
        description =
            "A gate such as 'roc_auc>=0.85' or 'log_loss<=0.4', decided overall and on every slice"
                + " on the metric's interval (simultaneous, Bonferroni); repeatable.")
    List<String> gates = new ArrayList<>();

    @Option(
        names = "--min-slice-size",
        paramLabel = "N",
        defaultValue = "30",
        description =
            "Slices with fewer rows report point metrics only, and their gates are INCONCLUSIVE."
                + " Default: 30.")
    int minimumSliceSize = ModelEvaluation.DEFAULT_MINIMUM_SLICE_SIZE;

    /**
     * Resolves the columns: an option names a column the file must have; without the option, the
     * column of the default name is used when present. Classification needs label, score and
     * prediction together, regression target and target_prediction together, and at least one of
     * the two is needed.
     */
    Columns columns(Path file, List<String> header) {
      String l = pick(file, header, "--label", label, "label");
      String s = pick(file, header, "--score", score, "score");
      String p = pick(file, header, "--prediction", prediction, "prediction");
      String sl = pick(file, header, "--slice", slice, "slice");
      String t = pick(file, header, "--target", target, "target");
      String tp = pick(file, header, "--target-prediction", targetPrediction, "target_prediction");
      boolean classification = complete(file, header, Arrays.asList(l, s, p), CLASSIFICATION);
      boolean regression = complete(file, header, Arrays.asList(t, tp), REGRESSION);
      if (!classification && !regression) {
        throw new UsageException(
            "--predictions "
                + file
                + ": no label, score and prediction columns and no target and target_prediction"
                + " columns; its columns are ["
                + String.join(", ", header)
                + "]; name them with --label, --score, --prediction (or --target,"
                + " --target-prediction)");
      }
      return new Columns(
          classification ? l : null,
          classification ? s : null,
          classification ? p : null,
          sl,
          regression ? t : null,
          regression ? tp : null);
    }
  }

  @Mixin Inputs in = new Inputs();

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output: text (default) or json.")
  Format format = Format.TEXT;

  @Option(
      names = "--fail-on",
      split = ",",
      paramLabel = "inconclusive",
      description = "Also exit with 1 when the verdict is INCONCLUSIVE (or WARN).")
  List<DriftCommand.FailOn> failOn = new ArrayList<>();

  @Override
  int execute() {
    Evaluation e = evaluate(in, progress());
    Columns cols = e.columns();
    ObjectNode doc = Json.document(EvaluationJson.KIND);
    doc.putObject("files").put("predictions", e.file().toString());
    doc.putObject("rows").put("predictions", e.rows());
    ObjectNode used = doc.putObject("columns");
    putColumn(used, "label", cols.label());
    putColumn(used, "score", cols.score());
    putColumn(used, "prediction", cols.prediction());
    putColumn(used, "slice", cols.slice());
    putColumn(used, "target", cols.target());
    putColumn(used, "target_prediction", cols.targetPrediction());
    doc.setAll(Json.parseObject(EvaluationJson.toJson(e.report())));
    print(format == Format.JSON ? Json.print(doc) + "\n" : EvaluateText.render(doc, quiet));
    return e.report().verdict().map(v -> exitCode(v, failOn)).orElse(ExitCodes.OK);
  }

  /** An evaluation of a file of predictions, with the rows read and the columns used. */
  record Evaluation(EvaluationReport report, Path file, int rows, Columns columns) {}

  /**
   * Reads the file of predictions and evaluates it ({@code mlops evaluate} and {@code mlops report
   * evaluate}).
   *
   * @throws UsageException if the file cannot be read, an option is bad or a value is out of range
   */
  static Evaluation evaluate(Inputs in, Progress progress) {
    Path file = DriftCommand.required(in.predictions);
    requireReadable("--predictions ", file);
    List<Gate> parsed = new ArrayList<>();
    for (String g : in.gates) {
      try {
        parsed.add(Gate.parse(g));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--gate " + e.getMessage());
      }
    }
    if (in.minimumSliceSize < 1) {
      throw new UsageException(
          "--min-slice-size must be at least 1, but was " + in.minimumSliceSize);
    }
    List<String> header = CsvInputs.scan("--predictions ", file, false).header;
    Columns cols = in.columns(file, header);
    Map<String, ColumnType> types = new LinkedHashMap<>();
    for (String h : header) {
      types.put(h, cols.numeric().contains(h) ? ColumnType.NUMERIC : ColumnType.CATEGORICAL);
    }
    Table table;
    try {
      table = CsvInputs.read(file, types, progress);
    } catch (InvalidInputException e) {
      throw new UsageException(
          "--predictions " + file + ": " + oneLine(e.getMessage()).replaceAll(";.*$", ""));
    }
    if (table.rowCount() == 0) {
      throw new UsageException(
          "--predictions "
              + file
              + ": the file has a header but no data rows; nothing to evaluate");
    }
    ModelEvaluation.Builder b = ModelEvaluation.builder().minimumSliceSize(in.minimumSliceSize);
    if (cols.label() != null) {
      b.classification(
          BinaryOutcomes.of(
              binary(file, table.numeric(cols.label())),
              probabilities(file, table.numeric(nonNull(cols.score()))),
              binary(file, table.numeric(nonNull(cols.prediction())))));
    }
    if (cols.target() != null) {
      b.regression(
          RegressionOutcomes.of(
              finite(file, table.numeric(cols.target())),
              finite(file, table.numeric(nonNull(cols.targetPrediction())))));
    }
    if (cols.slice() != null) {
      CategoricalColumn s = table.categorical(cols.slice());
      for (int r = 0; r < s.size(); r++) {
        if (s.isNull(r)) {
          throw new UsageException(
              "--predictions "
                  + file
                  + ": column '"
                  + s.name()
                  + "' is empty in data row "
                  + r
                  + " (0-based); every row needs a slice value");
        }
      }
      b.slicingFeatures(table.select(cols.slice())).sliceBy(cols.slice());
    }
    for (Gate g : parsed) {
      if (g.isRegression() && cols.target() == null) {
        throw new UsageException(
            "--gate "
                + g
                + ": "
                + g.metric()
                + " is a regression metric, but "
                + file
                + " has no regression columns (give --target and --target-prediction)");
      }
      if (!g.isRegression() && cols.label() == null) {
        throw new UsageException(
            "--gate "
                + g
                + ": "
                + g.metric()
                + " is a classification metric, but "
                + file
                + " has no classification columns (give --label, --score and --prediction)");
      }
      b.gate(g);
    }
    return new Evaluation(b.build().run(), file, table.rowCount(), cols);
  }

  static int exitCode(Verdict verdict, List<DriftCommand.FailOn> failOn) {
    return DriftCommand.exitCode(verdict, failOn);
  }

  private static void putColumn(ObjectNode o, String key, @Nullable String column) {
    if (column == null) {
      o.putNull(key);
    } else {
      o.put(key, column);
    }
  }

  /** The columns used; null for a section the file does not have. */
  record Columns(
      @Nullable String label,
      @Nullable String score,
      @Nullable String prediction,
      @Nullable String slice,
      @Nullable String target,
      @Nullable String targetPrediction) {
    List<String> numeric() {
      List<String> out = new ArrayList<>();
      for (String c : new String[] {label, score, prediction, target, targetPrediction}) {
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }
  }

  private static final List<String> CLASSIFICATION = List.of("label", "score", "prediction");
  private static final List<String> REGRESSION = List.of("target", "target_prediction");

  private static @Nullable String pick(
      Path file, List<String> header, String option, @Nullable String given, String name) {
    if (given != null) {
      if (!header.contains(given)) {
        throw new UsageException(
            option
                + " "
                + given
                + ": "
                + file
                + " has no column '"
                + given
                + "'; its columns are ["
                + String.join(", ", header)
                + "]");
      }
      return given;
    }
    return header.contains(name) ? name : null;
  }

  /** Whether all of a section's columns were found; some but not all is an error. */
  private static boolean complete(
      Path file, List<String> header, List<@Nullable String> found, List<String> names) {
    long present = found.stream().filter(x -> x != null).count();
    if (present == 0) {
      return false;
    }
    if (present < found.size()) {
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < found.size(); i++) {
        if (found.get(i) == null) {
          missing.add(names.get(i));
        }
      }
      throw new UsageException(
          "--predictions "
              + file
              + " lacks the column(s) "
              + String.join(", ", missing)
              + " that go with "
              + String.join(", ", names)
              + "; its columns are ["
              + String.join(", ", header)
              + "]; name them with --"
              + missing.get(0).replace('_', '-'));
    }
    return true;
  }

  private static String nonNull(@Nullable String s) {
    if (s == null) {
      throw new IllegalStateException("a resolved column is missing");
    }
    return s;
  }

  private static UsageException bad(Path file, NumericColumn c, int row, String what) {
    return new UsageException(
        "--predictions "
            + file
            + ": column '"
            + c.name()
            + "', data row "
            + row
            + " (0-based): "
            + what);
  }

  private static int[] binary(Path file, NumericColumn c) {
    int[] out = new int[c.size()];
    for (int r = 0; r < out.length; r++) {
      if (c.isNull(r)) {
        throw bad(file, c, r, "empty; expected 0 or 1");
      }
      double v = c.value(r);
      if (v != 0 && v != 1) {
        throw bad(file, c, r, number(v) + " is not 0 or 1");
      }
      out[r] = (int) v;
    }
    return out;
  }

  private static double[] probabilities(Path file, NumericColumn c) {
    double[] out = finite(file, c);
    for (int r = 0; r < out.length; r++) {
      if (out[r] < 0 || out[r] > 1) {
        throw bad(file, c, r, number(out[r]) + " is not in [0, 1]");
      }
    }
    return out;
  }

  /** A value as written in a CSV file: integral values without ".0". */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : Json.print(Json.F.numberNode(v));
  }

  private static double[] finite(Path file, NumericColumn c) {
    double[] out = new double[c.size()];
    for (int r = 0; r < out.length; r++) {
      if (c.isNull(r)) {
        throw bad(file, c, r, "empty; expected a number");
      }
      double v = c.value(r);
      if (!Double.isFinite(v)) {
        throw bad(file, c, r, v + " is not a finite number");
      }
      out[r] = v;
    }
    return out;
  }
}
