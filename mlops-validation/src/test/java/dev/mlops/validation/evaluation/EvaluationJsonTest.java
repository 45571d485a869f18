package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.RegressionOutcomes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the evaluation JSON")
class EvaluationJsonTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  // labels 1 1 1 0 0 0, scores .9 .8 .4 .6 .2 .1, predictions 1 1 0 1 0 0, slices a a a b b b
  static final int[] LABELS = {1, 1, 1, 0, 0, 0};
  static final double[] SCORES = {0.9, 0.8, 0.4, 0.6, 0.2, 0.1};
  static final int[] PREDICTIONS = {1, 1, 0, 1, 0, 0};

  static ModelEvaluation.Builder handMade() {
    return ModelEvaluation.builder()
        .classification(BinaryOutcomes.of(LABELS, SCORES, PREDICTIONS))
        .slicingFeatures(Table.of(CategoricalColumn.of("g", "a", "a", "a", "b", "b", "b")))
        .sliceBy("g");
  }

  static JsonNode json(EvaluationReport r) throws Exception {
    return MAPPER.readTree(EvaluationJson.toJson(r));
  }

  static List<String> keys(JsonNode o) {
    List<String> out = new ArrayList<>();
    o.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Nested
  @DisplayName("on a hand-made case of 6 rows")
  class HandMade {
    @Test
    @DisplayName("overall: counts, metrics and confusion matrix computed by hand")
    void overall() throws Exception {
      JsonNode doc = json(handMade().build().run());
      assertThat(doc.get("format_version").asInt()).isEqualTo(1);
      assertThat(doc.get("kind").asText()).isEqualTo("model_metrics");
      assertThat(doc.get("verdict").isNull()).isTrue();
      assertThat(doc.has("subject")).isFalse();
      assertThat(doc.get("regression").isNull()).isTrue();
      JsonNode o = doc.get("classification").get("overall");
      assertThat(keys(o).subList(0, 5))
          .containsExactly("n", "n_positive", "n_negative", "accuracy", "accuracy_interval");
      assertThat(o.get("n").asInt()).isEqualTo(6);
      assertThat(o.get("n_positive").asInt()).isEqualTo(3);
      assertThat(o.get("n_negative").asInt()).isEqualTo(3);
      // tp 2 (rows 0, 1), fn 1 (row 2), fp 1 (row 3), tn 2 (rows 4, 5)
      assertThat(o.get("accuracy").asDouble()).isEqualTo(4.0 / 6);
      assertThat(o.get("precision").asDouble()).isEqualTo(2.0 / 3);
      assertThat(o.get("recall").asDouble()).isEqualTo(2.0 / 3);
      assertThat(o.get("f1").asDouble()).isCloseTo(2.0 / 3, within(1e-15));
      // 8 of the 9 positive-negative pairs are ordered right (0.4 < 0.6)
      assertThat(o.get("roc_auc").asDouble()).isCloseTo(8.0 / 9, within(1e-15));
      double logLoss = -(2 * Math.log(0.9) + 2 * Math.log(0.8) + 2 * Math.log(0.4)) / 6;
      assertThat(o.get("log_loss").asDouble()).isCloseTo(logLoss, within(1e-12));
      assertThat(o.get("brier_score_loss").asDouble()).isCloseTo(0.82 / 6, within(1e-15));
      assertThat(o.get("confusion_matrix").toString())
          .isEqualTo(
              "{\"labels\":[0,1],\"matrix\":[[2,1],[1,2]],\"tn\":2,\"fp\":1,\"fn\":1,\"tp\":2}");
      // 6 rows are below the minimum of 30: no interval, no seed
      assertThat(o.get("accuracy_interval").isNull()).isTrue();
      assertThat(o.get("roc_auc_interval").isNull()).isTrue();
      assertThat(o.get("below_minimum").asBoolean()).isTrue();
      assertThat(o.get("slice").asText()).isEqualTo("overall");
      assertThat(o.get("notes").isObject()).isTrue();
    }

    @Test
    @DisplayName("slices keyed by value for one feature, with the 0/0 and one-class conventions")
    void slices() throws Exception {
      JsonNode doc = json(handMade().build().run());
      JsonNode slices = doc.get("classification").get("slices");
      assertThat(keys(slices)).containsExactly("a", "b");
      JsonNode a = slices.get("a");
      assertThat(a.get("n_positive").asInt()).isEqualTo(3);
      assertThat(a.get("precision").asDouble()).isEqualTo(1.0);
      assertThat(a.get("recall").asDouble()).isEqualTo(2.0 / 3);
      assertThat(a.get("f1").asDouble()).isCloseTo(0.8, within(1e-15));
      assertThat(a.get("roc_auc").isNull()).isTrue();
      JsonNode b = slices.get("b");
      assertThat(b.get("precision").asDouble()).isEqualTo(0.0);
      assertThat(b.get("recall").asDouble()).isEqualTo(0.0);
      assertThat(b.get("f1").asDouble()).isEqualTo(0.0);
      assertThat(b.get("confusion_matrix").get("matrix").toString()).isEqualTo("[[2,1],[0,0]]");
      assertThat(b.get("slice").asText()).isEqualTo("g=b");
      assertThat(doc.get("small_slices").toString()).isEqualTo("[\"g=a\",\"g=b\"]");
      assertThat(doc.get("slicing").toString()).isEqualTo("[{\"features\":[\"g\"],\"edges\":{}}]");
    }

    @Test
    @DisplayName("gates and subject: verdict, every decision with level and note")
    void gates() throws Exception {
      JsonNode doc =
          json(handMade().gate(Gate.parse("accuracy>=0.5")).subject("churn", 7).build().run());
      assertThat(doc.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(doc.get("subject").toString()).isEqualTo("{\"model\":\"churn\",\"version\":7}");
      JsonNode gates = doc.get("gates");
      assertThat(gates).hasSize(3);
      assertThat(gates.get(1).get("gate").asText()).isEqualTo("accuracy>=0.5");
      assertThat(gates.get(1).get("metric").asText()).isEqualTo("accuracy");
      assertThat(gates.get(1).get("comparison").asText()).isEqualTo(">=");
      assertThat(gates.get(1).get("threshold").asDouble()).isEqualTo(0.5);
      assertThat(gates.get(1).get("slice").asText()).isEqualTo("g=a");
      assertThat(gates.get(1).get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(gates.get(1).get("value").asDouble()).isEqualTo(2.0 / 3);
      assertThat(gates.get(1).get("interval").isNull()).isTrue();
      assertThat(gates.get(1).get("level").asDouble()).isEqualTo(0.95);
      assertThat(gates.get(1).get("note").asText()).contains("below the minimum slice size");
    }

    @Test
    @DisplayName(
        "numbers in shortest round-trip form; write() ends with a newline, leaves the"
            + " stream open")
    void numbers() throws Exception {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      EvaluationJson.write(handMade().build().run(), out);
      out.write('x');
      String text = out.toString(StandardCharsets.UTF_8);
      assertThat(text).endsWith("}\nx");
      assertThat(text).contains("\"accuracy\" : 0.6666666666666666,");
    }
  }

  @Test
  @DisplayName("a cross keys slices by description; regression has its own section")
  void crossAndRegression() throws Exception {
    Table t =
        Table.of(
            CategoricalColumn.of("g", "a", "a", "a", "b", "b", "b"),
            CategoricalColumn.of("h", "x", "y", "x", "y", "x", "y"));
    EvaluationReport r =
        ModelEvaluation.builder()
            .classification(BinaryOutcomes.of(LABELS, SCORES, PREDICTIONS))
            .regression(
                RegressionOutcomes.of(
                    new double[] {1, 2, 3, 4, 5, 6}, new double[] {1, 2, 3, 4, 5, 8}))
            .slicingFeatures(t)
            .sliceBy("g", "h")
            .build()
            .run();
    JsonNode doc = json(r);
    assertThat(keys(doc.get("classification").get("slices")))
        .containsExactly("g=a & h=x", "g=a & h=y", "g=b & h=x", "g=b & h=y");
    JsonNode reg = doc.get("regression").get("overall");
    assertThat(keys(reg).subList(0, 2)).containsExactly("n", "mae");
    assertThat(reg.get("mae").asDouble()).isCloseTo(2.0 / 6, within(1e-15));
    assertThat(reg.get("rmse").asDouble()).isCloseTo(Math.sqrt(4.0 / 6), within(1e-15));
    assertThat(keys(doc.get("regression").get("slices"))).hasSize(4);
  }
}
