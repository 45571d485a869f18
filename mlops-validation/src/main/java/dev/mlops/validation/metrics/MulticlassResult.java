package dev.mlops.validation.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The metrics of one multiclass evaluation in the order of {@link #METRIC_NAMES}, the k x k
 * confusion matrix (rows = true class, columns = predicted class), the bootstrap seed and the
 * notes.
 *
 * <p>Immutable and thread-safe; the matrix accessors return copies.
 *
 * <pre>{@code
 * MulticlassResult r = MulticlassEvaluator.create().evaluate(data, IntervalSpec.defaults());
 * double macroF1 = r.metric("f1_macro").orElseThrow().value().orElseThrow();
 * long confusedOneForTwo = r.confusionMatrix()[1][2];
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MulticlassResult {
  /** The metric names in the order of {@link #metrics()}. */
  public static final List<String> METRIC_NAMES =
      List.of(
          "accuracy",
          "precision_macro",
          "recall_macro",
          "f1_macro",
          "precision_micro",
          "recall_micro",
          "f1_micro",
          "precision_weighted",
          "recall_weighted",
          "f1_weighted",
          "log_loss",
          "roc_auc_ovr_macro");

  private final int n;
  private final long[][] confusion;
  private final double[][] weightedConfusion;
  private final List<MetricValue> metrics;
  private final OptionalLong seed;
  private final Map<String, String> notes;

  MulticlassResult(
      int n,
      long[][] confusion,
      double[][] weightedConfusion,
      List<MetricValue> metrics,
      OptionalLong seed,
      Map<String, String> notes) {
    this.n = n;
    this.confusion = confusion;
    this.weightedConfusion = weightedConfusion;
    this.metrics = List.copyOf(metrics);
    this.seed = seed;
    this.notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /**
   * Returns the number of rows evaluated (a repeated row counts each time).
   *
   * @return the row count
   */
  public int n() {
    return n;
  }

  /**
   * Returns the number of classes.
   *
   * @return k
   */
  public int classes() {
    return confusion.length;
  }

  /**
   * Returns the confusion matrix as row counts, {@code [true][predicted]}.
   *
   * @return a new k x k array
   */
  public long[][] confusionMatrix() {
    long[][] out = new long[confusion.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = confusion[i].clone();
    }
    return out;
  }

  /**
   * Returns the confusion matrix as weight sums (the counts when unweighted).
   *
   * @return a new k x k array
   */
  public double[][] weightedConfusionMatrix() {
    double[][] out = new double[weightedConfusion.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = weightedConfusion[i].clone();
    }
    return out;
  }

  /**
   * Returns every metric in the order of {@link #METRIC_NAMES}.
   *
   * @return the metrics, unmodifiable
   */
  public List<MetricValue> metrics() {
    return metrics;
  }

  /**
   * Returns one metric by name.
   *
   * @param name a name of {@link #METRIC_NAMES}
   * @return the metric, empty for an unknown name
   * @throws NullPointerException if name is null
   */
  public Optional<MetricValue> metric(String name) {
    Objects.requireNonNull(name, "name");
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * Returns the bootstrap seed when bootstrap intervals were computed.
   *
   * @return the seed, empty without bootstrap
   */
  public OptionalLong seed() {
    return seed;
  }

  /**
   * Returns the notes on point values keyed by metric name.
   *
   * @return the notes, unmodifiable
   */
  public Map<String, String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return "MulticlassResult[n=" + n + ", metrics=" + metrics + "]";
  }
}
