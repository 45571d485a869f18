package dev.mlops.validation.importance;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryClassificationEvaluator;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionEvaluator;
import dev.mlops.validation.metrics.RegressionOutcomes;
import dev.mlops.validation.metrics.RegressionResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Permutation feature importance (Breiman 2001; Fisher, Rudin and Dominici 2019) for any model
 * given as a batch function from a {@link Table} to one value per row: probabilities of the
 * positive class for a binary classifier, predictions for a regression.
 *
 * <p>Immutable and thread-safe once built. The model is called from the calling thread, 1 +
 * features x repeats times, each time with the whole table in which one column is replaced by a
 * shuffled copy (the other columns are shared, not copied), so a model that scores a batch
 * vectorised is as fast here as in production; a per-row model is adapted with {@link
 * #perRow(ToDoubleFunction)}.
 *
 * <p>For each feature and repeat r = 1..R: shuffle the feature's column (Fisher-Yates, from a
 * generator seeded by the seed and the feature's name, so a feature's shuffles do not depend on
 * which other features are assessed), score the table, and compute the metric through the metrics
 * package's evaluator. The importance is {@code baseline - permuted} for a metric where higher is
 * better and {@code permuted - baseline} for a loss, so positive always means "worse without the
 * feature", and a model that never reads a column gets exactly 0 for it. The mean over the repeats
 * has a Student t-interval, {@code mean ± t(R - 1, (1 + level) / 2) * sd / sqrt(R)}, with sd the
 * sample standard deviation of the repeats; it describes the shuffling noise only (the rows are
 * fixed), and it is absent with one repeat. Features are ranked by mean importance, highest first;
 * ties keep the order of the features.
 *
 * <pre>{@code
 * PermutationImportance pi = PermutationImportance.builder()
 *     .metric("roc_auc").repeats(10).seed(7).build();
 * ImportanceReport r = pi.binary(table -> model.predictProba(table), features, labels);
 * r.features().get(0).feature();   // the most important column
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PermutationImportance {

  /** Default shuffles per feature. */
  public static final int DEFAULT_REPEATS = 5;

  /** Default seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Default t-interval level. */
  public static final double DEFAULT_LEVEL = 0.95;

  /** Default decision threshold turning a binary model's scores into predictions. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default metric of a binary classifier. */
  public static final String DEFAULT_BINARY_METRIC = "roc_auc";

  /** Default metric of a regression model. */
  public static final String DEFAULT_REGRESSION_METRIC = "rmse";

  private static final BinaryClassificationEvaluator BINARY =
      BinaryClassificationEvaluator.create();
  private static final RegressionEvaluator REGRESSION = RegressionEvaluator.create();

  private final @Nullable String metric;
  private final int repeats;
  private final long seed;
  private final double level;
  private final double threshold;
  private final @Nullable List<String> features;

  private PermutationImportance(Builder b) {
    this.metric = b.metric;
    this.repeats = b.repeats;
    this.seed = b.seed;
    this.level = b.level;
    this.threshold = b.threshold;
    this.features = b.features;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adapts a per-row model to the batch form: the function gets the table and a row index.
   *
   * @param perRow scores row i of the table; here as {@code (table, i)} packed in a {@link Row}
   * @return the batch model
   * @throws NullPointerException if {@code perRow} is null
   */
  public static Function<Table, double[]> perRow(ToDoubleFunction<Row> perRow) {
    Objects.requireNonNull(perRow, "perRow");
    return table -> {
      double[] out = new double[table.rowCount()];
      Row row = new Row(table);
      for (int i = 0; i < out.length; i++) {
        row.index = i;
        out[i] = perRow.applyAsDouble(row);
      }
      return out;
    };
  }

  /**
   * Assesses a binary classifier: the model returns the probability of the positive class per row,
   * and a row is predicted positive when it is at least the threshold.
   *
   * @param model the model, called with tables of the same columns and rows as {@code table}
   * @param table the rows, one column per feature the model may read
   * @param labels the labels, 0 or 1, one per row
   * @return the report
   * @throws InvalidInputException if the labels do not have one entry per row, a label is not 0 or
   *     1, a chosen feature is not a column of the table, the model returns a score outside [0, 1],
   *     or the metric is undefined on the unshuffled rows (for example ROC AUC with one class)
   * @throws IllegalArgumentException if the metric is not a binary classification metric
   * @throws IllegalStateException if the model returns null or the wrong number of values
   * @throws NullPointerException if an argument is null
   */
  public ImportanceReport binary(Function<Table, double[]> model, Table table, int[] labels) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(labels, "labels");
    String name = metric == null ? DEFAULT_BINARY_METRIC : metric;
    if (!BinaryClassificationResult.METRIC_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "metric '"
              + name
              + "' is not a binary classification metric; use one of "
              + BinaryClassificationResult.METRIC_NAMES);
    }
    requireRows(table, labels.length, "labels");
    int[] y = labels.clone();
    return run(
        model,
        table,
        name,
        scores -> {
          int[] p = new int[scores.length];
          for (int i = 0; i < p.length; i++) {
            p[i] = scores[i] >= threshold ? 1 : 0;
          }
          return BINARY.evaluate(BinaryOutcomes.of(y, scores, p), IntervalSpec.none()).metric(name);
        });
  }

  /**
   * Assesses a regression model: the model returns the prediction per row.
   *
   * @param model the model, called with tables of the same columns and rows as {@code table}
   * @param table the rows, one column per feature the model may read
   * @param targets the true values, one per row
   * @return the report
   * @throws InvalidInputException if the targets do not have one entry per row, a chosen feature is
   *     not a column of the table, a target or prediction is not finite, or the metric is undefined
   *     on the unshuffled rows
   * @throws IllegalArgumentException if the metric is not a regression metric
   * @throws IllegalStateException if the model returns null or the wrong number of values
   * @throws NullPointerException if an argument is null
   */
  public ImportanceReport regression(
      Function<Table, double[]> model, Table table, double[] targets) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(targets, "targets");
    String name = metric == null ? DEFAULT_REGRESSION_METRIC : metric;
    if (!RegressionResult.METRIC_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "metric '"
              + name
              + "' is not a regression metric; use one of "
              + RegressionResult.METRIC_NAMES);
    }
    requireRows(table, targets.length, "targets");
    double[] t = targets.clone();
    return run(
        model,
        table,
        name,
        predictions ->
            REGRESSION
                .evaluate(RegressionOutcomes.of(t, predictions), IntervalSpec.none())
                .metric(name));
  }

  private ImportanceReport run(
      Function<Table, double[]> model,
      Table table,
      String name,
      Function<double[], Optional<MetricValue>> score) {
    List<String> chosen = features == null ? table.schema().names() : features;
    for (String f : chosen) {
      if (table.findColumn(f).isEmpty()) {
        throw InvalidInputException.of(
            f,
            "feature '"
                + f
                + "' is not a column of the table; its columns are "
                + table.schema().names());
      }
    }
    int n = table.rowCount();
    MetricValue base = score.apply(call(model, table, n)).orElseThrow();
    if (base.value().isEmpty()) {
      throw InvalidInputException.of(
          name,
          "metric "
              + name
              + " is undefined on the unshuffled rows ("
              + base.note().orElse("no value")
              + "); choose another metric or other rows");
    }
    double baseline = base.value().getAsDouble();
    boolean higher = base.higherIsBetter();
    double t =
        repeats > 1
            ? TDistribution.of(repeats - 1).inverseCumulativeProbability((1 + level) / 2)
            : Double.NaN;
    List<Scored> scored = new ArrayList<>(chosen.size());
    int[] perm = new int[n];
    for (int k = 0; k < chosen.size(); k++) {
      String f = chosen.get(k);
      Column column = table.column(f);
      SplittableRandom rnd = new SplittableRandom(featureSeed(seed, f));
      double[] imp = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        shuffle(rnd, perm);
        Table shuffled = table.withColumn(column.take(perm));
        MetricValue m = score.apply(call(model, shuffled, n)).orElseThrow();
        if (m.value().isEmpty()) {
          throw new IllegalStateException(
              "metric "
                  + name
                  + " became undefined with feature '"
                  + f
                  + "' shuffled ("
                  + m.note().orElse("no value")
                  + ")");
        }
        double v = m.value().getAsDouble();
        imp[r] = higher ? baseline - v : v - baseline;
      }
      double mean = 0;
      for (double x : imp) {
        mean += x;
      }
      mean /= repeats;
      Optional<Interval> interval = Optional.empty();
      if (repeats > 1) {
        double ss = 0;
        for (double x : imp) {
          ss += (x - mean) * (x - mean);
        }
        double half = t * Math.sqrt(ss / (repeats - 1)) / Math.sqrt(repeats);
        interval = Optional.of(new Interval(mean - half, mean + half, level, "t"));
      }
      scored.add(new Scored(f, k, mean, interval, imp));
    }
    scored.sort(
        (a, b) ->
            a.mean != b.mean ? Double.compare(b.mean, a.mean) : Integer.compare(a.order, b.order));
    List<FeatureImportance> out = new ArrayList<>(scored.size());
    for (int i = 0; i < scored.size(); i++) {
      Scored s = scored.get(i);
      List<Double> reps = new ArrayList<>(repeats);
      for (double x : s.repeats) {
        reps.add(x);
      }
      out.add(new FeatureImportance(s.feature, i + 1, s.mean, s.interval, reps));
    }
    return new ImportanceReport(name, higher, baseline, out, repeats, seed, level);
  }

  private record Scored(
      String feature, int order, double mean, Optional<Interval> interval, double[] repeats) {}

  private static double[] call(Function<Table, double[]> model, Table table, int n) {
    double[] out = model.apply(table);
    if (out == null) {
      throw new IllegalStateException("the model returned null; it must return one value per row");
    }
    if (out.length != n) {
      throw new IllegalStateException(
          "the model returned " + out.length + " values for " + n + " rows; return one per row");
    }
    return out;
  }

  private static void shuffle(SplittableRandom rnd, int[] perm) {
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    for (int i = perm.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int x = perm[i];
      perm[i] = perm[j];
      perm[j] = x;
    }
  }

  /** A seed from the run's seed and the feature's name (FNV-1a over its UTF-8 bytes). */
  static long featureSeed(long seed, String feature) {
    long h = 0xcbf29ce484222325L;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return seed ^ h;
  }

  private static void requireRows(Table table, int length, String what) {
    if (length != table.rowCount()) {
      throw InvalidInputException.of(
          what,
          "the table has "
              + table.rowCount()
              + " rows but "
              + what
              + " has "
              + length
              + "; pass one per row");
    }
  }

  @Override
  public String toString() {
    return "PermutationImportance[metric "
        + (metric == null ? "default" : metric)
        + ", "
        + repeats
        + " repeats, seed "
        + seed
        + "]";
  }

  /**
   * One row of a table, as a per-row model sees it ({@link #perRow}). Reused across rows: read it
   * inside the call only.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * Function<Table, double[]> model =
   *     PermutationImportance.perRow(row -> row.numeric("x") > 0 ? 0.9 : 0.1);
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Row {
    private final Table table;
    private int index;

    Row(Table table) {
      this.table = table;
    }

    /**
     * Returns the row's index in the table.
     *
     * @return the index
     */
    public int index() {
      return index;
    }

    /**
     * Returns the table the row belongs to.
     *
     * @return the table
     */
    public Table table() {
      return table;
    }

    /**
     * Returns the row's value of a numeric column.
     *
     * @param column the column's name
     * @return the value (NaN when missing)
     * @throws IllegalArgumentException if there is no such numeric column
     */
    public double numeric(String column) {
      return table.numeric(column).value(index);
    }

    /**
     * Returns the row's category in a categorical column.
     *
     * @param column the column's name
     * @return the category, or null when missing
     * @throws IllegalArgumentException if there is no such categorical column
     */
    public @Nullable String category(String column) {
      return table.categorical(column).category(index);
    }
  }

  /**
   * Builds a {@link PermutationImportance}; each option may be set once.
   *
   * <p>Not thread-safe; confine a builder to one thread.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable String metric;
    private int repeats = DEFAULT_REPEATS;
    private long seed = DEFAULT_SEED;
    private double level = DEFAULT_LEVEL;
    private double threshold = DEFAULT_THRESHOLD;
    private @Nullable List<String> features;
    private final Set<String> set = new HashSet<>();

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    /**
     * Sets the metric, by the evaluators' name. Default: {@value #DEFAULT_BINARY_METRIC} for a
     * binary classifier, {@value #DEFAULT_REGRESSION_METRIC} for a regression.
     *
     * @param name a name of {@link BinaryClassificationResult#METRIC_NAMES} or {@link
     *     RegressionResult#METRIC_NAMES}
     * @return this builder
     * @throws IllegalArgumentException if the name is none of those
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code name} is null
     */
    public Builder metric(String name) {
      Objects.requireNonNull(name, "name");
      if (!BinaryClassificationResult.METRIC_NAMES.contains(name)
          && !RegressionResult.METRIC_NAMES.contains(name)) {
        throw new IllegalArgumentException(
            "unknown metric '"
                + name
                + "'; use one of "
                + BinaryClassificationResult.METRIC_NAMES
                + " or "
                + RegressionResult.METRIC_NAMES);
      }
      once("metric");
      this.metric = name;
      return this;
    }

    /**
     * Sets the shuffles per feature. Default: 5.
     *
     * @param repeats at least 1
     * @return this builder
     * @throws IllegalArgumentException if below 1
     * @throws IllegalStateException if already set
     */
    public Builder repeats(int repeats) {
      if (repeats < 1) {
        throw new IllegalArgumentException("repeats must be >= 1, was " + repeats);
      }
      once("repeats");
      this.repeats = repeats;
      return this;
    }

    /**
     * Sets the seed. Default: 42.
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      once("seed");
      this.seed = seed;
      return this;
    }

    /**
     * Sets the t-interval level. Default: 0.95.
     *
     * @param level in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder level(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must be in (0, 1), was " + level);
      }
      once("level");
      this.level = level;
      return this;
    }

    /**
     * Sets the threshold at which a binary model's score becomes a positive prediction. Default:
     * 0.5.
     *
     * @param threshold in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1]
     * @throws IllegalStateException if already set
     */
    public Builder threshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
      }
      once("threshold");
      this.threshold = threshold;
      return this;
    }

    /**
     * Restricts the assessment to some columns. Default: every column of the table.
     *
     * @param names distinct column names, at least one
     * @return this builder
     * @throws IllegalArgumentException if there are none or a name repeats
     * @throws IllegalStateException if already set
     * @throws NullPointerException if a name is null
     */
    public Builder features(String... names) {
      List<String> list = List.of(names);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("give at least one feature");
      }
      if (new HashSet<>(list).size() != list.size()) {
        throw new IllegalArgumentException("feature names repeat: " + Arrays.toString(names));
      }
      once("features");
      this.features = list;
      return this;
    }

    /**
     * Builds the assessment.
     *
     * @return the assessment
     */
    public PermutationImportance build() {
      return new PermutationImportance(this);
    }
  }
}
