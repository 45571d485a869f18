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
  @DisplayName(
      "capped frequencies cannot decide: INCONCLUSIVE; an exact quantile sketch decides numeric"
          + " uniqueness")
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
            tuple("unique", "id", Verdict.INCONCLUSIVE));
    assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    // The rows themselves decide both: 49 ids are not allowed, and every value is unique.
    assertThat(SchemaValidator.validate(schema, table).checks())
        .extracting(CheckResult::check, CheckResult::failingRows)
        .containsExactly(tuple("categories", 49L));
  }

  @Test
  @DisplayName(
      "in a large column a violated range is exact in kind and close in count; uniqueness is"
          + " INCONCLUSIVE")
  void largeRange() {
    double[] x = IntStream.range(0, 100_000).asDoubleStream().toArray();
    Table table = Table.of(NumericColumn.of("x", x));
    Schema schema =
        Schema.builder()
            .column(
                ColumnSpec.builder("x", ColumnType.NUMERIC)
                    .range(1_000.0, 90_000.0, Severity.FAIL)
                    .unique(Severity.WARN)
                    .build())
            .build();

    ValidationReport r = ProfileValidator.validate(schema, Profiler.profile(table));
    CheckResult c = r.checks().get(0);
    // 100,000 values: the sketch estimates, so uniqueness cannot be decided
    assertThat(r.checks().get(1))
        .extracting(CheckResult::check, CheckResult::verdict)
        .containsExactly("unique", Verdict.INCONCLUSIVE);

    assertThat(c.check()).isEqualTo("range");
    assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(c.observed()).isEqualTo("[0, 99999]");
    // 1,000 values below and 9,999 above; the KLL sketch (k = 200) ranks within 1.33 % each side
    assertThat(c.failingRows()).isBetween(10_999L - 2_660L, 10_999L + 2_660L);
  }

  @Test
  @DisplayName(
      "inference from an exact profile suggests what inference from the rows suggests, and the"
          + " profiled table passes it")
  void inferenceFromAProfile() {
    Table table =
        Table.of(
            NumericColumn.of("x", 3.5, -1.0, 2.0, 7.25, 0.0, 2.5),
            NumericColumn.builder("y")
                .append(1)
                .appendNull()
                .append(1)
                .append(Double.NaN)
                .append(2)
                .append(2)
                .build(),
            CategoricalColumn.of("country", "de", "fr", "de", null, "fr", "de"),
            CategoricalColumn.of("id", "a", "b", "c", "d", "e", "f"));
    InferredSchema fromRows = SchemaInference.infer(table, InferenceOptions.defaults());
    InferredSchema fromProfile =
        SchemaInference.infer(Profiler.profile(table), InferenceOptions.defaults());

    assertThat(fromProfile).isEqualTo(fromRows);
    // by hand: x is unique with range [-1, 7.25]; y and country are not; id is unique
    assertThat(fromProfile.suggestions())
        .filteredOn(InferredSchema.Suggestion::kept)
        .extracting(InferredSchema.Suggestion::column, InferredSchema.Suggestion::check)
        .contains(
            tuple("x", "range"),
            tuple("x", "unique"),
            tuple("country", "categories"),
            tuple("id", "unique"))
        .doesNotContain(tuple("y", "unique"), tuple("country", "unique"));
    assertThat(ProfileValidator.validate(fromProfile.schema(), Profiler.profile(table)).verdict())
        .isEqualTo(Verdict.PASS);
  }
}
