package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the oracle comparator on the model-metric sections is compare.py --strict")
class ModelSectionsComparatorTest {
  JsonNode expected;
  ObjectNode actual;

  @BeforeEach
  void load() throws IOException {
    expected = OracleModelCasesTest.json("syn_small_slices/expected.json");
    // the expected document itself, as an output: everything matches
    actual = expected.deepCopy();
  }

  List<String> failures() {
    return new OracleComparator(expected.get("tolerances")).compare(expected, actual).failures;
  }

  ObjectNode overall() {
    return (ObjectNode) actual.get("classification").get("overall");
  }

  @Test
  @DisplayName("the expected document matches itself, every value counted")
  void itself() {
    OracleComparator c = new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(c.failures).isEmpty();
    // overall and 4 slices of 20 classification values (10 of them the confusion matrix), and of
    // 4 regression values; compare.py counts the same: 120 passed
    assertThat(c.passed).isEqualTo(5 * 20 + 5 * 4);
  }

  @Test
  @DisplayName("a metric within rel 1e-9 matches, beyond it fails")
  void tolerance() {
    double auc = overall().get("roc_auc").asDouble();
    overall().put("roc_auc", auc * (1 + 5e-10));
    assertThat(failures()).isEmpty();
    overall().put("roc_auc", auc * (1 + 2e-9));
    assertThat(failures())
        .containsExactly(
            "classification.overall.roc_auc: expected " + auc + ", got " + auc * (1 + 2e-9));
  }

  @Test
  @DisplayName("counts match exactly (464.0 is 464), a confusion-matrix cell off by one fails")
  void counts() {
    overall().put("n", 464.0);
    assertThat(failures()).isEmpty();
    ObjectNode cm = (ObjectNode) overall().get("confusion_matrix");
    ((com.fasterxml.jackson.databind.node.ArrayNode) cm.get("matrix").get(1)).set(1, 154);
    assertThat(failures())
        .containsExactly(
            "classification.overall.confusion_matrix.matrix[1][1]: expected 155, got 154");
  }

  @Test
  @DisplayName("an undefined value matches only null; notes are not compared")
  void nulls() {
    ObjectNode single = (ObjectNode) actual.get("classification").get("slices").get("single");
    single.put("roc_auc", 0.5);
    single.putObject("notes").put("anything", "else");
    ObjectNode reg = (ObjectNode) actual.get("regression").get("slices").get("big");
    reg.putNull("r2");
    assertThat(failures())
        .containsExactlyInAnyOrder(
            "classification.slices.single.roc_auc: expected null, got 0.5",
            "regression.slices.big.r2: expected "
                + expected.get("regression").get("slices").get("big").get("r2")
                + ", got null");
  }

  @Test
  @DisplayName("a missing key, a missing slice, a null or missing section fail")
  void missing() {
    overall().remove("brier_score_loss");
    ((ObjectNode) actual.get("classification").get("slices")).remove("tiny");
    actual.putNull("regression");
    assertThat(failures())
        .containsExactlyInAnyOrder(
            "classification.overall.brier_score_loss: missing in actual",
            "classification.slices.tiny: missing in actual",
            "regression: expected an object, got null");
    actual.remove("regression");
    assertThat(failures()).contains("regression: missing in actual");
  }

  @Test
  @DisplayName("an expected null regression section is not checked")
  void nullSection() throws IOException {
    expected = OracleModelCasesTest.json("syn_perfectly_separable/expected.json");
    actual = expected.deepCopy();
    actual.putObject("regression").put("n", 3);
    assertThat(failures()).isEmpty();
    actual.remove("classification");
    assertThat(failures()).containsExactly("classification: missing in actual");
  }
}
