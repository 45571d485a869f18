package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("schema JSON")
class SchemaJsonTest {

  static Schema full() {
    return Schema.builder()
        .rowCount(1, 1000L, Severity.FAIL)
        .column(
            ColumnSpec.builder("age", ColumnType.NUMERIC)
                .maxNullFraction(0.05, Severity.WARN)
                .range(0.5, null, Severity.FAIL)
                .unique(Severity.WARN)
                .skewThreshold(0.2)
                .build())
        .column(
            ColumnSpec.builder("country", ColumnType.CATEGORICAL)
                .type(ColumnType.CATEGORICAL, Severity.WARN)
                .categories(List.of("fr", "de", "\"quoted\" \u00e9"), Severity.FAIL)
                .pattern("[a-z]{2}", Severity.WARN)
                .build())
        .column(ColumnSpec.builder("when", ColumnType.TIMESTAMP).build())
        .build();
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {
    @Test
    @DisplayName("a schema with every constraint reads back equal, from text and from a stream")
    void equal() {
      String json = SchemaJson.write(full());
      assertThat(SchemaJson.read(json)).isEqualTo(full());
      assertThat(SchemaJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
          .isEqualTo(full());
    }

    @Test
    @DisplayName("the document carries the format id and version 1")
    void header() {
      String json = SchemaJson.write(full());
      assertThat(json).contains("\"format\" : \"mlops.schema\"").contains("\"format_version\" : 1");
    }

    @Test
    @DisplayName("a hand-written version 1 document reads as expected")
    void handWritten() {
      String json =
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"numeric\",\"type_severity\":\"FAIL\",\"range\":{\"min\":null,"
              + "\"max\":3,\"severity\":\"warn\"}}]}";
      Schema s = SchemaJson.read(json);
      assertThat(s.rowCount()).isNull();
      assertThat(s.column("x").orElseThrow().range())
          .isEqualTo(new ColumnSpec.Range(null, 3.0, Severity.WARN));
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "not json",
          "[]",
          "{}",
          "null",
          "{\"format\":\"other\",\"format_version\":1,\"columns\":[]}",
          "{\"format\":\"mlops.schema\",\"format_version\":2,\"columns\":[]}",
          "{\"format\":\"mlops.schema\",\"format_version\":\"1\",\"columns\":[]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":{}}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[],\"extra\":1}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"format_version\":1,\"columns\":[]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[]} trailing",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"NUMERIC\",\"type_severity\":\"MAYBE\"}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"TEXT\",\"type_severity\":\"FAIL\"}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"CATEGORICAL\",\"type_severity\":\"FAIL\","
              + "\"range\":{\"min\":1,\"max\":2,\"severity\":\"FAIL\"}}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"CATEGORICAL\",\"type_severity\":\"FAIL\","
              + "\"pattern\":{\"regex\":\"([a\",\"severity\":\"FAIL\"}}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"NUMERIC\",\"type_severity\":\"FAIL\","
              + "\"nulls\":{\"max_fraction\":1.5,\"severity\":\"FAIL\"}}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"columns\":[{\"name\":\"x\","
              + "\"type\":\"NUMERIC\",\"type_severity\":\"FAIL\"},{\"name\":\"x\","
              + "\"type\":\"NUMERIC\",\"type_severity\":\"FAIL\"}]}",
          "{\"format\":\"mlops.schema\",\"format_version\":1,\"row_count\":{\"min\":5,"
              + "\"max\":2,\"severity\":\"FAIL\"},\"columns\":[]}",
        })
    @DisplayName(
        "garbage, wrong types, unknown keys and later versions throw InvalidInputException")
    void rejected(String json) {
      assertThatThrownBy(() -> SchemaJson.read(json)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("nesting deeper than the limit throws InvalidInputException")
    void deep() {
      String json = "[".repeat(10_000) + "]".repeat(10_000);
      assertThatThrownBy(() -> SchemaJson.read(json)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("a stream longer than the size limit throws InvalidInputException")
    void tooLarge() {
      byte[] big = new byte[SchemaJson.MAX_BYTES + 10];
      java.util.Arrays.fill(big, (byte) ' ');
      assertThatThrownBy(() -> SchemaJson.read(new ByteArrayInputStream(big)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at most");
    }
  }

  @Nested
  @DisplayName("editing")
  class Editing {
    @Test
    @DisplayName("toBuilder edits a copy and leaves the original unchanged")
    void toBuilder() {
      Schema s = full();
      Schema edited =
          s.toBuilder()
              .edit("age", c -> c.noRange().maxNullFraction(0.0, Severity.FAIL))
              .remove("when")
              .noRowCount()
              .build();
      assertThat(s).isEqualTo(full());
      assertThat(edited.columns()).extracting(ColumnSpec::name).containsExactly("age", "country");
      assertThat(edited.column("age").orElseThrow().range()).isNull();
      assertThat(edited.column("age").orElseThrow().nulls())
          .isEqualTo(new ColumnSpec.Nulls(0.0, Severity.FAIL));
      assertThat(edited.rowCount()).isNull();
    }
  }
}
