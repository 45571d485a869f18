package dev.mlops.validation.evaluation;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.validation.evaluation.EvaluationReport.SlicingSpec;
import dev.mlops.validation.metrics.BinaryClassificationEvaluator;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionEvaluator;
import dev.mlops.validation.metrics.RegressionOutcomes;
import dev.mlops.validation.metrics.RegressionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a model on an evaluation set: the metrics of a binary classifier and/or a regressor,
 * overall and on slices, every metric with its interval (methods of STATISTICS.md, from {@link
 * BinaryClassificationEvaluator} and {@link RegressionEvaluator}), and gates decided on the
 * intervals.
 *
 * <p>Slices: {@code sliceBy(feature)} makes one slice per value of a categorical (or boolean)
 * feature, and one per bin of a numeric feature; {@code sliceBy(a, b)} makes one per non-empty pair
 * (a cross of two). A numeric feature is cut at its quartiles over the evaluation set (NumPy {@code
 * linear} quantiles 0.25, 0.5, 0.75 of its non-missing values) unless {@link Builder#numericEdges}
 * gives the edges. Bins are closed on the left and open on the right: {@code (-inf, e1)}, {@code
 * [e1, e2)}, ..., {@code [ek, +inf)}; equal edges (ties) give empty bins, which are not reported.
 * Rows missing a feature (null, or NaN in a numeric one) form the slice {@value #MISSING}, listed
 * last. A slice smaller than the minimum size (default {@value #DEFAULT_MINIMUM_SLICE_SIZE})
 * reports every point metric, no interval, and INCONCLUSIVE for every gate.
 *
 * <p>Gates: each gate is decided overall and on every slice. With {@code simultaneous(true)} (the
 * default) a gate decided at k places (the whole set and every slice at or above the minimum size)
 * uses intervals at level {@code 1 - (1 - level) / k} (Bonferroni; 1 - 0.05/k at the default level
 * 0.95), so that all k decisions hold together at the stated level; its results say so. The
 * reported {@code <metric>_interval}s stay at the configured level.
 *
 * <p>Immutable and thread-safe once built: {@link #run()} may be called from several threads.
 *
 * <pre>{@code
 * EvaluationReport report = ModelEvaluation.builder()
 *     .classification(BinaryOutcomes.of(labels, scores, predictions))
 *     .slicingFeatures(features)
 *     .sliceBy("month")
 *     .sliceBy("region", "age")
 *     .gate(Gate.parse("roc_auc>=0.85"))
 *     .subject("churn", 7)
 *     .build()
 *     .run();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ModelEvaluation {

  /** The default minimum slice size. */
  public static final int DEFAULT_MINIMUM_SLICE_SIZE = 30;

  /** The value of a slicing feature for rows that miss it (null, or NaN when numeric). */
  public static final String MISSING = "(missing)";

  private final @Nullable BinaryOutcomes classification;
  private final @Nullable RegressionOutcomes regression;
  private final int rows;
  private final List<Slicer.Partition> partitions;
  private final List<SlicingSpec> slicing;
  private final int minimumSliceSize;
  private final IntervalSpec intervals;
  private final List<Gate> gates;
  private final boolean simultaneous;
  private final @Nullable Subject subject;

  private ModelEvaluation(Builder b, int rows, List<Slicer.Partition> partitions) {
    this.classification = b.classification;
    this.regression = b.regression;
    this.rows = rows;
    this.partitions = List.copyOf(partitions);
    List<SlicingSpec> specs = new ArrayList<>();
    for (Slicer.Partition p : partitions) {
      specs.add(p.spec());
    }
    this.slicing = List.copyOf(specs);
    this.minimumSliceSize =
        b.minimumSliceSize == null ? DEFAULT_MINIMUM_SLICE_SIZE : b.minimumSliceSize;
    this.intervals = b.intervals == null ? IntervalSpec.defaults() : b.intervals;
    this.gates = List.copyOf(b.gates);
    this.simultaneous = b.simultaneous == null || b.simultaneous;
    this.subject = b.subject;
  }

  /**
   * Starts an evaluation.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Computes the metrics, intervals and gate results.
   *
   * @return the report
   * @throws dev.mlops.api.InvalidInputException if the outcomes carry sample weights and a slice's
   *     rows have total weight 0 (the message names the weights)
   */
  public EvaluationReport run() {
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = i;
    }
    List<Slicer.Slice> slices = new ArrayList<>();
    for (Slicer.Partition p : partitions) {
      slices.addAll(p.slices());
    }
    SliceResult overall =
        evaluate(GateResult.OVERALL, Map.of(), all, rows < minimumSliceSize, intervals);
    List<SliceResult> results = new ArrayList<>();
    for (Slicer.Slice s : slices) {
      results.add(
          evaluate(
              s.description(), s.key(), s.rows(), s.rows().length < minimumSliceSize, intervals));
    }
    int k = places(overall, results);
    double level = gateLevel(k);
    List<GateResult> gateResults = decideGates(all, overall, slices, results, k, level);
    return new EvaluationReport(
        overall,
        results,
        slicing,
        gateResults,
        subject,
        minimumSliceSize,
        intervals,
        simultaneous,
        k,
        level);
  }

  /** The places where a gate is decided: the whole set and every slice at the minimum size. */
  private static int places(SliceResult overall, List<SliceResult> results) {
    int k = overall.belowMinimum() ? 0 : 1;
    for (SliceResult r : results) {
      if (!r.belowMinimum()) {
        k++;
      }
    }
    return k;
  }

  /** The level at which gates are decided: Bonferroni over k places when simultaneous. */
  private double gateLevel(int k) {
    if (!intervals.enabled()) {
      return 0;
    }
    return simultaneous && k > 1 ? 1 - (1 - intervals.level()) / k : intervals.level();
  }

  private SliceResult evaluate(
      String description,
      Map<String, String> key,
      int[] sliceRows,
      boolean below,
      IntervalSpec spec) {
    return evaluate(description, key, sliceRows, below, spec, true, true);
  }

  /** Evaluates one place; a section left out (not gated at this level) is absent. */
  private SliceResult evaluate(
      String description,
      Map<String, String> key,
      int[] sliceRows,
      boolean below,
      IntervalSpec spec,
      boolean withClassification,
      boolean withRegression) {
    IntervalSpec s = below ? IntervalSpec.none() : spec;
    BinaryClassificationResult c =
        classification == null || !withClassification
            ? null
            : BinaryClassificationEvaluator.create().evaluate(classification, sliceRows, s);
    RegressionResult r =
        regression == null || !withRegression
            ? null
            : RegressionEvaluator.create().evaluate(regression, sliceRows, s);
    return new SliceResult(description, key, sliceRows.length, below, c, r);
  }

  private List<GateResult> decideGates(
      int[] all,
      SliceResult overall,
      List<Slicer.Slice> slices,
      List<SliceResult> results,
      int k,
      double level) {
    if (gates.isEmpty()) {
      return List.of();
    }
    String family =
        simultaneous && k > 1
            ? "; level "
                + Numbers.format(level)
                + ", simultaneous over "
                + k
                + " slices, Bonferroni"
            : "; level " + Numbers.format(level);
    // the places where gates are decided, with their results at the gate level
    List<SliceResult> decided = new ArrayList<>();
    if (level == intervals.level()) {
      decided.add(overall);
      decided.addAll(results);
    } else {
      // only the sections that a gate names are evaluated again at the gate level
      IntervalSpec atGate = intervals.withLevel(level);
      boolean c = gates.stream().anyMatch(g -> !g.isRegression());
      boolean r = gates.stream().anyMatch(Gate::isRegression);
      decided.add(
          evaluate(GateResult.OVERALL, Map.of(), all, overall.belowMinimum(), atGate, c, r));
      for (int i = 0; i < slices.size(); i++) {
        Slicer.Slice s = slices.get(i);
        decided.add(
            evaluate(
                s.description(), s.key(), s.rows(), results.get(i).belowMinimum(), atGate, c, r));
      }
    }
    List<GateResult> out = new ArrayList<>();
    for (Gate g : gates) {
      for (SliceResult place : decided) {
        out.add(decide(g, place, level, family));
      }
    }
    return out;
  }

  static GateResult decide(Gate g, SliceResult place, double level, String family) {
    Optional<MetricValue> m = place.metric(g.metric());
    OptionalDouble value = m.map(MetricValue::value).orElse(OptionalDouble.empty());
    if (place.belowMinimum()) {
      return new GateResult(
          g,
          place.description(),
          Verdict.INCONCLUSIVE,
          value,
          Optional.empty(),
          level,
          (GateResult.OVERALL.equals(place.description())
                  ? "the evaluation set has "
                  : "the slice has ")
              + place.n()
              + " rows, below the minimum slice size; no interval, no decision");
    }
    if (m.isEmpty() || value.isEmpty()) {
      String why = m.flatMap(MetricValue::note).orElse("not computed");
      return new GateResult(
          g,
          place.description(),
          Verdict.INCONCLUSIVE,
          value,
          Optional.empty(),
          level,
          g.metric() + " is undefined: " + why);
    }
    Optional<Interval> iv = m.get().interval();
    if (iv.isEmpty() || Double.isNaN(iv.get().low()) || Double.isNaN(iv.get().high())) {
      return new GateResult(
          g,
          place.description(),
          Verdict.INCONCLUSIVE,
          value,
          Optional.empty(),
          level,
          g.metric() + " has no interval; a gate is decided on the interval");
    }
    Decision d = decide(g, iv.get());
    return new GateResult(g, place.description(), d.verdict(), value, iv, level, d.note() + family);
  }

  /** A verdict and the reason. */
  record Decision(Verdict verdict, String note) {}

  /**
   * Decides a gate on an interval: PASS when the whole interval satisfies the gate, FAIL when none
   * of it does, INCONCLUSIVE otherwise.
   */
  static Decision decide(Gate g, Interval iv) {
    double x = g.threshold();
    String lo = Numbers.format(iv.low());
    String hi = Numbers.format(iv.high());
    String t = Numbers.format(x);
    if (g.comparison() == Gate.Comparison.AT_LEAST) {
      if (iv.low() >= x) {
        return new Decision(Verdict.PASS, "lower bound " + lo + " >= " + t);
      }
      if (iv.high() < x) {
        return new Decision(Verdict.FAIL, "upper bound " + hi + " < " + t);
      }
    } else {
      if (iv.high() <= x) {
        return new Decision(Verdict.PASS, "upper bound " + hi + " <= " + t);
      }
      if (iv.low() > x) {
        return new Decision(Verdict.FAIL, "lower bound " + lo + " > " + t);
      }
    }
    return new Decision(
        Verdict.INCONCLUSIVE, "the interval [" + lo + ", " + hi + "] contains " + t);
  }

  /**
   * Configures a {@link ModelEvaluation}. Every option may be set once; a second call throws {@link
   * IllegalStateException}. {@link #sliceBy} and {@link #gate} add one item per call.
   *
   * <p>Not thread-safe.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable BinaryOutcomes classification;
    private @Nullable RegressionOutcomes regression;
    private @Nullable Table features;
    private final List<List<String>> sliceBys = new ArrayList<>();
    private final Map<String, double[]> edges = new LinkedHashMap<>();
    private @Nullable Integer minimumSliceSize;
    private @Nullable IntervalSpec intervals;
    private final List<Gate> gates = new ArrayList<>();
    private @Nullable Boolean simultaneous;
    private @Nullable Subject subject;

    private Builder() {}

    /**
     * Sets the outcomes of a binary classifier.
     *
     * @param outcomes labels, scores and predictions
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code outcomes} is null
     */
    public Builder classification(BinaryOutcomes outcomes) {
      Objects.requireNonNull(outcomes, "outcomes");
      requireUnset(classification, "classification");
      classification = outcomes;
      return this;
    }

    /**
     * Sets the outcomes of a regressor, on the same rows as the classification outcomes when both
     * are given.
     *
     * @param outcomes targets and predictions
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code outcomes} is null
     */
    public Builder regression(RegressionOutcomes outcomes) {
      Objects.requireNonNull(outcomes, "outcomes");
      requireUnset(regression, "regression");
      regression = outcomes;
      return this;
    }

    /**
     * Sets the table of slicing features, row i describing outcome i.
     *
     * @param table the features; other columns are ignored
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code table} is null
     */
    public Builder slicingFeatures(Table table) {
      Objects.requireNonNull(table, "table");
      requireUnset(features, "slicingFeatures");
      features = table;
      return this;
    }

    /**
     * Adds slices by the values (or numeric bins) of one feature.
     *
     * @param feature a column of the slicing table
     * @return this builder
     * @throws IllegalArgumentException if the same slicing was added before
     * @throws NullPointerException if {@code feature} is null
     */
    public Builder sliceBy(String feature) {
      Objects.requireNonNull(feature, "feature");
      return addSlicing(List.of(feature));
    }

    /**
     * Adds slices by the cross of two features: one slice per non-empty pair of values.
     *
     * @param first a column of the slicing table
     * @param second another column
     * @return this builder
     * @throws IllegalArgumentException if both are the same feature or the same cross was added
     *     before
     * @throws NullPointerException if an argument is null
     */
    public Builder sliceBy(String first, String second) {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(second, "second");
      if (first.equals(second)) {
        throw new IllegalArgumentException(
            "a cross needs two different features, but got '" + first + "' twice");
      }
      return addSlicing(List.of(first, second));
    }

    private Builder addSlicing(List<String> spec) {
      if (sliceBys.contains(spec)) {
        throw new IllegalArgumentException("slicing by " + spec + " was added twice");
      }
      sliceBys.add(spec);
      return this;
    }

    /**
     * Sets the bin edges of a numeric slicing feature instead of its quartiles. Bins are {@code
     * (-inf, e1)}, {@code [e1, e2)}, ..., {@code [ek, +inf)}.
     *
     * @param feature a numeric column of the slicing table, used in a {@code sliceBy}
     * @param edges at least one finite edge, strictly increasing
     * @return this builder
     * @throws IllegalArgumentException if the edges are empty, not finite or not increasing
     * @throws IllegalStateException if edges for this feature were already set
     * @throws NullPointerException if an argument is null
     */
    public Builder numericEdges(String feature, double... edges) {
      Objects.requireNonNull(feature, "feature");
      Objects.requireNonNull(edges, "edges");
      if (this.edges.containsKey(feature)) {
        throw new IllegalStateException("numericEdges for '" + feature + "' was already set");
      }
      if (edges.length == 0) {
        throw new IllegalArgumentException("numericEdges for '" + feature + "' needs an edge");
      }
      for (int i = 0; i < edges.length; i++) {
        if (!Double.isFinite(edges[i])) {
          throw new IllegalArgumentException(
              "numericEdges for '" + feature + "': edge " + edges[i] + " is not finite");
        }
        if (i > 0 && !(edges[i] > edges[i - 1])) {
          throw new IllegalArgumentException(
              "numericEdges for '"
                  + feature
                  + "' must be strictly increasing, but "
                  + edges[i]
                  + " follows "
                  + edges[i - 1]);
        }
      }
      this.edges.put(feature, edges.clone());
      return this;
    }

    /**
     * Sets the minimum slice size. Default: {@value ModelEvaluation#DEFAULT_MINIMUM_SLICE_SIZE}.
     *
     * @param size at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code size} is below 1
     * @throws IllegalStateException if already set
     */
    public Builder minimumSliceSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("minimumSliceSize must be at least 1, but was " + size);
      }
      requireUnset(minimumSliceSize, "minimumSliceSize");
      minimumSliceSize = size;
      return this;
    }

    /**
     * Sets the interval level, bootstrap resamples and seed. Default: {@link
     * IntervalSpec#defaults()}. With {@link IntervalSpec#none()} no interval is computed and no
     * gate may be given.
     *
     * @param spec the settings
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code spec} is null
     */
    public Builder intervals(IntervalSpec spec) {
      Objects.requireNonNull(spec, "spec");
      requireUnset(intervals, "intervals");
      intervals = spec;
      return this;
    }

    /**
     * Adds a gate, decided overall and on every slice.
     *
     * @param gate the gate
     * @return this builder
     * @throws IllegalArgumentException if the same gate was added before
     * @throws NullPointerException if {@code gate} is null
     */
    public Builder gate(Gate gate) {
      Objects.requireNonNull(gate, "gate");
      if (gates.contains(gate)) {
        throw new IllegalArgumentException("gate " + gate + " was added twice");
      }
      gates.add(gate);
      return this;
    }

    /**
     * Sets whether a gate decided at several places uses simultaneous (Bonferroni) intervals.
     * Default: true.
     *
     * @param on false to decide every place at the configured level
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder simultaneous(boolean on) {
      requireUnset(simultaneous, "simultaneous");
      simultaneous = on;
      return this;
    }

    /**
     * Sets the model version the evaluation is about (the report's {@code subject}). Optional;
     * needed to store the report with {@link EvaluationArtifacts}.
     *
     * @param modelName the registered model's name
     * @param version the model version, at least 1
     * @return this builder
     * @throws dev.mlops.api.InvalidInputException if the name is not a legal name
     * @throws IllegalArgumentException if {@code version} is below 1
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code modelName} is null
     */
    public Builder subject(String modelName, long version) {
      Subject s = new Subject(modelName, version);
      requireUnset(subject, "subject");
      subject = s;
      return this;
    }

    /**
     * Checks the configuration and builds the evaluation (the slices are computed here).
     *
     * @return the evaluation
     * @throws IllegalStateException if no outcomes were given, slices without a slicing table, or
     *     gates with intervals switched off
     * @throws IllegalArgumentException if the outcomes have no rows, the two outcomes or the
     *     slicing table have different numbers of rows, a slicing feature is not a column of the
     *     table or has an unsupported type, numeric edges name a feature that is not numeric or not
     *     sliced by, or a gate names a metric of outcomes that were not given; each message names
     *     the culprit
     */
    public ModelEvaluation build() {
      if (classification == null && regression == null) {
        throw new IllegalStateException(
            "give classification(...) or regression(...) outcomes (or both)");
      }
      int n = classification != null ? classification.size() : -1;
      if (regression != null) {
        if (n >= 0 && regression.size() != n) {
          throw new IllegalArgumentException(
              "the classification outcomes have "
                  + n
                  + " rows but the regression outcomes "
                  + regression.size()
                  + "; give both for the same rows");
        }
        n = regression.size();
      }
      if (n == 0) {
        throw new IllegalArgumentException("the outcomes have no rows; evaluate at least one");
      }
      IntervalSpec spec = intervals == null ? IntervalSpec.defaults() : intervals;
      for (Gate g : gates) {
        if (g.isRegression() && regression == null) {
          throw new IllegalArgumentException(
              "gate "
                  + g
                  + " names a regression metric, but no regression(...) outcomes were given");
        }
        if (!g.isRegression() && classification == null) {
          throw new IllegalArgumentException(
              "gate "
                  + g
                  + " names a classification metric, but no classification(...) outcomes were"
                  + " given");
        }
      }
      if (!gates.isEmpty() && !spec.enabled()) {
        throw new IllegalStateException(
            "gates are decided on intervals, but intervals(...) switched them off; give"
                + " IntervalSpec.defaults() or no gate");
      }
      List<Slicer.Partition> partitions = new ArrayList<>();
      if (!sliceBys.isEmpty() && features == null) {
        throw new IllegalStateException(
            "sliceBy(...) needs slicingFeatures(table) with the features of every row");
      }
      for (String f : edges.keySet()) {
        if (sliceBys.stream().noneMatch(s -> s.contains(f))) {
          throw new IllegalArgumentException(
              "numericEdges names '" + f + "', which no sliceBy(...) uses");
        }
      }
      if (features != null) {
        Table t = features;
        if (t.rowCount() != n) {
          throw new IllegalArgumentException(
              "the slicing table has "
                  + t.rowCount()
                  + " rows but the outcomes "
                  + n
                  + "; row i of the table must describe outcome i");
        }
        for (List<String> s : sliceBys) {
          for (String f : s) {
            Column c =
                t.findColumn(f)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "slicing feature '"
                                    + f
                                    + "' is not a column of the slicing table; its columns are "
                                    + t.schema().names()));
            if (c.type() == ColumnType.TIMESTAMP) {
              throw new IllegalArgumentException(
                  "slicing feature '"
                      + f
                      + "' is a timestamp; slice by a derived column instead (e.g. the month)");
            }
            if (edges.containsKey(f) && c.type() != ColumnType.NUMERIC) {
              throw new IllegalArgumentException(
                  "numericEdges names '" + f + "', which is " + c.type() + ", not numeric");
            }
          }
          partitions.add(Slicer.partition(t, s, edges));
        }
      }
      return new ModelEvaluation(this, n, partitions);
    }

    private static void requireUnset(@Nullable Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + "(...) was already set");
      }
    }
  }
}
