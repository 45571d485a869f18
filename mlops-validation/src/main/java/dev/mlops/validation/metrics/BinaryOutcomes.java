package dev.mlops.validation.metrics;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The validated input of a binary classification evaluation: per row a label (0 or 1), a score (the
 * predicted probability of label 1, in [0, 1]), a prediction (0 or 1, used as given, never
 * re-thresholded) and optionally a non-negative sample weight.
 *
 * <p>Immutable and thread-safe: the arrays are copied on the way in. The rows sorted by score are
 * computed once, on first use, and shared by every evaluation of this object.
 *
 * <pre>{@code
 * BinaryOutcomes data = BinaryOutcomes.of(
 *     new int[] {0, 1, 1}, new double[] {0.2, 0.9, 0.4}, new int[] {0, 1, 0});
 * BinaryOutcomes weighted = data.withWeights(new double[] {1, 2, 1});
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BinaryOutcomes {
  private final byte[] labels;
  private final double[] scores;
  private final byte[] predictions;
  private final double @Nullable [] weights;
  private final String labelName;
  private final String scoreName;
  private final String predictionName;
  private volatile int @Nullable [] order;

  private BinaryOutcomes(
      byte[] labels,
      double[] scores,
      byte[] predictions,
      double @Nullable [] weights,
      String labelName,
      String scoreName,
      String predictionName) {
    this.labels = labels;
    this.scores = scores;
    this.predictions = predictions;
    this.weights = weights;
    this.labelName = labelName;
    this.scoreName = scoreName;
    this.predictionName = predictionName;
  }

  /**
   * Validates and copies arrays of labels, scores and predictions.
   *
   * @param labels 0 or 1 per row (1 is the positive class)
   * @param scores the predicted probability of label 1 per row, in [0, 1]
   * @param predictions the predicted label per row, 0 or 1
   * @return the outcomes
   * @throws InvalidInputException if there are no rows, the lengths differ, a label or prediction
   *     is not 0 or 1, or a score is NaN or outside [0, 1]; the message names the array and row
   * @throws NullPointerException if an array is null
   */
  public static BinaryOutcomes of(int[] labels, double[] scores, int[] predictions) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(predictions, "predictions");
    int n = labels.length;
    requireRows(n, "labels");
    requireLength("scores", scores.length, "labels", n);
    requireLength("predictions", predictions.length, "labels", n);
    byte[] l = new byte[n];
    byte[] p = new byte[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      l[i] = binary("labels", "label", i, labels[i]);
      p[i] = binary("predictions", "prediction", i, predictions[i]);
      s[i] = score("scores", i, scores[i]);
    }
    return new BinaryOutcomes(l, s, p, null, "labels", "scores", "predictions");
  }

  /**
   * Reads the three columns of a table. Labels and predictions may be numeric (values 0 and 1) or
   * boolean (true = 1); scores must be numeric.
   *
   * @param table the table
   * @param labelColumn the label column's name
   * @param scoreColumn the score column's name
   * @param predictionColumn the prediction column's name
   * @return the outcomes
   * @throws InvalidInputException if a column is missing or of the wrong type, the table has no
   *     rows, or a value is null or invalid; the message names the column and row
   * @throws NullPointerException if an argument is null
   */
  public static BinaryOutcomes fromTable(
      Table table, String labelColumn, String scoreColumn, String predictionColumn) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(labelColumn, "labelColumn");
    Objects.requireNonNull(scoreColumn, "scoreColumn");
    Objects.requireNonNull(predictionColumn, "predictionColumn");
    int n = table.rowCount();
    requireRows(n, "table");
    byte[] l = binaryColumn(table, labelColumn, "label");
    byte[] p = binaryColumn(table, predictionColumn, "prediction");
    NumericColumn sc = numericColumn(table, scoreColumn, "score");
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      if (sc.isNull(i)) {
        throw new InvalidInputException(
            scoreColumn,
            i,
            "column '"
                + scoreColumn
                + "' row "
                + i
                + ": score is null; every row needs a predicted probability in [0, 1] (drop or impute the row)",
            null);
      }
      s[i] = score(scoreColumn, i, sc.value(i));
    }
    return new BinaryOutcomes(l, s, p, null, labelColumn, scoreColumn, predictionColumn);
  }

  /**
   * Returns these outcomes with scikit-learn sample weights (frequency weights: an integer weight k
   * counts like k copies of the row, in point values and in intervals).
   *
   * @param sampleWeights one finite, non-negative weight per row, at least one positive
   * @return new outcomes sharing this object's validated data
   * @throws InvalidInputException if the length differs, a weight is negative, NaN or infinite, or
   *     every weight is 0
   * @throws NullPointerException if sampleWeights is null
   */
  public BinaryOutcomes withWeights(double[] sampleWeights) {
    double[] w = validWeights(sampleWeights, labels.length, labelName);
    BinaryOutcomes out =
        new BinaryOutcomes(labels, scores, predictions, w, labelName, scoreName, predictionName);
    out.order = order;
    return out;
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
   * Returns a row's label.
   *
   * @param row the 0-based row
   * @return 0 or 1
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public int label(int row) {
    return labels[row];
  }

  /**
   * Returns a row's score.
   *
   * @param row the 0-based row
   * @return the score in [0, 1]
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public double score(int row) {
    return scores[row];
  }

  /**
   * Returns a row's prediction.
   *
   * @param row the 0-based row
   * @return 0 or 1
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public int prediction(int row) {
    return predictions[row];
  }

  /**
   * Returns a row's weight.
   *
   * @param row the 0-based row
   * @return the weight, 1 when there are no weights
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public double weight(int row) {
    double[] w = weights;
    return w == null ? 1.0 : w[row];
  }

  /**
   * Tells whether sample weights were given.
   *
   * @return true after {@link #withWeights}
   */
  public boolean weighted() {
    return weights != null;
  }

  // ---- package-private access for the evaluators ----

  byte[] labelArray() {
    return labels;
  }

  double[] scoreArray() {
    return scores;
  }

  byte[] predictionArray() {
    return predictions;
  }

  double @Nullable [] weightArray() {
    return weights;
  }

  String labelName() {
    return labelName;
  }

  /** Rows sorted by ascending score, computed once (a benign race computes the same array). */
  int[] order() {
    int[] o = order;
    if (o == null) {
      o = Stats.argsort(scores);
      order = o;
    }
    return o;
  }

  // ---- validation shared with the other outcome classes ----

  static void requireRows(int n, String what) {
    if (n == 0) {
      throw InvalidInputException.of(
          what,
          what
              + " has no rows; metrics need at least one row: check the input or the slice filter");
    }
  }

  static void requireLength(String name, int length, String refName, int n) {
    if (length != n) {
      throw InvalidInputException.of(
          name,
          name
              + " has "
              + length
              + " rows but "
              + refName
              + " has "
              + n
              + "; give one value per row in every array");
    }
  }

  static void requireRowsInRange(int[] rows, int size) {
    Objects.requireNonNull(rows, "rows");
    if (rows.length == 0) {
      throw InvalidInputException.of(
          "rows",
          "the row selection is empty; metrics need at least one row: check the slice filter");
    }
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= size) {
        throw new InvalidInputException(
            "rows",
            i,
            "rows["
                + i
                + "] = "
                + r
                + " is outside [0, "
                + size
                + "); pass 0-based row indices of the outcomes",
            null);
      }
    }
  }

  private static byte binary(String column, String what, int row, int v) {
    if (v != 0 && v != 1) {
      throw new InvalidInputException(
          column,
          row,
          column
              + " row "
              + row
              + ": "
              + what
              + " "
              + v
              + " is not 0 or 1; encode the positive class as 1 and the negative class as 0",
          null);
    }
    return (byte) v;
  }

  private static double score(String column, int row, double v) {
    if (Double.isNaN(v) || v < 0 || v > 1) {
      throw new InvalidInputException(
          column,
          row,
          column
              + " row "
              + row
              + ": score "
              + v
              + " is not a probability in [0, 1]; pass the predicted probability of label 1 (apply a sigmoid or calibrate raw margins first)",
          null);
    }
    return v + 0.0; // -0.0 becomes 0.0
  }

  static double[] validWeights(double[] w, int n, String refName) {
    Objects.requireNonNull(w, "sampleWeights");
    requireLength("sample_weight", w.length, refName, n);
    double[] out = w.clone();
    boolean positive = false;
    for (int i = 0; i < n; i++) {
      double v = out[i];
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new InvalidInputException(
            "sample_weight",
            i,
            "sample_weight row "
                + i
                + ": weight "
                + v
                + " is not a finite, non-negative number; use 0 to leave a row out",
            null);
      }
      positive |= v > 0;
    }
    if (!positive) {
      throw InvalidInputException.of(
          "sample_weight", "every sample_weight is 0; at least one row needs a positive weight");
    }
    return out;
  }

  static NumericColumn numericColumn(Table table, String name, String role) {
    Column c =
        table
            .findColumn(name)
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        name,
                        "the "
                            + role
                            + " column '"
                            + name
                            + "' is not in the table; its columns are "
                            + table.schema().names()));
    if (c instanceof NumericColumn nc) {
      return nc;
    }
    throw InvalidInputException.of(
        name,
        "the "
            + role
            + " column '"
            + name
            + "' is "
            + c.type()
            + ", not numeric; convert it to numbers");
  }

  private static byte[] binaryColumn(Table table, String name, String role) {
    Column c =
        table
            .findColumn(name)
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        name,
                        "the "
                            + role
                            + " column '"
                            + name
                            + "' is not in the table; its columns are "
                            + table.schema().names()));
    int n = c.size();
    byte[] out = new byte[n];
    if (c instanceof BooleanColumn bc) {
      for (int i = 0; i < n; i++) {
        nullCheck(bc, name, role, i);
        out[i] = (byte) (bc.value(i) ? 1 : 0);
      }
      return out;
    }
    if (c instanceof NumericColumn nc) {
      for (int i = 0; i < n; i++) {
        nullCheck(nc, name, role, i);
        double v = nc.value(i);
        if (v != 0 && v != 1) {
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
                  + v
                  + " is not 0 or 1; encode the positive class as 1 and the negative class as 0",
              null);
        }
        out[i] = (byte) (v == 1 ? 1 : 0);
      }
      return out;
    }
    throw InvalidInputException.of(
        name,
        "the "
            + role
            + " column '"
            + name
            + "' is "
            + c.type()
            + "; it must be numeric (0/1) or boolean");
  }

  private static void nullCheck(Column c, String name, String role, int row) {
    if (c.isNull(row)) {
      throw new InvalidInputException(
          name,
          row,
          "column '"
              + name
              + "' row "
              + row
              + ": "
              + role
              + " is null; every row needs one (drop or impute the row)",
          null);
    }
  }
}
