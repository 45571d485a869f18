package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the value records validate their components and compare by value")
class ValuesTest {
  @Test
  @DisplayName("an interval needs low <= high and a level in (0, 1)")
  void interval() {
    assertThat(new Interval(.1, .2, .95, "wilson")).isEqualTo(new Interval(.1, .2, .95, "wilson"));
    assertThat(new Interval(.1, .2, .95, "wilson").contains(.2)).isTrue();
    assertThat(new Interval(.1, .2, .95, "wilson").contains(.21)).isFalse();
    assertThatThrownBy(() -> new Interval(.3, .2, .95, "wilson"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low <= high");
    assertThatThrownBy(() -> new Interval(.1, .2, 1, "wilson"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Interval(Double.NaN, .2, .9, "wilson"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a metric value is empty, never NaN, when undefined")
  void metricValue() {
    assertThatThrownBy(
            () ->
                new MetricValue(
                    "roc_auc",
                    OptionalDouble.of(Double.NaN),
                    Optional.empty(),
                    true,
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty, not NaN");
    MetricValue m =
        new MetricValue("r2", OptionalDouble.empty(), Optional.empty(), true, Optional.of("n < 2"));
    assertThat(m.valueOrNaN()).isNaN();
    assertThat(m)
        .isEqualTo(
            new MetricValue(
                "r2", OptionalDouble.empty(), Optional.empty(), true, Optional.of("n < 2")));
  }

  @Test
  @DisplayName("a confusion matrix rejects negative counts and lays out as scikit-learn")
  void confusion() {
    ConfusionMatrix cm = new ConfusionMatrix(1, 2, 3, 4);
    assertThat(cm.matrix()).isDeepEqualTo(new long[][] {{1, 2}, {3, 4}});
    assertThat(cm.n()).isEqualTo(10);
    assertThatThrownBy(() -> new ConfusionMatrix(-1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("interval specs: none is off, defaults are 0.95 / 1,000 / the documented seed")
  void spec() {
    assertThat(IntervalSpec.none().enabled()).isFalse();
    assertThat(IntervalSpec.defaults())
        .isEqualTo(new IntervalSpec(0.95, 1000, IntervalSpec.DEFAULT_SEED));
    assertThat(IntervalSpec.none().withLevel(0.99))
        .isEqualTo(new IntervalSpec(0.99, 1000, IntervalSpec.DEFAULT_SEED));
    assertThat(IntervalSpec.defaults().withResamples(0).enabled()).isTrue();
    assertThatThrownBy(() -> new IntervalSpec(0, 10, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
