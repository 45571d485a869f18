package dev.mlops.monitoring;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quality metrics on joined labels, scikit-learn 1.2's conventions (0/0 = 0 for precision, recall
 * and F1; log loss clipped at 2.22e-16; ROC AUC undefined with one class, so absent).
 *
 * <p>Stateless.
 */
final class Quality {

  private static final double EPS = 2.220446049250313e-16;

  private Quality() {}

  /** Metric name to value; empty when there are no pairs. */
  static Map<String, Double> of(
      ModelTask task, double threshold, double[] predictions, double[] labels, int n) {
    Map<String, Double> out = new TreeMap<>();
    if (n == 0) {
      return out;
    }
    if (task == ModelTask.REGRESSION) {
      double abs = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double e = predictions[i] - labels[i];
        abs += Math.abs(e);
        sq += e * e;
      }
      out.put("mae", abs / n);
      out.put("rmse", Math.sqrt(sq / n));
      return out;
    }
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      boolean positive = labels[i] >= 0.5;
      boolean predicted = predictions[i] >= threshold;
      if (positive) {
        if (predicted) {
          tp++;
        } else {
          fn++;
        }
      } else if (predicted) {
        fp++;
      } else {
        tn++;
      }
      double p = Math.min(Math.max(predictions[i], EPS), 1 - EPS);
      logLoss -= positive ? Math.log(p) : Math.log(1 - p);
      double y = positive ? 1 : 0;
      brier += (predictions[i] - y) * (predictions[i] - y);
    }
    out.put("accuracy", (double) (tp + tn) / n);
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    out.put("precision", precision);
    out.put("recall", recall);
    out.put("f1", 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn));
    out.put("log_loss", logLoss / n);
    out.put("brier", brier / n);
    long pos = tp + fn;
    long neg = tn + fp;
    if (pos > 0 && neg > 0) {
      out.put("roc_auc", auc(predictions, labels, n, pos, neg));
    }
    return out;
  }

  /** Mann-Whitney AUC with midranks for ties. */
  static double auc(double[] predictions, double[] labels, int n, long pos, long neg) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(predictions[a], predictions[b]));
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && predictions[order[j + 1]] == predictions[order[i]]) {
        j++;
      }
      double midrank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] >= 0.5) {
          rankSum += midrank;
        }
      }
      i = j + 1;
    }
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
