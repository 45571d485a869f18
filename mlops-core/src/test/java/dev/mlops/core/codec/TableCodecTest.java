package dev.mlops.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("TableCodec")
class TableCodecTest {
  private final TableCodec codec = TableCodec.instance();

  /** The table frozen in formats/table-v1.bin; never change either. */
  static Table golden() {
    return Table.of(
        NumericColumn.builder("x").append(1.5).appendNull().append(Double.NaN).append(-0.0).build(),
        CategoricalColumn.of("city", "Oslo", null, "São Paulo", "Oslo"),
        BooleanColumn.builder("rain").append(true).append(false).appendNull().append(true).build(),
        TimestampColumn.builder("at")
            .appendMicros(0)
            .appendMicros(-1)
            .appendNull()
            .appendMicros(1_717_243_200_000_000L)
            .build());
  }

  private byte[] encode(Table t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(t, out);
    return out.toByteArray();
  }

  @Nested
  @DisplayName("format version 1")
  class Version1 {
    @Test
    @DisplayName("the golden file decodes to its table and the table encodes to its bytes")
    void golden() throws IOException {
      byte[] bytes;
      try (InputStream in = TableCodecTest.class.getResourceAsStream("/formats/table-v1.bin")) {
        assertThat(in).isNotNull();
        bytes = in.readAllBytes();
      }
      assertThat(codec.decode(new ByteArrayInputStream(bytes))).isEqualTo(TableCodecTest.golden());
      assertThat(encode(TableCodecTest.golden())).isEqualTo(bytes);
    }

    @Test
    @DisplayName("id, version, type and media type are stable")
    void identity() {
      assertThat(codec.id()).isEqualTo("mlops.table");
      assertThat(codec.version()).isEqualTo(1);
      assertThat(codec.type()).isEqualTo(Table.class);
      assertThat(codec.mediaType()).isEqualTo("application/vnd.mlops.table");
    }

    @Test
    @DisplayName("a newer format version is refused with an upgrade hint")
    void newer() throws IOException {
      byte[] bytes = encode(TableCodecTest.golden());
      bytes[7] = 2;
      assertThatThrownBy(() -> codec.decode(new ByteArrayInputStream(bytes)))
          .isInstanceOf(CorruptArtifactException.class)
          .hasMessageContaining("version 2 is newer than this library (supports <= 1); upgrade");
    }
  }
}
