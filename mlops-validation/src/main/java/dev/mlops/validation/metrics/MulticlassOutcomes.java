package dev.mlops.validation.metrics;

import dev.mlops.api.InvalidInputException;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The validated input of a multiclass evaluation: k classes numbered 0..k-1, per row a label, a
 * predicted label and optionally the predicted probability of every class (a row of k probabilities
 * summing to 1) and a non-negative sample weight.
 *
 * <p>Immutable and thread-safe: the arrays are copied on the way in.
 *
 * <pre>{@code
 * MulticlassOutcomes data = MulticlassOutcomes.of(3,
 *     new int[] {0, 1, 2, 2}, new int[] {0, 2, 2, 1},
 *     new double[][] {{.8, .1, .1}, {.2, .3, .5}, {.1, .1, .8}, {.2, .5, .3}});
 * MulticlassResult r = MulticlassEvaluator.create().evaluate(data, IntervalSpec.none());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MulticlassOutcomes {
  private final int classes;
  private final int[] labels;
  private final int[] predictions;
  private final double @Nullable [] probabilities; // row-major n x k
  private final double @Nullable [] weights;

  private MulticlassOutcomes(
      int classes,
      int[] labels,
      int[] predictions,
      double @Nullable [] probabilities,
      double @Nullable [] weights) {
    this.classes = classes;
    this.labels = labels;
    this.predictions = predictions;
    this.probabilities = probabilities;
    this.weights = weights;
  }

  /**
   * Labels and predicted labels without probabilities (log loss and ROC AUC are then undefined).
   *
   * @param classes the number of classes k, at least 2
   * @param labels the true class per row, in [0, k)
   * @param predictions the predicted class per row, in [0, k)
   * @return the outcomes
   * @throws InvalidInputException if there are no rows, the lengths differ, or a class is out of
   *     range; the message names the array and row
   * @throws IllegalArgumentException if classes is below 2
   * @throws NullPointerException if an array is null
   */
  public static MulticlassOutcomes of(int classes, int[] labels, int[] predictions) {
    return create(classes, labels, predictions, null);
  }

  /**
   * Labels, predicted labels and the predicted probability of every class.
   *
   * @param classes the number of classes k, at least 2
   * @param labels the true class per row, in [0, k)
   * @param predictions the predicted class per row, in [0, k)
   * @param probabilities per row k probabilities in [0, 1] summing to 1 (within NumPy's {@code
   *     allclose}: {@code |sum - 1| <= 1e-8 + 1e-5 sum})
   * @return the outcomes
   * @throws InvalidInputException if there are no rows, the lengths differ, a class is out of
   *     range, a probability row has not k entries, holds NaN or a value outside [0, 1], or does
   *     not sum to 1
   * @throws IllegalArgumentException if classes is below 2
   * @throws NullPointerException if an array is null
   */
  public static MulticlassOutcomes of(
      int classes, int[] labels, int[] predictions, double[][] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    return create(classes, labels, predictions, probabilities);
  }

  private static MulticlassOutcomes create(
      int classes, int[] labels, int[] predictions, double @Nullable [][] probabilities) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    if (classes < 2) {
      throw new IllegalArgumentException("classes must be at least 2, but was " + classes);
    }
    int n = labels.length;
    BinaryOutcomes.requireRows(n, "labels");
    BinaryOutcomes.requireLength("predictions", predictions.length, "labels", n);
    for (int i = 0; i < n; i++) {
      classIndex("labels", i, labels[i], classes);
      classIndex("predictions", i, predictions[i], classes);
    }
    double[] flat = null;
    if (probabilities != null) {
      BinaryOutcomes.requireLength("probabilities", probabilities.length, "labels", n);
      flat = new double[n * classes];
      for (int i = 0; i < n; i++) {
        double[] row = probabilities[i];
        if (row == null || row.length != classes) {
          throw new InvalidInputException(
              "probabilities",
              i,
              "probabilities row "
                  + i
                  + " has "
                  + (row == null ? "no" : String.valueOf(row.length))
                  + " entries; give one probability per class ("
                  + classes
                  + ")",
              null);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          double p = row[c];
          if (Double.isNaN(p) || p < 0 || p > 1) {
            throw new InvalidInputException(
                "probabilities",
                i,
                "probabilities row "
                    + i
                    + " class "
                    + c
                    + ": "
                    + p
                    + " is not a probability in [0, 1]; pass predict_proba output",
                null);
          }
          flat[i * classes + c] = p;
          sum += p;
        }
        if (!(Math.abs(sum - 1) <= 1e-8 + 1e-5 * Math.abs(sum))) {
          throw new InvalidInputException(
              "probabilities",
              i,
              "probabilities row "
                  + i
                  + " sums to "
                  + sum
                  + ", not 1; normalise each row (softmax) before evaluating",
              null);
        }
      }
    }
    return new MulticlassOutcomes(classes, labels.clone(), predictions.clone(), flat, null);
  }

  private static void classIndex(String name, int row, int v, int classes) {
    if (v < 0 || v >= classes) {
      throw new InvalidInputException(
          name,
          row,
          name
              + " row "
              + row
              + ": class "
              + v
              + " is outside [0, "
              + classes
              + "); number the classes 0.."
              + (classes - 1),
          null);
    }
  }

  /**
   * Returns these outcomes with scikit-learn sample weights (frequency weights in intervals).
   *
   * @param sampleWeights one finite, non-negative weight per row, at least one positive
   * @return new outcomes
   * @throws InvalidInputException if the length differs, a weight is negative, NaN or infinite, or
   *     every weight is 0
   * @throws NullPointerException if sampleWeights is null
   */
  public MulticlassOutcomes withWeights(double[] sampleWeights) {
    return new MulticlassOutcomes(
        classes,
        labels,
        predictions,
        probabilities,
        BinaryOutcomes.validWeights(sampleWeights, labels.length, "labels"));
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count, at least 1
   */
  public int size() {
    return labels.length;
  }

  /**
   * Returns the number of classes.
   *
   * @return k, at least 2
   */
  public int classes() {
    return classes;
  }

  /**
   * Returns a row's label.
   *
   * @param row the 0-based row
   * @return the class in [0, k)
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public int label(int row) {
    return labels[row];
  }

  /**
   * Returns a row's predicted class.
   *
   * @param row the 0-based row
   * @return the class in [0, k)
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public int prediction(int row) {
    return predictions[row];
  }

  /**
   * Tells whether class probabilities were given.
   *
   * @return true when log loss and ROC AUC can be computed
   */
  public boolean hasProbabilities() {
    return probabilities != null;
  }

  int[] labelArray() {
    return labels;
  }

  int[] predictionArray() {
    return predictions;
  }

  double @Nullable [] probabilityArray() {
    return probabilities;
  }

  double @Nullable [] weightArray() {
    return weights;
  }
}
