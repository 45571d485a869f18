package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Laws of the metrics, on random data. */
class MetricsPropertiesTest {
  static final BinaryClassificationEvaluator EVAL = BinaryClassificationEvaluator.create();

  /** Rows of (label, score on a 1/1000 grid, prediction, integer weight 0..3). */
  record Rows(int[] labels, double[] scores, int[] preds, int[] weights) {
    BinaryOutcomes outcomes() {
      return BinaryOutcomes.of(labels, scores, preds);
    }

    int n() {
      return labels.length;
    }
  }

  @Provide
  Arbitrary<Rows> rows() {
    Arbitrary<Integer> size = Arbitraries.integers().between(1, 60);
    return size.flatMap(
        n ->
            Combinators.combine(
                    Arbitraries.integers().between(0, 1).array(int[].class).ofSize(n),
                    Arbitraries.integers().between(0, 1000).array(int[].class).ofSize(n),
                    Arbitraries.integers().between(0, 1).array(int[].class).ofSize(n),
                    Arbitraries.integers().between(0, 3).array(int[].class).ofSize(n))
                .as(
                    (l, s, p, w) -> {
                      double[] sc = new double[n];
                      for (int i = 0; i < n; i++) {
                        sc[i] = s[i] / 1000.0;
                      }
                      return new Rows(l, sc, p, w);
                    }));
  }

  static double v(BinaryClassificationResult r, String m) {
    return r.metric(m).orElseThrow().valueOrNaN();
  }

