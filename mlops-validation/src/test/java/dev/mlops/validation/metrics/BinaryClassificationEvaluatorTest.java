package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("binary classification metrics equal hand-computed scikit-learn 1.2 values")
class BinaryClassificationEvaluatorTest {
  static final BinaryClassificationEvaluator EVAL = BinaryClassificationEvaluator.create();

  static double value(BinaryClassificationResult r, String name) {
    return r.metric(name).orElseThrow().value().orElseThrow();
  }

  /*
   * Six rows, one tie across classes:
   *   score 0.9 label 1 | 0.8 label 0 | 0.7 label 1 | 0.7 label 0 | 0.4 label 1 | 0.2 label 0
   * predictions: 1 1 1 0 0 0
   */
  static final int[] LABELS = {1, 0, 1, 0, 1, 0};
  static final double[] SCORES = {0.9, 0.8, 0.7, 0.7, 0.4, 0.2};
  static final int[] PREDS = {1, 1, 1, 0, 0, 0};

  static BinaryClassificationResult six() {
    return EVAL.evaluate(BinaryOutcomes.of(LABELS, SCORES, PREDS), IntervalSpec.none());
  }

  @Nested
  @DisplayName("on six rows with a tied score")
  class SixRows {
    @Test
    @DisplayName(
        "average precision sums (R_k - R_k-1) P_k over distinct thresholds, no interpolation")
    void averagePrecision() {
      // thresholds descending, P = 3 positives:
      //   >= 0.9: tp 1 fp 0 -> P 1/1,  R 1/3  (dR 1/3)
      //   >= 0.8: tp 1 fp 1 -> P 1/2,  R 1/3  (dR 0)
      //   >= 0.7: tp 2 fp 2 -> P 2/4,  R 2/3  (dR 1/3)
      //   >= 0.4: tp 3 fp 2 -> P 3/5,  R 3/3  (dR 1/3)
      //   >= 0.2: tp 3 fp 3 -> P 3/6,  R 1    (dR 0)
      // AP = 1/3 * 1 + 1/3 * 0.5 + 1/3 * 0.6 = 2.1 / 3 = 0.7
      // (interpolated AP would use max precision to the right: 1/3 (1 + 0.6 + 0.6) = 0.7333)
      assertThat(value(six(), "average_precision")).isCloseTo(0.7, within(1e-15));
    }

    @Test
    @DisplayName("ROC AUC counts each positive-negative pair, ties as 1/2")
    void rocAuc() {
      // pos 0.9 beats 0.8, 0.7, 0.2: 3; pos 0.7 beats 0.2, ties 0.7: 1.5; pos 0.4 beats 0.2: 1
      // AUC = 5.5 / (3 * 3)
      assertThat(value(six(), "roc_auc")).isCloseTo(5.5 / 9, within(1e-15));
    }

    @Test
    @DisplayName(
        "ECE is the weighted mean gap between mean score and fraction positive over left-closed bins")
    void ece() {
      // bins of width 0.1, bin = floor(10 s): 0.9 -> 9, 0.8 -> 8, 0.7, 0.7 -> 7, 0.4 -> 4, 0.2 -> 2
      // |sum score - sum label| per bin: 9: |0.9 - 1| = 0.1; 8: |0.8 - 0| = 0.8; 7: |1.4 - 1| =
      // 0.4;
      //   4: |0.4 - 1| = 0.6; 2: |0.2 - 0| = 0.2; total 2.1, ECE = 2.1 / 6 = 0.35
      assertThat(value(six(), "ece")).isCloseTo(0.35, within(1e-15));
      List<ReliabilityBin> bins = six().reliability();
      assertThat(bins).extracting(ReliabilityBin::lower).containsExactly(0.2, 0.4, 0.7, 0.8, 0.9);
      ReliabilityBin seven = bins.get(2);
      assertThat(seven.count()).isEqualTo(2);
      assertThat(seven.meanScore()).isCloseTo(0.7, within(1e-15));
      assertThat(seven.fractionPositive()).isEqualTo(0.5);
    }

    @Test
    @DisplayName("threshold metrics come from the prediction column as given")
    void thresholdMetrics() {
      BinaryClassificationResult r = six();
      // tn: rows 4 (0.7,0), 6 (0.2,0) = 2; fp: row 2 = 1; fn: row 5 (0.4,1) = 1; tp: rows 1, 3 = 2
      assertThat(r.confusionMatrix()).isEqualTo(new ConfusionMatrix(2, 1, 1, 2));
      assertThat(value(r, "accuracy")).isEqualTo(4.0 / 6);
      assertThat(value(r, "precision")).isEqualTo(2.0 / 3);
      assertThat(value(r, "recall")).isEqualTo(2.0 / 3);
      assertThat(value(r, "f1")).isCloseTo(2.0 / 3, within(1e-15));
      assertThat(r.notes()).isEmpty();
    }

