package dev.mlops.validation.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.MetricValue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("CBPE: label-free estimates of a calibrated binary classifier")
class CbpeEstimatorTest {

  static final double[] P = {0.9, 0.8, 0.3, 0.1};

  static double value(LabelFreeEstimate e, String name) {
    return e.metric(name).orElseThrow().value().orElseThrow();
  }

  static Interval interval(LabelFreeEstimate e, String name) {
    return e.metric(name).orElseThrow().interval().orElseThrow();
  }

  /** Simulated calibrated scores: p = sigmoid(-0.5 + 2x), x standard normal. */
  static double[] calibrated(SplittableRandom rnd, int n) {
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      double x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      p[i] = 1 / (1 + Math.exp(-(-0.5 + 2 * x)));
    }
    return p;
  }

  static int[] draw(SplittableRandom rnd, double[] p) {
    int[] y = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      y[i] = rnd.nextDouble() < p[i] ? 1 : 0;
    }
    return y;
  }

  /** Over-confident scores of the same truth: logit multiplied by 3. */
  static double[] overconfident(double[] p) {
    double[] q = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      double logit = Math.log(p[i] / (1 - p[i]));
      q[i] = 1 / (1 + Math.exp(-3 * logit));
    }
    return q;
  }

  @Nested
  @DisplayName("on a hand-computed window of four rows")
  class HandComputed {
    final LabelFreeEstimate e = CbpeEstimator.builder().build().estimate(P);

    @Test
    @DisplayName("the expected confusion matrix sums p and 1 - p by predicted class")
    void confusionMatrix() {
      // predicted positive: 0.9, 0.8; predicted negative: 0.3, 0.1
      ExpectedConfusionMatrix m = e.confusionMatrix();
      assertThat(m.truePositives()).isCloseTo(1.7, within(1e-12));
      assertThat(m.falsePositives()).isCloseTo(0.3, within(1e-12));
      assertThat(m.falseNegatives()).isCloseTo(0.4, within(1e-12));
      assertThat(m.trueNegatives()).isCloseTo(1.6, within(1e-12));
      assertThat(m.total()).isCloseTo(4, within(1e-12));
    }

    @Test
    @DisplayName("accuracy, precision, recall and F1 come from the expected counts")
    void pointEstimates() {
      assertThat(value(e, "accuracy")).isCloseTo(3.3 / 4, within(1e-12));
      assertThat(value(e, "precision")).isCloseTo(1.7 / 2, within(1e-12));
      assertThat(value(e, "recall")).isCloseTo(1.7 / 2.1, within(1e-12));
      assertThat(value(e, "f1")).isCloseTo(3.4 / 4.1, within(1e-12));
    }

    @Test
    @DisplayName(
        "the expected AUC equals the pairwise form sum p_i (1 - p_j) [s_i > s_j] + ties / 2")
    void expectedAuc() {
      // ordered pairs with s_i > s_j: .9*.2 + .9*.7 + .9*.9 + .8*.7 + .8*.9 + .3*.9 = 3.17
      // each row ties with itself: sum p(1 - p) / 2 = .275; divided by sum p * sum (1 - p)
      assertThat(value(e, "roc_auc")).isCloseTo((3.17 + 0.275) / (2.1 * 1.9), within(1e-12));
    }

    @Test
    @DisplayName("the accuracy interval is the estimate ± z sqrt(sum p(1 - p)) / n, clipped")
    void accuracyInterval() {
      Interval i = interval(e, "accuracy");
      double half = 1.959963984540054 * Math.sqrt(0.55) / 4;
      assertThat(i.low()).isCloseTo(0.825 - half, within(1e-9));
      assertThat(i.high()).isEqualTo(1.0);
      assertThat(i.level()).isEqualTo(0.95);
      assertThat(i.method()).isEqualTo("cbpe-bernoulli-analytic");
    }

    @Test
    @DisplayName("without a reference set the estimate warns that calibration was not checked")
    void noReferenceWarns() {
      assertThat(e.assumptionHolds()).isFalse();
      assertThat(e.calibration()).isEmpty();
      assertThat(e.warning()).hasValueSatisfying(w -> assertThat(w).contains("not checked"));
    }

    @Test
    @DisplayName("the same window and seed give the same estimate")
    void deterministic() {
      assertThat(CbpeEstimator.builder().build().estimate(P)).isEqualTo(e);
    }
  }

  @Nested
  @DisplayName("undefined metrics")
  class Undefined {
    @Test
    @DisplayName("precision is undefined, with a reason, when nothing is predicted positive")
    void noPredictedPositive() {
      LabelFreeEstimate e = CbpeEstimator.builder().build().estimate(new double[] {0.1, 0.2});
      MetricValue precision = e.metric("precision").orElseThrow();
      assertThat(precision.value()).isEmpty();
      assertThat(precision.note()).hasValue("no row is predicted positive");
    }

    @Test
    @DisplayName("AUC is undefined when every p is 0")
    void allZero() {
      LabelFreeEstimate e = CbpeEstimator.builder().build().estimate(new double[] {0, 0, 0});
      assertThat(e.metric("roc_auc").orElseThrow().value()).isEmpty();
      assertThat(e.metric("recall").orElseThrow().value()).isEmpty();
      assertThat(value(e, "accuracy")).isEqualTo(1.0);
    }
  }

  @Nested
  @DisplayName("the calibration check on the reference")
  class Calibration {
    @Test
    @DisplayName("passes on calibrated simulated scores")
    void calibratedPasses() {
      SplittableRandom rnd = new SplittableRandom(11);
      double[] p = calibrated(rnd, 5000);
      int[] y = draw(rnd, p);
      CbpeEstimator est = CbpeEstimator.builder().reference(p, y).build();
      CalibrationCheck c = est.calibration().orElseThrow();
      assertThat(c.assumptionHolds()).isTrue();
      assertThat(c.warning()).isEmpty();
      assertThat(c.hosmerLemeshowPValue()).isGreaterThan(0.025);
      assertThat(est.estimate(p).assumptionHolds()).isTrue();
    }

    @Test
    @DisplayName("warns on over-confident scores, in the check and in every estimate")
    void miscalibratedWarns() {
      SplittableRandom rnd = new SplittableRandom(12);
      double[] truth = calibrated(rnd, 5000);
      int[] y = draw(rnd, truth);
      double[] scores = overconfident(truth);
      CbpeEstimator est = CbpeEstimator.builder().reference(scores, y).build();
      assertThat(est.calibration().orElseThrow().assumptionHolds()).isFalse();
      LabelFreeEstimate e = est.estimate(overconfident(calibrated(rnd, 1000)));
      assertThat(e.assumptionHolds()).isFalse();
      assertThat(e.warning())
          .hasValueSatisfying(w -> assertThat(w).contains("not calibrated", "Hosmer-Lemeshow"));
    }

    @Test
    @DisplayName("a hand-computed Spiegelhalter z")
    void spiegelhalter() {
      // 100 rows: 50 at p = 0.2 with 10 events, 50 at p = 0.9 with 50 events
      double[] p = new double[100];
      int[] y = new int[100];
      for (int i = 0; i < 50; i++) {
        p[i] = 0.2;
        y[i] = i < 10 ? 1 : 0;
        p[50 + i] = 0.9;
        y[50 + i] = 1;
      }
      CalibrationCheck c = CalibrationCheck.of(p, y, 0.05);
      // numerator: at 0.2, sum (y - p) = 10 - 10 = 0; at 0.9: (1 - .9) * (1 - 1.8) * 50 = -4
      // variance: 50 * .36 * .16 + 50 * .64 * .09 = 2.88 + 2.88 = 5.76
      assertThat(c.spiegelhalterZ()).isCloseTo(-4 / 2.4, within(1e-12));
    }

    @Test
    @DisplayName("a reference below 100 rows cannot support the check and says so")
    void tooSmall() {
      CalibrationCheck c = CalibrationCheck.of(new double[] {0.5, 0.5}, new int[] {0, 1}, 0.05);
      assertThat(c.assumptionHolds()).isFalse();
      assertThat(c.warning()).hasValueSatisfying(w -> assertThat(w).contains("100"));
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("mismatched lengths name both arrays")
    void lengths() {
      assertThatThrownBy(() -> CbpeEstimator.builder().build().estimate(P, new int[] {1}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("probabilities has 4 rows but predictions has 1");
    }

    @Test
    @DisplayName("a probability outside [0, 1] is named by index")
    void probability() {
      assertThatThrownBy(() -> CbpeEstimator.builder().build().estimate(new double[] {0.2, 1.5}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("probabilities[1] is 1.5");
    }

    @Test
    @DisplayName("a label other than 0 or 1 in the reference is named by index")
    void label() {
      assertThatThrownBy(() -> CbpeEstimator.builder().reference(P, new int[] {0, 1, 2, 0}).build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("labels[2] is 2");
    }

    @Test
    @DisplayName("an option set twice is refused")
    void twice() {
      assertThatThrownBy(() -> CbpeEstimator.builder().seed(1).seed(2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("seed");
    }
  }
}
