package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionOutcomes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("a model evaluation")
class ModelEvaluationTest {

  /** Rows of named groups, each with a number of rows and of correct predictions. */
  static final class Groups {
    final List<String> names = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();
    final List<Integer> predictions = new ArrayList<>();

    /** n rows, labels alternating 0/1, the first {@code correct} predicted right. */
    Groups add(String name, int n, int correct) {
      for (int i = 0; i < n; i++) {
        int label = i % 2;
        names.add(name);
        labels.add(label);
        predictions.add(i < correct ? label : 1 - label);
      }
      return this;
    }

    BinaryOutcomes outcomes() {
      int n = labels.size();
      int[] l = new int[n];
      int[] p = new int[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        l[i] = labels.get(i);
        p[i] = predictions.get(i);
        s[i] = p[i] == 1 ? 0.7 : 0.3;
      }
      return BinaryOutcomes.of(l, s, p);
    }

    Table table() {
      return Table.of(CategoricalColumn.of("g", names.toArray(new String[0])));
    }

    ModelEvaluation.Builder builder() {
      return ModelEvaluation.builder()
          .classification(outcomes())
          .slicingFeatures(table())
          .sliceBy("g");
    }
  }

  /** The Wilson score interval, written out from Wilson (1927). */
  static double[] wilson(int k, int n, double level) {
    double z = NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - level) / 2);
    double p = (double) k / n;
    double c = (p + z * z / (2 * n)) / (1 + z * z / n);
    double h = z / (1 + z * z / n) * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
    return new double[] {c - h, c + h};
  }

  static List<Verdict> verdicts(EvaluationReport r) {
    return r.gates().stream().map(GateResult::verdict).toList();
  }

  @Nested
  @DisplayName("decides gates on the intervals")
  class Gates {
    @Test
    @DisplayName(
        "90 of 100 right, Wilson [0.8256, 0.9448]: >=0.82 PASS, >=0.83 INCONCLUSIVE,"
            + " >=0.95 FAIL; the report is FAIL")
    void accuracy() {
      EvaluationReport r =
          ModelEvaluation.builder()
              .classification(new Groups().add("all", 100, 90).outcomes())
              .gate(Gate.parse("accuracy>=0.82"))
              .gate(Gate.parse("accuracy>=0.83"))
              .gate(Gate.parse("accuracy>=0.95"))
              .build()
              .run();
      assertThat(verdicts(r)).containsExactly(Verdict.PASS, Verdict.INCONCLUSIVE, Verdict.FAIL);
      double[] w = wilson(90, 100, 0.95);
      Interval iv = r.gates().get(0).interval().orElseThrow();
      assertThat(iv.low()).isCloseTo(w[0], within(1e-9));
      assertThat(iv.high()).isCloseTo(w[1], within(1e-9));
      assertThat(r.gates().get(0).slice()).isEqualTo("overall");
      assertThat(r.gates().get(0).level()).isEqualTo(0.95);
      assertThat(r.gates().get(0).value().getAsDouble()).isEqualTo(0.9);
      assertThat(r.gates().get(0).note()).doesNotContain("Bonferroni");
      assertThat(r.verdict()).contains(Verdict.FAIL);
    }

    @Test
    @DisplayName("the verdict is the worst: FAIL over INCONCLUSIVE over PASS; none without gates")
    void worst() {
      Groups g = new Groups().add("all", 100, 90);
      assertThat(
              ModelEvaluation.builder()
                  .classification(g.outcomes())
                  .gate(Gate.parse("accuracy>=0.82"))
                  .gate(Gate.parse("accuracy>=0.83"))
                  .build()
                  .run()
                  .verdict())
          .contains(Verdict.INCONCLUSIVE);
      assertThat(
              ModelEvaluation.builder()
                  .classification(g.outcomes())
                  .gate(Gate.parse("accuracy>=0.82"))
                  .build()
                  .run()
                  .verdict())
          .contains(Verdict.PASS);
      EvaluationReport none = ModelEvaluation.builder().classification(g.outcomes()).build().run();
      assertThat(none.verdict()).isEmpty();
      assertThat(none.gates()).isEmpty();
    }

    @Test
    @DisplayName(
        "over 3 slices and the whole set, level 1 - 0.05/4: PASS at 95 % becomes"
            + " INCONCLUSIVE, and the result says so")
    void bonferroni() throws Exception {
      Groups g = new Groups().add("a", 100, 90).add("b", 100, 90).add("c", 100, 90);
      EvaluationReport r = g.builder().gate(Gate.parse("accuracy>=0.81")).build().run();
      assertThat(r.gates()).hasSize(4);
      double[] w = wilson(90, 100, 0.9875);
      for (GateResult gr : r.gates()) {
        assertThat(gr.level()).isCloseTo(0.9875, within(1e-12));
        assertThat(gr.interval().orElseThrow().level()).isCloseTo(0.9875, within(1e-12));
        assertThat(gr.note()).contains("simultaneous over 4 slices, Bonferroni");
      }
      for (GateResult gr : r.gates().subList(1, 4)) {
        assertThat(gr.interval().orElseThrow().low()).isCloseTo(w[0], within(1e-9));
        assertThat(gr.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      }
      double[] all = wilson(270, 300, 0.9875);
      assertThat(r.gates().get(0).interval().orElseThrow().low()).isCloseTo(all[0], within(1e-9));
      assertThat(r.gates().get(0).verdict()).isEqualTo(Verdict.PASS);
      // the reported intervals stay at 95 %
      Interval reported =
          r.slices()
              .get(0)
              .classification()
              .orElseThrow()
              .metric("accuracy")
              .orElseThrow()
              .interval()
              .orElseThrow();
      assertThat(reported.level()).isEqualTo(0.95);
      assertThat(reported.low()).isCloseTo(wilson(90, 100, 0.95)[0], within(1e-9));
      assertThat(r.verdict()).contains(Verdict.INCONCLUSIVE);
      JsonNode sim = new ObjectMapper().readTree(EvaluationJson.toJson(r)).get("simultaneous");
      assertThat(sim.get("enabled").asBoolean()).isTrue();
      assertThat(sim.get("method").asText()).isEqualTo("bonferroni");
      assertThat(sim.get("places").asInt()).isEqualTo(4);
      assertThat(sim.get("gate_level").asDouble()).isCloseTo(0.9875, within(1e-12));
    }

    @Test
    @DisplayName(
        "a regression gate beside classification outcomes: exact predictions give MAE 0,"
            + " every bootstrap interval [0, 0], PASS at every place")
    void regressionGate() {
      Groups g = new Groups().add("a", 40, 30).add("b", 40, 30);
      double[] target = new double[80];
      for (int i = 0; i < 80; i++) {
        target[i] = i * 0.5;
      }
      EvaluationReport r =
          g.builder()
              .regression(RegressionOutcomes.of(target, target.clone()))
              .gate(Gate.parse("mae<=0.1"))
              .build()
              .run();
      assertThat(r.gates()).hasSize(3);
      for (GateResult gr : r.gates()) {
        assertThat(gr.verdict()).isEqualTo(Verdict.PASS);
        assertThat(gr.interval().orElseThrow().high()).isEqualTo(0.0);
        assertThat(gr.level()).isCloseTo(1 - 0.05 / 3, within(1e-12));
      }
      assertThat(r.verdict()).contains(Verdict.PASS);
    }

    @Test
    @DisplayName("simultaneous(false) decides every slice at 95 %: all PASS")
    void notSimultaneous() {
      Groups g = new Groups().add("a", 100, 90).add("b", 100, 90).add("c", 100, 90);
      EvaluationReport r =
          g.builder().gate(Gate.parse("accuracy>=0.81")).simultaneous(false).build().run();
      assertThat(verdicts(r)).containsOnly(Verdict.PASS);
      assertThat(r.gates()).allSatisfy(gr -> assertThat(gr.level()).isEqualTo(0.95));
      assertThat(r.gates()).allSatisfy(gr -> assertThat(gr.note()).doesNotContain("Bonferroni"));
      assertThat(r.verdict()).contains(Verdict.PASS);
    }

    @Test
    @DisplayName("an undefined metric is INCONCLUSIVE with the reason")
    void undefined() {
      // every label 0: ROC AUC is undefined
      BinaryOutcomes ones = BinaryOutcomes.of(new int[40], new double[40], new int[40]);
      EvaluationReport r =
          ModelEvaluation.builder()
              .classification(ones)
              .gate(Gate.parse("roc_auc>=0.5"))
              .build()
              .run();
      GateResult g = r.gates().get(0);
      assertThat(g.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(g.value()).isEmpty();
      assertThat(g.interval()).isEmpty();
      assertThat(g.note()).startsWith("roc_auc is undefined");
    }
  }

  @Test
  @DisplayName(
      "runs are reproducible: the same seed gives the same JSON, twice from one evaluation")
  void reproducible() {
    Groups g = new Groups().add("a", 100, 70).add("b", 60, 50);
    ModelEvaluation e = g.builder().gate(Gate.parse("f1>=0.6")).build();
    String first = EvaluationJson.toJson(e.run());
    assertThat(EvaluationJson.toJson(e.run())).isEqualTo(first);
    assertThat(EvaluationJson.toJson(g.builder().gate(Gate.parse("f1>=0.6")).build().run()))
        .isEqualTo(first);
    assertThat(e.run().toString())
        .matches(
            "EvaluationReport\\[verdict (PASS|FAIL|INCONCLUSIVE), 160 rows, 2 slices \\(0 below"
                + " 30\\), 3 gate decisions: .*\\]");
  }

  @Nested
  @DisplayName("reports small slices apart")
  class Small {
    @Test
    @DisplayName("a slice of 20 rows: point metrics, no intervals, gates INCONCLUSIVE, not in k")
    void small() {
      Groups g = new Groups().add("big", 100, 90).add("small", 20, 20);
      EvaluationReport r = g.builder().gate(Gate.parse("accuracy>=0.5")).build().run();
      SliceResult small = r.slices().get(1);
      assertThat(small.description()).isEqualTo("g=small");
      assertThat(small.belowMinimum()).isTrue();
      assertThat(r.smallSlices()).containsExactly(small);
      MetricValue acc = small.classification().orElseThrow().metric("accuracy").orElseThrow();
      assertThat(acc.value().getAsDouble()).isEqualTo(1.0);
      assertThat(small.classification().orElseThrow().metrics())
          .allSatisfy(m -> assertThat(m.interval()).as(m.name()).isEmpty());
      assertThat(r.gates())
          .extracting(GateResult::slice)
          .containsExactly("overall", "g=big", "g=small");
      assertThat(verdicts(r)).containsExactly(Verdict.PASS, Verdict.PASS, Verdict.INCONCLUSIVE);
      assertThat(r.gates().get(2).note()).contains("20 rows, below the minimum slice size");
      // k = 2 (overall and big): level 1 - 0.05/2
      assertThat(r.gates().get(0).level()).isCloseTo(0.975, within(1e-12));
      assertThat(r.gates().get(0).note()).contains("simultaneous over 2 slices, Bonferroni");
      assertThat(r.verdict()).contains(Verdict.INCONCLUSIVE);
      assertThat(r.worstSlices("accuracy", 5))
          .extracting(SliceResult::description)
          .containsExactly("g=big");
    }

    @Test
    @DisplayName("minimumSliceSize(10) lets a slice of 20 rows be decided")
    void minimum() {
      Groups g = new Groups().add("big", 100, 90).add("small", 20, 20);
      EvaluationReport r =
          g.builder().gate(Gate.parse("accuracy>=0.5")).minimumSliceSize(10).build().run();
      assertThat(r.smallSlices()).isEmpty();
      assertThat(r.verdict()).contains(Verdict.PASS);
      assertThat(r.minimumSliceSize()).isEqualTo(10);
    }
  }

  @Nested
  @DisplayName("ranks the worst slices by the unfavourable bound")
  class Worst {
    @Test
    @DisplayName("accuracy (higher is better) by the lower bound: 9 of 10 ranks below 80 of 100")
    void lowerBound() {
      // points 0.65, 0.9, 0.8; Wilson lower bounds 0.553, 0.596, 0.711
      Groups g = new Groups().add("a", 100, 65).add("b", 10, 9).add("c", 100, 80);
      EvaluationReport r = g.builder().minimumSliceSize(5).build().run();
      assertThat(r.worstSlices("accuracy", 2))
          .extracting(SliceResult::description)
          .containsExactly("g=a", "g=b");
      assertThat(r.worstSlices("accuracy", 0)).isEmpty();
      assertThat(r.worstSlices("accuracy", 9)).hasSize(3);
    }

    @Test
    @DisplayName("log loss (lower is better) by the upper bound, descending")
    void upperBound() {
      Groups g = new Groups().add("a", 100, 65).add("b", 40, 36).add("c", 100, 80);
      EvaluationReport r = g.builder().build().run();
      List<SliceResult> expected = new ArrayList<>(r.slices());
      expected.sort(
          Comparator.comparingDouble(
                  (SliceResult s) ->
                      s.classification()
                          .orElseThrow()
                          .metric("log_loss")
                          .orElseThrow()
                          .interval()
                          .orElseThrow()
                          .high())
              .reversed());
      assertThat(r.worstSlices("log_loss", 3)).containsExactlyElementsOf(expected);
      assertThatThrownBy(() -> r.worstSlices("auc", 1))
          .hasMessageContaining("unknown metric 'auc'");
      assertThatThrownBy(() -> r.worstSlices("mae", -1)).hasMessageContaining("at least 0");
    }
  }

  @Nested
  @DisplayName("refuses a bad configuration, naming the culprit")
  class Configuration {
    @Test
    @DisplayName("no outcomes, outcomes of different sizes, a gate without its outcomes")
    void outcomes() {
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder()
                      .classification(BinaryOutcomes.of(new int[0], new double[0], new int[0]))
                      .build())
          .hasMessageContaining("no rows");
      assertThatThrownBy(() -> ModelEvaluation.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("classification(...) or regression(...)");
      BinaryOutcomes c = new Groups().add("a", 4, 4).outcomes();
      RegressionOutcomes r3 = RegressionOutcomes.of(new double[] {1, 2, 3}, new double[] {1, 2, 3});
      assertThatThrownBy(() -> ModelEvaluation.builder().classification(c).regression(r3).build())
          .hasMessageContaining("4 rows but the regression outcomes 3");
      assertThatThrownBy(
              () -> ModelEvaluation.builder().classification(c).gate(Gate.parse("mae<=1")).build())
          .hasMessageContaining("gate mae<=1 names a regression metric");
      assertThatThrownBy(
              () -> ModelEvaluation.builder().regression(r3).gate(Gate.parse("f1>=0.5")).build())
          .hasMessageContaining("gate f1>=0.5 names a classification metric");
    }

    @Test
    @DisplayName("options set twice, a gate added twice, gates without intervals")
    void twice() {
      BinaryOutcomes c = new Groups().add("a", 4, 4).outcomes();
      assertThatThrownBy(() -> ModelEvaluation.builder().classification(c).classification(c))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("classification(...) was already set");
      assertThatThrownBy(() -> ModelEvaluation.builder().minimumSliceSize(5).minimumSliceSize(6))
          .hasMessageContaining("minimumSliceSize(...) was already set");
      assertThatThrownBy(() -> ModelEvaluation.builder().minimumSliceSize(0))
          .hasMessageContaining("at least 1");
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder().gate(Gate.parse("f1>=0.5")).gate(Gate.parse("f1>=0.5")))
          .hasMessageContaining("gate f1>=0.5 was added twice");
      assertThatThrownBy(
              () ->
                  ModelEvaluation.builder()
                      .classification(c)
                      .intervals(IntervalSpec.none())
                      .gate(Gate.parse("f1>=0.5"))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("gates are decided on intervals");
      assertThatThrownBy(() -> ModelEvaluation.builder().subject("churn", 0))
          .hasMessageContaining("at least 1");
    }
  }
}
