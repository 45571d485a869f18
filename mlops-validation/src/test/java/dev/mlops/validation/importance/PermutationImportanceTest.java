package dev.mlops.validation.importance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.Interval;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("permutation feature importance")
class PermutationImportanceTest {

  static final int N = 300;
  static final Table TABLE;
  static final int[] LABELS = new int[N];
  static final double[] TARGETS = new double[N];

  static {
    SplittableRandom rnd = new SplittableRandom(1);
    double[] x1 = new double[N];
    double[] x2 = new double[N];
    double[] x3 = new double[N];
    String[] colour = new String[N];
    for (int i = 0; i < N; i++) {
      x1[i] = rnd.nextDouble() * 2 - 1;
      x2[i] = rnd.nextDouble() * 2 - 1;
      x3[i] = rnd.nextDouble() * 2 - 1;
      colour[i] = rnd.nextBoolean() ? "red" : "blue";
      LABELS[i] = x1[i] + 0.3 * (rnd.nextDouble() - 0.5) > 0 ? 1 : 0;
      TARGETS[i] = 2 * x1[i] + 0.5 * x2[i] + 0.1 * (rnd.nextDouble() - 0.5);
    }
    TABLE =
        Table.of(
            NumericColumn.of("x1", x1),
            NumericColumn.of("x2", x2),
            NumericColumn.of("x3", x3),
            CategoricalColumn.of("colour", colour));
  }

  /** A logistic model that reads x1 strongly and x2 weakly; never x3 or colour. */
  static final Function<Table, double[]> MODEL =
      t -> {
        NumericColumn x1 = t.numeric("x1");
        NumericColumn x2 = t.numeric("x2");
        double[] p = new double[t.rowCount()];
        for (int i = 0; i < p.length; i++) {
          p[i] = 1 / (1 + Math.exp(-(6 * x1.value(i) + 0.5 * x2.value(i))));
        }
        return p;
      };

  @Nested
  @DisplayName("on a model that reads only some columns")
  class Ranking {
    final ImportanceReport r = PermutationImportance.builder().build().binary(MODEL, TABLE, LABELS);

    @Test
    @DisplayName("a column the model never reads has importance exactly 0 in every repeat")
    void ignoredIsZero() {
      for (String f : new String[] {"x3", "colour"}) {
        FeatureImportance fi = r.feature(f).orElseThrow();
        assertThat(fi.mean()).as(f).isZero();
        assertThat(fi.repeats()).as(f).containsOnly(0.0);
        assertThat(fi.interval().orElseThrow().low()).isZero();
        assertThat(fi.interval().orElseThrow().high()).isZero();
      }
    }

    @Test
    @DisplayName("the feature the model leans on ranks first, clearly above 0")
    void mainFeatureFirst() {
      FeatureImportance top = r.features().get(0);
      assertThat(top.feature()).isEqualTo("x1");
      assertThat(top.rank()).isEqualTo(1);
      assertThat(top.interval().orElseThrow().low()).isGreaterThan(0.2);
      assertThat(r.feature("x2").orElseThrow().rank()).isEqualTo(2);
      assertThat(r.metric()).isEqualTo("roc_auc");
      assertThat(r.higherIsBetter()).isTrue();
      assertThat(r.repeats()).isEqualTo(5);
    }

    @Test
    @DisplayName("ties keep the column order: x3 before colour")
    void ties() {
      assertThat(r.features())
          .extracting(FeatureImportance::feature)
          .containsExactly("x1", "x2", "x3", "colour");
    }

    @Test
    @DisplayName("the interval is mean ± t(4, 0.975) sd / sqrt(5), t = 2.7764451051977987")
    void tInterval() {
      FeatureImportance fi = r.feature("x1").orElseThrow();
      double mean = fi.repeats().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double ss = fi.repeats().stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
      double half = 2.7764451051977987 * Math.sqrt(ss / 4) / Math.sqrt(5);
      Interval i = fi.interval().orElseThrow();
      assertThat(fi.mean()).isCloseTo(mean, within(1e-15));
      assertThat(i.low()).isCloseTo(mean - half, within(1e-12));
      assertThat(i.high()).isCloseTo(mean + half, within(1e-12));
      assertThat(i.method()).isEqualTo("t");
    }
  }

