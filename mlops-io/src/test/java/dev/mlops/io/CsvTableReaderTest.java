package dev.mlops.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CsvTableReader")
class CsvTableReaderTest {

  private static Table read(String csv) {
    return CsvTableReader.withDefaults().read(stream(csv));
  }

  private static Table read(CsvOptions options, String csv) {
    return CsvTableReader.of(options).read(stream(csv));
  }

  private static InputStream stream(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  /** Delivers one byte per read call, so every record straddles buffer refills. */
  private static InputStream trickle(byte[] bytes) {
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        return at < bytes.length ? bytes[at++] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at >= bytes.length) {
          return -1;
        }
        b[off] = bytes[at++];
        return 1;
      }
    };
  }

  @Nested
  @DisplayName("the dialect")
  class Dialect {
    @Test
    @DisplayName("an empty field is null, the literal NaN is NaN, and the two stay apart")
    void nullAndNaN() {
      Table t = read("x,y\n1.5,a\n,b\nNaN,\n");
      NumericColumn x = t.numeric("x");
      assertThat(x.isNull(1)).isTrue();
      assertThat(x.isNaN(1)).isFalse();
      assertThat(x.isNull(2)).isFalse();
      assertThat(x.isNaN(2)).isTrue();
      assertThat(x.nullCount()).isEqualTo(1);
      assertThat(t.categorical("y").category(2)).isNull();
    }

    @Test
    @DisplayName("quoted fields keep delimiters, doubled quotes, newlines and spaces; lines count")
    void quoting() {
      String csv =
          "name,n\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n\" padded \",4\n\"\",5\nx,oops\n";
      assertThatThrownBy(
              () -> read(CsvOptions.builder().type("n", ColumnType.NUMERIC).build(), csv))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 8, column 2 'n': 'oops' is not a number");
      Table t = read(CsvOptions.builder().type("n", ColumnType.CATEGORICAL).build(), csv);
      CategoricalColumn name = t.categorical("name");
      assertThat(name.category(0)).isEqualTo("a,b");
      assertThat(name.category(1)).isEqualTo("say \"hi\"");
      assertThat(name.category(2)).isEqualTo("two\nlines");
      assertThat(name.category(3)).isEqualTo(" padded ");
      assertThat(name.category(4)).as("a quoted empty field is a value").isEqualTo("");
      assertThat(name.isNull(4)).isFalse();
    }

    @Test
    @DisplayName("CRLF line ends, a UTF-8 byte order mark and a last line without LF are read")
    void lineEnds() {
      Table t = read("\uFEFFa,b\r\n1,x\r\n2,\"y\"\r\n3,z");
      assertThat(t.schema().names()).containsExactly("a", "b");
      assertThat(t.numeric("a").toArray()).containsExactly(1, 2, 3);
      assertThat(t.categorical("b").category(1)).isEqualTo("y");
      assertThat(t.categorical("b").category(2)).isEqualTo("z");
    }

    @Test
    @DisplayName("records that straddle every buffer refill read the same as from one block")
    void trickled() {
      String csv = "a,b\n1,\"x\"\"\ny\"\n2.5e3,z\r\n-0,\"\"\n";
      Table whole = read(csv);
      Table trickled =
          CsvTableReader.withDefaults().read(trickle(csv.getBytes(StandardCharsets.UTF_8)));
      assertThat(trickled).isEqualTo(whole);
      assertThat(whole.categorical("b").category(0)).isEqualTo("x\"\ny");
      assertThat(Double.doubleToRawLongBits(whole.numeric("a").value(2)))
          .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    @DisplayName("a record larger than the read buffer (3 MiB in one quoted field) is read whole")
    void hugeRecord() {
      String big = "x,\n\"".repeat(1 << 20);
      String quoted = "\"" + big.replace("\"", "\"\"") + "\"";
      Table t = read("a,b\n" + quoted + ",1\nsmall,2\n");
      assertThat(t.categorical("a").category(0)).isEqualTo(big);
      assertThat(t.categorical("a").category(1)).isEqualTo("small");
      assertThat(t.numeric("b").toArray()).containsExactly(1, 2);
    }

    @Test
    @DisplayName("custom null tokens, delimiter and no header")
    void options() {
      CsvOptions o = CsvOptions.builder().header(false).delimiter(';').nullTokens("", "NA").build();
      Table t = read(o, "1;NA\nNA;\"NA\"\n");
      assertThat(t.schema().names()).containsExactly("c0", "c1");
      assertThat(t.numeric("c0").isNull(1)).isTrue();
      assertThat(t.categorical("c1").isNull(0)).isTrue();
      assertThat(t.categorical("c1").category(1)).as("a quoted token is a value").isEqualTo("NA");
    }
  }

  @Nested
  @DisplayName("types")
  class Types {
    @Test
    @DisplayName(
        "are inferred from the sample: numbers, booleans, timestamps, the rest categorical")
    void inferred() {
      Table t =
          read(
              "n,b,t,c,e\n1,true,2024-06-01T12:00:00Z,4,\n2.5,FALSE,2024-06-02,x,\nNaN,,2024-06-02 10:00:00,8,\n");
      assertThat(t.schema().toString())
          .isEqualTo("[n:NUMERIC, b:BOOLEAN, t:TIMESTAMP, c:CATEGORICAL, e:CATEGORICAL]");
      assertThat(t.bool("b").value(1)).isFalse();
      assertThat(t.timestamp("t").instant(0)).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
      assertThat(t.timestamp("t").instant(2)).isEqualTo(Instant.parse("2024-06-02T10:00:00Z"));
    }

    @Test
    @DisplayName("a declared type overrides inference; zone-less times are read in the zone given")
    void overridden() {
      CsvOptions o =
          CsvOptions.builder()
              .type("cyl", ColumnType.CATEGORICAL)
              .zone(ZoneId.of("Europe/Oslo"))
              .build();
      Table t = read(o, "cyl,at\n4,2024-06-01T12:00:00\n6,2024-01-01\n");
      assertThat(t.categorical("cyl").dictionary()).containsExactly("4", "6");
      assertThat(t.timestamp("at").instant(0)).isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
      assertThat(t.timestamp("at").instant(1)).isEqualTo(Instant.parse("2023-12-31T23:00:00Z"));
    }

    @Test
    @DisplayName(
        "a value past the sample that does not fit the inferred type names line and column")
    void pastTheSample() {
      CsvOptions o = CsvOptions.builder().sampleRows(2).build();
      assertThatThrownBy(() -> read(o, "a,b\n1,x\n2,y\nthree,z\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("<stream>: line 4, column 1 'a': 'three' is not a number")
          .hasMessageContaining("declare the column CATEGORICAL")
          .satisfies(e -> assertThat(((InvalidInputException) e).row()).isEqualTo(2));
    }

    @Test
    @DisplayName("with inference off, an undeclared column is refused by name")
    void inferenceOff() {
      CsvOptions o = CsvOptions.builder().inferTypes(false).type("a", ColumnType.NUMERIC).build();
      assertThatThrownBy(() -> read(o, "a,b\n1,2\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("column 'b' has no declared type");
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("a ragged row names the file, the line and both field counts")
    void ragged(@TempDir Path dir) throws IOException {
      Path f = dir.resolve("r.csv");
      Files.writeString(f, "a,b,c\n1,2,3\n4,5\n");
      assertThatThrownBy(() -> CsvTableReader.withDefaults().read(f))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(f + ": line 3: the row has 2 fields but the header has 3")
          .hasMessageContaining("readCollecting");
    }

    @Test
    @DisplayName("invalid UTF-8 is reported with the byte, never replaced")
    void invalidUtf8() {
      byte[] bytes = "a,b\n1,ok\n2,caf\u00e9\n3,x\n".getBytes(StandardCharsets.UTF_8);
      byte[] bad = new byte[bytes.length];
      System.arraycopy(bytes, 0, bad, 0, bytes.length);
      int at = new String(bytes, StandardCharsets.UTF_8).indexOf("caf") + 3;
      bad[at] = (byte) 0xC3;
      bad[at + 1] = (byte) 0x28; // 0xC3 0x28: a lead byte followed by ASCII
      assertThatThrownBy(() -> CsvTableReader.withDefaults().read(new ByteArrayInputStream(bad)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 3, column 2 'b'")
          .hasMessageContaining("not valid UTF-8 (byte 0xc3 at offset 3");
    }

    @Test
    @DisplayName("a header that lacks a declared column names it and the header")
    void missingDeclared() {
      CsvOptions o = CsvOptions.builder().type("price", ColumnType.NUMERIC).build();
      assertThatThrownBy(() -> read(o, "a,b\n1,2\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("lacks the declared column 'price' (header: [a, b])");
    }

    @Test
    @DisplayName("an unterminated quote, a stray quote and a repeated header name are refused")
    void structure() {
      assertThatThrownBy(() -> read("a,b\n1,\"open\n2,3\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 2, column 2 'b': a quoted field is never closed");
      assertThatThrownBy(() -> read("a,b\n1,x\"y\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 2, column 2 'b': a double quote appears inside an unquoted");
      assertThatThrownBy(() -> read("a,b\n\"1\"x,2\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("a character follows the closing quote");
      assertThatThrownBy(() -> read("a,a\n1,2\n"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("names column 'a' twice");
      assertThatThrownBy(() -> read(""))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("<stream> is empty");
    }

    @Test
    @DisplayName(
        "collect-errors mode returns the good rows and each bad row with line, column, reason")
    void collect() {
      ReadResult r =
          CsvTableReader.of(CsvOptions.builder().type("n", ColumnType.NUMERIC).build())
              .readCollecting(stream("n,c\n1,a\nx,b\n3\n4,d\n5,\"e\"\n"));
      assertThat(r.table().numeric("n").toArray()).containsExactly(1, 4, 5);
      assertThat(r.table().categorical("c").category(2)).isEqualTo("e");
      assertThat(r.badRowCount()).isEqualTo(2);
      assertThat(r.badRows())
          .containsExactly(
              new BadRow(
                  3,
                  "n",
                  0,
                  "'x' is not a number; fix the value or declare the column CATEGORICAL"),
              new BadRow(
                  4,
                  null,
                  -1,
                  "the row has 1 fields but the header has 2; every row needs exactly 2 fields"
                      + " (quote a field that contains the delimiter)"));
      assertThat(r.source()).isEqualTo("<stream>");
    }

    @Test
    @DisplayName("collect-errors mode keeps at most maxBadRows and counts the rest")
    void collectBounded() {
      CsvOptions o = CsvOptions.builder().maxBadRows(1).type("n", ColumnType.NUMERIC).build();
      ReadResult r = CsvTableReader.of(o).readCollecting(stream("n\nx\ny\n1\n"));
      assertThat(r.badRows()).hasSize(1);
      assertThat(r.badRowCount()).isEqualTo(2);
      assertThat(r.table().rowCount()).isEqualTo(1);
    }
  }
}