    @Test
    @DisplayName("log loss and Brier score are means of per-row terms")
    void losses() {
      double ll =
          -(Math.log(0.9)
                  + Math.log(0.2)
                  + Math.log(0.7)
                  + Math.log(0.3)
                  + Math.log(0.4)
                  + Math.log(0.8))
              / 6;
      // (0.1^2 + 0.8^2 + 0.3^2 + 0.7^2 + 0.6^2 + 0.2^2) / 6 = (0.01+0.64+0.09+0.49+0.36+0.04)/6
      assertThat(value(six(), "log_loss")).isCloseTo(ll, within(1e-15));
      assertThat(value(six(), "brier_score_loss")).isCloseTo(1.63 / 6, within(1e-15));
    }

    @Test
    @DisplayName("metrics come in the fixed order with their directions")
    void order() {
      assertThat(six().metrics())
          .extracting(MetricValue::name)
          .containsExactlyElementsOf(BinaryClassificationResult.METRIC_NAMES);
      assertThat(six().metric("log_loss").orElseThrow().higherIsBetter()).isFalse();
      assertThat(six().metric("roc_auc").orElseThrow().higherIsBetter()).isTrue();
      assertThat(six().metric("nope")).isEmpty();
    }
  }

  @Nested
  @DisplayName("edge conventions")
  class Edges {
    @Test
    @DisplayName("a confident miss costs -ln(2^-52) = 36.04 with scikit-learn 1.2's eps, not 34.54")
    void logLossClipping() {
      BinaryClassificationResult r =
          EVAL.evaluate(
              BinaryOutcomes.of(new int[] {0}, new double[] {1.0}, new int[] {1}),
              IntervalSpec.none());
      // p = 1 clipped to 1 - 2^-52; 1 - p = 2^-52 exactly; -ln(2^-52) = 52 ln 2
      assertThat(value(r, "log_loss")).isCloseTo(52 * Math.log(2), within(1e-12));
    }

    @Test
    @DisplayName("0/0 precision is 0.0 with a note; F1 follows; ROC AUC stays defined")
    void zeroDivision() {
      BinaryClassificationResult r =
          EVAL.evaluate(
              BinaryOutcomes.of(
                  new int[] {1, 0, 1}, new double[] {.6, .4, .3}, new int[] {0, 0, 0}),
              IntervalSpec.defaults());
      assertThat(value(r, "precision")).isEqualTo(0.0);
      assertThat(value(r, "f1")).isEqualTo(0.0);
      assertThat(r.notes()).containsKeys("precision", "f1").doesNotContainKey("recall");
      assertThat(r.metric("precision").orElseThrow().interval()).isEmpty();
      assertThat(value(r, "roc_auc")).isEqualTo(0.5);
    }

    @Test
    @DisplayName(
        "one class: ROC AUC is undefined with scikit-learn's reason, AP of no positives is 0")
    void oneClass() {
      BinaryClassificationResult r =
          EVAL.evaluate(
              BinaryOutcomes.of(new int[] {0, 0}, new double[] {.6, .4}, new int[] {1, 0}),
              IntervalSpec.defaults());
      assertThat(r.metric("roc_auc").orElseThrow().value()).isEmpty();
      assertThat(r.metric("roc_auc").orElseThrow().interval()).isEmpty();
      assertThat(r.notes().get("roc_auc")).contains("Only one class present in y_true");
      assertThat(value(r, "average_precision")).isEqualTo(0.0);
      assertThat(r.notes()).containsKey("average_precision");
    }

