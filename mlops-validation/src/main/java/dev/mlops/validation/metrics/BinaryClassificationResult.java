package dev.mlops.validation.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The metrics of one binary classification evaluation: counts, the confusion matrix, every metric
 * in a fixed order ({@link #METRIC_NAMES}) with its interval, the reliability bins, the bootstrap
 * seed and the notes on undefined values and 0/0 conventions.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * BinaryClassificationResult r = evaluator.evaluate(data, IntervalSpec.defaults());
 * MetricValue auc = r.metric("roc_auc").orElseThrow();
 * String shown = auc.value().isPresent() ? String.valueOf(auc.value().getAsDouble()) : "undefined";
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BinaryClassificationResult {
  /** The metric names in the order of {@link #metrics()}. */
  public static final List<String> METRIC_NAMES =
      List.of(
          "accuracy",
          "precision",
          "recall",
          "f1",
          "roc_auc",
          "average_precision",
          "log_loss",
          "brier_score_loss",
          "ece");

  private final int n;
  private final long nPositive;
  private final long nNegative;
  private final ConfusionMatrix confusionMatrix;
  private final WeightedConfusionMatrix weightedConfusionMatrix;
  private final List<MetricValue> metrics;
  private final List<ReliabilityBin> reliability;
  private final OptionalLong seed;
  private final Map<String, String> notes;

  BinaryClassificationResult(
      int n,
      long nPositive,
      long nNegative,
      ConfusionMatrix confusionMatrix,
      WeightedConfusionMatrix weightedConfusionMatrix,
      List<MetricValue> metrics,
      List<ReliabilityBin> reliability,
      OptionalLong seed,
      Map<String, String> notes) {
    this.n = n;
    this.nPositive = nPositive;
    this.nNegative = nNegative;
    this.confusionMatrix = confusionMatrix;
    this.weightedConfusionMatrix = weightedConfusionMatrix;
    this.metrics = List.copyOf(metrics);
    this.reliability = List.copyOf(reliability);
    this.seed = seed;
    this.notes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(notes));
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
   * Returns the number of rows with label 1.
   *
   * @return the positive count
   */
  public long nPositive() {
    return nPositive;
  }

  /**
   * Returns the number of rows with label 0.
   *
   * @return the negative count
   */
  public long nNegative() {
    return nNegative;
  }

  /**
   * Returns the confusion matrix as row counts.
   *
   * @return the matrix
   */
  public ConfusionMatrix confusionMatrix() {
    return confusionMatrix;
  }

  /**
   * Returns the confusion matrix as weight sums (the counts when unweighted).
   *
   * @return the weighted matrix
   */
  public WeightedConfusionMatrix weightedConfusionMatrix() {
    return weightedConfusionMatrix;
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
   * Returns the non-empty reliability bins (equal width over [0, 1], left-closed, the last bin
   * closed), in ascending order. Descriptive: outside the coverage claim.
   *
   * @return the bins, unmodifiable
   */
  public List<ReliabilityBin> reliability() {
    return reliability;
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
   * Returns the notes on point values, keyed by metric name, as the oracle's {@code notes}: why a
   * value is undefined or which 0/0 convention applied.
   *
   * @return the notes, unmodifiable, in metric order
   */
  public Map<String, String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return "BinaryClassificationResult[n="
        + n
        + ", "
        + confusionMatrix
        + ", metrics="
        + metrics
        + "]";
  }
}
