package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("schema inference")
class SchemaInferenceTest {

  static Table table() {
    return Table.of(
        NumericColumn.builder("age").append(10).append(20).append(30).appendNull().build(),
        CategoricalColumn.of("country", "a", "b", "a", "a"),
        NumericColumn.of("score", 1, 1, 2, 3),
        BooleanColumn.of("flag", true, false, true, true));
  }

  @Nested
  @DisplayName("suggestions")
  class Suggestions {
    @Test
    @DisplayName("types, nullability, ranges, categories and uniqueness follow the observed data")
    void inferred() {
      Schema s = SchemaInference.infer(table()).schema();
      ColumnSpec age = s.column("age").orElseThrow();
      assertThat(age.type()).isEqualTo(ColumnType.NUMERIC);
      // Wilson upper 95 % bound of 1 missing in 4, computed by hand: 0.6993581574175981
      assertThat(age.nulls().maxFraction()).isCloseTo(0.6993581574175981, within(1e-12));
      assertThat(age.nulls().severity()).isEqualTo(Severity.WARN);
      assertThat(age.range()).isEqualTo(new ColumnSpec.Range(10.0, 30.0, Severity.WARN));
      assertThat(age.unique()).isEqualTo(new ColumnSpec.Unique(Severity.WARN));
      ColumnSpec country = s.column("country").orElseThrow();
      assertThat(country.nulls()).isEqualTo(new ColumnSpec.Nulls(0.0, Severity.FAIL));
      assertThat(country.categories().allowed()).containsExactly("a", "b");
      assertThat(country.unique()).isNull();
      ColumnSpec score = s.column("score").orElseThrow();
      assertThat(score.unique()).as("1 repeats").isNull();
      assertThat(score.range()).isEqualTo(new ColumnSpec.Range(1.0, 3.0, Severity.WARN));
      ColumnSpec flag = s.column("flag").orElseThrow();
      assertThat(flag.type()).isEqualTo(ColumnType.BOOLEAN);
      assertThat(flag.unique()).isNull();
    }

    @Test
    @DisplayName(
        "categories are not suggested above the cardinality limit or when all are distinct")
    void highCardinality() {
      Table t = Table.of(CategoricalColumn.of("c", "a", "b", "c", "a"));
      assertThat(
              SchemaInference.infer(t, InferenceOptions.defaults().withMaxCategories(2))
                  .schema()
                  .column("c")
                  .orElseThrow()
                  .categories())
          .isNull();
      Table distinct = Table.of(CategoricalColumn.of("c", "a", "b", "c"));
      ColumnSpec c = SchemaInference.infer(distinct).schema().column("c").orElseThrow();
      assertThat(c.categories()).isNull();
      assertThat(c.unique()).isNotNull();
    }

    @Test
    @DisplayName("the training table passes its own inferred schema")
    void passesOwnSchema() {
      assertThat(SchemaInference.infer(table()).schema())
          .satisfies(
              s ->
                  assertThat(SchemaValidator.validate(s, table()).verdict())
                      .isEqualTo(Verdict.PASS));
    }
  }

  @Nested
  @DisplayName("held-out scoring")
  class HeldOut {
    /** 9 rows of "y" and one "z": categories hold on the held-out rows only if z was trained on. */
    static Table oneOutlier() {
      String[] v = new String[10];
      java.util.Arrays.fill(v, "y");
      v[6] = "z";
      return Table.of(CategoricalColumn.of("c", v));
    }

    @Test
    @DisplayName("a suggestion is kept exactly when it holds on the held-out rows")
    void keptWhenHeld() {
      int kept = 0;
      int dropped = 0;
      for (long seed = 0; seed < 30; seed++) {
        InferredSchema r =
            SchemaInference.infer(
                oneOutlier(), InferenceOptions.defaults().withTestsetRatio(0.3, seed));
        InferredSchema.Suggestion cat =
            r.suggestions().stream()
                .filter(x -> x.check().equals("categories"))
                .findFirst()
                .orElseThrow();
        boolean zTrained = cat.constraint().contains("z");
        assertThat(cat.kept()).as("seed " + seed).isEqualTo(zTrained);
        if (cat.kept()) {
          kept++;
          assertThat(r.schema().column("c").orElseThrow().categories().allowed())
              .containsExactly("y", "z");
        } else {
          dropped++;
          assertThat(cat.reason()).contains("3 held-out rows").contains("1 failing rows");
          assertThat(r.schema().column("c").orElseThrow().categories()).isNull();
        }
      }
      // z is held out with probability 3/10: over 30 seeds both cases occur
      assertThat(kept).isPositive();
      assertThat(dropped).isPositive();
    }

    @Test
    @DisplayName("the split is seeded: the same seed gives the same suggestions")
    void seeded() {
      InferenceOptions o = InferenceOptions.defaults().withTestsetRatio(0.3, 42);
      assertThat(SchemaInference.infer(oneOutlier(), o))
          .isEqualTo(SchemaInference.infer(oneOutlier(), o));
    }

    @Test
    @DisplayName("the type suggestion is always kept")
    void typeKept() {
      InferredSchema r =
          SchemaInference.infer(oneOutlier(), InferenceOptions.defaults().withTestsetRatio(0.5, 1));
      assertThat(r.suggestions())
          .filteredOn(x -> x.check().equals("type"))
          .singleElement()
          .satisfies(x -> assertThat(x.kept()).isTrue());
      assertThat(r.suggestions()).extracting(InferredSchema.Suggestion::column).containsOnly("c");
      assertThat(List.of(r.schema().columns().get(0).type()))
          .containsExactly(ColumnType.CATEGORICAL);
    }
  }
}
