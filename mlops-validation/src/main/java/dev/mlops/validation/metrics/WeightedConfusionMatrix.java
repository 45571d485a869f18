package dev.mlops.validation.metrics;

import org.apiguardian.api.API;

/**
 * The binary confusion matrix as sums of sample weights (scikit-learn's {@code
 * confusion_matrix(..., sample_weight=w)}); equal to {@link ConfusionMatrix} when there are no
 * weights.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * WeightedConfusionMatrix w = result.weightedConfusionMatrix();
 * double weightedAccuracy = (w.tn() + w.tp()) / w.total();
 * }</pre>
 *
 * @param tn weight of true negatives
 * @param fp weight of false positives
 * @param fn weight of false negatives
 * @param tp weight of true positives
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WeightedConfusionMatrix(double tn, double fp, double fn, double tp) {
  /**
   * Returns the total weight.
   *
   * @return tn + fp + fn + tp
   */
  public double total() {
    return tn + fp + fn + tp;
  }
}
