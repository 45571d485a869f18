package dev.mlops.validation.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("metric-history anomaly strategies")
class AnomalyStrategyTest {

  @Nested
  @DisplayName("absolute change")
  class Absolute {
    @Test
    @DisplayName("the last value 12 with changes in [-2, 2] accepts [10, 14], bounds inclusive")
    void bounds() {
      AnomalyStrategy s = AnomalyStrategy.absoluteChange(-2, 2);
      AnomalyResult r = s.check(new double[] {10, 12}, 15);
      assertThat(r.lower()).isEqualTo(10.0);
      assertThat(r.upper()).isEqualTo(14.0);
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.anomalous()).isTrue();
      assertThat(s.check(new double[] {10, 12}, 14).verdict()).isEqualTo(Verdict.PASS);
      assertThat(s.check(new double[] {10, 12}, 10).verdict()).isEqualTo(Verdict.PASS);
      assertThat(s.check(new double[] {10, 12}, 9.5).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("NaN history entries are skipped; no history or a NaN value is inconclusive")
    void missing() {
      AnomalyStrategy s = AnomalyStrategy.absoluteChange(-1, 1);
      assertThat(s.check(new double[] {5, Double.NaN}, 5.5).verdict()).isEqualTo(Verdict.PASS);
      assertThat(s.check(new double[0], 1).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(s.check(new double[] {1}, Double.NaN).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  @Nested
  @DisplayName("relative change")
  class Relative {
    @Test
    @DisplayName("the last value 100 with ratios in [0.8, 1.2] accepts [80, 120]")
    void bounds() {
      AnomalyStrategy s = AnomalyStrategy.relativeChange(0.8, 1.2);
      AnomalyResult r = s.check(new double[] {50, 100}, 130);
      assertThat(r.lower()).isCloseTo(80.0, within(1e-12));
      assertThat(r.upper()).isCloseTo(120.0, within(1e-12));
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(s.check(new double[] {100}, 90).verdict()).isEqualTo(Verdict.PASS);
      assertThat(s.check(new double[] {100}, 79).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("a previous value of 0 is inconclusive; a negative one keeps lower <= upper")
    void zeroAndNegative() {
      AnomalyStrategy s = AnomalyStrategy.relativeChange(0.5, 2);
      assertThat(s.check(new double[] {0}, 1).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      AnomalyResult r = s.check(new double[] {-10}, -15);
      assertThat(r.lower()).isEqualTo(-20.0);
      assertThat(r.upper()).isEqualTo(-5.0);
      assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    @DisplayName("ratio bounds on the wrong side of 1 are rejected")
    void rejected() {
      assertThatThrownBy(() -> AnomalyStrategy.relativeChange(1.5, 2))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AnomalyStrategy.absoluteChange(1, 2))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("online normal")
  class Normal {
    // {2, 4, 4, 4, 5, 5, 7, 9}: mean 5, sum of squared deviations 32, population sigma 2
    private final double[] history = {2, 4, 4, 4, 5, 5, 7, 9};

    @Test
    @DisplayName("mean 5 and population sigma 2 give [3, 7] at k = 1 and [-1, 11] at k = 3")
    void bounds() {
      AnomalyResult one = AnomalyStrategy.onlineNormal(1, 1).check(history, 7);
      assertThat(one.lower()).isCloseTo(3.0, within(1e-12));
      assertThat(one.upper()).isCloseTo(7.0, within(1e-12));
      assertThat(one.verdict()).isEqualTo(Verdict.PASS);
      assertThat(AnomalyStrategy.onlineNormal(1, 1).check(history, 7.5).verdict())
          .isEqualTo(Verdict.FAIL);
      assertThat(AnomalyStrategy.onlineNormal(1, 1).check(history, 2.9).verdict())
          .isEqualTo(Verdict.FAIL);
      AnomalyResult three = AnomalyStrategy.onlineNormal(3, 3).check(history, 10.9);
      assertThat(three.lower()).isCloseTo(-1.0, within(1e-12));
      assertThat(three.upper()).isCloseTo(11.0, within(1e-12));
      assertThat(three.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    @DisplayName("asymmetric factors: k = 0 below, 0.5 above gives [5, 6]")
    void asymmetric() {
      AnomalyResult r = AnomalyStrategy.onlineNormal(0, 0.5).check(history, 4.99);
      assertThat(r.lower()).isCloseTo(5.0, within(1e-12));
      assertThat(r.upper()).isCloseTo(6.0, within(1e-12));
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("Welford keeps sigma 2 for the same history shifted by 1e9")
    void stable() {
      double[] shifted = new double[history.length];
      for (int i = 0; i < shifted.length; i++) {
        shifted[i] = history[i] + 1e9;
      }
      AnomalyResult r = AnomalyStrategy.onlineNormal(1, 1).check(shifted, 1e9 + 5);
      assertThat(r.upper() - 1e9).isCloseTo(7.0, within(1e-6));
      assertThat(r.lower() - 1e9).isCloseTo(3.0, within(1e-6));
    }

    @Test
    @DisplayName("fewer than 2 history values is inconclusive")
    void shortHistory() {
      AnomalyResult r = AnomalyStrategy.onlineNormal(3, 3).check(new double[] {1, Double.NaN}, 1);
      assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(r.detail()).contains("1 values");
    }
  }
}
