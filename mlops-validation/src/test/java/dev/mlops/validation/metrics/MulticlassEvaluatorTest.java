package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("multiclass metrics equal hand-computed scikit-learn 1.2 values")
class MulticlassEvaluatorTest {
  static double v(MulticlassResult r, String m) {
    return r.metric(m).orElseThrow().valueOrNaN();
  }

  // y    = 0 0 1 1 2 2
  // yhat = 0 1 1 2 2 2
  static final int[] Y = {0, 0, 1, 1, 2, 2};
  static final int[] YHAT = {0, 1, 1, 2, 2, 2};
  static final double[][] P = {
    {.7, .2, .1}, {.4, .5, .1}, {.2, .6, .2}, {.1, .3, .6}, {.1, .1, .8}, {.3, .2, .5}
  };

  @Test
  @DisplayName("accuracy, macro, micro and weighted averages and the confusion matrix")
  void averages() {
    MulticlassResult r =
        MulticlassEvaluator.create()
            .evaluate(MulticlassOutcomes.of(3, Y, YHAT, P), IntervalSpec.none());
    // confusion [true][pred]: row 0: 1 1 0; row 1: 0 1 1; row 2: 0 0 2
    assertThat(r.confusionMatrix()).isDeepEqualTo(new long[][] {{1, 1, 0}, {0, 1, 1}, {0, 0, 2}});
    // per class P: 1/1, 1/2, 2/3; R: 1/2, 1/2, 2/2; F1: 2/3, 1/2, 4/5
    assertThat(v(r, "accuracy")).isCloseTo(4.0 / 6, within(1e-15));
    assertThat(v(r, "precision_macro")).isCloseTo((1 + .5 + 2.0 / 3) / 3, within(1e-15));
    assertThat(v(r, "recall_macro")).isCloseTo((.5 + .5 + 1) / 3, within(1e-15));
    assertThat(v(r, "f1_macro")).isCloseTo((2.0 / 3 + .5 + .8) / 3, within(1e-15));
    assertThat(v(r, "precision_micro")).isCloseTo(4.0 / 6, within(1e-15));
    assertThat(v(r, "f1_micro")).isCloseTo(4.0 / 6, within(1e-15));
    // supports 2, 2, 2: weighted = macro here
    assertThat(v(r, "f1_weighted")).isCloseTo((2.0 / 3 + .5 + .8) / 3, within(1e-15));
    // log loss: -(ln .7 + ln .4 + ln .6 + ln .3 + ln .8 + ln .5) / 6
    double ll =
        -(Math.log(.7) + Math.log(.4) + Math.log(.6) + Math.log(.3) + Math.log(.8) + Math.log(.5))
            / 6;
    assertThat(v(r, "log_loss")).isCloseTo(ll, within(1e-15));
  }

  @Test
  @DisplayName("one-vs-rest macro ROC AUC averages the per-class AUCs")
  void aucOvr() {
    MulticlassResult r =
        MulticlassEvaluator.create()
            .evaluate(MulticlassOutcomes.of(3, Y, YHAT, P), IntervalSpec.none());
    // class 0 column (.7 .4 | .2 .1 .1 .3): .7 beats all 4; .4 beats all 4 -> 8/8 = 1
    // class 1 column pos (.6 .3) vs neg (.2 .5 .1 .2): .6 beats 4; .3 beats .2 .1 .2 -> 7/8
    // class 2 column pos (.8 .5) vs neg (.1 .1 .2 .6): .8 beats 4; .5 beats 3 -> 7/8
    assertThat(v(r, "roc_auc_ovr_macro")).isCloseTo((1 + 7.0 / 8 + 7.0 / 8) / 3, within(1e-15));
  }

  @Test
  @DisplayName(
      "weighted averages use true support; a class missing from the labels leaves AUC undefined")
  void supportAndMissingClass() {
    // y = 0 0 0 1, yhat = 0 0 1 1 (class 2 never occurs)
    int[] y = {0, 0, 0, 1};
    int[] yhat = {0, 0, 1, 1};
    double[][] p = {{.8, .1, .1}, {.7, .2, .1}, {.3, .6, .1}, {.2, .7, .1}};
    MulticlassResult r =
        MulticlassEvaluator.create()
            .evaluate(MulticlassOutcomes.of(3, y, yhat, p), IntervalSpec.none());
    // present classes 0, 1. P: 2/2, 1/2; R: 2/3, 1/1; F1: .8, 2/3; supports 3, 1
    assertThat(v(r, "precision_macro")).isCloseTo(.75, within(1e-15));
    assertThat(v(r, "recall_weighted")).isCloseTo((3 * 2.0 / 3 + 1) / 4, within(1e-15));
    assertThat(v(r, "f1_weighted")).isCloseTo((3 * .8 + 2.0 / 3) / 4, within(1e-15));
    assertThat(r.metric("roc_auc_ovr_macro").orElseThrow().value()).isEmpty();
    assertThat(r.notes().get("roc_auc_ovr_macro")).contains("Number of classes in y_true");
  }

  @Test
  @DisplayName("a class predicted but never true has recall 0/0 = 0 with a note")
  void zeroDivision() {
    MulticlassResult r =
        MulticlassEvaluator.create()
            .evaluate(
                MulticlassOutcomes.of(3, new int[] {0, 1}, new int[] {2, 1}),
                IntervalSpec.defaults());
    // present 0, 1, 2. P: 0/0 -> 0, 1/1, 0/1; R: 0/1, 1/1, 0/0 -> 0
    assertThat(v(r, "precision_macro")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(v(r, "recall_macro")).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(r.notes()).containsKeys("precision_macro", "recall_macro", "log_loss");
    assertThat(r.metric("log_loss").orElseThrow().value()).isEmpty();
    assertThat(r.metric("accuracy").orElseThrow().interval().orElseThrow().method())
        .isEqualTo("wilson");
  }
}
