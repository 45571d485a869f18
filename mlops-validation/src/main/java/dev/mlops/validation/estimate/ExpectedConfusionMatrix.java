package dev.mlops.validation.estimate;

import org.apiguardian.api.API;

/**
 * The expected confusion matrix of a window under the calibration assumption: each row's label is
 * positive with its predicted probability p, so a predicted-positive row adds p to the expected
 * true positives and 1 - p to the expected false positives, and a predicted-negative row adds p to
 * the expected false negatives and 1 - p to the expected true negatives.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ExpectedConfusionMatrix m = estimator.estimate(probabilities).confusionMatrix();
 * double expectedPositives = m.truePositives() + m.falseNegatives();
 * }</pre>
 *
 * @param truePositives sum of p over predicted-positive rows
 * @param falsePositives sum of 1 - p over predicted-positive rows
 * @param falseNegatives sum of p over predicted-negative rows
 * @param trueNegatives sum of 1 - p over predicted-negative rows
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ExpectedConfusionMatrix(
    double truePositives, double falsePositives, double falseNegatives, double trueNegatives) {

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative or not finite
   */
  public ExpectedConfusionMatrix {
    for (double c : new double[] {truePositives, falsePositives, falseNegatives, trueNegatives}) {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("expected counts must be finite and >= 0, got " + c);
      }
    }
  }

  /**
   * Returns the number of rows, the sum of the four cells.
   *
   * @return the row count as a double
   */
  public double total() {
    return truePositives + falsePositives + falseNegatives + trueNegatives;
  }
}
