package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.RetrainResult;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("AlertRule")
class AlertRuleTest {

  @Nested
  @DisplayName("the builder")
  class BuilderChecks {
    @Test
    @DisplayName("needs exactly one condition")
    void oneCondition() {
      assertThatThrownBy(() -> AlertRule.builder("r").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no condition");
      AlertRule.Builder b = AlertRule.builder("r").whenVerdict("drift.dataset", Verdict.FAIL);
      assertThatThrownBy(() -> b.whenValue("x", AlertRule.Comparison.GREATER_THAN, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("drift.dataset");
    }

    @Test
    @DisplayName("rejects each option set twice, naming it")
    void twice() {
      AlertRule.Builder b = AlertRule.builder("r").forWindows(2);
      assertThatThrownBy(() -> b.forWindows(3))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("forWindows");
      AlertRule.Builder c = AlertRule.builder("r").label("team", "a");
      assertThatThrownBy(() -> c.label("team", "b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("team");
      AlertRule.Builder d = AlertRule.builder("r").retrain(req -> RetrainResult.failed("x"));
      assertThatThrownBy(() -> d.retrain(req -> RetrainResult.failed("y")))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("rejects bad values eagerly")
    void badValues() {
      assertThatThrownBy(() -> AlertRule.builder(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertRule.builder("a/b"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertRule.builder("r").forWindows(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertRule.builder("r").resolveAfterWindows(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertRule.builder("r").forDuration(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () -> AlertRule.builder("r").whenValue("x", AlertRule.Comparison.AT_MOST, Double.NaN))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertRule.builder("r").whenVerdict("x", Verdict.PASS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PASS");
    }

    @Test
    @DisplayName("puts the resolve threshold on the clear side of the threshold")
    void resolveSide() {
      assertThatThrownBy(
              () ->
                  AlertRule.builder("r")
                      .whenValue("x", AlertRule.Comparison.GREATER_THAN, 10)
                      .resolveAt(11)
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at or below");
      assertThatThrownBy(
              () ->
                  AlertRule.builder("r")
                      .whenValue("x", AlertRule.Comparison.LESS_THAN, 10)
                      .resolveAt(9)
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at or above");
      assertThatThrownBy(
              () -> AlertRule.builder("r").whenVerdict("x", Verdict.FAIL).resolveAt(1).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("resolveAfterWindows");
    }

    @Test
    @DisplayName("documents its defaults")
    void defaults() {
      AlertRule r =
          AlertRule.builder("r").whenValue("x", AlertRule.Comparison.GREATER_THAN, 10).build();
      assertThat(r.forWindows()).isEqualTo(AlertRule.DEFAULT_FOR_WINDOWS).isEqualTo(1);
      assertThat(r.resolveAfterWindows()).isEqualTo(1);
      assertThat(r.forDuration()).isZero();
      assertThat(r.resolveThreshold()).hasValue(10);
      assertThat(r.severity()).isEqualTo(AlertRule.DEFAULT_SEVERITY);
      assertThat(r.finalWindowsOnly()).isFalse();
      assertThat(r.retrain()).isEmpty();
      assertThat(r.labels()).isEmpty();
    }
  }

  @Nested
  @DisplayName("conditions")
  class Conditions {
    @Test
    @DisplayName("comparisons follow their symbols, and NaN meets none")
    void comparisons() {
      assertThat(AlertRule.Comparison.GREATER_THAN.test(2, 1)).isTrue();
      assertThat(AlertRule.Comparison.GREATER_THAN.test(1, 1)).isFalse();
      assertThat(AlertRule.Comparison.AT_LEAST.test(1, 1)).isTrue();
      assertThat(AlertRule.Comparison.LESS_THAN.test(1, 1)).isFalse();
      assertThat(AlertRule.Comparison.AT_MOST.test(1, 1)).isTrue();
      for (AlertRule.Comparison c : AlertRule.Comparison.values()) {
        assertThat(c.test(Double.NaN, 1)).isFalse();
      }
    }

    @Test
    @DisplayName("a pattern's * matches any characters, dots included, and nothing else is special")
    void glob() {
      AlertRule r =
          AlertRule.builder("r").whenValue("drift.*.d", AlertRule.Comparison.AT_LEAST, 1).build();
      assertThat(r.matches("drift.age.d")).isTrue();
      assertThat(r.matches("drift.a.b.d")).isTrue();
      assertThat(r.matches("drift.age.p")).isFalse();
      assertThat(r.matches("driftXage.d")).isFalse();
      AlertRule exact =
          AlertRule.builder("r").whenValue("a.b", AlertRule.Comparison.AT_LEAST, 1).build();
      assertThat(exact.matches("aXb")).isFalse();
      assertThat(exact.matches("a.b")).isTrue();
    }

    @Test
    @DisplayName("reads as text")
    void text() {
      AlertRule r =
          AlertRule.builder("r")
              .whenVerdict("drift.*", Verdict.WARN, Verdict.FAIL)
              .forWindows(3)
              .forDuration(Duration.ofMinutes(10))
              .build();
      assertThat(r.condition()).isEqualTo("drift.* in [WARN, FAIL] for 3 windows and PT10M");
    }
  }
}
