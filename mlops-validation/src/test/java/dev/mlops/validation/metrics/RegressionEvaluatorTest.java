package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("regression metrics equal hand-computed scikit-learn 1.2 values")
class RegressionEvaluatorTest {
  static double v(RegressionResult r, String m) {
    return r.metric(m).orElseThrow().valueOrNaN();
  }

  static RegressionResult eval(double[] y, double[] p) {
    return RegressionEvaluator.create().evaluate(RegressionOutcomes.of(y, p), IntervalSpec.none());
  }

  @Test
  @DisplayName("MAE, RMSE and R2 on three rows")
  void basic() {
    // errors 0, 0, -1: MAE 1/3, RMSE sqrt(1/3); mean y 2, SS_tot 2, SS_res 1, R2 = 0.5
    RegressionResult r = eval(new double[] {1, 2, 3}, new double[] {1, 2, 4});
    assertThat(v(r, "mae")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(v(r, "rmse")).isCloseTo(Math.sqrt(1.0 / 3), within(1e-15));
    assertThat(v(r, "r2")).isCloseTo(0.5, within(1e-15));
  }

  @Test
  @DisplayName("weighted R2 centres on the weighted mean")
  void weighted() {
    // w = 1, 1, 2: mean y = (1 + 2 + 6) / 4 = 2.25
    // SS_tot = 1.25^2 + .25^2 + 2 * .75^2 = 1.5625 + .0625 + 1.125 = 2.75; SS_res = 2 * 1 = 2
    RegressionResult r =
        RegressionEvaluator.create()
            .evaluate(
                RegressionOutcomes.of(new double[] {1, 2, 3}, new double[] {1, 2, 4})
                    .withWeights(new double[] {1, 1, 2}),
                IntervalSpec.none());
    assertThat(v(r, "r2")).isCloseTo(1 - 2 / 2.75, within(1e-15));
    assertThat(v(r, "mae")).isCloseTo(2.0 / 4, within(1e-15));
  }

  @Test
  @DisplayName("MAPE divides by max(|y|, 2.220446049250313e-16): a zero target explodes it")
  void mape() {
    // |e| / max(|y|, eps): .5 / 1 = .5; 1 / 2 = .5; .5 / eps = 2.2517998136852485e15
    RegressionResult r = eval(new double[] {1, -2, 0}, new double[] {1.5, -1, .5});
    assertThat(v(r, "mape")).isCloseTo((0.5 + 0.5 + 0.5 / 2.220446049250313e-16) / 3, within(1.0));
    assertThat(v(eval(new double[] {4, -2}, new double[] {3, -3}), "mape"))
        .isCloseTo((0.25 + 0.5) / 2, within(1e-15));
  }

  @Test
  @DisplayName(
      "a constant target gives R2 1.0 for perfect predictions and 0.0 otherwise; one row is undefined")
  void constantTarget() {
    assertThat(v(eval(new double[] {.1, .1, .1}, new double[] {.1, .1, .1}), "r2")).isEqualTo(1.0);
    assertThat(v(eval(new double[] {.1, .1, .1}, new double[] {.1, .1, .3}), "r2")).isEqualTo(0.0);
    RegressionResult one = eval(new double[] {2}, new double[] {3.75});
    assertThat(one.metric("r2").orElseThrow().value()).isEmpty();
    assertThat(one.notes().get("r2")).contains("fewer than two samples");
    assertThat(v(one, "mae")).isEqualTo(1.75);
  }

  @Test
  @DisplayName("plain bootstrap intervals hold the point value and report the seed")
  void intervals() {
    double[] y = new double[200];
    double[] p = new double[200];
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextGaussian();
      p[i] = y[i] + rng.nextGaussian() * .5;
    }
    RegressionResult r =
        RegressionEvaluator.create().evaluate(RegressionOutcomes.of(y, p), IntervalSpec.defaults());
    assertThat(r.seed()).hasValue(IntervalSpec.DEFAULT_SEED);
    for (MetricValue m : r.metrics()) {
      Interval i = m.interval().orElseThrow();
      assertThat(i.method()).isEqualTo("bootstrap");
      assertThat(i.contains(m.valueOrNaN())).as(m.name()).isTrue();
    }
    assertThat(r.metrics())
        .extracting(MetricValue::name)
        .containsExactly("mae", "rmse", "r2", "mape");
  }
}
