package dev.mlops.validation.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.validation.metrics.Interval;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6's check: on seeded, calibrated simulated scores, per window of 1,000 rows, the estimated
 * accuracy and ROC AUC lie within their 95 % interval of the realised value in at least 90 % of 500
 * windows.
 */
@DisplayName("CBPE coverage on calibrated simulated windows")
class CbpeCoverageTest {

  private static final Logger LOG = LoggerFactory.getLogger(CbpeCoverageTest.class);

  /** AUC by counting pairs: independent of the estimator's rank arithmetic. */
  static double pairAuc(double[] s, int[] y) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < s.length; i++) {
      if (y[i] != 1) {
        continue;
      }
      for (int j = 0; j < s.length; j++) {
        if (y[j] == 0) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }

  @Test
  @DisplayName("estimated accuracy and ROC AUC cover the realised values in >= 90 % of 500 windows")
  void coverage() {
    SplittableRandom rnd = new SplittableRandom(2026);
    double[] refP = CbpeEstimatorTest.calibrated(rnd, 5000);
    int[] refY = CbpeEstimatorTest.draw(rnd, refP);
    CbpeEstimator est = CbpeEstimator.builder().reference(refP, refY).build();
    int windows = 500;
    int accCovered = 0;
    int aucCovered = 0;
    for (int w = 0; w < windows; w++) {
      double[] p = CbpeEstimatorTest.calibrated(rnd, 1000);
      int[] y = CbpeEstimatorTest.draw(rnd, p);
      LabelFreeEstimate e = est.estimate(p);
      assertThat(e.assumptionHolds()).isTrue();
      int correct = 0;
      for (int i = 0; i < p.length; i++) {
        correct += ((p[i] >= 0.5 ? 1 : 0) == y[i]) ? 1 : 0;
      }
      double accuracy = correct / 1000.0;
      double auc = pairAuc(p, y);
      Interval ia = CbpeEstimatorTest.interval(e, "accuracy");
      Interval iu = CbpeEstimatorTest.interval(e, "roc_auc");
      accCovered += accuracy >= ia.low() && accuracy <= ia.high() ? 1 : 0;
      aucCovered += auc >= iu.low() && auc <= iu.high() ? 1 : 0;
    }
    LOG.info(
        "CBPE coverage over {} windows: accuracy {}, roc_auc {}", windows, accCovered, aucCovered);
    assertThat(accCovered).isGreaterThanOrEqualTo(450);
    assertThat(aucCovered).isGreaterThanOrEqualTo(450);
  }

  @Test
  @DisplayName(
      "the calibration check warns on <= 7 % of calibrated and >= 90 % of over-confident references")
  void calibrationCheckRates() {
    SplittableRandom rnd = new SplittableRandom(77);
    int trials = 400;
    int falseAlarms = 0;
    int detections = 0;
    for (int t = 0; t < trials; t++) {
      double[] p = CbpeEstimatorTest.calibrated(rnd, 2000);
      int[] y = CbpeEstimatorTest.draw(rnd, p);
      falseAlarms += CalibrationCheck.of(p, y, 0.05).assumptionHolds() ? 0 : 1;
      double[] q = new double[p.length];
      for (int i = 0; i < p.length; i++) {
        // logit scaled by 1.5: mildly over-confident
        q[i] = 1 / (1 + Math.exp(-1.5 * Math.log(p[i] / (1 - p[i]))));
      }
      detections += CalibrationCheck.of(q, y, 0.05).assumptionHolds() ? 0 : 1;
    }
    LOG.info(
        "calibration check over {} references of 2,000 rows: false alarms {}, detections {}",
        trials,
        falseAlarms,
        detections);
    assertThat(falseAlarms / (double) trials).isLessThanOrEqualTo(0.07);
    assertThat(detections / (double) trials).isGreaterThanOrEqualTo(0.9);
  }
}
