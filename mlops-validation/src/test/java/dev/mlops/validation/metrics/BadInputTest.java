package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("bad input is rejected with the culprit named and what to do")
class BadInputTest {

  static InvalidInputException invalid(Runnable r) {
    try {
      r.run();
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("expected InvalidInputException");
  }

  @Nested
  @DisplayName("binary outcomes from arrays")
  class Arrays {
    @Test
    @DisplayName("lengths that differ name both arrays")
    void lengths() {
      InvalidInputException e =
          invalid(() -> BinaryOutcomes.of(new int[] {1, 0}, new double[] {.5}, new int[] {1, 0}));
      assertThat(e).hasMessageContaining("scores has 1 rows but labels has 2");
      assertThat(e.field()).hasValue("scores");
    }

    @Test
    @DisplayName("a label that is not 0 or 1 names the row and value")
    void label() {
      InvalidInputException e =
          invalid(
              () -> BinaryOutcomes.of(new int[] {1, 2}, new double[] {.5, .5}, new int[] {1, 0}));
      assertThat(e).hasMessageContaining("labels row 1: label 2 is not 0 or 1");
      assertThat(e.row()).isEqualTo(1);
    }

    @Test
    @DisplayName("a NaN score or one outside [0, 1] is rejected: log loss needs probabilities")
    void scores() {
      assertThat(
              invalid(
                  () -> BinaryOutcomes.of(new int[] {1}, new double[] {Double.NaN}, new int[] {1})))
          .hasMessageContaining("scores row 0: score NaN is not a probability in [0, 1]");
      assertThat(
              invalid(
                  () ->
                      BinaryOutcomes.of(
                          new int[] {1, 0}, new double[] {.2, 1.5}, new int[] {1, 0})))
          .hasMessageContaining("row 1: score 1.5")
          .hasMessageContaining("sigmoid");
    }

    @Test
    @DisplayName("no rows, an empty row selection or a row out of range")
    void empty() {
      assertThat(invalid(() -> BinaryOutcomes.of(new int[0], new double[0], new int[0])))
          .hasMessageContaining("no rows");
      BinaryOutcomes d = BinaryOutcomes.of(new int[] {1}, new double[] {.5}, new int[] {1});
      BinaryClassificationEvaluator e = BinaryClassificationEvaluator.create();
      assertThat(invalid(() -> e.evaluate(d, new int[0], IntervalSpec.none())))
          .hasMessageContaining("row selection is empty");
      assertThat(invalid(() -> e.evaluate(d, new int[] {0, 3}, IntervalSpec.none())))
          .hasMessageContaining("rows[1] = 3 is outside [0, 1)");
    }

    @Test
    @DisplayName("negative, NaN or all-zero weights")
    void weights() {
      BinaryOutcomes d =
          BinaryOutcomes.of(new int[] {1, 0}, new double[] {.5, .5}, new int[] {1, 0});
      assertThat(invalid(() -> d.withWeights(new double[] {1, -1})))
          .hasMessageContaining("sample_weight row 1: weight -1.0");
      assertThat(invalid(() -> d.withWeights(new double[] {Double.NaN, 1})))
          .hasMessageContaining("row 0");
      assertThat(invalid(() -> d.withWeights(new double[] {0, 0})))
          .hasMessageContaining("every sample_weight is 0");
      assertThat(invalid(() -> d.withWeights(new double[] {1}))).hasMessageContaining("has 1 rows");
      BinaryOutcomes w = d.withWeights(new double[] {0, 1});
      assertThat(
              invalid(
                  () ->
                      BinaryClassificationEvaluator.create()
                          .evaluate(w, new int[] {0, 0}, IntervalSpec.none())))
          .hasMessageContaining("total sample_weight 0");
    }
  }

  @Nested
  @DisplayName("outcomes from a table")
  class Tables {
    @Test
    @DisplayName("the column name and row of a bad value are in the message and the exception")
    void namesColumn() {
      Table t =
          Table.of(
              NumericColumn.of("y", 1, 0, 7),
              NumericColumn.of("p", .1, .2, .3),
              BooleanColumn.of("hat", true, false, true));
      InvalidInputException e = invalid(() -> BinaryOutcomes.fromTable(t, "y", "p", "hat"));
      assertThat(e).hasMessageContaining("column 'y' row 2: label 7.0 is not 0 or 1");
      assertThat(e.field()).hasValue("y");
      assertThat(e.row()).isEqualTo(2);
    }

    @Test
    @DisplayName("a missing or null column value, or a missing column, is named")
    void nulls() {
      Table t =
          Table.of(
              NumericColumn.of("y", 1, 0),
              NumericColumn.builder("p").append(.3).appendNull().build(),
              NumericColumn.of("hat", 1, 0));
      assertThat(invalid(() -> BinaryOutcomes.fromTable(t, "y", "p", "hat")))
          .hasMessageContaining("column 'p' row 1: score is null");
      assertThat(invalid(() -> BinaryOutcomes.fromTable(t, "y", "score", "hat")))
          .hasMessageContaining("the score column 'score' is not in the table");
    }

    @Test
    @DisplayName("a boolean label column reads true as 1")
    void booleans() {
      Table t =
          Table.of(
              BooleanColumn.of("y", true, false),
              NumericColumn.of("p", .8, .3),
              BooleanColumn.of("hat", true, true));
      BinaryOutcomes d = BinaryOutcomes.fromTable(t, "y", "p", "hat");
      assertThat(d.label(0)).isEqualTo(1);
      assertThat(d.prediction(1)).isEqualTo(1);
    }

    @Test
    @DisplayName("regression columns with NaN or null are rejected by column and row")
    void regression() {
      Table t = Table.of(NumericColumn.of("y", 1, Double.NaN), NumericColumn.of("yhat", 1, 2));
      assertThat(invalid(() -> RegressionOutcomes.fromTable(t, "y", "yhat")))
          .hasMessageContaining("column 'y' row 1: target NaN is not a finite number");
      assertThat(invalid(() -> RegressionOutcomes.of(new double[] {1}, new double[] {1, 2})))
          .hasMessageContaining("prediction has 2 rows but target has 1");
    }
  }

  @Test
  @DisplayName("multiclass: a class out of range and probabilities not summing to 1")
  void multiclass() {
    assertThat(invalid(() -> MulticlassOutcomes.of(3, new int[] {0, 3}, new int[] {0, 1})))
        .hasMessageContaining("labels row 1: class 3 is outside [0, 3)");
    assertThat(
            invalid(
                () ->
                    MulticlassOutcomes.of(
                        2,
                        new int[] {0, 1},
                        new int[] {0, 1},
                        new double[][] {{.5, .5}, {.5, .6}})))
        .hasMessageContaining("probabilities row 1 sums to 1.1");
  }

  @Test
  @DisplayName("caller bugs: a level outside (0, 1) or null arguments")
  void callerBugs() {
    assertThatThrownBy(() -> IntervalSpec.defaults().withLevel(1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IntervalSpec(0.95, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinaryClassificationEvaluator.builder().calibrationBins(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinaryOutcomes.of(null, new double[0], new int[0]))
        .isInstanceOf(NullPointerException.class);
  }
}
