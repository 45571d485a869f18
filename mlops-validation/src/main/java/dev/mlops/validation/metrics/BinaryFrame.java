package dev.mlops.validation.metrics;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The distinct rows of one evaluation in ascending score order, with their multiplicities, tie
 * groups and per-row loss terms precomputed, so that any resample is evaluated as integer counts
 * over these positions in O(k).
 */
final class BinaryFrame {
  final int k;
  final byte[] label;
  final byte[] pred;
  final double[] score;
  final double @Nullable [] weight;
  final double[] loss;
  final double[] brier;
  final int[] bin;

  /** First position of each bin (bins + 1 entries): positions are sorted, so bins are ranges. */
  final int[] binStart;

  /** Label as 0.0 / 1.0, for branch-free sums. */
  final double[] lab;

  /** Prediction as 0.0 / 1.0. */
  final double[] prd;

  final int bins;
  final int[] groupStart;
  final int groups;
  final int[] mult;

  /** Positions of positive rows, each repeated by its multiplicity (the stratum of positives). */
  final int[] positives;

  /** Positions of negative rows, each repeated by its multiplicity. */
  final int[] negatives;

  private BinaryFrame(BinaryOutcomes d, int[] rowIds, int[] mult, int bins) {
    this.k = rowIds.length;
    this.bins = bins;
    this.mult = mult;
    byte[] l = d.labelArray();
    byte[] p = d.predictionArray();
    double[] s = d.scoreArray();
    double[] w = d.weightArray();
    label = new byte[k];
    pred = new byte[k];
    score = new double[k];
    weight = w == null ? null : new double[k];
    loss = new double[k];
    brier = new double[k];
    bin = new int[k];
    lab = new double[k];
    prd = new double[k];
    int[] gs = new int[k + 1];
    int g = 0;
    int nPos = 0;
    int nNeg = 0;
    for (int i = 0; i < k; i++) {
      int r = rowIds[i];
      label[i] = l[r];
      pred[i] = p[r];
      score[i] = s[r];
      if (w != null) {
        weight[i] = w[r];
      }
      loss[i] = logLossTerm(l[r], s[r]);
      double e = s[r] - l[r];
      brier[i] = e * e;
      bin[i] = Math.min((int) (s[r] * bins), bins - 1);
      lab[i] = l[r];
      prd[i] = p[r];
      if (i == 0 || score[i] != score[i - 1]) {
        gs[g++] = i;
      }
      if (l[r] == 1) {
        nPos += mult[i];
      } else {
        nNeg += mult[i];
      }
    }
    gs[g] = k;
    groups = g;
    binStart = new int[bins + 1];
    int nextBin = 0;
    for (int i = 0; i < k; i++) {
      while (nextBin <= bin[i]) {
        binStart[nextBin++] = i;
      }
    }
    while (nextBin <= bins) {
      binStart[nextBin++] = k;
    }
    groupStart = Arrays.copyOf(gs, g + 1);
    positives = new int[nPos];
    negatives = new int[nNeg];
    int a = 0;
    int b = 0;
    for (int i = 0; i < k; i++) {
      for (int m = 0; m < mult[i]; m++) {
        if (label[i] == 1) {
          positives[a++] = i;
        } else {
          negatives[b++] = i;
        }
      }
    }
  }

  /** scikit-learn 1.2 log_loss term of one row: clip at eps, renormalise [1-p, p], -ln. */
  static double logLossTerm(int y, double s) {
    double p = Math.min(Math.max(s, Stats.EPS), 1 - Stats.EPS);
    double q0 = 1 - p;
    double q1 = p;
    double sum = q0 + q1;
    return y == 1 ? -Math.log(q1 / sum) : -Math.log(q0 / sum);
  }

  /** Every row once. */
  static BinaryFrame all(BinaryOutcomes d, int bins) {
    int[] order = d.order();
    int[] mult = new int[order.length];
    Arrays.fill(mult, 1);
    return new BinaryFrame(d, order, mult, bins);
  }

  /** A multiset of rows. */
  static BinaryFrame of(BinaryOutcomes d, int[] rows, int bins) {
    BinaryOutcomes.requireRowsInRange(rows, d.size());
    int n = d.size();
    int r = rows.length;
    double logR = Math.log(Math.max(2, r)) / Math.log(2);
    if (r * logR < n) {
      int[] sorted = rows.clone();
      Arrays.sort(sorted);
      int[] distinct = new int[r];
      int[] cnt = new int[r];
      int m = 0;
      for (int i = 0; i < r; i++) {
        if (m > 0 && distinct[m - 1] == sorted[i]) {
          cnt[m - 1]++;
        } else {
          distinct[m] = sorted[i];
          cnt[m++] = 1;
        }
      }
      double[] key = new double[m];
      double[] s = d.scoreArray();
      for (int i = 0; i < m; i++) {
        key[i] = s[distinct[i]];
      }
      int[] pos = Stats.argsort(key);
      int[] ids = new int[m];
      int[] mult = new int[m];
      for (int i = 0; i < m; i++) {
        ids[i] = distinct[pos[i]];
        mult[i] = cnt[pos[i]];
      }
      return new BinaryFrame(d, ids, mult, bins);
    }
    int[] count = new int[n];
    for (int row : rows) {
      count[row]++;
    }
    int m = 0;
    for (int c : count) {
      if (c > 0) {
        m++;
      }
    }
    int[] ids = new int[m];
    int[] mult = new int[m];
    int j = 0;
    for (int row : d.order()) {
      if (count[row] > 0) {
        ids[j] = row;
        mult[j++] = count[row];
      }
    }
    return new BinaryFrame(d, ids, mult, bins);
  }

  /** Size of the multiset. */
  int n() {
    return positives.length + negatives.length;
  }
}
