package dev.mlops.validation.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.RegressionOutcomes;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("champion versus challenger on the same rows")
class ModelComparisonTest {

  /**
   * Rows where both models are right e times, only the challenger f times, only the champion g
   * times, both wrong h times; every label is 1, scores equal predictions.
   */
  static ModelComparison table(int e, int f, int g, int h) {
    int n = e + f + g + h;
    int[] labels = new int[n];
    int[] champion = new int[n];
    int[] challenger = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = 1;
      champion[i] = i < e || (i >= e + f && i < e + f + g) ? 1 : 0;
      challenger[i] = i < e + f ? 1 : 0;
    }
    return ModelComparison.binary(
        BinaryOutcomes.of(labels, toDouble(champion), champion),
        BinaryOutcomes.of(labels, toDouble(challenger), challenger));
  }

  static double[] toDouble(int[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  static int[] threshold(double[] s) {
    int[] p = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      p[i] = s[i] >= 0.5 ? 1 : 0;
    }
    return p;
  }

  @Nested
  @DisplayName("McNemar for accuracy")
  class McNemarAccuracy {
    @Test
    @DisplayName("e=10 f=15 g=5 h=20: difference 0.2, exact p = 2 P(Bin(20, 1/2) <= 5)")
    void exact() {
      PairedComparison c = table(10, 15, 5, 20).compare("accuracy", 0.05, IntervalSpec.defaults());
      assertThat(c.method()).isEqualTo("mcnemar_exact");
      assertThat(c.champion()).isCloseTo(15.0 / 50, within(1e-15));
      assertThat(c.challenger()).isCloseTo(25.0 / 50, within(1e-15));
      assertThat(c.difference()).isCloseTo(0.2, within(1e-15));
      // 2 * (1 + 20 + 190 + 1140 + 4845 + 15504) / 2^20
      assertThat(c.pValue().getAsDouble()).isCloseTo(43400.0 / 1048576, within(1e-12));
    }

    @Test
    @DisplayName("Newcombe's interval matches an independent implementation (biostatUZH)")
    void newcombe() {
      // confIntPairedProportion(matrix(c(10, 15, 5, 20), 2, byrow = TRUE)) from the R package
      // biostatUZH (Newcombe 1998 with Altman's continuity-corrected phi), ported to Python
      Interval i =
          table(10, 15, 5, 20).mcnemar(0.05, IntervalSpec.defaults()).interval().orElseThrow();
      assertThat(i.low()).isCloseTo(0.025838416549251064, within(1e-12));
      assertThat(i.high()).isCloseTo(0.3569365716591925, within(1e-12));
      assertThat(i.method()).isEqualTo("newcombe_paired");
    }

    @Test
    @DisplayName("25 or more discordant pairs use chi-squared with continuity correction")
    void chiSquared() {
      PairedComparison c = table(20, 30, 10, 40).mcnemar(0.0, IntervalSpec.defaults());
      assertThat(c.method()).isEqualTo("mcnemar_chi2");
      // (|30 - 10| - 1)^2 / 40 = 9.025 on 1 df: p = erfc(sqrt(9.025 / 2))
      assertThat(c.pValue().getAsDouble()).isCloseTo(0.002663119259138554, within(1e-12));
    }

    @Test
    @DisplayName("no discordant pair gives difference 0, interval [0, 0], p = 1 and a note")
    void identical() {
      PairedComparison c = table(30, 0, 0, 20).mcnemar(1e-9, IntervalSpec.defaults());
      assertThat(c.difference()).isZero();
      assertThat(c.interval().orElseThrow().low()).isZero();
      assertThat(c.interval().orElseThrow().high()).isZero();
      assertThat(c.pValue()).hasValue(1.0);
      assertThat(c.verdict()).isEqualTo(Verdict.PASS);
      assertThat(c.note()).hasValueSatisfying(n -> assertThat(n).contains("no discordant pair"));
    }
  }

  @Nested
  @DisplayName("DeLong for ROC AUC")
  class DeLongAuc {
    final int[] labels = {1, 1, 1, 1, 0, 0, 0, 0, 0};
    final double[] challenger = {0.9, 0.8, 0.55, 0.3, 0.6, 0.4, 0.35, 0.2, 0.1};
    final double[] champion = {0.7, 0.25, 0.4, 0.45, 0.5, 0.3, 0.6, 0.15, 0.2};

    @Test
    @DisplayName("AUCs, variance-based interval and p-value equal a hand implementation of DeLong")
    void handComputed() {
      ModelComparison cmp =
          ModelComparison.binary(
              BinaryOutcomes.of(labels, champion, threshold(champion)),
              BinaryOutcomes.of(labels, challenger, threshold(challenger)));
      PairedComparison c = cmp.compare("roc_auc", 0.05, IntervalSpec.defaults());
      // structural components (DeLong 1988) computed separately in Python: AUCs 16/20 and 13/20,
      // var(diff) = 0.0391666..., z = 0.75794, p = 0.44849
      assertThat(c.method()).isEqualTo("delong");
      assertThat(c.challenger()).isCloseTo(0.8, within(1e-12));
      assertThat(c.champion()).isCloseTo(0.65, within(1e-12));
      assertThat(c.difference()).isCloseTo(0.15, within(1e-12));
      assertThat(c.pValue().getAsDouble()).isCloseTo(0.4484888610315321, within(1e-9));
      Interval i = c.interval().orElseThrow();
      assertThat(i.low()).isCloseTo(-0.23788804717837508, within(1e-9));
      assertThat(i.high()).isCloseTo(0.5378880471783749, within(1e-9));
      assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(c.oneSidedLevel()).isEqualTo(0.975);
    }
  }

  @Nested
  @DisplayName("the non-inferiority verdict")
  class Verdicts {
    Optional<Interval> ci(double low, double high) {
      return Optional.of(new Interval(low, high, 0.95, "x"));
    }

    @Test
    @DisplayName("higher is better: PASS above -delta, FAIL wholly below, INCONCLUSIVE across")
    void higherIsBetter() {
      assertThat(PairedComparison.decide(ci(-0.005, 0.03), true, 0.01)).isEqualTo(Verdict.PASS);
      assertThat(PairedComparison.decide(ci(-0.05, -0.02), true, 0.01)).isEqualTo(Verdict.FAIL);
      assertThat(PairedComparison.decide(ci(-0.02, 0.01), true, 0.01))
          .isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(PairedComparison.decide(ci(-0.01, 0.01), true, 0.01))
          .as("a bound exactly at -delta does not clear it")
          .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    @DisplayName("lower is better: an increase of the loss is the unfavourable direction")
    void lowerIsBetter() {
      assertThat(PairedComparison.decide(ci(-0.03, 0.005), false, 0.01)).isEqualTo(Verdict.PASS);
      assertThat(PairedComparison.decide(ci(0.02, 0.05), false, 0.01)).isEqualTo(Verdict.FAIL);
      assertThat(PairedComparison.decide(ci(-0.01, 0.02), false, 0.01))
          .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    @DisplayName("no interval is INCONCLUSIVE")
    void noInterval() {
      assertThat(PairedComparison.decide(Optional.empty(), true, 0.01))
          .isEqualTo(Verdict.INCONCLUSIVE);
    }
  }

  @Nested
  @DisplayName("the paired bootstrap")
  class Bootstrap {
    @Test
    @DisplayName("a clearly better challenger passes on F1, and the seed makes it repeatable")
    void betterChallenger() {
      SplittableRandom rnd = new SplittableRandom(3);
      int n = 400;
      int[] labels = new int[n];
      double[] good = new double[n];
      double[] bad = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = rnd.nextInt(2);
        good[i] = Math.min(1, Math.max(0, labels[i] * 0.6 + 0.2 + 0.3 * (rnd.nextDouble() - 0.5)));
        bad[i] = rnd.nextDouble();
      }
      ModelComparison cmp =
          ModelComparison.binary(
              BinaryOutcomes.of(labels, bad, threshold(bad)),
              BinaryOutcomes.of(labels, good, threshold(good)));
      IntervalSpec spec = IntervalSpec.defaults().withResamples(300);
      PairedComparison c = cmp.compare("f1", 0.0, spec);
      assertThat(c.method()).isEqualTo("paired_bootstrap");
      assertThat(c.interval().orElseThrow().method()).isEqualTo("paired_stratified_bootstrap");
      assertThat(c.difference()).isPositive();
      assertThat(c.interval().orElseThrow().low()).isPositive();
      assertThat(c.verdict()).isEqualTo(Verdict.PASS);
      assertThat(c.pValue()).isEmpty();
      assertThat(cmp.compare("f1", 0.0, spec)).isEqualTo(c);
      // the reversed comparison fails: the old model is far worse than the new one
      ModelComparison reversed =
          ModelComparison.binary(
              BinaryOutcomes.of(labels, good, threshold(good)),
              BinaryOutcomes.of(labels, bad, threshold(bad)));
      assertThat(reversed.compare("f1", 0.05, spec).verdict()).isEqualTo(Verdict.FAIL);
      assertThat(reversed.compare("log_loss", 0.05, spec).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("regression: a perfect challenger is not worse on MAE (lower is better)")
    void regression() {
      double[] target = new double[100];
      double[] noisy = new double[100];
      SplittableRandom rnd = new SplittableRandom(5);
      for (int i = 0; i < 100; i++) {
        target[i] = i;
        noisy[i] = i + rnd.nextDouble() * 4 - 2;
      }
      ModelComparison cmp =
          ModelComparison.regression(
              RegressionOutcomes.of(target, noisy), RegressionOutcomes.of(target, target));
      PairedComparison c = cmp.compare("mae", 0.0, IntervalSpec.defaults().withResamples(200));
      assertThat(c.higherIsBetter()).isFalse();
      assertThat(c.challenger()).isZero();
      assertThat(c.difference()).isNegative();
      assertThat(c.verdict()).isEqualTo(Verdict.PASS);
      assertThat(c.interval().orElseThrow().method()).isEqualTo("paired_bootstrap");
    }
  }

  @Nested
  @DisplayName("sample weights")
  class Weights {
    final int[] labels = {1, 1, 1, 0, 0, 0};
    final double[] scores = {0.9, 0.6, 0.4, 0.5, 0.2, 0.1};
    final int[] predictions = {1, 1, 0, 1, 0, 0};
    final double[] weights = {1, 2, 1, 1, 3, 1};

    @Test
    @DisplayName(
        "weighted outcomes are compared by the paired bootstrap, even for AUC and accuracy")
    void bootstrapOnly() {
      BinaryOutcomes o = BinaryOutcomes.of(labels, scores, predictions).withWeights(weights);
      ModelComparison cmp = ModelComparison.binary(o, o);
      IntervalSpec spec = IntervalSpec.defaults().withResamples(50);
      assertThat(cmp.compare("roc_auc", 0.01, spec).method()).isEqualTo("paired_bootstrap");
      assertThat(cmp.compare("accuracy", 0.01, spec).method()).isEqualTo("paired_bootstrap");
      assertThatThrownBy(() -> cmp.delong(0.01, spec))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("sample weights");
    }

    @Test
    @DisplayName("different weights on one row are refused, naming the row")
    void differentWeights() {
      double[] other = weights.clone();
      other[4] = 1;
      assertThatThrownBy(
              () ->
                  ModelComparison.binary(
                      BinaryOutcomes.of(labels, scores, predictions).withWeights(weights),
                      BinaryOutcomes.of(labels, scores, predictions).withWeights(other)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("row 4");
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    final BinaryOutcomes four =
        BinaryOutcomes.of(
            new int[] {1, 0, 1, 0}, new double[] {.9, .1, .8, .2}, new int[] {1, 0, 1, 0});

    @Test
    @DisplayName("different row counts name both")
    void sizes() {
      BinaryOutcomes three =
          BinaryOutcomes.of(new int[] {1, 0, 1}, new double[] {.9, .1, .8}, new int[] {1, 0, 1});
      assertThatThrownBy(() -> ModelComparison.binary(four, three))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("champion has 4 rows but the challenger has 3");
    }

    @Test
    @DisplayName("a row with different labels is named")
    void labels() {
      BinaryOutcomes other =
          BinaryOutcomes.of(
              new int[] {1, 0, 0, 0}, new double[] {.9, .1, .8, .2}, new int[] {1, 0, 1, 0});
      assertThatThrownBy(() -> ModelComparison.binary(four, other))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("row 2 has label 1 for the champion but 0 for the challenger");
    }

    @Test
    @DisplayName("an unknown metric name is refused with the known names")
    void unknownMetric() {
      ModelComparison cmp = ModelComparison.binary(four, four);
      assertThatThrownBy(() -> cmp.compare("auc", 0.01, IntervalSpec.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown metric 'auc'")
          .hasMessageContaining("roc_auc");
    }

    @Test
    @DisplayName("a negative margin and IntervalSpec.none() are refused")
    void marginAndSpec() {
      ModelComparison cmp = ModelComparison.binary(four, four);
      assertThatThrownBy(() -> cmp.compare("f1", -0.1, IntervalSpec.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("margin");
      assertThatThrownBy(() -> cmp.compare("f1", 0.1, IntervalSpec.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("IntervalSpec.none()");
    }

    @Test
    @DisplayName("McNemar on regression models is refused")
    void mcnemarOnRegression() {
      RegressionOutcomes r = RegressionOutcomes.of(new double[] {1, 2}, new double[] {1, 2});
      ModelComparison cmp = ModelComparison.regression(r, r);
      assertThatThrownBy(() -> cmp.mcnemar(0.1, IntervalSpec.defaults()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("regression");
    }
  }
}
