package dev.mlops.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("JsonLinesTableReader")
class JsonLinesTableReaderTest {
  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  @DisplayName("columns and types")
  class Columns {
    @Test
    @DisplayName("keys in order of first appearance, missing keys null, NaN apart from null")
    void inferred() {
      Table t =
          JsonLinesTableReader.withDefaults()
              .read(
                  stream(
                      "{\"x\":1.5,\"ok\":true}\n\n{\"x\":\"NaN\",\"city\":\"Oslo\","
                          + "\"at\":\"2024-06-01T12:00:00Z\"}\n{\"x\":null,\"ok\":false}\n"));
      assertThat(t.schema().toString())
          .isEqualTo("[x:NUMERIC, ok:BOOLEAN, city:CATEGORICAL, at:TIMESTAMP]");
      assertThat(t.numeric("x").isNaN(1)).isTrue();
      assertThat(t.numeric("x").isNull(2)).isTrue();
      assertThat(t.bool("ok").isNull(1)).isTrue();
      assertThat(t.timestamp("at").instant(1)).isEqualTo(Instant.parse("2024-06-01T12:00:00Z"));
    }

    @Test
    @DisplayName("a declared type overrides inference; a declared column never seen is all null")
    void declared() {
      JsonLinesOptions o =
          JsonLinesOptions.builder()
              .type("zip", ColumnType.CATEGORICAL)
              .type("extra", ColumnType.NUMERIC)
              .build();
      Table t = JsonLinesTableReader.of(o).read(stream("{\"zip\":\"0150\"}\n"));
      assertThat(t.categorical("zip").category(0)).isEqualTo("0150");
      assertThat(t.numeric("extra").isNull(0)).isTrue();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("a wrong value names line and column; collect mode keeps the good lines")
    void wrongValue() {
      String text = "{\"x\":1}\n{\"x\":\"one\"}\nnot json\n{\"x\":2,\"y\":[1]}\n{\"x\":3}\n";
      JsonLinesOptions o = JsonLinesOptions.builder().type("x", ColumnType.NUMERIC).build();
      assertThatThrownBy(() -> JsonLinesTableReader.of(o).read(stream(text)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("<stream>: line 2, column 1 'x': value \"one\" is not a number");
      ReadResult r = JsonLinesTableReader.of(o).readCollecting(stream(text));
      assertThat(r.table().numeric("x").toArray()).containsExactly(1, 3);
      assertThat(r.badRows()).extracting(BadRow::line).containsExactly(2L, 3L, 4L);
      assertThat(r.badRows().get(1).reason()).startsWith("the line is not valid JSON");
      assertThat(r.badRows().get(2).reason()).contains("nested array under key 'y'");
    }

    @Test
    @DisplayName("invalid UTF-8 stops the read with the line")
    void invalidUtf8() {
      byte[] bytes = {'{', '"', 'c', '"', ':', '"', (byte) 0xFF, '"', '}', '\n'};
      assertThatThrownBy(
              () -> JsonLinesTableReader.withDefaults().read(new ByteArrayInputStream(bytes)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("line 1: the bytes are not valid UTF-8");
    }
  }
}
