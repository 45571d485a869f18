package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.IntervalSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("slices of an evaluation set")
class SlicingTest {

  /** n rows of a classifier whose labels alternate and whose predictions are all 1. */
  static BinaryOutcomes outcomes(int n) {
    int[] labels = new int[n];
    double[] scores = new double[n];
    int[] predictions = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      scores[i] = 0.25 + 0.5 * (i % 2);
      predictions[i] = 1;
    }
    return BinaryOutcomes.of(labels, scores, predictions);
  }

  static EvaluationReport run(Table features, String... sliceBy) {
    ModelEvaluation.Builder b =
        ModelEvaluation.builder()
            .classification(outcomes(features.rowCount()))
            .slicingFeatures(features)
            .intervals(IntervalSpec.none());
    if (sliceBy.length == 1) {
      b.sliceBy(sliceBy[0]);
    } else {
      b.sliceBy(sliceBy[0], sliceBy[1]);
    }
    return b.build().run();
  }

  static List<String> descriptions(EvaluationReport r) {
    return r.slices().stream().map(SliceResult::description).toList();
  }

  static List<Integer> sizes(EvaluationReport r) {
    return r.slices().stream().map(SliceResult::n).toList();
  }

  @Nested
  @DisplayName("by a numeric feature: quartiles of the evaluation set, bins closed on the left")
  class Numeric {
    @Test
    @DisplayName("1..10: quartiles 3.25, 5.5, 7.75 by (n-1)q interpolation, rows 3, 2, 2, 3")
    void oneToTen() {
      // h = 9q: 2.25 -> 3 + 0.25 * 1; 4.5 -> 5 + 0.5 * 1; 6.75 -> 7 + 0.75 * 1
      EvaluationReport r = run(Table.of(NumericColumn.of("x", 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)), "x");
      assertThat(descriptions(r))
          .containsExactly("x=(-inf, 3.25)", "x=[3.25, 5.5)", "x=[5.5, 7.75)", "x=[7.75, +inf)");
      assertThat(sizes(r)).containsExactly(3, 2, 2, 3);
      assertThat(r.slices().get(0).key()).isEqualTo(Map.of("x", "(-inf, 3.25)"));
    }

    @Test
    @DisplayName("1..5: the quartiles 2, 3, 4 are values, which fall in the bin to their right")
    void edgesAreValues() {
      EvaluationReport r = run(Table.of(NumericColumn.of("x", 1, 2, 3, 4, 5)), "x");
      assertThat(descriptions(r))
          .containsExactly("x=(-inf, 2)", "x=[2, 3)", "x=[3, 4)", "x=[4, +inf)");
      assertThat(sizes(r)).containsExactly(1, 1, 1, 2);
    }

    @Test
    @DisplayName(
        "NumPy's lerp: q1 of 2.2, 10.4, 11.4, 12.4 is 10.4 - 8.2 * 0.25 = 8.350000000000001")
    void numpyLerp() {
      // numpy.quantile([2.2, 10.4, 11.4, 12.4], 0.25) == 8.350000000000001, while
      // 2.2 + 8.2 * 0.75 == 8.35: for a fraction >= 1/2 NumPy interpolates from the upper value
      assertThat(Slicer.quartile(new double[] {2.2, 10.4, 11.4, 12.4}, 1))
          .isEqualTo(8.350000000000001);
      EvaluationReport r = run(Table.of(NumericColumn.of("x", 2.2, 10.4, 11.4, 12.4)), "x");
      assertThat(descriptions(r).get(0)).isEqualTo("x=(-inf, 8.350000000000001)");
    }

    @Test
    @DisplayName("a constant feature: equal edges, empty bins dropped, one slice")
    void ties() {
      EvaluationReport r = run(Table.of(NumericColumn.of("x", 5, 5, 5, 5)), "x");
      assertThat(descriptions(r)).containsExactly("x=[5, +inf)");
      assertThat(sizes(r)).containsExactly(4);
    }

    @Test
    @DisplayName("given edges 30, 45: 30 falls in [30, 45), 45 in [45, +inf)")
    void givenEdges() {
      EvaluationReport r =
          ModelEvaluation.builder()
              .classification(outcomes(6))
              .slicingFeatures(Table.of(NumericColumn.of("age", 29.9, 30, 44.99, 45, 60, 80)))
              .sliceBy("age")
              .numericEdges("age", 30, 45)
              .intervals(IntervalSpec.none())
              .build()
              .run();
      assertThat(descriptions(r))
          .containsExactly("age=(-inf, 30)", "age=[30, 45)", "age=[45, +inf)");
      assertThat(sizes(r)).containsExactly(1, 2, 3);
    }

    @Test
    @DisplayName("null and NaN rows form the slice (missing), last; quartiles ignore them")
    void missing() {
      NumericColumn x =
          NumericColumn.builder("x")
              .append(1)
              .appendNull()
              .append(2)
              .append(Double.NaN)
              .append(3)
              .build();
      EvaluationReport r = run(Table.of(x), "x");
      // quartiles of 1, 2, 3: 1.5, 2, 2.5
      assertThat(descriptions(r))
          .containsExactly("x=(-inf, 1.5)", "x=[2, 2.5)", "x=[2.5, +inf)", "x=(missing)");
      assertThat(sizes(r)).containsExactly(1, 1, 1, 2);
    }
  }

  @Nested
  @DisplayName("by a categorical feature")
  class Categorical {
    @Test
    @DisplayName("one slice per value, sorted by code point, missing last")
    void values() {
      EvaluationReport r =
          run(
              Table.of(
                  CategoricalColumn.of(
                      "c", "b", "a", "B", "é", null, "a", "\uD83D\uDE00", "\uFFFD")),
              "c");
      // code points: B 0x42 < a 0x61 < b 0x62 < é 0xE9 < U+FFFD < U+1F600 (UTF-16 order would
      // put the surrogate pair before U+FFFD)
      assertThat(descriptions(r))
          .containsExactly("c=B", "c=a", "c=b", "c=é", "c=\uFFFD", "c=\uD83D\uDE00", "c=(missing)");
      assertThat(sizes(r)).containsExactly(1, 2, 1, 1, 1, 1, 1);
    }

    @Test
    @DisplayName("a boolean feature slices into false and true")
    void booleans() {
      EvaluationReport r = run(Table.of(BooleanColumn.of("b", true, false, true)), "b");
      assertThat(descriptions(r)).containsExactly("b=false", "b=true");
      assertThat(sizes(r)).containsExactly(1, 2);
    }
  }

  @Nested
  @DisplayName("by a cross of two features")
  class Crosses {
    @Test
    @DisplayName("one slice per non-empty pair, by the first feature then the second")
    void cross() {
      Table t =
          Table.of(
              CategoricalColumn.of("region", "south", "north", "north", "south", "north", "north"),
              NumericColumn.of("age", 20, 35, 50, 50, 36, 20));
      EvaluationReport r =
          ModelEvaluation.builder()
              .classification(outcomes(6))
              .slicingFeatures(t)
              .sliceBy("region", "age")
              .numericEdges("age", 30, 45)
              .intervals(IntervalSpec.none())
              .build()
              .run();
      assertThat(descriptions(r))
          .containsExactly(
              "region=north & age=(-inf, 30)",
              "region=north & age=[30, 45)",
              "region=north & age=[45, +inf)",
              "region=south & age=(-inf, 30)",
              "region=south & age=[45, +inf)");
      assertThat(sizes(r)).containsExactly(1, 2, 1, 1, 1);
      assertThat(r.slices().get(1).key())
          .containsExactly(Map.entry("region", "north"), Map.entry("age", "[30, 45)"));
    }

    @Test
    @DisplayName("several sliceBy calls give their slices one after the other")
    void several() {
      Table t =
          Table.of(
              CategoricalColumn.of("a", "x", "y", "x"), CategoricalColumn.of("b", "u", "u", "v"));
      EvaluationReport r =
          ModelEvaluation.builder()
              .classification(outcomes(3))
              .slicingFeatures(t)
              .sliceBy("a")
              .sliceBy("b")
              .sliceBy("a", "b")
              .intervals(IntervalSpec.none())
              .build()
              .run();
      assertThat(descriptions(r))
          .containsExactly("a=x", "a=y", "b=u", "b=v", "a=x & b=u", "a=x & b=v", "a=y & b=u");
    }
  }

  @Nested
  @DisplayName("refuse bad input, naming the culprit")
  class BadInput {
    @Test
    @DisplayName("an unknown slicing column")
    void unknownColumn() {
      assertThatThrownBy(() -> run(Table.of(NumericColumn.of("x", 1, 2)), "month"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("slicing feature 'month' is not a column")
          .hasMessageContaining("[x]");
    }

    @Test
    @DisplayName("a slicing table with other rows than the outcomes")
    void misaligned() {
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder()
                      .classification(outcomes(5))
                      .slicingFeatures(Table.of(NumericColumn.of("x", 1, 2, 3)))
                      .sliceBy("x")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("the slicing table has 3 rows but the outcomes 5");
    }

    @Test
    @DisplayName("edges for a categorical feature, for a feature not sliced, or not increasing")
    void badEdges() {
      Table t = Table.of(CategoricalColumn.of("c", "a", "b"), NumericColumn.of("x", 1, 2));
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder()
                      .classification(outcomes(2))
                      .slicingFeatures(t)
                      .sliceBy("c")
                      .numericEdges("c", 1)
                      .build())
          .hasMessageContaining("numericEdges names 'c', which is CATEGORICAL");
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder()
                      .classification(outcomes(2))
                      .slicingFeatures(t)
                      .sliceBy("c")
                      .numericEdges("x", 1)
                      .build())
          .hasMessageContaining("numericEdges names 'x', which no sliceBy");
      assertThatThrownBy(() -> ModelEvaluation.builder().numericEdges("x", 2, 1))
          .hasMessageContaining("strictly increasing");
    }

    @Test
    @DisplayName("sliceBy without a slicing table, and a cross of a feature with itself")
    void noTable() {
      assertThatThrownBy(
              () -> ModelEvaluation.builder().classification(outcomes(2)).sliceBy("x").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("slicingFeatures");
      assertThatThrownBy(() -> ModelEvaluation.builder().sliceBy("x", "x"))
          .hasMessageContaining("'x' twice");
    }
  }
}
