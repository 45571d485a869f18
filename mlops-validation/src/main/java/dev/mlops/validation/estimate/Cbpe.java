package dev.mlops.validation.estimate;

import dev.mlops.api.InvalidInputException;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** The arithmetic of CBPE on primitive arrays; see {@link CbpeEstimator} for the definitions. */
final class Cbpe {

  static final String ANALYTIC = "cbpe-bernoulli-analytic";
  static final String MONTE_CARLO = "cbpe-bernoulli-monte-carlo";

  private Cbpe() {}

  static void checkProbabilities(double[] p, String what) {
    for (int i = 0; i < p.length; i++) {
      if (!(p[i] >= 0 && p[i] <= 1)) {
        throw new InvalidInputException(
            what,
            i,
            what + "[" + i + "] is " + p[i] + "; a predicted probability is in [0, 1]",
            null);
      }
    }
  }

  /** Row indices in ascending order of {@code v}; a stable merge sort, O(n log n). */
  static int[] orderAscending(double[] v) {
    int n = v.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + 2 * width, n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          b[k++] = v[a[j]] < v[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[k++] = a[i++];
        }
        while (j < hi) {
          b[k++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  /**
   * NannyML's expected ROC AUC: the trapezoidal area under the curve of expected TPR against
   * expected FPR, one point per distinct probability. NaN when sum p or sum (1 - p) is 0.
   */
  static double expectedAuc(double[] p, int[] ascending) {
    double s1 = 0;
    double s0 = 0;
    for (double x : p) {
      s1 += x;
      s0 += 1 - x;
    }
    if (!(s1 > 0) || !(s0 > 0)) {
      return Double.NaN;
    }
    double tp = 0;
    double fp = 0;
    double area = 0;
    double prevTpr = 0;
    double prevFpr = 0;
    int k = ascending.length - 1;
    while (k >= 0) {
      double value = p[ascending[k]];
      while (k >= 0 && p[ascending[k]] == value) {
        tp += value;
        fp += 1 - value;
        k--;
      }
      double tpr = tp / s1;
      double fpr = fp / s0;
      area += (fpr - prevFpr) * (tpr + prevTpr) / 2;
      prevTpr = tpr;
      prevFpr = fpr;
    }
    return area;
  }

  /** Mid-ranks (1-based, ties averaged) of {@code p} by row. */
  static double[] midRanks(double[] p, int[] ascending) {
    int n = p.length;
    double[] rank = new double[n];
    int k = 0;
    while (k < n) {
      int end = k;
      while (end + 1 < n && p[ascending[end + 1]] == p[ascending[k]]) {
        end++;
      }
      double r = (k + end) / 2.0 + 1;
      for (int j = k; j <= end; j++) {
        rank[ascending[j]] = r;
      }
      k = end + 1;
    }
    return rank;
  }

  static List<MetricValue> estimate(
      double[] p, int[] pred, double z, double level, int replicates, long seed, int[] ascending) {
    int n = p.length;
    double tp = 0;
    double fp = 0;
    double fn = 0;
    double tn = 0;
    double varPositivePredicted = 0;
    double varAll = 0;
    int predictedPositive = 0;
    for (int i = 0; i < n; i++) {
      double v = p[i] * (1 - p[i]);
      varAll += v;
      if (pred[i] == 1) {
        tp += p[i];
        fp += 1 - p[i];
        varPositivePredicted += v;
        predictedPositive++;
      } else {
        fn += p[i];
        tn += 1 - p[i];
      }
    }
    List<MetricValue> out = new ArrayList<>(5);
    if (n == 0) {
      for (String name : new String[] {"accuracy", "precision", "recall", "f1", "roc_auc"}) {
        out.add(undefined(name, "the window is empty"));
      }
      return out;
    }
    // accuracy and precision have fixed denominators: their realised values are sums of
    // independent Bernoulli variables, so the variance is exact
    double accuracy = (tp + tn) / n;
    out.add(normal("accuracy", accuracy, Math.sqrt(varAll) / n, z, level, ANALYTIC));
    if (predictedPositive == 0) {
      out.add(undefined("precision", "no row is predicted positive"));
    } else {
      out.add(
          normal(
              "precision",
              tp / predictedPositive,
              Math.sqrt(varPositivePredicted) / predictedPositive,
              z,
              level,
              ANALYTIC));
    }
    // recall, F1 and ROC AUC are ratios of random counts: Monte Carlo over Bernoulli labels
    double recall = tp + fn > 0 ? tp / (tp + fn) : Double.NaN;
    double f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : Double.NaN;
    double auc = expectedAuc(p, ascending);
    double[] rank = midRanks(p, ascending);
    Moments mRecall = new Moments();
    Moments mF1 = new Moments();
    Moments mAuc = new Moments();
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int r = 0; r < replicates; r++) {
      int rtp = 0;
      int pos = 0;
      double rankSum = 0;
      for (int i = 0; i < n; i++) {
        if (rnd.nextDouble() < p[i]) {
          pos++;
          rankSum += rank[i];
          rtp += pred[i];
        }
      }
      if (pos > 0) {
        mRecall.add((double) rtp / pos);
      }
      if (predictedPositive + pos > 0) {
        mF1.add(2.0 * rtp / (predictedPositive + pos));
      }
      if (pos > 0 && pos < n) {
        mAuc.add((rankSum - pos * (pos + 1.0) / 2) / ((double) pos * (n - pos)));
      }
    }
    out.add(monteCarlo("recall", recall, mRecall, z, level, "no row is expected to be positive"));
    out.add(monteCarlo("f1", f1, mF1, z, level, "no row is expected or predicted positive"));
    out.add(
        monteCarlo(
            "roc_auc",
            auc,
            mAuc,
            z,
            level,
            "every row is expected to be of one class (p all 0 or 1)"));
    return out;
  }

  private static MetricValue monteCarlo(
      String name, double value, Moments m, double z, double level, String undefinedReason) {
    if (Double.isNaN(value)) {
      return undefined(name, undefinedReason);
    }
    if (m.count < 2) {
      return new MetricValue(
          name,
          OptionalDouble.of(value),
          Optional.empty(),
          true,
          Optional.of("no interval: fewer than 2 Monte Carlo label draws gave a defined " + name));
    }
    return normal(name, value, m.sd(), z, level, MONTE_CARLO);
  }

  private static MetricValue normal(
      String name, double value, double sd, double z, double level, String method) {
    double lo = Math.max(0, value - z * sd);
    double hi = Math.min(1, value + z * sd);
    return new MetricValue(
        name,
        OptionalDouble.of(value),
        Optional.of(new Interval(Math.min(lo, value), Math.max(hi, value), level, method)),
        true,
        Optional.empty());
  }

  private static MetricValue undefined(String name, String reason) {
    return new MetricValue(
        name, OptionalDouble.empty(), Optional.empty(), true, Optional.of(reason));
  }

  /** Running mean and variance (Welford). */
  private static final class Moments {
    int count;
    double mean;
    double m2;

    void add(double x) {
      count++;
      double d = x - mean;
      mean += d / count;
      m2 += d * (x - mean);
    }

    double sd() {
      return Math.sqrt(m2 / (count - 1));
    }
  }
}
