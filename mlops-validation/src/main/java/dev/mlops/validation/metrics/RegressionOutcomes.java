package dev.mlops.validation.metrics;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The validated input of a regression evaluation: per row a finite target, a finite prediction and
 * optionally a non-negative sample weight.
 *
 * <p>Immutable and thread-safe: the arrays are copied on the way in.
 *
 * <pre>{@code
 * RegressionOutcomes data = RegressionOutcomes.of(new double[] {3, 5}, new double[] {2.5, 5.5});
 * RegressionResult r = RegressionEvaluator.create().evaluate(data, IntervalSpec.none());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RegressionOutcomes {
  private final double[] target;
  private final double[] prediction;
  private final double @Nullable [] weights;

  private RegressionOutcomes(double[] target, double[] prediction, double @Nullable [] weights) {
    this.target = target;
    this.prediction = prediction;
    this.weights = weights;
  }

  /**
   * Validates and copies the targets and predictions.
   *
   * @param target the true value per row
   * @param prediction the predicted value per row
   * @return the outcomes
   * @throws InvalidInputException if there are no rows, the lengths differ, or a value is NaN or
   *     infinite; the message names the array and row
   * @throws NullPointerException if an array is null
   */
  public static RegressionOutcomes of(double[] target, double[] prediction) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(prediction, "prediction");
    int n = target.length;
    BinaryOutcomes.requireRows(n, "target");
    BinaryOutcomes.requireLength("prediction", prediction.length, "target", n);
    double[] t = target.clone();
    double[] p = prediction.clone();
    for (int i = 0; i < n; i++) {
      finite("target", i, t[i]);
      finite("prediction", i, p[i]);
    }
    return new RegressionOutcomes(t, p, null);
  }

  /**
   * Reads two numeric columns of a table.
   *
   * @param table the table
   * @param targetColumn the true values' column
   * @param predictionColumn the predictions' column
   * @return the outcomes
   * @throws InvalidInputException if a column is missing or not numeric, the table has no rows, or
   *     a value is null, NaN or infinite; the message names the column and row
   * @throws NullPointerException if an argument is null
   */
  public static RegressionOutcomes fromTable(
      Table table, String targetColumn, String predictionColumn) {
    Objects.requireNonNull(table, "table");
    int n = table.rowCount();
    BinaryOutcomes.requireRows(n, "table");
    return new RegressionOutcomes(
        read(table, targetColumn, "target"), read(table, predictionColumn, "prediction"), null);
  }

  private static double[] read(Table table, String name, String role) {
    NumericColumn c = BinaryOutcomes.numericColumn(table, Objects.requireNonNull(name, role), role);
    int n = c.size();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      if (c.isNull(i)) {
        throw new InvalidInputException(
            name,
            i,
            "column '"
                + name
                + "' row "
                + i
                + ": "
                + role
                + " is null; every row needs one (drop or impute the row)",
            null);
      }
      out[i] = c.value(i);
      if (!Double.isFinite(out[i])) {
        throw new InvalidInputException(
            name,
            i,
            "column '"
                + name
                + "' row "
                + i
                + ": "
                + role
                + " "
                + out[i]
                + " is not a finite number; drop or impute the row",
            null);
      }
    }
    return out;
  }

  private static void finite(String name, int row, double v) {
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(
          name,
          row,
          name + " row " + row + ": " + v + " is not a finite number; drop or impute the row",
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
  public RegressionOutcomes withWeights(double[] sampleWeights) {
    return new RegressionOutcomes(
        target, prediction, BinaryOutcomes.validWeights(sampleWeights, target.length, "target"));
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count, at least 1
   */
  public int size() {
    return target.length;
  }

  /**
   * Returns a row's target.
   *
   * @param row the 0-based row
   * @return the target
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public double target(int row) {
    return target[row];
  }

  /**
   * Returns a row's prediction.
   *
   * @param row the 0-based row
   * @return the prediction
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public double prediction(int row) {
    return prediction[row];
  }

  double[] targetArray() {
    return target;
  }

  double[] predictionArray() {
    return prediction;
  }

  double @Nullable [] weightArray() {
    return weights;
  }
}
