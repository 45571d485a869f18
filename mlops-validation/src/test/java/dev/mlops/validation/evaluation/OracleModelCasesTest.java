package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName(
    "every model-metric case of the oracle matches scikit-learn 1.2 through EvaluationJson")
class OracleModelCasesTest {
  static final String BASE = "/dev/mlops/validation/oracle/cases/";
  static final ObjectMapper MAPPER = new ObjectMapper();

  static InputStream resource(String path) throws IOException {
    InputStream in = OracleModelCasesTest.class.getResourceAsStream(BASE + path);
    if (in == null) {
      throw new IOException("missing test resource " + BASE + path);
    }
    return in;
  }

  static JsonNode json(String path) throws IOException {
    try (InputStream in = resource(path)) {
      return MAPPER.readTree(in);
    }
  }

  static Stream<String> modelCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c : json("MANIFEST.json").get("cases")) {
      if ("model_metrics".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    assertThat(names).hasSize(4);
    return names.stream();
  }

  static Predictions predictions(String name) throws IOException {
    try (InputStream in = resource(name + "/predictions.csv")) {
      return Predictions.read(in);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelCases")
  @DisplayName("strict comparison: 0 failed, every expected value checked")
  void strict(String name) throws IOException {
    JsonNode expected = json(name + "/expected.json");
    EvaluationReport report = predictions(name).evaluation().build().run();
    JsonNode actual = MAPPER.readTree(EvaluationJson.toJson(report));
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).as(name + ": values compared").isGreaterThanOrEqualTo(16);
    assertThat(actual.get("format_version").asInt()).isEqualTo(1);
    assertThat(actual.get("kind").asText()).isEqualTo("model_metrics");
    assertThat(actual.get("verdict").isNull()).isTrue();
    if (expected.get("regression").isNull()) {
      assertThat(actual.get("regression").isNull()).isTrue();
    }
  }
}
