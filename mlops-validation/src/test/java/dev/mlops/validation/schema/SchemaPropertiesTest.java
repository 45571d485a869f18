package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Invariants of schemas: JSON round trip, inference then validation, bounded failing rows. */
class SchemaPropertiesTest {

  private static Arbitrary<Severity> severities() {
    return Arbitraries.of(Severity.class);
  }

  private static Arbitrary<ColumnSpec> specs(String name, ColumnType type) {
    Arbitrary<Double> fraction = Arbitraries.doubles().between(0, 1);
    Arbitrary<Double> bound = Arbitraries.doubles().between(-1e6, 1e6);
    return Combinators.combine(
            severities(),
            fraction.injectNull(0.4),
            bound.injectNull(0.3),
            bound.injectNull(0.3),
            Arbitraries.strings().alpha().ofMaxLength(3).list().ofMaxSize(5).injectNull(0.4),
            Arbitraries.of("[a-z]*", "a.", "\\w+", "x|y").injectNull(0.5),
            severities().injectNull(0.5),
            Arbitraries.doubles().between(0.01, 5).injectNull(0.5))
        .as(
            (sev, nullMax, lo, hi, cats, regex, uniq, skew) -> {
              ColumnSpec.Builder b = ColumnSpec.builder(name, type).type(type, sev);
              if (nullMax != null) {
                b.maxNullFraction(nullMax, sev);
              }
              if (type == ColumnType.NUMERIC && (lo != null || hi != null)) {
                Double min = lo;
                Double max = hi;
                if (min != null && max != null && min > max) {
                  min = hi;
                  max = lo;
                }
                b.range(min, max, sev == Severity.WARN ? Severity.FAIL : Severity.WARN);
              }
              if (type == ColumnType.CATEGORICAL && cats != null) {
                b.categories(cats, sev);
              }
              if (type == ColumnType.CATEGORICAL && regex != null) {
                b.pattern(regex, Severity.WARN);
              }
              if (uniq != null) {
                b.unique(uniq);
              }
              b.skewThreshold(skew);
              return b.build();
            });
  }

  @Provide
  Arbitrary<Schema> schemas() {
    Arbitrary<Schema.RowCount> rc =
        Combinators.combine(
                Arbitraries.longs().between(0, 100),
                Arbitraries.longs().between(0, 100).injectNull(0.5),
                severities())
            .as((a, b, s) -> new Schema.RowCount(a, b == null ? null : a + b, s));
    return Combinators.combine(
            specs("n", ColumnType.NUMERIC),
            specs("c", ColumnType.CATEGORICAL),
            specs("b", ColumnType.BOOLEAN),
            specs("missing col", ColumnType.TIMESTAMP),
            rc.injectNull(0.3),
            Arbitraries.integers().between(0, 15))
        .as(
            (n, c, b, m, r, pick) -> {
              Schema.Builder s = Schema.builder();
              if ((pick & 1) != 0) {
                s.column(n);
              }
              if ((pick & 2) != 0) {
                s.column(c);
              }
              if ((pick & 4) != 0) {
                s.column(b);
              }
              if ((pick & 8) != 0) {
                s.column(m);
              }
              if (r != null) {
                s.rowCount(r.min(), r.max(), r.severity());
              }
              return s.build();
            });
  }

  @Provide
  Arbitrary<Table> tables() {
    Arbitrary<Double> cell =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(-5, 5).map(i -> i * 0.5)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Double.NaN)),
            net.jqwik.api.Tuple.of(1, Arbitraries.doubles().between(-1e6, 1e6)));
    return Arbitraries.integers()
        .between(0, 40)
        .flatMap(
            rows ->
                Combinators.combine(
                        cell.injectNull(0.1).list().ofSize(rows),
                        Arbitraries.of("a", "b", "c", "dd", "e1")
                            .injectNull(0.1)
                            .list()
                            .ofSize(rows),
                        Arbitraries.of(true, false).injectNull(0.1).list().ofSize(rows))
                    .as(
                        (ns, cs, bs) -> {
                          NumericColumn.Builder nb = NumericColumn.builder("n");
                          for (Double d : ns) {
                            if (d == null) {
                              nb.appendNull();
                            } else {
                              nb.append(d);
                            }
                          }
                          BooleanColumn.Builder bb = BooleanColumn.builder("b");
                          for (Boolean v : bs) {
                            if (v == null) {
                              bb.appendNull();
                            } else {
                              bb.append(v);
                            }
                          }
                          return Table.of(
                              nb.build(),
                              CategoricalColumn.of("c", cs.toArray(new String[0])),
                              bb.build());
                        }));
  }

  @Property(tries = 300)
  @Label("a schema written as JSON reads back equal")
  void jsonRoundTrip(@ForAll("schemas") Schema schema) {
    assertThat(SchemaJson.read(SchemaJson.write(schema))).isEqualTo(schema);
  }

  @Property(tries = 300)
  @Label("a table passes the schema inferred from it")
  void inferredSchemaPasses(@ForAll("tables") Table table) {
    ValidationReport r = SchemaValidator.validate(SchemaInference.infer(table).schema(), table);
    assertThat(r.checks()).isEmpty();
    assertThat(r.verdict()).isEqualTo(Verdict.PASS);
  }

  @Property(tries = 300)
  @Label("no check reports more failing rows than rows, examples are bounded, ordered and failing")
  void failingRowsBounded(
      @ForAll("tables") Table table,
      @ForAll("schemas") Schema schema,
      @ForAll @IntRange(min = 0, max = 7) int maxExamples) {
    ValidationReport r = SchemaValidator.validate(schema, table, maxExamples);
    List<Verdict> verdicts = new ArrayList<>();
    for (CheckResult c : r.checks()) {
      verdicts.add(c.verdict());
      assertThat(c.failingRows()).isBetween(0L, (long) table.rowCount());
      assertThat(c.examples()).hasSizeLessThanOrEqualTo(maxExamples);
      assertThat((long) c.examples().size()).isLessThanOrEqualTo(c.failingRows());
      long previous = -1;
      for (CheckResult.Example e : c.examples()) {
        assertThat(e.row()).isGreaterThan(previous).isLessThan(table.rowCount());
        previous = e.row();
      }
    }
    Verdict expected =
        verdicts.contains(Verdict.FAIL)
            ? Verdict.FAIL
            : verdicts.contains(Verdict.WARN) ? Verdict.WARN : Verdict.PASS;
    assertThat(r.verdict()).isEqualTo(expected);
  }

  @Property(tries = 500)
  @Label("reading arbitrary text gives a schema or InvalidInputException, nothing else")
  void fuzz(@ForAll("garbage") String text) {
    try {
      SchemaJson.read(text);
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> garbage() {
    Arbitrary<String> mutated =
        schemas()
            .map(SchemaJson::write)
            .flatMap(
                json ->
                    Arbitraries.integers()
                        .between(0, Math.max(0, json.length() - 1))
                        .flatMap(
                            at ->
                                Arbitraries.of("", "{", "]", "\"", "1e999", "null", ",", "-")
                                    .map(
                                        ins ->
                                            json.substring(0, at)
                                                + ins
                                                + json.substring(
                                                    Math.min(json.length(), at + 1)))));
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60), mutated);
  }
}
