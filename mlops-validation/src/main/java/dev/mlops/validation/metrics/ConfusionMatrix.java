package dev.mlops.validation.metrics;

import org.apiguardian.api.API;

/**
 * The binary confusion matrix of the prediction column, as counts of rows (a row given k times in a
 * multiset of rows counts k times; weights do not change these counts, see {@link
 * WeightedConfusionMatrix}). Laid out as scikit-learn's {@code confusion_matrix(label, prediction,
 * labels=[0, 1])} = [[TN, FP], [FN, TP]].
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ConfusionMatrix cm = result.confusionMatrix();
 * long wrong = cm.fp() + cm.fn();
 * }</pre>
 *
 * @param tn true negatives (label 0, prediction 0)
 * @param fp false positives (label 0, prediction 1)
 * @param fn false negatives (label 1, prediction 0)
 * @param tp true positives (label 1, prediction 1)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ConfusionMatrix(long tn, long fp, long fn, long tp) {
  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public ConfusionMatrix {
    if (tn < 0 || fp < 0 || fn < 0 || tp < 0) {
      throw new IllegalArgumentException(
          "confusion counts must not be negative: tn="
              + tn
              + " fp="
              + fp
              + " fn="
              + fn
              + " tp="
              + tp);
    }
  }

  /**
   * Returns the total count.
   *
   * @return tn + fp + fn + tp
   */
  public long n() {
    return tn + fp + fn + tp;
  }

  /**
   * Returns the matrix as scikit-learn lays it out.
   *
   * @return {@code [[tn, fp], [fn, tp]]}, a new array
   */
  public long[][] matrix() {
    return new long[][] {{tn, fp}, {fn, tp}};
  }
}
