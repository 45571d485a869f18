package dev.mlops.validation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("every model-metric case of the statistical oracle matches scikit-learn 1.2")
class ModelOracleCasesTest {

  static List<String> cases() throws IOException {
    return ModelOracleCases.modelCases();
  }

  @Test
  @DisplayName("the four public model-metric cases are present, unchanged against the manifest")
  void casesArePresentAndUnchanged() throws IOException, NoSuchAlgorithmException {
    assertThat(cases())
        .containsExactlyInAnyOrder(
            "real_iris_virginica_sepal_only",
            "syn_all_one_class_positive",
            "syn_perfectly_separable",
            "syn_small_slices");
    for (JsonNode c : ModelOracleCases.json("MANIFEST.json").get("cases")) {
      if (!"model_metrics".equals(c.get("kind").asText())) {
        continue;
      }
      for (Map.Entry<String, JsonNode> f : c.get("sha256").properties()) {
        byte[] b = ModelOracleCases.bytes(c.get("name").asText() + "/" + f.getKey());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        assertThat(digest)
            .as(c.get("name").asText() + "/" + f.getKey())
            .isEqualTo(f.getValue().asText());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("classification and regression sections match within the case's tolerances")
  void caseMatches(String name) throws IOException {
    JsonNode expected = ModelOracleCases.json(name + "/expected.json");
    JsonNode actual = ModelOracleCases.run(name);
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).as("values compared").isGreaterThan(10);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("a value is null exactly when the oracle gives a note saying why it is undefined")
  void notesExplainUndefinedValues(String name) throws IOException {
    JsonNode expected = ModelOracleCases.json(name + "/expected.json");
    JsonNode actual = ModelOracleCases.run(name);
    for (String section : List.of("classification", "regression")) {
      JsonNode e = expected.get(section);
      if (e == null || e.isNull()) {
        continue;
      }
      assertThat(actual.get(section).get("overall").get("notes").size() > 0)
          .as(section + " overall notes")
          .isEqualTo(e.get("overall").get("notes").size() > 0);
      if (e.has("slices")) {
        for (Map.Entry<String, JsonNode> s : e.get("slices").properties()) {
          JsonNode ours = actual.get(section).get("slices").get(s.getKey()).get("notes");
          List<String> keys = new java.util.ArrayList<>();
          s.getValue().get("notes").fieldNames().forEachRemaining(keys::add);
          for (String k : keys) {
            assertThat(ours.has(k)).as(section + " slice " + s.getKey() + " note " + k).isTrue();
          }
        }
      }
    }
  }
}
