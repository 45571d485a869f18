package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.cli.LauncherScriptIT.Result;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code mlops evaluate} through the real launcher script {@code target/mlops} (built by
 * {@code package}): every model-metric case of the oracle, checked in strict mode, and the exit
 * codes.
 */
@DisplayName("mlops evaluate through the launcher script")
class EvaluateScriptIT {

  @BeforeAll
  static void findLauncher() {
    LauncherScriptIT.findLauncher();
  }

  static Stream<String> modelCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c :
        LauncherScriptIT.json(LauncherScriptIT.casePath("MANIFEST.json")).get("cases")) {
      if ("model_metrics".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    assertThat(names).hasSize(4);
    return names.stream();
  }

  static Result evaluate(String name, String... more) throws IOException, InterruptedException {
    Path dir = LauncherScriptIT.casePath(name);
    List<String> args = new ArrayList<>();
    args.add("evaluate");
    args.add("--predictions");
    args.add(dir.resolve("predictions.csv").toString());
    args.addAll(List.of(more));
    args.add("--format");
    args.add("json");
    return LauncherScriptIT.mlops(args.toArray(new String[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelCases")
  @DisplayName("each model-metric case: 0 failed in strict mode, no gate, exit 0")
  void modelCase(String name) throws Exception {
    JsonNode expected =
        LauncherScriptIT.json(LauncherScriptIT.casePath(name).resolve("expected.json"));
    Result r = evaluate(name);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode actual = LauncherScriptIT.MAPPER.readTree(r.out());
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).as(name + ": values compared").isGreaterThanOrEqualTo(16);
    assertThat(actual.get("format_version").asInt()).isEqualTo(1);
    assertThat(actual.get("kind").asText()).isEqualTo("model_metrics");
    assertThat(actual.get("verdict").isNull()).isTrue();
  }

  @Test
  @DisplayName("a failing gate: FAIL, exit 1, the JSON on stdout")
  void fail() throws Exception {
    Result r = evaluate("real_iris_virginica_sepal_only", "--gate", "roc_auc>=0.95");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode j = LauncherScriptIT.MAPPER.readTree(r.out());
    assertThat(j.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(j.get("gates").get(0).get("interval").get("method").asText()).isEqualTo("delong");
  }

  @Test
  @DisplayName("a passing gate: PASS, exit 0; slices below 30 rows make it INCONCLUSIVE")
  void passAndInconclusive() throws Exception {
    Result pass = evaluate("real_iris_virginica_sepal_only", "--gate", "roc_auc>=0.8");
    assertThat(pass.code()).as(pass.err()).isZero();
    assertThat(LauncherScriptIT.MAPPER.readTree(pass.out()).get("verdict").asText())
        .isEqualTo("PASS");
    Result small = evaluate("syn_small_slices", "--gate", "accuracy>=0.5");
    assertThat(small.code()).as(small.err()).isZero();
    JsonNode j = LauncherScriptIT.MAPPER.readTree(small.out());
    assertThat(j.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
    assertThat(j.get("small_slices").toString()).isEqualTo("[\"slice=single\",\"slice=tiny\"]");
    Result failOn =
        evaluate("syn_small_slices", "--gate", "accuracy>=0.5", "--fail-on", "inconclusive");
    assertThat(failOn.code()).isEqualTo(1);
  }

  @Test
  @DisplayName("a bad gate and a missing column: exit 2, one line, nothing on stdout")
  void usage(@TempDir Path tmp) throws Exception {
    Result gate = evaluate("syn_small_slices", "--gate", "auc>=0.8");
    assertThat(gate.code()).isEqualTo(2);
    assertThat(gate.out()).isEmpty();
    assertThat(gate.err().split("\n")).hasSize(1);
    assertThat(gate.err()).contains("'auc>=0.8'").doesNotContain("\tat ");
    Path f = tmp.resolve("p.csv");
    Files.writeString(f, "label,score\n1,0.5\n");
    Result col = LauncherScriptIT.mlops("evaluate", "--predictions", f.toString());
    assertThat(col.code()).isEqualTo(2);
    assertThat(col.err().split("\n")).hasSize(1);
    assertThat(col.err()).contains(f.toString()).contains("prediction");
  }

  @Test
  @DisplayName(
      "the comparator is strict on the model sections: a moved AUC, a changed count and"
          + " a dropped section fail")
  void strict() throws Exception {
    String name = "syn_small_slices";
    JsonNode expected =
        LauncherScriptIT.json(LauncherScriptIT.casePath(name).resolve("expected.json"));
    ObjectNode actual = (ObjectNode) LauncherScriptIT.MAPPER.readTree(evaluate(name).out());
    ObjectNode overall = (ObjectNode) actual.get("classification").get("overall");
    overall.put("roc_auc", overall.get("roc_auc").asDouble() * (1 + 1e-8));
    ((ObjectNode) overall.get("confusion_matrix")).put("tp", 154);
    actual.remove("regression");
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures)
        .anyMatch(f -> f.startsWith("classification.overall.roc_auc:"))
        .anyMatch(f -> f.startsWith("classification.overall.confusion_matrix.tp:"))
        .anyMatch(f -> f.equals("regression: missing in actual"));
  }
}
