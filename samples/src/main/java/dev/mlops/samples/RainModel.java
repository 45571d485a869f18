package dev.mlops.samples;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.List;
import java.util.Locale;

/**
 * The sample's model: will it rain in Seattle today? A logistic regression on standardised
 * features, trained by plain full-batch gradient descent on the mean log-loss. Written in the
 * sample on purpose (no ML library): the point is the loop around it.
 *
 * <p>Immutable and thread-safe; {@link #train} builds one.
 *
 * @param features the feature columns, in order
 * @param mean the training mean of each feature
 * @param std the training standard deviation of each feature (1 when constant)
 * @param weights the weight of each standardised feature
 * @param bias the intercept
 * @param loss the training log-loss before each epoch
 */
public record RainModel(
    List<String> features,
    double[] mean,
    double[] std,
    double[] weights,
    double bias,
    double[] loss) {

  /** The label: the {@code weather} column equals this value. */
  static final String RAIN = "rain";

  /** Defensive copies. */
  public RainModel {
    features = List.copyOf(features);
    mean = mean.clone();
    std = std.clone();
    weights = weights.clone();
    loss = loss.clone();
  }

  /**
   * Trains on a table holding the feature columns and {@code weather}.
   *
   * @param train the training rows
   * @param features the feature columns
   * @param learningRate the gradient step
   * @param epochs the number of full passes
   * @return the trained model, with the loss before each epoch
   */
  public static RainModel train(
      Table train, List<String> features, double learningRate, int epochs) {
    double[][] x = matrix(train, features);
    boolean[] y = labels(train);
    int n = y.length;
    int k = features.size();
    double[] mean = new double[k];
    double[] std = new double[k];
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < n; i++) {
        mean[j] += x[i][j] / n;
      }
      for (int i = 0; i < n; i++) {
        double c = x[i][j] - mean[j];
        std[j] += c * c / n;
      }
      std[j] = std[j] > 0 ? Math.sqrt(std[j]) : 1;
    }
    double[] w = new double[k];
    double b = 0;
    double[] loss = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      double[] grad = new double[k];
      double gradBias = 0;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double p = probability(x[i], mean, std, w, b);
        double t = y[i] ? 1 : 0;
        sum += logLoss(p, t);
        for (int j = 0; j < k; j++) {
          grad[j] += (p - t) * (x[i][j] - mean[j]) / std[j];
        }
        gradBias += p - t;
      }
      for (int j = 0; j < k; j++) {
        w[j] -= learningRate * grad[j] / n;
      }
      b -= learningRate * gradBias / n;
      loss[epoch] = sum / n;
    }
    return new RainModel(features, mean, std, w, b, loss);
  }

  /**
   * Scores held-out rows against always predicting the majority class.
   *
   * @param test the held-out rows
   * @return accuracy, log-loss and the majority-class accuracy
   */
  Evaluation evaluate(Table test) {
    double[][] x = matrix(test, features);
    boolean[] y = labels(test);
    int correct = 0;
    int rainy = 0;
    double loss = 0;
    for (int i = 0; i < y.length; i++) {
      double p = probability(x[i], mean, std, weights, bias);
      if ((p >= 0.5) == y[i]) {
        correct++;
      }
      rainy += y[i] ? 1 : 0;
      loss += logLoss(p, y[i] ? 1 : 0);
    }
    double majority = Math.max(rainy, y.length - rainy) / (double) y.length;
    return new Evaluation(correct / (double) y.length, loss / y.length, majority, y.length);
  }

  /**
   * Returns the probability of rain the model gives each row.
   *
   * @param rows rows holding the feature columns
   * @return one probability per row
   */
  double[] probabilities(Table rows) {
    double[][] x = matrix(rows, features);
    double[] p = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      p[i] = probability(x[i], mean, std, weights, bias);
    }
    return p;
  }

  /**
   * Returns the probability of rain for one day.
   *
   * @param x the feature values, in the order of {@link #features()}
   * @return the logistic function of the standardised features
   */
  public double probability(double[] x) {
    return probability(x, mean, std, weights, bias);
  }

  /** The weights per standardised feature and the bias, for humans. */
  String summary() {
    StringBuilder s = new StringBuilder();
    for (int j = 0; j < features.size(); j++) {
      s.append(String.format(Locale.ROOT, "%s %+.2f, ", features.get(j), weights[j]));
    }
    return s.append(String.format(Locale.ROOT, "bias %+.2f", bias)).toString();
  }

  private static double probability(double[] x, double[] mean, double[] std, double[] w, double b) {
    double z = b;
    for (int j = 0; j < w.length; j++) {
      z += w[j] * (x[j] - mean[j]) / std[j];
    }
    return 1 / (1 + Math.exp(-z));
  }

  static double logLoss(double p, double y) {
    double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
    return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
  }

  private static double[][] matrix(Table t, List<String> features) {
    double[][] x = new double[t.rowCount()][features.size()];
    for (int j = 0; j < features.size(); j++) {
      NumericColumn c = t.numeric(features.get(j));
      for (int i = 0; i < x.length; i++) {
        if (c.isNull(i) || c.isNaN(i)) {
          throw new IllegalArgumentException(
              "column '" + features.get(j) + "' has no value in row " + i + "; clean the data");
        }
        x[i][j] = c.value(i);
      }
    }
    return x;
  }

  static boolean[] labels(Table t) {
    CategoricalColumn weather = t.categorical("weather");
    boolean[] y = new boolean[t.rowCount()];
    for (int i = 0; i < y.length; i++) {
      y[i] = RAIN.equals(weather.category(i));
    }
    return y;
  }

  /**
   * How the model did on held-out days.
   *
   * @param accuracy share of days predicted right (rain when p >= 0.5)
   * @param logLoss mean log-loss
   * @param baselineAccuracy accuracy of always predicting the majority class
   * @param days the number of held-out days
   */
  public record Evaluation(double accuracy, double logLoss, double baselineAccuracy, int days) {

    /**
     * PASS when the model beats the majority class, WARN when it ties, FAIL otherwise.
     *
     * @return the verdict
     */
    public Verdict verdict() {
      if (accuracy > baselineAccuracy) {
        return Verdict.PASS;
      }
      return accuracy == baselineAccuracy ? Verdict.WARN : Verdict.FAIL;
    }
  }
}
