package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.Interval;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("a gate")
class GateTest {

  static Interval iv(double low, double high) {
    return new Interval(low, high, 0.95, "wilson");
  }

  @Nested
  @DisplayName("is decided on the interval")
  class Decision {
    @ParameterizedTest(name = "{0} on [{1}, {2}] is {3}")
    @CsvSource({
      // >= : PASS when the lower bound is at least x, FAIL when the upper bound is below x
      "roc_auc>=0.85, 0.85, 0.9, PASS",
      "roc_auc>=0.85, 0.8500000000000001, 0.9, PASS",
      "roc_auc>=0.85, 0.8499999999999999, 0.9, INCONCLUSIVE",
      "roc_auc>=0.85, 0.8, 0.85, INCONCLUSIVE",
      "roc_auc>=0.85, 0.8, 0.8499999999999999, FAIL",
      "roc_auc>=0.85, 0.84, 0.86, INCONCLUSIVE",
      // <= : PASS when the upper bound is at most x, FAIL when the lower bound is above x
      "log_loss<=0.4, 0.3, 0.4, PASS",
      "log_loss<=0.4, 0.3, 0.4000000000000001, INCONCLUSIVE",
      "log_loss<=0.4, 0.4, 0.5, INCONCLUSIVE",
      "log_loss<=0.4, 0.4000000000000001, 0.5, FAIL",
      "mae<=2, 2.5, 2.5, FAIL",
      "r2>=0, 0, 0, PASS"
    })
    void boundaries(String gate, double low, double high, Verdict expected) {
      assertThat(ModelEvaluation.decide(Gate.parse(gate), iv(low, high)).verdict())
          .isEqualTo(expected);
    }

    @Test
    @DisplayName("the note names the deciding bound, or the interval that contains x")
    void notes() {
      assertThat(ModelEvaluation.decide(Gate.atLeast("f1", 0.5), iv(0.6, 0.7)).note())
          .isEqualTo("lower bound 0.6 >= 0.5");
      assertThat(ModelEvaluation.decide(Gate.atLeast("f1", 0.5), iv(0.3, 0.4)).note())
          .isEqualTo("upper bound 0.4 < 0.5");
      assertThat(ModelEvaluation.decide(Gate.atMost("ece", 0.05), iv(0.01, 0.07)).note())
          .isEqualTo("the interval [0.01, 0.07] contains 0.05");
    }
  }

  @Nested
  @DisplayName("as text")
  class Text {
    @Test
    @DisplayName("reads >= and <= with spaces, and prints what it reads")
    void parse() {
      Gate a = Gate.parse("roc_auc>=0.85");
      assertThat(a.metric()).isEqualTo("roc_auc");
      assertThat(a.comparison()).isEqualTo(Gate.Comparison.AT_LEAST);
      assertThat(a.threshold()).isEqualTo(0.85);
      assertThat(a).isEqualTo(Gate.atLeast("roc_auc", 0.85)).hasSameHashCodeAs(a);
      Gate b = Gate.parse("  log_loss <= 1e-1 ");
      assertThat(b).isEqualTo(Gate.atMost("log_loss", 0.1));
      assertThat(b.toString()).isEqualTo("log_loss<=0.1");
      assertThat(Gate.parse(b.toString())).isEqualTo(b);
      assertThat(Gate.atLeast("r2", 1).toString()).isEqualTo("r2>=1");
      assertThat(Gate.atLeast("r2", 1)).isNotEqualTo(Gate.atMost("r2", 1));
      assertThat(Gate.parse("mape<=0.2").isRegression()).isTrue();
      assertThat(Gate.parse("ece<=0.2").isRegression()).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is refused, naming {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "roc_auc=>0.85 | gate 'roc_auc=>0.85' is not of the form METRIC>=X",
          "roc_auc>0.85 | gate 'roc_auc>0.85' is not of the form",
          "auc>=0.85 | gate 'auc>=0.85': unknown metric 'auc'; known: accuracy",
          "roc_auc>=high | gate 'roc_auc>=high': threshold 'high' is not a number",
          "roc_auc>=NaN | gate 'roc_auc>=NaN': threshold 'NaN' is not a finite number",
          "'' | gate '' is not of the form"
        })
    void errors(String text, String message) {
      assertThatThrownBy(() -> Gate.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(message);
    }

    @Test
    @DisplayName("the factories refuse unknown metrics and non-finite thresholds")
    void factories() {
      assertThatThrownBy(() -> Gate.atLeast("auc", 0.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown metric 'auc'");
      assertThatThrownBy(() -> Gate.atMost("mae", Double.POSITIVE_INFINITY))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("finite");
    }
  }
}
