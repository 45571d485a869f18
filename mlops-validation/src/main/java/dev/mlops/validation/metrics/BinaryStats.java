package dev.mlops.validation.metrics;

import java.util.Arrays;

/**
 * Sufficient statistics of one binary evaluation, accumulated from integer multiplicities over a
 * {@link BinaryFrame} in O(k); reusable across resamples (no allocation per resample).
 */
final class BinaryStats {
  private final BinaryFrame f;
  long tn;
  long fp;
  long fn;
  long tp;
  double wtn;
  double wfp;
  double wfn;
  double wtp;
  double aucNum;
  double lossSum;
  double brierSum;
  final double[] gp;
  final double[] gn;
  final long[] binCount;
  final double[] binW;
  final double[] binScore;
  final double[] binPos;

  BinaryStats(BinaryFrame f) {
    this.f = f;
    gp = new double[f.groups];
    gn = new double[f.groups];
    binCount = new long[f.bins];
    binW = new double[f.bins];
    binScore = new double[f.bins];
    binPos = new double[f.bins];
  }

  /** Accumulates the multiset given by counts c (one per frame position). */
  BinaryStats compute(int[] c) {
    tn = fp = fn = tp = 0;
    wtn = wfp = wfn = wtp = 0;
    aucNum = lossSum = brierSum = 0;
    Arrays.fill(binCount, 0);
    Arrays.fill(binW, 0);
    Arrays.fill(binScore, 0);
    Arrays.fill(binPos, 0);
    final byte[] label = f.label;
    final byte[] pred = f.pred;
    final double[] w = f.weight;
    final double[] loss = f.loss;
    final double[] brier = f.brier;
    final double[] score = f.score;
    final int[] bin = f.bin;
    final int[] gs = f.groupStart;
    double negBelow = 0;
    for (int g = 0; g < f.groups; g++) {
      double pW = 0;
      double nW = 0;
      for (int i = gs[g], end = gs[g + 1]; i < end; i++) {
        int m = c[i];
        if (m == 0) {
          continue;
        }
        double v = w == null ? m : m * w[i];
        int b = bin[i];
        binCount[b] += m;
        binW[b] += v;
        binScore[b] += v * score[i];
        lossSum += v * loss[i];
        brierSum += v * brier[i];
        if (label[i] == 1) {
          pW += v;
          binPos[b] += v;
          if (pred[i] == 1) {
            tp += m;
            wtp += v;
          } else {
            fn += m;
            wfn += v;
          }
        } else {
          nW += v;
          if (pred[i] == 1) {
            fp += m;
            wfp += v;
          } else {
            tn += m;
            wtn += v;
          }
        }
      }
      aucNum += pW * (negBelow + 0.5 * nW);
      negBelow += nW;
      gp[g] = pW;
      gn[g] = nW;
    }
    return this;
  }

  /** Indices into the output of {@link #resample}. */
  static final int F1 = 0;

  static final int AP = 1;
  static final int LOG_LOSS = 2;
  static final int BRIER = 3;
  static final int ECE = 4;
  static final int AUC = 5;

  /**
   * The bootstrapped metrics of one resample in a single branch-free pass over the sorted
   * positions: out = {f1, average precision, log loss, Brier, ECE, ROC AUC}. Equal (up to rounding)
   * to {@link #compute} followed by the metric methods; wPos and wNeg are the resample's class
   * weights, needed up front by average precision.
   */
  void resample(int[] c, double wPos, double wNeg, double[] out) {
    final BinaryFrame fr = f;
    final double[] w = fr.weight;
    final double[] lab = fr.lab;
    final double[] prd = fr.prd;
    final double[] score = fr.score;
    final double[] loss = fr.loss;
    final double[] brier = fr.brier;
    final int[] gs = fr.groupStart;
    final int[] bs = fr.binStart;
    final int groups = fr.groups;
    double negBelow = 0;
    double posBelow = 0;
    double auc = 0;
    double ap = 0;
    double ll = 0;
    double br = 0;
    double ece = 0;
    double tpW = 0;
    double ppW = 0;
    int g = 0;
    for (int b = 0; b < fr.bins; b++) {
      int binEnd = bs[b + 1];
      double sScore = 0;
      double sPos = 0;
      while (g < groups && gs[g] < binEnd) {
        double pW = 0;
        double nW = 0;
        for (int i = gs[g], end = gs[g + 1]; i < end; i++) {
          double v = w == null ? c[i] : c[i] * w[i];
          double lv = lab[i] * v;
          double pv = prd[i] * v;
          pW += lv;
          nW += v - lv;
          sScore += v * score[i];
          ll += v * loss[i];
          br += v * brier[i];
          tpW += lab[i] * pv;
          ppW += pv;
        }
        auc += pW * (negBelow + 0.5 * nW);
        double tps = wPos - posBelow;
        double fps = wNeg - negBelow;
        ap += pW * (tps / Math.max(tps + fps, Double.MIN_NORMAL));
        negBelow += nW;
        posBelow += pW;
        sPos += pW;
        g++;
      }
      ece += Math.abs(sScore - sPos);
    }
    double total = posBelow + negBelow;
    double precision = ppW == 0 ? 0.0 : tpW / ppW;
    double recall = posBelow == 0 ? 0.0 : tpW / posBelow;
    double pr = precision + recall;
    out[F1] = pr == 0 ? 0.0 : 2 * precision * recall / pr;
    out[AP] = posBelow == 0 ? 0.0 : ap / wPos;
    out[LOG_LOSS] = ll / total;
    out[BRIER] = br / total;
    out[ECE] = ece / total;
    out[AUC] = posBelow == 0 || negBelow == 0 ? Double.NaN : auc / (posBelow * negBelow);
  }

