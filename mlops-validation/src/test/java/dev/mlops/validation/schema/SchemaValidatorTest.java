package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("validating a table against a schema")
class SchemaValidatorTest {

  /** 6 rows; age has a null (row 1) and a NaN (row 5), 200 (row 2) and -1 (row 3) out of range. */
  static Table table() {
    NumericColumn age =
        NumericColumn.builder("age")
            .append(25)
            .appendNull()
            .append(200)
            .append(-1)
            .append(40)
            .append(Double.NaN)
            .build();
    return Table.of(
        age,
        CategoricalColumn.of("country", "de", "fr", "xx", null, "de", "us"),
        CategoricalColumn.of("id", "a1", "a2", "a3", "a3", "b5", "a6"),
        BooleanColumn.of("flag", true, false, true, true, false, true));
  }

  static Schema schema() {
    return Schema.builder()
        .rowCount(10, null, Severity.WARN)
        .column(
            ColumnSpec.builder("age", ColumnType.NUMERIC)
                .maxNullFraction(0.2, Severity.FAIL)
                .range(0.0, 130.0, Severity.FAIL)
                .build())
        .column(
            ColumnSpec.builder("country", ColumnType.CATEGORICAL)
                .categories(List.of("de", "fr", "us"), Severity.WARN)
                .maxNullFraction(0.5, Severity.FAIL)
                .build())
        .column(
            ColumnSpec.builder("id", ColumnType.CATEGORICAL)
                .pattern("a\\d", Severity.WARN)
                .unique(Severity.FAIL)
                .build())
        .column(ColumnSpec.builder("flag", ColumnType.BOOLEAN).build())
        .column(ColumnSpec.builder("label", ColumnType.NUMERIC).build())
        .build();
  }

  @Nested
  @DisplayName("violated checks")
  class Violations {
    @Test
    @DisplayName("every violated check is listed in schema order with hand-counted failing rows")
    void everyViolation() {
      ValidationReport r = SchemaValidator.validate(schema(), table());
      assertThat(r.checks())
          .extracting(
              CheckResult::check,
              CheckResult::column,
              CheckResult::verdict,
              CheckResult::observed,
              CheckResult::expected,
              CheckResult::failingRows)
          .containsExactly(
              tuple("row_count", null, Verdict.WARN, 6L, "[10, inf]", 0L),
              tuple("nulls", "age", Verdict.FAIL, 2.0 / 6, "<= 0.2", 2L),
              tuple("range", "age", Verdict.FAIL, "[-1, 200]", "[0, 130]", 2L),
              tuple("categories", "country", Verdict.WARN, "[xx]", "one of [de, fr, us]", 1L),
              tuple("pattern", "id", Verdict.WARN, 5.0 / 6, "matches a\\d", 1L),
              tuple(
                  "unique", "id", Verdict.FAIL, 5L, "6 distinct values (one per present row)", 1L),
              tuple("column_present", "label", Verdict.FAIL, "absent", "present", 0L));
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.rowCount()).isEqualTo(6);
      // row count, then age: present, type, nulls, range; country: 4; id: 4; flag: 2; label: 1
      assertThat(r.checksEvaluated()).isEqualTo(1 + 4 + 4 + 4 + 2 + 1);
    }

    @Test
    @DisplayName("examples give the 0-based row and the value, null for a missing one")
    void examples() {
      ValidationReport r = SchemaValidator.validate(schema(), table());
      assertThat(r.checks().get(1).examples())
          .containsExactly(new CheckResult.Example(1, null), new CheckResult.Example(5, null));
      assertThat(r.checks().get(2).examples())
          .containsExactly(new CheckResult.Example(2, 200.0), new CheckResult.Example(3, -1.0));
      assertThat(r.checks().get(5).examples()).containsExactly(new CheckResult.Example(3, "a3"));
    }

