package dev.mlops.validation.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("fairness across a protected attribute")
class FairnessTest {

  // group a: labels 1 1 0 0, predictions 1 0 1 0 -> positive rate 2/4, TPR 1/2
  // group b: labels 1 1 1 0 0, predictions 1 1 1 1 0 -> positive rate 4/5, TPR 3/3
  // group c: labels 0 0 0, predictions 0 0 1 -> positive rate 1/3, TPR undefined
  static final int[] LABELS = {1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0};
  static final int[] PREDICTIONS = {1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1};
  static final int[] GROUPS = {0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2};
  static final List<String> NAMES = List.of("a", "b", "c");

  static FairnessReport handCase(IntervalSpec spec) {
    return Fairness.of("g", LABELS, PREDICTIONS, GROUPS, NAMES).assess(spec);
  }

  static double value(MetricValue m) {
    return m.value().orElseThrow();
  }

  @Nested
  @DisplayName("on a hand-computed case of three groups")
  class HandComputed {
    final FairnessReport r = handCase(IntervalSpec.defaults());

    @Test
    @DisplayName("per-group positive and true positive rates are counted by hand")
    void groupRates() {
      GroupRates a = r.group("a").orElseThrow();
      assertThat(a.n()).isEqualTo(4);
      assertThat(a.positiveRate().value()).hasValue(0.5);
      assertThat(a.truePositiveRate().value()).hasValue(0.5);
      assertThat(r.group("b").orElseThrow().positiveRate().value()).hasValue(0.8);
      assertThat(r.group("b").orElseThrow().truePositiveRate().value()).hasValue(1.0);
      assertThat(r.group("c").orElseThrow().positiveRate().value().getAsDouble())
          .isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    @DisplayName("a group without positive labels has an undefined TPR with a reason, not 0")
    void undefinedTpr() {
      Rate tpr = r.group("c").orElseThrow().truePositiveRate();
      assertThat(tpr.value()).isEmpty();
      assertThat(tpr.interval()).isEmpty();
      assertThat(tpr.note()).hasValue("the group has no row labelled positive");
    }

    @Test
    @DisplayName("the Wilson interval of 2/4 is the published [0.1500, 0.8500]")
    void wilson() {
      Interval i = r.group("a").orElseThrow().positiveRate().interval().orElseThrow();
      assertThat(i.low()).isCloseTo(0.1500, within(1e-4));
      assertThat(i.high()).isCloseTo(0.8500, within(1e-4));
      assertThat(i.method()).isEqualTo("wilson");
    }

    @Test
    @DisplayName("DPD = 0.8 - 1/3, EOD = 1 - 1/2 without group c, DIR = (1/3) / 0.8")
    void metrics() {
      assertThat(value(r.demographicParityDifference())).isCloseTo(0.8 - 1.0 / 3, within(1e-12));
      assertThat(value(r.equalOpportunityDifference())).isCloseTo(0.5, within(1e-12));
      assertThat(r.equalOpportunityDifference().note())
          .hasValueSatisfying(n -> assertThat(n).contains("[c]"));
      assertThat(value(r.disparateImpactRatio())).isCloseTo((1.0 / 3) / 0.8, within(1e-12));
      assertThat(r.demographicParityDifference().higherIsBetter()).isFalse();
      assertThat(r.disparateImpactRatio().higherIsBetter()).isTrue();
    }

    @Test
    @DisplayName("each metric has a stratified bootstrap interval around its value")
    void intervals() {
      for (MetricValue m : r.metrics()) {
        Interval i = m.interval().orElseThrow();
        assertThat(i.contains(value(m))).as(m.name()).isTrue();
        assertThat(i.level()).isEqualTo(0.95);
        assertThat(i.method()).isEqualTo("stratified_bootstrap");
        assertThat(i.width()).as(m.name()).isPositive();
      }
      assertThat(r.resamples()).isEqualTo(1000);
    }

    @Test
    @DisplayName("the same seed gives the same report; IntervalSpec.none() gives no intervals")
    void seeded() {
      assertThat(handCase(IntervalSpec.defaults())).isEqualTo(r);
      FairnessReport none = handCase(IntervalSpec.none());
      assertThat(none.metrics()).allSatisfy(m -> assertThat(m.interval()).isEmpty());
      assertThat(value(none.demographicParityDifference()))
          .isEqualTo(value(r.demographicParityDifference()));
    }
  }

