package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("every drift case of the statistical oracle matches SciPy within its tolerances")
class OracleCasesTest {

  static final String BASE = "/dev/mlops/validation/oracle/cases/";
  static final ObjectMapper MAPPER = new ObjectMapper();

  static InputStream resource(String path) throws IOException {
    InputStream in = OracleCasesTest.class.getResourceAsStream(BASE + path);
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

  static Stream<String> driftCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c : json("MANIFEST.json").get("cases")) {
      if ("drift".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    return names.stream();
  }

  /** Runs one case through the API and returns the JSON the writer prints. */
  static JsonNode run(String name) throws IOException {
    JsonNode expected = json(name + "/expected.json");
    OracleCsv ref;
    OracleCsv cur;
    try (InputStream in = resource(name + "/reference.csv")) {
      ref = OracleCsv.read(in);
    }
    try (InputStream in = resource(name + "/current.csv")) {
      cur = OracleCsv.read(in);
    }
    List<ColumnDrift> columns = new ArrayList<>();
    for (JsonNode col : expected.get("columns")) {
      String c = col.get("name").asText();
      if ("numeric".equals(col.get("type").asText())) {
        BitSet rn = new BitSet();
        BitSet cn = new BitSet();
        double[] r = ref.numbers(c, rn);
        double[] k = cur.numbers(c, cn);
        columns.add(DriftTests.numeric(c, r, rn, k, cn));
      } else {
        columns.add(DriftTests.categorical(c, ref.strings(c), cur.strings(c)));
      }
    }
    return MAPPER.readTree(DriftJson.write(DriftTests.compare(columns)));
  }

  /** Runs one case through {@link DriftAnalysis} and returns the report's JSON. */
  static JsonNode runReport(String name) throws IOException {
    JsonNode expected = json(name + "/expected.json");
    OracleCsv ref;
    OracleCsv cur;
    try (InputStream in = resource(name + "/reference.csv")) {
      ref = OracleCsv.read(in);
    }
    try (InputStream in = resource(name + "/current.csv")) {
      cur = OracleCsv.read(in);
    }
    DriftAnalysis analysis = DriftAnalysis.with(DriftPolicy.defaults());
    for (JsonNode col : expected.get("columns")) {
      String c = col.get("name").asText();
      if ("numeric".equals(col.get("type").asText())) {
        BitSet rn = new BitSet();
        BitSet cn = new BitSet();
        double[] r = ref.numbers(c, rn);
        double[] k = cur.numbers(c, cn);
        analysis.numeric(c, r, rn, k, cn);
      } else {
        analysis.categorical(c, ref.strings(c), cur.strings(c));
      }
    }
    return MAPPER.readTree(DriftJson.write(analysis.run()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driftCases")
  @DisplayName("the verdict report keeps the oracle layout: the case still matches in strict mode")
  void reportMatches(String name) throws IOException {
    JsonNode expected = json(name + "/expected.json");
    JsonNode actual = runReport(name);
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(actual.get("verdict").asText()).isIn("PASS", "WARN", "FAIL", "INCONCLUSIVE");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driftCases")
  @DisplayName("the case's expected results and multiple testing match in strict mode")
  void caseMatches(String name) throws IOException {
    JsonNode expected = json(name + "/expected.json");
    JsonNode actual = run(name);
    Path out = Path.of("target", "oracle-output", name + ".json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).as(name + ": values compared").isGreaterThan(0);
  }
}
