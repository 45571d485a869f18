package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("DeLong's AUC variance and paired test")
class DeLongTest {
  static final double Z95 = 1.959963984540054;

  static double expit(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Nested
  @DisplayName("one AUC")
  class OneAuc {
    @Test
    @DisplayName("a hand-computed four-row case: AUC 3/4, variance 1/8, logit interval")
    void handCase() {
      // positives 0.9, 0.6; negatives 0.7, 0.2
      // pairs: 0.9 > 0.7, 0.9 > 0.2, 0.6 < 0.7, 0.6 > 0.2 -> AUC = 3/4
      // placements V10: 0.9 -> 2/2 = 1, 0.6 -> 1/2; V01: 0.7 -> 1/2 (of positives above), 0.2 -> 1
      // S10 = var([1, .5], ddof 1) = .125; S01 = .125; Var = .125/2 + .125/2 = .125
      BinaryOutcomes d =
          BinaryOutcomes.of(
              new int[] {1, 1, 0, 0}, new double[] {.9, .6, .7, .2}, new int[] {1, 1, 1, 0});
      BinaryFrame f = BinaryFrame.all(d, 10);
      BinaryStats s = new BinaryStats(f).compute(f.mult);
      assertThat(s.auc()).isEqualTo(0.75);
      assertThat(s.delongVariance()).isCloseTo(0.125, within(1e-15));
      // logit(3/4) = ln 3; se on the logit scale = sqrt(.125) / (3/4 * 1/4)
      double se = Math.sqrt(0.125) / (0.75 * 0.25);
      Interval ci = DeLong.aucInterval(d, new int[] {0, 1, 2, 3}, 0.95);
      assertThat(ci.method()).isEqualTo("delong");
      assertThat(ci.low()).isCloseTo(expit(Math.log(3) - Z95 * se), within(1e-12));
      assertThat(ci.high()).isCloseTo(expit(Math.log(3) + Z95 * se), within(1e-12));
    }

    @Test
    @DisplayName(
        "AUC equals Mann-Whitney U / (n1 n0), and the variance equals the brute-force DeLong definition")
    void mannWhitneyAndDefinition() {
      SplittableRandom rng = new SplittableRandom(11);
      int n = 300;
      int[] y = new int[n];
      double[] s = new double[n];
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = rng.nextDouble() < 0.4 ? 1 : 0;
        s[i] = Math.round(rng.nextDouble() * 50) / 50.0; // a coarse grid: many ties
        if (y[i] == 1) {
          s[i] = Math.min(1, s[i] + 0.1);
        }
      }
      BinaryOutcomes d = BinaryOutcomes.of(y, s, p);
      BinaryFrame f = BinaryFrame.all(d, 10);
      BinaryStats st = new BinaryStats(f).compute(f.mult);
      // brute force: psi over all pairs, placements by definition
      int n1 = 0;
      for (int v : y) {
        n1 += v;
      }
      int n0 = n - n1;
      double u = 0;
      double[] v10 = new double[n];
      double[] v01 = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (y[i] == 1 && y[j] == 0) {
            double psi = s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
            u += psi;
            v10[i] += psi / n0;
            v01[j] += psi / n1;
          }
        }
      }
      double auc = u / ((double) n1 * n0);
      double s10 = 0;
      double s01 = 0;
      for (int i = 0; i < n; i++) {
        if (y[i] == 1) {
          s10 += (v10[i] - auc) * (v10[i] - auc);
        } else {
          s01 += (v01[i] - auc) * (v01[i] - auc);
        }
      }
      double var = s10 / (n1 - 1) / n1 + s01 / (n0 - 1) / n0;
      assertThat(st.auc()).isCloseTo(auc, within(1e-14));
      assertThat(st.delongVariance()).isCloseTo(var, within(1e-15));
    }

    @Test
    @DisplayName("at AUC = 1 the interval falls back to a conservative Wilson bound on min(n1, n0)")
    void boundary() {
      BinaryOutcomes d =
          BinaryOutcomes.of(
              new int[] {1, 1, 1, 0, 0}, new double[] {.9, .8, .7, .2, .1}, new int[5]);
      Interval ci = DeLong.aucInterval(d, new int[] {0, 1, 2, 3, 4}, 0.95);
      // Wilson with 2 of 2: low = n / (n + z^2) = 2 / (2 + 3.8415)
      assertThat(ci.method()).isEqualTo("wilson");
      assertThat(ci.high()).isEqualTo(1.0);
      assertThat(ci.low()).isCloseTo(2 / (2 + Z95 * Z95), within(1e-12));
    }

    @Test
    @DisplayName("one class is rejected with a message naming the counts")
    void oneClass() {
      BinaryOutcomes d = BinaryOutcomes.of(new int[] {1, 1}, new double[] {.9, .8}, new int[2]);
      assertThatThrownBy(() -> DeLong.aucInterval(d, new int[] {0, 1}, 0.95))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("only one class")
          .hasMessageContaining("2 positive");
    }
  }

  @Nested
  @DisplayName("two correlated AUCs")
  class Paired {
    @Test
    @DisplayName("identical scores: difference 0, variance 0, z 0 and p = 1")
    void identical() {
      int[] y = {1, 0, 1, 0, 1, 0};
      double[] s = {.9, .8, .7, .7, .4, .2};
      PairedAucTest t = DeLong.compare(y, s, s.clone(), 0.95);
      assertThat(t.difference()).isEqualTo(0.0);
      assertThat(t.variance()).isEqualTo(0.0);
      assertThat(t.pValue()).hasValue(1.0);
      assertThat(t.z()).hasValue(0.0);
      assertThat(t.note()).isPresent();
    }

    @Test
    @DisplayName("a strictly increasing transform of the scores gives the same: p = 1")
    void monotone() {
      int[] y = {1, 0, 1, 0, 1, 0};
      double[] s = {.9, .8, .7, .7, .4, .2};
      double[] t = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        t[i] = Math.exp(3 * s[i]) - 7;
      }
      assertThat(DeLong.compare(y, s, t, 0.95).pValue()).hasValue(1.0);
    }

    @Test
    @DisplayName("the variance of the difference equals the brute-force covariance definition")
    void definition() {
      SplittableRandom rng = new SplittableRandom(5);
      int n = 200;
      int[] y = new int[n];
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
        double latent = rng.nextGaussian() + y[i];
        a[i] = latent + 0.5 * rng.nextGaussian();
        b[i] = Math.round((latent + rng.nextGaussian()) * 4) / 4.0; // ties
      }
      int n1 = 0;
      for (int v : y) {
        n1 += v;
      }
      int n0 = n - n1;
      double[][] v10 = new double[2][n];
      double[][] v01 = new double[2][n];
      double[] auc = new double[2];
      double[][] sc = {a, b};
      for (int m = 0; m < 2; m++) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            if (y[i] == 1 && y[j] == 0) {
              double psi = sc[m][i] > sc[m][j] ? 1 : sc[m][i] == sc[m][j] ? 0.5 : 0;
              auc[m] += psi / ((double) n1 * n0);
              v10[m][i] += psi / n0;
              v01[m][j] += psi / n1;
            }
          }
        }
      }
      double[][] s10 = new double[2][2];
      double[][] s01 = new double[2][2];
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < 2; p++) {
          for (int q = 0; q < 2; q++) {
            if (y[i] == 1) {
              s10[p][q] += (v10[p][i] - auc[p]) * (v10[q][i] - auc[q]) / (n1 - 1);
            } else {
              s01[p][q] += (v01[p][i] - auc[p]) * (v01[q][i] - auc[q]) / (n0 - 1);
            }
          }
        }
      }
      double var =
          (s10[0][0] + s10[1][1] - 2 * s10[0][1]) / n1
              + (s01[0][0] + s01[1][1] - 2 * s01[0][1]) / n0;
      PairedAucTest t = DeLong.compare(y, a, b, 0.95);
      assertThat(t.aucA()).isCloseTo(auc[0], within(1e-13));
      assertThat(t.aucB()).isCloseTo(auc[1], within(1e-13));
      assertThat(t.variance()).isCloseTo(var, within(1e-15));
      double z = (auc[0] - auc[1]) / Math.sqrt(var);
      assertThat(t.z().getAsDouble()).isCloseTo(z, within(1e-9));
      // two-sided p from the normal tail, via erfc: p = erfc(|z| / sqrt 2)
      assertThat(t.pValue().getAsDouble())
          .isCloseTo(
              org.apache.commons.numbers.gamma.Erfc.value(Math.abs(z) / Math.sqrt(2)),
              within(1e-12));
      Interval ci = t.interval().orElseThrow();
      assertThat(ci.low()).isCloseTo(t.difference() - Z95 * Math.sqrt(var), within(1e-12));
    }

    @Test
    @DisplayName("bad input is rejected naming the array and row")
    void badInput() {
      assertThatThrownBy(
              () -> DeLong.compare(new int[] {1, 0, 2, 0, 1}, new double[5], new double[5], .95))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("labels row 2");
      assertThatThrownBy(
              () ->
                  DeLong.compare(
                      new int[] {1, 0, 1, 0},
                      new double[] {0, Double.NaN, 0, 0},
                      new double[4],
                      .95))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("scoresA row 1");
      assertThatThrownBy(
              () -> DeLong.compare(new int[] {1, 0, 0}, new double[3], new double[3], .95))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at least two rows of each class");
      assertThatThrownBy(() -> DeLong.compare(new int[] {1, 0}, new double[2], new double[3], .95))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("scoresB has 3 rows but labels has 2");
    }
  }
}
