package dev.mlops.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.ColumnSchema;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
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
import net.jqwik.api.constraints.Size;

/** Writing a table as CSV and reading it back with its schema gives an equal table (jqwik). */
@Label("CSV round trip properties")
class CsvRoundTripPropertiesTest {

  static Arbitrary<String> hostileText() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "",
            " ",
            " padded ",
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\r",
            "NaN",
            "é",
            "日本",
            "🎉",
            "4",
            "\uFEFFbom",
            "NA",
            "x;y"),
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.strings().withChars("ab,\"\n\r ;").ofMaxLength(6));
  }

  static Arbitrary<Column> column(String name, int rows) {
    Arbitrary<Double> doubles =
        Arbitraries.oneOf(
            Arbitraries.longs().map(Double::longBitsToDouble),
            Arbitraries.doubles(),
            Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
    Arbitrary<Column> numeric =
        doubles
            .injectNull(0.2)
            .list()
            .ofSize(rows)
            .map(
                values -> {
                  NumericColumn.Builder b = NumericColumn.builder(name);
                  values.forEach(
                      v -> {
                        if (v == null) b.appendNull();
                        else b.append(v);
                      });
                  return b.build();
                });
    Arbitrary<Column> categorical =
        hostileText()
            .injectNull(0.2)
            .list()
            .ofSize(rows)
            .map(values -> CategoricalColumn.of(name, values.toArray(new String[0])));
    Arbitrary<Column> bool =
        Arbitraries.of(true, false)
            .injectNull(0.2)
            .list()
            .ofSize(rows)
            .map(
                values -> {
                  BooleanColumn.Builder b = BooleanColumn.builder(name);
                  values.forEach(
                      v -> {
                        if (v == null) b.appendNull();
                        else b.append(v);
                      });
                  return b.build();
                });
    Arbitrary<Column> time =
        Arbitraries.longs()
            .between(-9_000_000_000_000_000L, 9_000_000_000_000_000L)
            .injectNull(0.2)
            .list()
            .ofSize(rows)
            .map(
                values -> {
                  TimestampColumn.Builder b = TimestampColumn.builder(name);
                  values.forEach(
                      v -> {
                        if (v == null) b.appendNull();
                        else b.appendMicros(v);
                      });
                  return b.build();
                });
    return Arbitraries.oneOf(numeric, categorical, bool, time);
  }

  @Provide
  public Arbitrary<Table> tables() {
    Arbitrary<List<String>> names =
        hostileText().filter(s -> !s.isEmpty()).list().ofMinSize(1).ofMaxSize(5).uniqueElements();
    return Combinators.combine(names, Arbitraries.integers().between(0, 30))
        .flatAs(
            (ns, rows) -> {
              List<Arbitrary<Column>> cols = new ArrayList<>();
              for (String n : ns) {
                cols.add(column(n, rows));
              }
              return Combinators.combine(cols).as(Table::of);
            });
  }

  private static CsvOptions.Builder declared(Table t) {
    CsvOptions.Builder b = CsvOptions.builder();
    for (ColumnSchema c : t.schema().columns()) {
      b.type(c.name(), c.type());
    }
    return b;
  }

  @Property(tries = 500)
  @Label("read(write(t)) == t with the default dialect")
  void roundTrip(@ForAll("tables") Table t) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvTableWriter.withDefaults().write(t, out);
    Table back =
        CsvTableReader.of(declared(t).build()).read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back).isEqualTo(t);
  }

  /** Delivers the bytes in reads of the given sizes, in turn. */
  static InputStream chunked(byte[] bytes, List<Integer> sizes) {
    return new InputStream() {
      private int at;
      private int turn;

      @Override
      public int read() {
        return at < bytes.length ? bytes[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, sizes.get(turn++ % sizes.size())), bytes.length - at);
        System.arraycopy(bytes, at, b, off, n);
        at += n;
        return n;
      }
    };
  }

  @Property(tries = 300)
  @Label("however the stream splits its reads, the table read back is the same")
  void chunkBoundaries(
      @ForAll("tables") Table t,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 17) Integer> sizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvTableWriter.withDefaults().write(t, out);
    Table back = CsvTableReader.of(declared(t).build()).read(chunked(out.toByteArray(), sizes));
    assertThat(back).isEqualTo(t);
  }

  @Property(tries = 300)
  @Label("read(write(t)) == t with ';', NA as the null token and CRLF-free output")
  void roundTripOtherDialect(@ForAll("tables") Table t) {
    CsvOptions o = declared(t).delimiter(';').nullTokens("NA", "").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CsvTableWriter.of(o).write(t, out);
    Table back = CsvTableReader.of(o).read(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back).isEqualTo(t);
  }
}
