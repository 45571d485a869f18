package dev.mlops.junit;

import static dev.mlops.junit.ModelAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.Gate;
import dev.mlops.validation.evaluation.ModelEvaluation;
import dev.mlops.validation.metrics.BinaryOutcomes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ModelAssertions")
class ModelAssertionsTest {

  /**
   * Three slices: "good" (200 rows, scores separate the classes perfectly: AUC 1), "noise" (200
   * rows, scores drawn independently of the label: AUC near 0.5, far from 0.85), "tiny" (10 rows,
   * below the minimum slice size of 30). Every slice holds both classes.
   */
  static EvaluationReport report(Gate... gates) {
    return report(30, gates);
  }

  static EvaluationReport report(int minimumSliceSize, Gate... gates) {
    int n = 410;
    int[] labels = new int[n];
    double[] scores = new double[n];
    int[] predictions = new int[n];
    String[] slice = new String[n];
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      if (i < 200) {
        slice[i] = "good";
        scores[i] = labels[i] == 1 ? 0.6 + 0.4 * random.nextDouble() : 0.4 * random.nextDouble();
      } else if (i < 400) {
        slice[i] = "noise";
        scores[i] = random.nextDouble();
      } else {
        slice[i] = "tiny";
        scores[i] = random.nextDouble();
      }
      predictions[i] = scores[i] >= 0.5 ? 1 : 0;
    }
    ModelEvaluation.Builder builder =
        ModelEvaluation.builder()
            .classification(BinaryOutcomes.of(labels, scores, predictions))
            .slicingFeatures(Table.of(CategoricalColumn.of("segment", slice)))
            .sliceBy("segment")
            .minimumSliceSize(minimumSliceSize);
    for (Gate gate : gates) {
      builder.gate(gate);
    }
    return builder.build().run();
  }

  static EvaluationReport oneClassSlice() {
    int n = 100;
    int[] labels = new int[n];
    double[] scores = new double[n];
    int[] predictions = new int[n];
    String[] slice = new String[n];
    for (int i = 0; i < n; i++) {
      slice[i] = i < 50 ? "mixed" : "positives";
      labels[i] = i < 50 ? i % 2 : 1;
      scores[i] = labels[i] == 1 ? 0.8 : 0.2;
      predictions[i] = labels[i];
    }
    return ModelEvaluation.builder()
        .classification(BinaryOutcomes.of(labels, scores, predictions))
        .slicingFeatures(Table.of(CategoricalColumn.of("segment", slice)))
        .sliceBy("segment")
        .build()
        .run();
  }

  @Nested
  @DisplayName("a bound check")
  class Bounds {
    @Test
    @DisplayName("passes on a slice whose interval clears the threshold")
    void passes() {
      EvaluationReport report = report();
      assertThat(report).metric("roc_auc").onEverySliceOfAtLeast(150).isDefined();
      // The whole set is half perfect, half noise: its AUC is about 0.75, far above 0.6.
      assertThat(report).metric("roc_auc").overall().hasLowerBoundAbove(0.6);
    }

    @Test
    @DisplayName("fails naming the slice that missed, with the table of every selected slice")
    void failsWithTable() {
      EvaluationReport report = report();

      assertThatThrownBy(
              () ->
                  assertThat(report)
                      .metric("roc_auc")
                      .onEverySliceOfAtLeast(100)
                      .hasLowerBoundAbove(0.85))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("on every slice of at least 100 rows")
          .hasMessageContaining("segment=good")
          .hasMessageContaining("segment=noise")
          .hasMessageContaining("MISSED: lower bound not above")
          .hasMessageNotContaining("segment=tiny")
          // overall (410 rows) and noise miss; good (AUC 1) does not.
          .hasMessageContaining("it was not on 2 of 3");
    }

    @Test
    @DisplayName("fails on a slice below the minimum size, which has no interval, and says why")
    void smallSlice() {
      EvaluationReport report = report();

      assertThatThrownBy(
              () -> assertThat(report).metric("accuracy").onEverySlice().hasLowerBoundAbove(0.0))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("segment=tiny")
          .hasMessageContaining("no interval: below the minimum slice size 30")
          .hasMessageContaining("it was not on 1 of 4");
    }

    @Test
    @DisplayName("an upper-bound check fails when the interval reaches the threshold")
    void upperBound() {
      EvaluationReport report = report();
      // Brier score is at most 1 for probabilities: an upper bound below 1.5 always holds ...
      assertThat(report).metric("brier_score_loss").overall().hasUpperBoundBelow(1.5);
      // ... and no interval of a non-negative metric lies below 0.
      assertThatThrownBy(
              () -> assertThat(report).metric("brier_score_loss").hasUpperBoundBelow(0.0))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("upper bound not below");
    }
  }

  @Nested
  @DisplayName("an undefined or unknown metric")
  class Undefined {
    @Test
    @DisplayName("fails every check, with the reason the metric is undefined")
    void undefined() {
      EvaluationReport report = oneClassSlice();

      assertThatThrownBy(() -> assertThat(report).metric("roc_auc").onEverySlice().isDefined())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("segment=positives")
          .hasMessageContaining("MISSED: undefined");
      assertThatThrownBy(
              () -> assertThat(report).metric("roc_auc").onEverySlice().hasValueAtLeast(0.0))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("MISSED: undefined");
    }

    @Test
    @DisplayName("a metric the report does not hold is named")
    void unknown() {
      assertThatThrownBy(() -> assertThat(report()).metric("rmse").isDefined())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("no rmse in this report");
    }
  }

  @Nested
  @DisplayName("the gates")
  class Gates {
    @Test
    @DisplayName("a report whose gates all pass passes; one that fails shows the gate table")
    void gates() {
      // With a minimum slice size of 5, even the 10-row slice gets an interval, and every
      // accuracy interval lies within [0, 1].
      assertThat(report(5, Gate.atLeast("accuracy", 0.0)))
          .passesItsGates()
          .hasVerdict(Verdict.PASS);
      // With the default minimum of 30, the 10-row slice's gate is INCONCLUSIVE: not a pass.
      assertThatThrownBy(() -> assertThat(report(Gate.atLeast("accuracy", 0.0))).passesItsGates())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("but 1 of 4 did not")
          .hasMessageContaining("INCONCLUSIVE");

      EvaluationReport failing = report(Gate.atLeast("roc_auc", 0.99));
      assertThatThrownBy(() -> assertThat(failing).passesItsGates())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("roc_auc")
          .hasMessageContaining("FAIL");
      assertThatThrownBy(() -> assertThat(failing).hasVerdict(Verdict.PASS))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Expected the evaluation's verdict to be PASS but it was FAIL");
    }

    @Test
    @DisplayName("a report without gates does not pass its gates")
    void noGates() {
      assertThatThrownBy(() -> assertThat(report()).passesItsGates())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("it has none");
    }
  }
}