  @Nested
  @DisplayName("undefined metrics")
  class Undefined {
    @Test
    @DisplayName("one group makes every metric undefined, with a reason")
    void oneGroup() {
      FairnessReport r =
          Fairness.of("g", new int[] {1, 0}, new int[] {1, 1}, new int[] {0, 0}, List.of("a", "b"))
              .assess(IntervalSpec.defaults());
      assertThat(r.metrics())
          .allSatisfy(
              m -> {
                assertThat(m.value()).isEmpty();
                assertThat(m.note()).hasValueSatisfying(n -> assertThat(n).contains("two groups"));
              });
      assertThat(r.group("b").orElseThrow().positiveRate().note())
          .hasValue("the group has no rows");
    }

    @Test
    @DisplayName("no positive prediction anywhere makes the disparate impact ratio 0/0, undefined")
    void noPositivePrediction() {
      FairnessReport r =
          Fairness.of(
                  "g",
                  new int[] {1, 0, 1, 0},
                  new int[4],
                  new int[] {0, 0, 1, 1},
                  NAMES.subList(0, 2))
              .assess(IntervalSpec.defaults());
      assertThat(r.disparateImpactRatio().value()).isEmpty();
      assertThat(r.disparateImpactRatio().note())
          .hasValueSatisfying(n -> assertThat(n).contains("0/0"));
      assertThat(r.demographicParityDifference().value()).hasValue(0.0);
    }
  }

  @Nested
  @DisplayName("from a table")
  class FromTable {
    @Test
    @DisplayName("categories are the groups and missing values form the group (missing)")
    void categorical() {
      Table t = Table.of(CategoricalColumn.of("sex", "f", "m", null, "f"));
      FairnessReport r =
          Fairness.fromTable(t, "sex", new int[] {1, 1, 0, 0}, new int[] {1, 0, 1, 0})
              .assess(IntervalSpec.none());
      assertThat(r.attribute()).isEqualTo("sex");
      assertThat(r.groups()).extracting(GroupRates::group).containsExactly("(missing)", "f", "m");
      assertThat(r.group("f").orElseThrow().positiveRate().value()).hasValue(0.5);
      assertThat(r.group("(missing)").orElseThrow().n()).isEqualTo(1);
    }

    @Test
    @DisplayName("a boolean column gives the groups false and true")
    void bool() {
      Table t = Table.of(BooleanColumn.of("member", true, false, true));
      FairnessReport r =
          Fairness.fromTable(t, "member", new int[] {1, 1, 0}, new int[] {1, 0, 0})
              .assess(IntervalSpec.none());
      assertThat(r.groups()).extracting(GroupRates::group).containsExactly("false", "true");
      assertThat(r.group("true").orElseThrow().positiveRate().value()).hasValue(0.5);
      assertThat(r.demographicParityDifference().value()).hasValue(0.5);
    }

    @Test
    @DisplayName("a missing group column is named, with the table's columns")
    void missingColumn() {
      Table t = Table.of(CategoricalColumn.of("sex", "f"));
      assertThatThrownBy(() -> Fairness.fromTable(t, "age", new int[] {1}, new int[] {1}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("group column 'age' is not in the table")
          .hasMessageContaining("sex");
    }

    @Test
    @DisplayName("a numeric group column is refused with its type")
    void numericColumn() {
      Table t = Table.of(NumericColumn.of("age", 30));
      assertThatThrownBy(() -> Fairness.fromTable(t, "age", new int[] {1}, new int[] {1}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'age' is NUMERIC");
    }

    @Test
    @DisplayName("labels of the wrong length are refused")
    void lengths() {
      Table t = Table.of(CategoricalColumn.of("sex", "f", "m"));
      assertThatThrownBy(() -> Fairness.fromTable(t, "sex", new int[] {1}, new int[] {1, 0}))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("table rows has 2 entries but labels has 1");
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("a group code outside the names is named by index")
    void badCode() {
      assertThatThrownBy(
              () -> Fairness.of("g", new int[] {1}, new int[] {1}, new int[] {3}, List.of("a")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("groups[0] is 3");
    }

    @Test
    @DisplayName("a prediction other than 0 or 1 is named by index")
    void badPrediction() {
      assertThatThrownBy(
              () -> Fairness.of("g", new int[] {1, 0}, new int[] {1, 2}, new int[2], List.of("a")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("predictions[1] is 2");
    }

    @Test
    @DisplayName("duplicate group names are refused")
    void duplicateNames() {
      assertThatThrownBy(
              () -> Fairness.of("g", new int[] {1}, new int[] {1}, new int[1], List.of("a", "a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a' appears twice");
    }
  }
}
