package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.ProfileOptions;
import dev.mlops.validation.profile.Profiler;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("validating a profile against a schema")
class ProfileValidatorTest {

  @Test
  @DisplayName(
      "on an exact profile every check agrees with validating the rows, examples aside"
          + " (the hand-counted report of SchemaValidatorTest)")
  void agreesWithTheRows() {
    Table table = SchemaValidatorTest.table();
    Schema schema = SchemaValidatorTest.schema();
    ValidationReport rows = SchemaValidator.validate(schema, table);
    ValidationReport profile = ProfileValidator.validate(schema, Profiler.profile(table));

    assertThat(profile.checks())
        .extracting(
            CheckResult::check,
            CheckResult::column,
            CheckResult::verdict,
            CheckResult::observed,
            CheckResult::expected,
            CheckResult::failingRows)
        .containsExactlyElementsOf(
            rows.checks().stream()
                .map(
                    c ->
                        tuple(
                            c.check(),
                            c.column(),
                            c.verdict(),
                            c.observed(),
                            c.expected(),
                            c.failingRows()))
                .toList());
    assertThat(profile.checks()).allMatch(c -> c.examples().isEmpty());
    assertThat(profile.verdict()).isEqualTo(rows.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(profile.checksEvaluated()).isEqualTo(rows.checksEvaluated());
    assertThat(profile.rowCount()).isEqualTo(6);
  }

  @Test
  @DisplayName("capped frequencies and sketched distinct counts cannot decide: INCONCLUSIVE")
  void undecidable() {
    String[] ids = IntStream.range(0, 50).mapToObj(i -> "a" + i).toArray(String[]::new);
    Table table =
        Table.of(
            CategoricalColumn.of("id", ids),
            NumericColumn.of("x", IntStream.range(0, 50).asDoubleStream().toArray()));
    Schema schema =
        Schema.builder()
            .column(
                ColumnSpec.builder("id", ColumnType.CATEGORICAL)
                    .categories(List.of("a0"), Severity.FAIL)
                    .unique(Severity.FAIL)
                    .build())
            .column(ColumnSpec.builder("x", ColumnType.NUMERIC).unique(Severity.WARN).build())
            .build();
    Profile capped = Profiler.profile(table, ProfileOptions.defaults().withExactFrequencyCap(10));

    ValidationReport r = ProfileValidator.validate(schema, capped);

    assertThat(r.checks())
        .extracting(CheckResult::check, CheckResult::column, CheckResult::verdict)
        .containsExactly(
            tuple("categories", "id", Verdict.INCONCLUSIVE),
            tuple("unique", "id", Verdict.INCONCLUSIVE),
            tuple("unique", "x", Verdict.INCONCLUSIVE));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    // The rows themselves decide both: 49 ids are not allowed, and every value is unique.
    assertThat(SchemaValidator.validate(schema, table).checks())
        .extracting(CheckResult::check, CheckResult::failingRows)
        .containsExactly(tuple("categories", 49L));
  }

  @Test
  @DisplayName("a range violated in a large column is exact in kind and close in count")
  void largeRange() {
    double[] x = IntStream.range(0, 100_000).asDoubleStream().toArray();
    Table table = Table.of(NumericColumn.of("x", x));
    Schema schema =
        Schema.builder()
            .column(
                ColumnSpec.builder("x", ColumnType.NUMERIC)
                    .range(1_000.0, 90_000.0, Severity.FAIL)
                    .build())
            .build();

    CheckResult c = ProfileValidator.validate(schema, Profiler.profile(table)).checks().get(0);

    assertThat(c.check()).isEqualTo("range");
    assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(c.observed()).isEqualTo("[0, 99999]");
    // 1,000 values below and 9,999 above; the KLL sketch (k = 200) ranks within 1.33 % each side
    assertThat(c.failingRows()).isBetween(10_999L - 2_660L, 10_999L + 2_660L);
  }
}
