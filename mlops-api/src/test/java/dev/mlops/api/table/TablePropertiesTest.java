package dev.mlops.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/** Laws of Table and its columns over generated rows (jqwik; JUnit annotations do not apply). */
@Label("Table properties")
class TablePropertiesTest {

  /** A generated row of a host type; null fields are missing values. */
  record Row(
      @Nullable Double number,
      @Nullable String category,
      @Nullable Boolean flag,
      @Nullable Long at) {}

  @Provide
  Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            Double.MAX_VALUE),
        Arbitraries.longs().map(Double::longBitsToDouble));
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    Arbitrary<Double> number = doubles().injectNull(0.2);
    Arbitrary<String> category =
        Arbitraries.oneOf(
                Arbitraries.of("a", "b", "A", " padded ", "", "é", "4"),
                Arbitraries.strings().ofMaxLength(5))
            .injectNull(0.2);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false).injectNull(0.2);
    Arbitrary<Long> at = Arbitraries.longs().injectNull(0.2);
    return Combinators.combine(number, category, flag, at).as(Row::new).list().ofMaxSize(150);
  }

  private static Table viaBuilders(List<Row> rows) {
    NumericColumn.Builder n = NumericColumn.builder("n");
    CategoricalColumn.Builder c = CategoricalColumn.builder("c");
    BooleanColumn.Builder b = BooleanColumn.builder("b");
    TimestampColumn.Builder t = TimestampColumn.builder("t");
    for (Row r : rows) {
      if (r.number() == null) {
        n.appendNull();
      } else {
        n.append(r.number());
      }
      c.append(r.category());
      if (r.flag() == null) {
        b.appendNull();
      } else {
        b.append(r.flag());
      }
      if (r.at() == null) {
        t.appendNull();
      } else {
        t.appendMicros(r.at());
      }
    }
    return Table.builder().add(n.build()).add(c.build()).add(b.build()).add(t.build()).build();
  }

  @Property
  @Label("a column builder gives back every appended value and null, NaN and null kept apart")
  void builderRoundTrip(@ForAll("rows") List<Row> rows) {
    Table t = viaBuilders(rows);
    assertThat(t.rowCount()).isEqualTo(rows.size());
    NumericColumn n = t.numeric("n");
    CategoricalColumn c = t.categorical("c");
    BooleanColumn b = t.bool("b");
    TimestampColumn ts = t.timestamp("t");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      assertThat(n.isNull(i)).isEqualTo(r.number() == null);
      if (r.number() != null) {
        assertThat(Double.doubleToRawLongBits(n.value(i)))
            .isEqualTo(Double.doubleToRawLongBits(r.number()));
        assertThat(n.isNaN(i)).isEqualTo(r.number().isNaN());
      } else {
        assertThat(n.isNaN(i)).isFalse();
      }
      assertThat(c.category(i)).isEqualTo(r.category());
      assertThat(c.isNull(i)).isEqualTo(r.category() == null);
      assertThat(b.isNull(i)).isEqualTo(r.flag() == null);
      if (r.flag() != null) {
        assertThat(b.value(i)).isEqualTo(r.flag());
      }
      assertThat(ts.isNull(i)).isEqualTo(r.at() == null);
      if (r.at() != null) {
        assertThat(ts.micros(i)).isEqualTo(r.at());
      }
    }
    long nulls = rows.stream().filter(r -> r.number() == null).count();
    long nans = rows.stream().filter(r -> r.number() != null && Double.isNaN(r.number())).count();
    assertThat(n.nullCount()).isEqualTo(nulls);
    assertThat(IntStream.range(0, n.size()).filter(n::isNaN).count()).isEqualTo(nans);
    assertThat(c.nullCount()).isEqualTo(rows.stream().filter(r -> r.category() == null).count());
  }

  @Property
  @Label("Table.from with accessor functions equals the table built column by column")
  void fromEqualsBuilders(@ForAll("rows") List<Row> rows) {
    Table built = viaBuilders(rows);
    Table from =
        Table.from(
            rows,
            RowSpec.<Row>builder()
                .numeric("n", r -> r.number() == null ? 0 : r.number(), r -> r.number() == null)
                .categorical("c", Row::category)
                .bool("b", r -> r.flag() != null && r.flag(), r -> r.flag() == null)
                .timestamp("t", r -> r.at() == null ? null : TimestampColumn.toInstant(r.at()))
                .build());
    assertThat(from).isEqualTo(built);
    assertThat(from.hashCode()).isEqualTo(built.hashCode());
  }

  @Property
  @Label("a slice of a slice equals the slice of the combined range, and the rows taken")
  void sliceOfSlice(
      @ForAll("rows") List<Row> rows,
      @ForAll @IntRange(max = 200) int a,
      @ForAll @IntRange(max = 200) int b,
      @ForAll @IntRange(max = 200) int c,
      @ForAll @IntRange(max = 200) int d) {
    Table t = viaBuilders(rows);
    int n = t.rowCount();
    int from = Math.min(a, n);
    int to = from + Math.min(b, n - from);
    Table outer = t.slice(from, to);
    int m = outer.rowCount();
    int f2 = Math.min(c, m);
    int t2 = f2 + Math.min(d, m - f2);
    Table inner = outer.slice(f2, t2);
    assertThat(inner).isEqualTo(t.slice(from + f2, from + t2));
    int[] picked = IntStream.range(from + f2, from + t2).toArray();
    Table taken = t.take(picked);
    assertThat(inner).isEqualTo(taken);
    assertThat(inner.hashCode()).isEqualTo(taken.hashCode());
    for (Column col : inner.columns()) {
      Column whole = t.column(col.name());
      int expectedNulls = 0;
      for (int r : picked) {
        expectedNulls += whole.isNull(r) ? 1 : 0;
      }
      assertThat(col.nullCount()).isEqualTo(expectedNulls);
    }
  }

  @Property
  @Label("a table differs from a copy with one value changed, and a NaN from a null")
  void equalityIsByContent(@ForAll("rows") List<Row> rows, @ForAll @IntRange(max = 149) int at) {
    if (rows.isEmpty()) {
      return;
    }
    int i = at % rows.size();
    List<Row> changed = new ArrayList<>(rows);
    Row r = rows.get(i);
    Double swapped = r.number() == null ? Double.NaN : null;
    changed.set(i, new Row(swapped, r.category(), r.flag(), r.at()));
    assertThat(viaBuilders(changed)).isNotEqualTo(viaBuilders(rows));
    assertThat(viaBuilders(changed).numeric("n").isNull(i)).isEqualTo(swapped == null);
  }

  @Property
  @Label("filter keeps exactly the rows the predicate accepts, in order")
  void filterKeepsAcceptedRows(@ForAll("rows") List<Row> rows) {
    Table t = viaBuilders(rows);
    Table kept = t.filter(row -> row % 3 != 1);
    List<Row> expected = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (i % 3 != 1) {
        expected.add(rows.get(i));
      }
    }
    assertThat(kept).isEqualTo(viaBuilders(expected));
  }
}