  long n() {
    return tn + fp + fn + tp;
  }

  double wPos() {
    return wtp + wfn;
  }

  double wNeg() {
    return wtn + wfp;
  }

  double total() {
    return wPos() + wNeg();
  }

  double accuracy() {
    return (wtn + wtp) / total();
  }

  /** 0/0 gives 0 (scikit-learn 1.2 zero_division default). */
  double precision() {
    double d = wtp + wfp;
    return d == 0 ? 0.0 : wtp / d;
  }

  double recall() {
    double d = wtp + wfn;
    return d == 0 ? 0.0 : wtp / d;
  }

  /** scikit-learn 1.2: 2 P R / (P + R), 0 when P + R = 0. */
  double f1() {
    double p = precision();
    double r = recall();
    double d = p + r;
    return d == 0 ? 0.0 : 2 * p * r / d;
  }

  /** NaN when a class has no weight. */
  double auc() {
    double p = wPos();
    double q = wNeg();
    if (p == 0 || q == 0) {
      return Double.NaN;
    }
    return aucNum / (p * q);
  }

  /**
   * scikit-learn 1.2 average precision: sum over distinct thresholds (descending) of (R_k -
   * R_{k-1}) P_k. No positive weight: 0 (scikit-learn sets recall to 1 everywhere).
   */
  double averagePrecision() {
    double p = wPos();
    if (p == 0) {
      return 0.0;
    }
    double tps = 0;
    double fps = 0;
    double ap = 0;
    for (int g = f.groups - 1; g >= 0; g--) {
      tps += gp[g];
      fps += gn[g];
      if (gp[g] > 0) {
        ap += (gp[g] / p) * (tps / (tps + fps));
      }
    }
    return ap;
  }

  double logLoss() {
    return lossSum / total();
  }

  double brier() {
    return brierSum / total();
  }

  /** sum over bins of (W_b / W) |mean score_b - fraction positive_b| = sum |S_b - Y_b| / W. */
  double ece() {
    double s = 0;
    for (int b = 0; b < binW.length; b++) {
      if (binW[b] > 0) {
        s += Math.abs(binScore[b] - binPos[b]);
      }
    }
    return s / total();
  }

  /**
   * DeLong's variance of the AUC (Sun and Xu 2014 structural components, frequency weights): S10 /
   * W1 + S01 / W0 with S10, S01 the sample variances (denominators W - 1) of the placement values.
   * NaN when a class has total weight of at most 1.
   */
  double delongVariance() {
    double p = wPos();
    double q = wNeg();
    if (!(p > 1) || !(q > 1)) {
      return Double.NaN;
    }
    double a = aucNum / (p * q);
    double negBelow = 0;
    double posBelow = 0;
    double s10 = 0;
    double s01 = 0;
    for (int g = 0; g < f.groups; g++) {
      double pg = gp[g];
      double ng = gn[g];
      if (pg > 0) {
        double v10 = (negBelow + 0.5 * ng) / q;
        s10 += pg * (v10 - a) * (v10 - a);
      }
      if (ng > 0) {
        double posAbove = p - posBelow - pg;
        double v01 = (posAbove + 0.5 * pg) / p;
        s01 += ng * (v01 - a) * (v01 - a);
      }
      negBelow += ng;
      posBelow += pg;
    }
    s10 /= p - 1;
    s01 /= q - 1;
    return Math.max(0, s10 / p + s01 / q);
  }
}