    @Test
    @DisplayName("a score of exactly 1.0 falls in the last bin, 0.5 in the bin it opens")
    void binEdges() {
      BinaryClassificationResult r =
          EVAL.evaluate(
              BinaryOutcomes.of(new int[] {1, 0}, new double[] {1.0, 0.5}, new int[] {1, 1}),
              IntervalSpec.none());
      assertThat(r.reliability())
          .extracting(ReliabilityBin::lower, ReliabilityBin::upper)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(0.5, 0.6),
              org.assertj.core.groups.Tuple.tuple(0.9, 1.0));
      // ECE = (|1.0 - 1| + |0.5 - 0|) / 2
      assertThat(value(r, "ece")).isEqualTo(0.25);
    }
  }

  @Nested
  @DisplayName("sample weights")
  class Weights {
    @Test
    @DisplayName("every metric is the weighted version scikit-learn computes")
    void weighted() {
      // rows: (label, score, pred, weight) = (1, .8, 1, 2), (0, .5, 0, 1), (1, .4, 0, .5)
      BinaryOutcomes d =
          BinaryOutcomes.of(new int[] {1, 0, 1}, new double[] {.8, .5, .4}, new int[] {1, 0, 0})
              .withWeights(new double[] {2, 1, .5});
      BinaryClassificationResult r = EVAL.evaluate(d, IntervalSpec.none());
      // W = 3.5; correct weight = 2 + 1 = 3
      assertThat(value(r, "accuracy")).isCloseTo(3 / 3.5, within(1e-15));
      // tp 2, fp 0, fn .5
      assertThat(value(r, "precision")).isEqualTo(1.0);
      assertThat(value(r, "recall")).isCloseTo(2 / 2.5, within(1e-15));
      // AUC: pos .8 (w 2) beats neg .5 (w 1): 2; pos .4 loses: 0; / (2.5 * 1)
      assertThat(value(r, "roc_auc")).isCloseTo(0.8, within(1e-15));
      // Brier: (2 * .2^2 + 1 * .5^2 + .5 * .6^2) / 3.5 = (.08 + .25 + .18) / 3.5
      assertThat(value(r, "brier_score_loss")).isCloseTo(0.51 / 3.5, within(1e-15));
      // AP: >= .8: tp 2 fp 0, dR = 2/2.5, P 1; >= .5: dR 0; >= .4: tp 2.5 fp 1, dR .5/2.5, P
      // 2.5/3.5
      assertThat(value(r, "average_precision")).isCloseTo(0.8 + 0.2 * 2.5 / 3.5, within(1e-15));
      assertThat(r.weightedConfusionMatrix()).isEqualTo(new WeightedConfusionMatrix(1, 0, 0.5, 2));
      assertThat(r.confusionMatrix()).isEqualTo(new ConfusionMatrix(1, 0, 1, 1));
    }
  }

  @Nested
  @DisplayName("intervals")
  class Intervals {
    @Test
    @DisplayName("accuracy, precision and recall get Wilson intervals over n, TP + FP and TP + FN")
    void wilson() {
      BinaryClassificationResult r =
          EVAL.evaluate(BinaryOutcomes.of(LABELS, SCORES, PREDS), IntervalSpec.defaults());
      // Wilson for 4 of 6 at z = 1.959963984540054:
      // center = (p + z^2/2n) / (1 + z^2/n), half = z / (1 + z^2/n) sqrt(p(1-p)/n + z^2/4n^2)
      double z = 1.959963984540054;
      double p = 4.0 / 6;
      double n = 6;
      double c = (p + z * z / (2 * n)) / (1 + z * z / n);
      double h = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
      Interval acc = r.metric("accuracy").orElseThrow().interval().orElseThrow();
      assertThat(acc.method()).isEqualTo("wilson");
      assertThat(acc.low()).isCloseTo(c - h, within(1e-12));
      assertThat(acc.high()).isCloseTo(c + h, within(1e-12));
      // precision: 2 of 3
      p = 2.0 / 3;
      n = 3;
      c = (p + z * z / (2 * n)) / (1 + z * z / n);
      h = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n));
      Interval prec = r.metric("precision").orElseThrow().interval().orElseThrow();
      assertThat(prec.low()).isCloseTo(c - h, within(1e-12));
      assertThat(prec.high()).isCloseTo(c + h, within(1e-12));
    }

    @Test
    @DisplayName(
        "the bootstrap reports its seed and names its method; every interval holds its point")
    void bootstrap() {
      BinaryClassificationResult r =
          EVAL.evaluate(
              BinaryOutcomes.of(LABELS, SCORES, PREDS), IntervalSpec.defaults().withSeed(7));
      assertThat(r.seed()).hasValue(7);
      for (String m : List.of("f1", "average_precision", "log_loss", "brier_score_loss", "ece")) {
        MetricValue v = r.metric(m).orElseThrow();
        assertThat(v.interval().orElseThrow().method()).as(m).isEqualTo("stratified_bootstrap");
        assertThat(v.interval().orElseThrow().contains(v.value().orElseThrow())).as(m).isTrue();
      }
      assertThat(r.metric("roc_auc").orElseThrow().interval().orElseThrow().method())
          .isEqualTo("delong");
      assertThat(
              EVAL.evaluate(BinaryOutcomes.of(LABELS, SCORES, PREDS), IntervalSpec.none()).seed())
          .isEmpty();
    }

    @Test
    @DisplayName("a Bonferroni level widens every interval")
    void level() {
      BinaryOutcomes d = BinaryOutcomes.of(LABELS, SCORES, PREDS);
      BinaryClassificationResult a = EVAL.evaluate(d, IntervalSpec.defaults());
      BinaryClassificationResult b =
          EVAL.evaluate(d, IntervalSpec.defaults().withLevel(1 - 0.05 / 10));
      for (String m : List.of("accuracy", "recall", "roc_auc", "log_loss")) {
        Interval ia = a.metric(m).orElseThrow().interval().orElseThrow();
        Interval ib = b.metric(m).orElseThrow().interval().orElseThrow();
        assertThat(ib.width()).as(m).isGreaterThan(ia.width());
        assertThat(ib.level()).isEqualTo(0.995);
      }
    }

    @Test
    @DisplayName(
        "the ROC AUC interval may come from the same stratified bootstrap instead of DeLong")
    void aucBootstrap() {
      BinaryClassificationEvaluator e =
          BinaryClassificationEvaluator.builder()
              .aucInterval(AucIntervalMethod.STRATIFIED_BOOTSTRAP)
              .fixedClassCounts(true)
              .build();
      BinaryClassificationResult r =
          e.evaluate(BinaryOutcomes.of(LABELS, SCORES, PREDS), IntervalSpec.defaults());
      assertThat(r.metric("roc_auc").orElseThrow().interval().orElseThrow().method())
          .isEqualTo("stratified_bootstrap");
    }
  }
}
