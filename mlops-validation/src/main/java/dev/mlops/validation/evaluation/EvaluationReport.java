package dev.mlops.validation.evaluation;

import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ModelEvaluation#run()} found: the metrics overall and per slice, with intervals, the
 * gate results and the verdict.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * EvaluationReport r = evaluation.run();
 * r.verdict();                       // Optional[FAIL]
 * r.worstSlices("roc_auc", 3);       // ranked by the lower bound of the AUC interval
 * r.smallSlices();                   // slices below the minimum size, reported apart
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluationReport {
  private final SliceResult overall;
  private final List<SliceResult> slices;
  private final List<SlicingSpec> slicing;
  private final List<GateResult> gates;
  private final @Nullable Subject subject;
  private final int minimumSliceSize;
  private final IntervalSpec intervals;
  private final boolean simultaneous;
  private final int gatePlaces;
  private final double gateLevel;

  EvaluationReport(
      SliceResult overall,
      List<SliceResult> slices,
      List<SlicingSpec> slicing,
      List<GateResult> gates,
      @Nullable Subject subject,
      int minimumSliceSize,
      IntervalSpec intervals,
      boolean simultaneous,
      int gatePlaces,
      double gateLevel) {
    this.overall = overall;
    this.slices = List.copyOf(slices);
    this.slicing = List.copyOf(slicing);
    this.gates = List.copyOf(gates);
    this.subject = subject;
    this.minimumSliceSize = minimumSliceSize;
    this.intervals = intervals;
    this.simultaneous = simultaneous;
    this.gatePlaces = gatePlaces;
    this.gateLevel = gateLevel;
  }

  /**
   * Returns the report's verdict: the worst gate verdict, where FAIL is worse than INCONCLUSIVE,
   * which is worse than PASS (gates never give WARN); empty when no gate was given.
   *
   * @return the verdict
   */
  public Optional<Verdict> verdict() {
    Verdict worst = null;
    for (GateResult g : gates) {
      if (worst == null || rank(g.verdict()) > rank(worst)) {
        worst = g.verdict();
      }
    }
    return Optional.ofNullable(worst);
  }

  /** FAIL 3, INCONCLUSIVE 2, WARN 1, PASS 0. */
  static int rank(Verdict v) {
    return switch (v) {
      case FAIL -> 3;
      case INCONCLUSIVE -> 2;
      case WARN -> 1;
      case PASS -> 0;
    };
  }

  /**
   * Returns the metrics on the whole evaluation set ({@link SliceResult#description()} is {@value
   * GateResult#OVERALL}).
   *
   * @return the overall result
   */
  public SliceResult overall() {
    return overall;
  }

  /**
   * Returns every slice, those below the minimum size included, in slicing order: per {@code
   * sliceBy}, categorical values by code point, numeric bins from low to high, crosses by the first
   * feature then the second, and the rows missing a feature last.
   *
   * @return the slices, unmodifiable
   */
  public List<SliceResult> slices() {
    return slices;
  }

  /**
   * Returns the slices below the minimum slice size (point metrics only, gates INCONCLUSIVE).
   *
   * @return those slices, in slicing order
   */
  public List<SliceResult> smallSlices() {
    return slices.stream().filter(SliceResult::belowMinimum).toList();
  }

  /**
   * Returns the k worst slices on one metric, ranked by the interval bound in the unfavourable
   * direction: the lower bound for a metric where higher is better (ascending), the upper bound
   * otherwise (descending); ties by description. Slices without an interval for the metric (below
   * the minimum size, or the metric undefined) are not ranked.
   *
   * @param metric a metric name of {@link Gate#CLASSIFICATION_METRICS} or {@link
   *     Gate#REGRESSION_METRICS}
   * @param k how many, at least 0
   * @return at most k slices, worst first
   * @throws IllegalArgumentException if the metric is unknown or k negative
   * @throws NullPointerException if {@code metric} is null
   */
  public List<SliceResult> worstSlices(String metric, int k) {
    Objects.requireNonNull(metric, "metric");
    if (!Gate.isKnown(metric)) {
      throw new IllegalArgumentException(Gate.unknownMetric(metric));
    }
    if (k < 0) {
      throw new IllegalArgumentException("k must be at least 0, but was " + k);
    }
    record Ranked(SliceResult slice, double badness) {}
    List<Ranked> ranked = new ArrayList<>();
    for (SliceResult s : slices) {
      Optional<MetricValue> m = s.metric(metric);
      if (m.isEmpty() || m.get().value().isEmpty() || m.get().interval().isEmpty()) {
        continue;
      }
      Interval iv = m.get().interval().get();
      double bound = m.get().higherIsBetter() ? -iv.low() : iv.high();
      if (Double.isNaN(bound)) {
        continue;
      }
      ranked.add(new Ranked(s, bound));
    }
    ranked.sort(
        Comparator.comparingDouble(Ranked::badness)
            .reversed()
            .thenComparing(r -> r.slice().description(), CodePoints::compare));
    return ranked.stream().limit(k).map(Ranked::slice).toList();
  }

  /**
   * Returns every gate decided on every place it applies: for each gate in the order given, overall
   * first, then each slice in slicing order.
   *
   * @return the gate results, unmodifiable
   */
  public List<GateResult> gates() {
    return gates;
  }

  /**
   * Returns the model version the evaluation is about, when given.
   *
   * @return the subject
   */
  public Optional<Subject> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * Returns the minimum slice size used.
   *
   * @return the minimum
   */
  public int minimumSliceSize() {
    return minimumSliceSize;
  }

  /**
   * Returns the interval settings of the reported intervals.
   *
   * @return the settings
   */
  public IntervalSpec intervals() {
    return intervals;
  }

  /**
   * Returns whether gates over several slices were decided on simultaneous (Bonferroni) intervals.
   *
   * @return true by default
   */
  public boolean simultaneous() {
    return simultaneous;
  }

  /** How many places a gate is decided at: the whole set and each slice at the minimum size. */
  int gatePlaces() {
    return gatePlaces;
  }

  /** The level gates are decided at (0 when intervals are off). */
  double gateLevel() {
    return gateLevel;
  }

  /**
   * Returns a one-line summary, e.g. {@code EvaluationReport[verdict FAIL, 464 rows, 4 slices (2
   * below 30), 10 gate decisions: 1 FAIL, 5 INCONCLUSIVE, 4 PASS]}.
   */
  @Override
  public String toString() {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    gates.forEach(g -> counts.merge(g.verdict(), 1, Integer::sum));
    StringBuilder sb =
        new StringBuilder("EvaluationReport[verdict ")
            .append(verdict().map(Verdict::name).orElse("none (no gate)"))
            .append(", ")
            .append(overall.n())
            .append(" rows, ")
            .append(slices.size())
            .append(" slices (")
            .append(smallSlices().size())
            .append(" below ")
            .append(minimumSliceSize)
            .append("), ")
            .append(gates.size())
            .append(" gate decisions");
    String sep = ": ";
    for (Verdict v : List.of(Verdict.FAIL, Verdict.INCONCLUSIVE, Verdict.WARN, Verdict.PASS)) {
      if (counts.containsKey(v)) {
        sb.append(sep).append(counts.get(v)).append(' ').append(v);
        sep = ", ";
      }
    }
    return sb.append(']').toString();
  }

  List<SlicingSpec> slicing() {
    return slicing;
  }

  /**
   * The features of one {@code sliceBy} and, per feature, the numeric edges used (empty for a
   * categorical or boolean feature).
   */
  record SlicingSpec(List<String> features, List<List<Double>> edges) {
    SlicingSpec {
      features = List.copyOf(features);
      edges = edges.stream().map(List::copyOf).toList();
    }
  }
}
