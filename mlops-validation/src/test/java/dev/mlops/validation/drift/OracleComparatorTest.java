package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("the oracle comparison and CSV reader of the tests")
class OracleComparatorTest {

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String CASE = "syn_tiny_n5_vs_n7";

  static JsonNode expected() throws IOException {
    return OracleCasesTest.json(CASE + "/expected.json");
  }

  static OracleComparator compare(JsonNode actual) throws IOException {
    JsonNode e = expected();
    return new OracleComparator(e.get("tolerances")).compare(e, actual);
  }

  /** The expected file itself, as actual output: everything must pass. */
  static ObjectNode copy() throws IOException {
    return (ObjectNode) expected().deepCopy();
  }

  static ObjectNode ks(ObjectNode root) {
    return (ObjectNode) root.get("results").get("x").get("ks");
  }

  @Nested
  @DisplayName("comparator")
  class Comparator {
    @Test
    @DisplayName("the expected file compared with itself passes every value")
    void selfPasses() throws IOException {
      OracleComparator c = compare(copy());
      assertThat(c.failures).isEmpty();
      assertThat(c.passed).isGreaterThan(300);
    }

    @Test
    @DisplayName("a statistic off by a relative 1e-8 fails (float tolerance 1e-9)")
    void statisticOff() throws IOException {
      ObjectNode a = copy();
      ObjectNode mw = (ObjectNode) a.get("results").get("x").get("anderson_darling");
      mw.put("statistic", mw.get("statistic").asDouble() * (1 + 1e-8));
      assertThat(compare(a).failures)
          .singleElement()
          .asString()
          .contains("results.x.anderson_darling.statistic");
    }

    @Test
    @DisplayName("a p-value off by a relative 1e-7 passes, by 1e-5 fails")
    void pvalueTolerance() throws IOException {
      ObjectNode a = copy();
      ks(a).put("pvalue", ks(a).get("pvalue").asDouble() * (1 + 1e-7));
      assertThat(compare(a).failures).isEmpty();
      ks(a).put("pvalue", ks(a).get("pvalue").asDouble() * (1 + 1e-5));
      assertThat(compare(a).failures).singleElement().asString().contains("ks.pvalue");
    }

    @Test
    @DisplayName("0 where null is expected fails, and null where a number is expected fails")
    void nullMatchesOnlyNull() throws IOException {
      ObjectNode a = copy();
      ((ObjectNode) a.get("results").get("x").get("mann_whitney")).put("z", 0.0);
      ks(a).putNull("statistic");
      assertThat(compare(a).failures).hasSize(2);
    }

    @Test
    @DisplayName("a missing expected key fails in strict mode")
    void missingKey() throws IOException {
      ObjectNode a = copy();
      ks(a).remove("pvalue_asymp");
      assertThat(compare(a).failures).singleElement().asString().contains("missing");
    }

    @Test
    @DisplayName("a count off by one, a wrong method name or a shorter list fails")
    void exactValues() throws IOException {
      ObjectNode a = copy();
      ObjectNode bins = (ObjectNode) a.get("results").get("x").get("binned");
      ((ArrayNode) bins.get("current_counts")).set(0, 1);
      ks(a).put("method", "asymp");
      ((ArrayNode) bins.get("edges")).remove(10);
      assertThat(compare(a).failures).hasSize(3);
    }

    @Test
    @DisplayName("a defined result where undefined is expected fails; skipped keys are ignored")
    void undefinedAndSkipped() throws IOException {
      JsonNode e = OracleCasesTest.json("syn_all_null_column/expected.json");
      ObjectNode a = (ObjectNode) e.deepCopy();
      ObjectNode ks = (ObjectNode) a.get("results").get("null_in_current").get("ks");
      ks.put("reason", "another wording");
      ObjectNode binned = (ObjectNode) a.get("results").get("ok").get("binned");
      binned.put("values_at_interpolated_edges", 99);
      assertThat(new OracleComparator(e.get("tolerances")).compare(e, a).failures).isEmpty();
      ks.put("defined", true);
      assertThat(new OracleComparator(e.get("tolerances")).compare(e, a).failures)
          .singleElement()
          .asString()
          .contains("expected undefined");
    }
  }

  @Nested
  @DisplayName("CSV reader")
  class Csv {
    @Test
    @DisplayName("quotes keep commas, doubled quotes and spaces; an empty field is null")
    void dialect() throws IOException {
      String text = "a,b\n\"x, y\",\" padded \"\n\"say \"\"hi\"\"\",\n,NaN\n";
      OracleCsv csv =
          OracleCsv.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      assertThat(csv.strings("a")).containsExactly("x, y", "say \"hi\"", null);
      assertThat(csv.strings("b")).containsExactly(" padded ", null, "NaN");
      BitSet nulls = new BitSet();
      double[] b =
          OracleCsv.read(
                  new ByteArrayInputStream("b\n1e-05\n\nNaN\n".getBytes(StandardCharsets.UTF_8)))
              .numbers("b", nulls);
      assertThat(b[0]).isEqualTo(1e-05);
      assertThat(nulls.get(1)).isTrue();
      assertThat(nulls.get(2)).isFalse();
      assertThat(b[2]).isNaN();
    }
  }
}
