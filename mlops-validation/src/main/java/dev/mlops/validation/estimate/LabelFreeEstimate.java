package dev.mlops.validation.estimate;

import dev.mlops.validation.metrics.MetricValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The label-free performance estimate of one window: the expected confusion matrix and the expected
 * accuracy, precision, recall, F1 and ROC AUC, each with an interval for the value the window will
 * realise once its labels arrive (see {@link CbpeEstimator} for the definitions).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * LabelFreeEstimate e = estimator.estimate(window);
 * double auc = e.metric("roc_auc").orElseThrow().value().orElseThrow();
 * if (!e.assumptionHolds()) {
 *   log.warn(e.warning().orElseThrow());
 * }
 * }</pre>
 *
 * @param n rows in the window
 * @param confusionMatrix the expected confusion matrix
 * @param metrics accuracy, precision, recall, f1 and roc_auc, in that order; an undefined metric
 *     has an empty value and a note with the reason
 * @param calibration the calibration check on the reference set, if the estimator has one
 * @param assumptionHolds true only when a calibration check ran and passed
 * @param warning why the estimate may not be trusted, when the assumption is not known to hold
 * @param replicates Monte Carlo label draws behind the recall, F1 and ROC AUC intervals
 * @param seed seed of those draws
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LabelFreeEstimate(
    int n,
    ExpectedConfusionMatrix confusionMatrix,
    List<MetricValue> metrics,
    Optional<CalibrationCheck> calibration,
    boolean assumptionHolds,
    Optional<String> warning,
    int replicates,
    long seed) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code n} or {@code replicates} is negative, or the
   *     assumption does not hold and no warning says why
   */
  public LabelFreeEstimate {
    Objects.requireNonNull(confusionMatrix, "confusionMatrix");
    metrics = List.copyOf(metrics);
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(warning, "warning");
    if (n < 0 || replicates < 0) {
      throw new IllegalArgumentException("n and replicates must be >= 0");
    }
    if (!assumptionHolds && warning.isEmpty()) {
      throw new IllegalArgumentException("an estimate whose assumption fails needs a warning");
    }
  }

  /**
   * Returns one metric by name.
   *
   * @param name accuracy, precision, recall, f1 or roc_auc
   * @return the metric, or empty for another name
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<MetricValue> metric(String name) {
    Objects.requireNonNull(name, "name");
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