    @Test
    @DisplayName("examples are bounded by the limit while failing_rows counts them all")
    void boundedExamples() {
      NumericColumn.Builder b = NumericColumn.builder("x");
      for (int i = 0; i < 100; i++) {
        b.append(i);
      }
      Schema s =
          Schema.builder()
              .column(
                  ColumnSpec.builder("x", ColumnType.NUMERIC)
                      .range(null, 9.0, Severity.FAIL)
                      .build())
              .build();
      Table t = Table.of(b.build());
      ValidationReport r = SchemaValidator.validate(s, t);
      assertThat(r.checks())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.failingRows()).isEqualTo(90);
                assertThat(c.examples())
                    .extracting(CheckResult.Example::row)
                    .containsExactly(10L, 11L, 12L, 13L, 14L);
              });
      ValidationReport two = SchemaValidator.validate(s, t, 2);
      assertThat(two.checks().get(0).examples()).hasSize(2);
    }

    @Test
    @DisplayName("a column of another type fails its type check and skips the others")
    void typeMismatch() {
      Schema s =
          Schema.builder()
              .column(
                  ColumnSpec.builder("id", ColumnType.NUMERIC)
                      .type(ColumnType.NUMERIC, Severity.WARN)
                      .range(0.0, 1.0, Severity.FAIL)
                      .build())
              .build();
      ValidationReport r = SchemaValidator.validate(s, table());
      assertThat(r.checks())
          .extracting(CheckResult::check, CheckResult::observed, CheckResult::expected)
          .containsExactly(tuple("type", "CATEGORICAL", "NUMERIC"));
      assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }
  }

  @Nested
  @DisplayName("the overall verdict")
  class OverallVerdict {
    @Test
    @DisplayName("is WARN when only WARN-severity checks fail, PASS when none does")
    void warnAndPass() {
      Schema warnOnly = Schema.builder().rowCount(7, null, Severity.WARN).build();
      assertThat(SchemaValidator.validate(warnOnly, table()).verdict()).isEqualTo(Verdict.WARN);
      Schema fits =
          Schema.builder()
              .rowCount(6, 6L, Severity.FAIL)
              .column(
                  ColumnSpec.builder("age", ColumnType.NUMERIC)
                      .range(-1.0, 200.0, Severity.FAIL)
                      .maxNullFraction(1.0 / 3, Severity.FAIL)
                      .build())
              .build();
      ValidationReport r = SchemaValidator.validate(fits, table());
      assertThat(r.checks()).isEmpty();
      assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }
  }

  @Nested
  @DisplayName("the mlops validate JSON")
  class Json {
    @Test
    @DisplayName("has exactly the keys of CLI-JSON.md, with null column and null values")
    void layout() throws Exception {
      JsonNode root =
          new ObjectMapper()
              .readTree(ValidationJson.write(SchemaValidator.validate(schema(), table())));
      assertThat(fieldNames(root))
          .containsExactlyInAnyOrder("format_version", "kind", "verdict", "checks");
      assertThat(root.get("format_version").asInt()).isEqualTo(1);
      assertThat(root.get("kind").asText()).isEqualTo("validation");
      assertThat(root.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(root.get("checks")).hasSize(7);
      for (JsonNode c : root.get("checks")) {
        assertThat(fieldNames(c))
            .isEqualTo(
                Set.of(
                    "check",
                    "column",
                    "severity",
                    "verdict",
                    "observed",
                    "expected",
                    "failing_rows",
                    "examples"));
      }
      JsonNode first = root.get("checks").get(0);
      assertThat(first.get("column").isNull()).isTrue();
      assertThat(first.get("observed").asLong()).isEqualTo(6);
      JsonNode nulls = root.get("checks").get(1);
      assertThat(nulls.get("failing_rows").asLong()).isEqualTo(2);
      assertThat(nulls.get("examples").get(0).get("row").asInt()).isEqualTo(1);
      assertThat(nulls.get("examples").get(0).get("value").isNull()).isTrue();
      JsonNode range = root.get("checks").get(2);
      assertThat(range.get("examples").get(0).get("value").asDouble()).isEqualTo(200.0);
      assertThat(range.get("severity").asText()).isEqualTo("FAIL");
    }

    private Set<String> fieldNames(JsonNode n) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      return Set.copyOf(names);
    }
  }
}
