package dev.mlops.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
import net.jqwik.api.constraints.Size;

/** Round trip, determinism and garbage handling of the table codec (jqwik). */
@Label("TableCodec properties")
class TableCodecPropertiesTest {
  private final TableCodec codec = TableCodec.instance();

  static Arbitrary<Column> column(String name, int rows) {
    Arbitrary<Double> doubles =
        Arbitraries.oneOf(
            Arbitraries.longs().map(Double::longBitsToDouble),
            Arbitraries.of(Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY));
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
        Arbitraries.oneOf(Arbitraries.of("", "a", "b", "é", "日本", "🎉"), Arbitraries.strings())
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
  Arbitrary<Table> tables() {
    Arbitrary<List<String>> names =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(6).list().ofMaxSize(5).uniqueElements();
    return Combinators.combine(names, Arbitraries.integers().between(0, 130))
        .flatAs(
            (ns, rows) -> {
              List<Arbitrary<Column>> cols = new ArrayList<>();
              for (String n : ns) {
                cols.add(column(n, rows));
              }
              return cols.isEmpty()
                  ? Arbitraries.just(Table.empty())
                  : Combinators.combine(cols).as(Table::of);
            });
  }

  private byte[] encode(Table t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(t, out);
    return out.toByteArray();
  }

  private Table decode(byte[] bytes) throws IOException {
    return codec.decode(new ByteArrayInputStream(bytes));
  }

  @Property(tries = 500)
  @Label("decode(encode(t)) == t, and it reads exactly its own bytes")
  void roundTrip(@ForAll("tables") Table t) throws IOException {
    byte[] bytes = encode(t);
    byte[] withTail = Arrays.copyOf(bytes, bytes.length + 3);
    ByteArrayInputStream in = new ByteArrayInputStream(withTail);
    assertThat(codec.decode(in)).isEqualTo(t);
    assertThat(in.available()).isEqualTo(3);
  }

  @Property(tries = 300)
  @Label("equal tables give equal bytes: a slice or a reordered dictionary encodes like a copy")
  void deterministic(@ForAll("tables") Table t, @ForAll @IntRange(max = 130) int from)
      throws IOException {
    int f = Math.min(from, t.rowCount());
    Table slice = t.slice(f, t.rowCount());
    Table copy = t.take(IntStream.range(f, t.rowCount()).toArray());
    assertThat(encode(slice)).isEqualTo(encode(copy));
    List<Column> reordered = new ArrayList<>();
    for (Column c : copy.columns()) {
      if (c instanceof CategoricalColumn k) {
        CategoricalColumn.Builder b = CategoricalColumn.builder(k.name());
        for (int i = k.dictionarySize() - 1; i >= 0; i--) {
          b.addCategory(k.categoryOf(i));
        }
        for (int r = 0; r < k.size(); r++) {
          b.append(k.category(r));
        }
        reordered.add(b.build());
      } else {
        reordered.add(c);
      }
    }
    Table other = reordered.isEmpty() ? Table.empty() : Table.of(reordered);
    assertThat(other).isEqualTo(copy);
    assertThat(encode(other)).isEqualTo(encode(copy));
  }

  @Property(tries = 1000)
  @Label("a changed or truncated encoding throws CorruptArtifactException and nothing else")
  void damaged(
      @ForAll("tables") Table t,
      @ForAll @IntRange(max = 100_000) int at,
      @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll boolean truncate)
      throws IOException {
    byte[] bytes = encode(t);
    int i = at % bytes.length;
    byte[] damaged;
    if (truncate) {
      damaged = Arrays.copyOf(bytes, i);
    } else {
      damaged = bytes.clone();
      damaged[i] ^= (byte) xor;
    }
    assertThatThrownBy(() -> decode(damaged)).isInstanceOf(CorruptArtifactException.class);
  }

  @Property(tries = 1000)
  @Label("garbage, with or without the magic in front, throws CorruptArtifactException only")
  void garbage(@ForAll @Size(max = 200) byte[] noise, @ForAll boolean magic) {
    byte[] bytes = noise;
    if (magic) {
      bytes = new byte[noise.length + 8];
      System.arraycopy(new byte[] {'M', 'L', 'T', 'B', 0, 0, 0, 1}, 0, bytes, 0, 8);
      System.arraycopy(noise, 0, bytes, 8, noise.length);
    }
    byte[] input = bytes;
    assertThatThrownBy(() -> decode(input)).isInstanceOf(CorruptArtifactException.class);
  }
}