  @Nested
  @DisplayName("seeding")
  class Seeding {
    @Test
    @DisplayName("the same seed gives the same report")
    void repeatable() {
      PermutationImportance pi = PermutationImportance.builder().seed(9).build();
      assertThat(pi.binary(MODEL, TABLE, LABELS)).isEqualTo(pi.binary(MODEL, TABLE, LABELS));
    }

    @Test
    @DisplayName("a feature's shuffles do not depend on which other features are assessed")
    void perFeature() {
      ImportanceReport all = PermutationImportance.builder().build().binary(MODEL, TABLE, LABELS);
      ImportanceReport one =
          PermutationImportance.builder().features("x2").build().binary(MODEL, TABLE, LABELS);
      assertThat(one.features()).hasSize(1);
      assertThat(one.feature("x2").orElseThrow().repeats())
          .isEqualTo(all.feature("x2").orElseThrow().repeats());
    }
  }

  @Nested
  @DisplayName("other metrics and models")
  class Others {
    @Test
    @DisplayName("regression on RMSE: importance = permuted - baseline, x1 first, x3 exactly 0")
    void regression() {
      Function<Table, double[]> linear =
          t -> {
            double[] y = new double[t.rowCount()];
            for (int i = 0; i < y.length; i++) {
              y[i] = 2 * t.numeric("x1").value(i) + 0.5 * t.numeric("x2").value(i);
            }
            return y;
          };
      ImportanceReport r =
          PermutationImportance.builder().repeats(3).build().regression(linear, TABLE, TARGETS);
      assertThat(r.metric()).isEqualTo("rmse");
      assertThat(r.higherIsBetter()).isFalse();
      assertThat(r.features().get(0).feature()).isEqualTo("x1");
      assertThat(r.features().get(0).mean()).isGreaterThan(1.0);
      assertThat(r.feature("x3").orElseThrow().mean()).isZero();
    }

    @Test
    @DisplayName("a per-row model adapted with perRow gives the same report as its batch form")
    void perRow() {
      Function<Table, double[]> rowModel =
          PermutationImportance.perRow(
              row -> 1 / (1 + Math.exp(-(6 * row.numeric("x1") + 0.5 * row.numeric("x2")))));
      PermutationImportance pi = PermutationImportance.builder().metric("accuracy").build();
      assertThat(pi.binary(rowModel, TABLE, LABELS)).isEqualTo(pi.binary(MODEL, TABLE, LABELS));
    }

    @Test
    @DisplayName("one repeat has no interval")
    void oneRepeat() {
      ImportanceReport r =
          PermutationImportance.builder().repeats(1).build().binary(MODEL, TABLE, LABELS);
      assertThat(r.features()).allSatisfy(f -> assertThat(f.interval()).isEmpty());
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("an unknown metric name is refused with the known names")
    void unknownMetric() {
      assertThatThrownBy(() -> PermutationImportance.builder().metric("auc"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown metric 'auc'")
          .hasMessageContaining("roc_auc");
    }

    @Test
    @DisplayName("a regression metric for a classifier is refused")
    void wrongFamily() {
      PermutationImportance pi = PermutationImportance.builder().metric("rmse").build();
      assertThatThrownBy(() -> pi.binary(MODEL, TABLE, LABELS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'rmse' is not a binary classification metric");
    }

    @Test
    @DisplayName("labels of the wrong length are refused")
    void labels() {
      assertThatThrownBy(
              () -> PermutationImportance.builder().build().binary(MODEL, TABLE, new int[3]))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("the table has 300 rows but labels has 3");
    }

    @Test
    @DisplayName("a feature missing from the table is named")
    void missingFeature() {
      PermutationImportance pi = PermutationImportance.builder().features("age").build();
      assertThatThrownBy(() -> pi.binary(MODEL, TABLE, LABELS))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("feature 'age' is not a column");
    }

    @Test
    @DisplayName("a model returning the wrong number of values is refused")
    void wrongLength() {
      assertThatThrownBy(
              () ->
                  PermutationImportance.builder().build().binary(t -> new double[1], TABLE, LABELS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("returned 1 values for 300 rows");
    }
  }
}