  static void close(double a, double b, String what) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      assertThat(Double.isNaN(a)).as(what + ": " + a + " vs " + b).isEqualTo(Double.isNaN(b));
    } else {
      assertThat(a).as(what).isCloseTo(b, within(1e-12 * Math.max(1, Math.abs(b))));
    }
  }

  @Property(tries = 200)
  @Label("AUC of 1 - score is 1 - AUC of score")
  void aucReflection(@ForAll("rows") Rows r) {
    double[] flipped = new double[r.n()];
    for (int i = 0; i < r.n(); i++) {
      flipped[i] = 1 - r.scores()[i];
    }
    double a = v(EVAL.evaluate(r.outcomes(), IntervalSpec.none()), "roc_auc");
    double b =
        v(
            EVAL.evaluate(BinaryOutcomes.of(r.labels(), flipped, r.preds()), IntervalSpec.none()),
            "roc_auc");
    if (!Double.isNaN(a)) {
      assertThat(a + b).isCloseTo(1.0, within(1e-12));
    } else {
      assertThat(b).isNaN();
    }
  }

  @Property(tries = 200)
  @Label(
      "AUC and average precision are invariant under a strictly increasing transform of the scores")
  void monotoneInvariance(@ForAll("rows") Rows r) {
    double[] t = new double[r.n()];
    for (int i = 0; i < r.n(); i++) {
      t[i] = Math.sqrt(r.scores()[i]);
    }
    BinaryClassificationResult a = EVAL.evaluate(r.outcomes(), IntervalSpec.none());
    BinaryClassificationResult b =
        EVAL.evaluate(BinaryOutcomes.of(r.labels(), t, r.preds()), IntervalSpec.none());
    close(v(a, "roc_auc"), v(b, "roc_auc"), "roc_auc");
    close(v(a, "average_precision"), v(b, "average_precision"), "average_precision");
  }

  @Property(tries = 300)
  @Label("integer weights equal row duplication, for every point value and closed-form interval")
  void weightsAreDuplication(@ForAll("rows") Rows r) {
    int total = 0;
    for (int w : r.weights()) {
      total += w;
    }
    if (total == 0) {
      return; // all-zero weights are rejected: tested with the bad inputs
    }
    List<Integer> dup = new ArrayList<>();
    double[] w = new double[r.n()];
    for (int i = 0; i < r.n(); i++) {
      w[i] = r.weights()[i];
      for (int k = 0; k < r.weights()[i]; k++) {
        dup.add(i);
      }
    }
    int[] rows = dup.stream().mapToInt(Integer::intValue).toArray();
    int[] l = new int[rows.length];
    double[] s = new double[rows.length];
    int[] p = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      l[i] = r.labels()[rows[i]];
      s[i] = r.scores()[rows[i]];
      p[i] = r.preds()[rows[i]];
    }
    IntervalSpec closedForm = IntervalSpec.defaults().withResamples(0);
    BinaryClassificationResult weighted = EVAL.evaluate(r.outcomes().withWeights(w), closedForm);
    BinaryClassificationResult copied = EVAL.evaluate(BinaryOutcomes.of(l, s, p), closedForm);
    BinaryClassificationResult multiset = EVAL.evaluate(r.outcomes(), rows, closedForm);
    for (String m : BinaryClassificationResult.METRIC_NAMES) {
      close(v(weighted, m), v(copied, m), m + " weighted vs copied");
      close(v(multiset, m), v(copied, m), m + " multiset vs copied");
      for (String which : List.of("low", "high")) {
        double a = bound(weighted, m, which);
        double b = bound(copied, m, which);
        close(a, b, m + " interval " + which);
        close(bound(multiset, m, which), b, m + " multiset interval " + which);
      }
    }
    ConfusionMatrix cm = copied.confusionMatrix();
    WeightedConfusionMatrix wcm = weighted.weightedConfusionMatrix();
    assertThat(new double[] {wcm.tn(), wcm.fp(), wcm.fn(), wcm.tp()})
        .containsExactly(cm.tn(), cm.fp(), cm.fn(), cm.tp());
    assertThat(multiset.confusionMatrix()).isEqualTo(cm);
  }

  static double bound(BinaryClassificationResult r, String m, String which) {
    return r.metric(m)
        .orElseThrow()
        .interval()
        .map(i -> which.equals("low") ? i.low() : i.high())
        .orElse(Double.NaN);
  }

  @Property(tries = 300)
  @Label("the one-pass resample kernel equals the general accumulation on any counts and weights")
  void resampleKernelMatches(
      @ForAll("rows") Rows r,
      @ForAll @IntRange(min = 0, max = 100_000) int salt,
      @ForAll boolean weighted,
      @ForAll @IntRange(min = 1, max = 25) int bins) {
    BinaryOutcomes d = r.outcomes();
    if (weighted) {
      double[] w = new double[r.n()];
      for (int i = 0; i < w.length; i++) {
        w[i] = r.weights()[i] * 0.75 + (i % 2) * 0.1;
      }
      w[0] += 1;
      d = d.withWeights(w);
    }
    BinaryFrame f = BinaryFrame.all(d, bins);
    java.util.SplittableRandom rng = new java.util.SplittableRandom(salt);
    int[] c = new int[f.k];
    for (int i = 0; i < c.length; i++) {
      c[i] = rng.nextInt(0, 4);
    }
    BinaryStats s = new BinaryStats(f).compute(c);
    if (!(s.total() > 0)) {
      return;
    }
    double[] out = new double[6];
    new BinaryStats(f).resample(c, s.wPos(), s.wNeg(), out);
    close(out[BinaryStats.F1], s.f1(), "f1");
    close(out[BinaryStats.AP], s.averagePrecision(), "average_precision");
    close(out[BinaryStats.LOG_LOSS], s.logLoss(), "log_loss");
    close(out[BinaryStats.BRIER], s.brier(), "brier");
    close(out[BinaryStats.ECE], s.ece(), "ece");
    close(out[BinaryStats.AUC], s.auc(), "auc");
  }

  @Property(tries = 300)
  @Label(
      "average precision equals its definition over distinct thresholds, computed naively with weights")
  void averagePrecisionDefinition(@ForAll("rows") Rows r) {
    double[] w = new double[r.n()];
    double total = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = r.weights()[i] + 0.5;
      total += w[i];
    }
    // scikit-learn 1.2: for each distinct score t (descending), P(t) = TP(t) / (TP(t) + FP(t)) and
    // R(t) = TP(t) / TP(-inf) over rows with score >= t; AP = sum (R(t) - R(previous t)) P(t)
    java.util.TreeSet<Double> thresholds =
        new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    double positives = 0;
    for (int i = 0; i < r.n(); i++) {
      thresholds.add(r.scores()[i]);
      positives += r.labels()[i] * w[i];
    }
    double ap = 0;
    double prevRecall = 0;
    for (double t : thresholds) {
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < r.n(); i++) {
        if (r.scores()[i] >= t) {
          tp += r.labels()[i] * w[i];
          fp += (1 - r.labels()[i]) * w[i];
        }
      }
      double recall = positives == 0 ? 1 : tp / positives;
      ap += (recall - prevRecall) * (tp / (tp + fp));
      prevRecall = recall;
    }
    if (positives == 0) {
      ap = 0; // scikit-learn 1.2 sets recall to 1 everywhere and returns 0
    }
    BinaryClassificationResult res =
        EVAL.evaluate(r.outcomes().withWeights(w), IntervalSpec.none());
    assertThat(v(res, "average_precision")).isCloseTo(ap, within(1e-12));
    assertThat(total).isPositive();
  }

  @Property(tries = 200)
  @Label("the confusion matrix sums to n and its rows to the class counts")
  void confusionSums(@ForAll("rows") Rows r) {
    BinaryClassificationResult res = EVAL.evaluate(r.outcomes(), IntervalSpec.none());
    ConfusionMatrix cm = res.confusionMatrix();
    assertThat(cm.n()).isEqualTo(r.n());
    assertThat(cm.tp() + cm.fn()).isEqualTo(res.nPositive());
    assertThat(cm.tn() + cm.fp()).isEqualTo(res.nNegative());
    assertThat(res.reliability().stream().mapToLong(ReliabilityBin::count).sum()).isEqualTo(r.n());
  }

  @Property(tries = 200)
  @Label("DeLong's variance is never negative, and every defined metric lies in its range")
  void varianceAndRanges(@ForAll("rows") Rows r) {
    BinaryFrame f = BinaryFrame.all(r.outcomes(), 10);
    BinaryStats s = new BinaryStats(f).compute(f.mult);
    double var = s.delongVariance();
    assertThat(Double.isNaN(var) || var >= 0).isTrue();
    BinaryClassificationResult res = EVAL.evaluate(r.outcomes(), IntervalSpec.none());
    for (String m :
        List.of(
            "accuracy",
            "precision",
            "recall",
            "f1",
            "roc_auc",
            "average_precision",
            "brier_score_loss",
            "ece")) {
      double x = v(res, m);
      assertThat(Double.isNaN(x) || (x >= 0 && x <= 1 + 1e-15)).as(m + " = " + x).isTrue();
    }
  }

  @Property(tries = 30)
  @Label("the bootstrap is reproducible per seed and the same on any thread")
  void bootstrapReproducible(
      @ForAll("rows") Rows r, @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
    IntervalSpec spec = IntervalSpec.defaults().withResamples(200).withSeed(seed);
    BinaryClassificationResult here = EVAL.evaluate(r.outcomes(), spec);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<BinaryClassificationResult> task = () -> EVAL.evaluate(r.outcomes(), spec);
      List<Future<BinaryClassificationResult>> fs = pool.invokeAll(List.of(task, task));
      for (Future<BinaryClassificationResult> f : fs) {
        assertThat(f.get().metrics()).isEqualTo(here.metrics());
      }
    } finally {
      pool.shutdown();
    }
  }

  @Property(tries = 200)
  @Label("regression: integer weights equal duplication; R2 <= 1; RMSE >= MAE")
  void regressionLaws(
      @ForAll("targets") double[] y, @ForAll @IntRange(min = 0, max = 1000) int salt) {
    int n = y.length;
    double[] p = new double[n];
    double[] w = new double[n];
    List<Integer> dup = new ArrayList<>();
    java.util.SplittableRandom rng = new java.util.SplittableRandom(salt);
    for (int i = 0; i < n; i++) {
      p[i] = y[i] + rng.nextInt(-3, 4);
      w[i] = rng.nextInt(0, 4);
      for (int k = 0; k < w[i]; k++) {
        dup.add(i);
      }
    }
    if (dup.isEmpty()) {
      return;
    }
    double[] yd = new double[dup.size()];
    double[] pd = new double[dup.size()];
    for (int i = 0; i < yd.length; i++) {
      yd[i] = y[dup.get(i)];
      pd[i] = p[dup.get(i)];
    }
    RegressionResult a =
        RegressionEvaluator.create()
            .evaluate(RegressionOutcomes.of(y, p).withWeights(w), IntervalSpec.none());
    RegressionResult b =
        RegressionEvaluator.create().evaluate(RegressionOutcomes.of(yd, pd), IntervalSpec.none());
    for (String m : List.of("mae", "rmse", "mape")) {
      close(a.metric(m).orElseThrow().valueOrNaN(), b.metric(m).orElseThrow().valueOrNaN(), m);
    }
    double r2a = a.metric("r2").orElseThrow().valueOrNaN();
    double r2b = b.metric("r2").orElseThrow().valueOrNaN();
    if (yd.length >= 2 && !Double.isNaN(r2a)) {
      assertThat(r2a).isCloseTo(r2b, within(1e-9 * Math.max(1, Math.abs(r2b))));
      assertThat(r2b).isLessThanOrEqualTo(1.0);
    }
    assertThat(b.metric("rmse").orElseThrow().valueOrNaN())
        .isGreaterThanOrEqualTo(b.metric("mae").orElseThrow().valueOrNaN() * (1 - 1e-12));
  }

  @Provide
  Arbitrary<double[]> targets() {
    return Arbitraries.integers()
        .between(-20, 20)
        .array(int[].class)
        .ofMinSize(1)
        .ofMaxSize(40)
        .map(
            a -> {
              double[] d = new double[a.length];
              for (int i = 0; i < a.length; i++) {
                d[i] = a[i] / 2.0;
              }
              return d;
            });
  }
}
