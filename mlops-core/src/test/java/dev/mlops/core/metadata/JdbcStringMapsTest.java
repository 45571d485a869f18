package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.StorageException;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the column form of string maps")
class JdbcStringMapsTest {

  @Property
  @Label("decode(encode(map)) == map for any strings")
  void roundTrip(@ForAll @Size(max = 20) Map<String, String> map) {
    assertThat(JdbcStringMaps.decode(JdbcStringMaps.encode(map), "test")).isEqualTo(map);
  }

  @Test
  @DisplayName("the form is a JSON object sorted by key, with JSON escapes")
  void form() {
    assertThat(JdbcStringMaps.encode(Map.of("b", "x\"y", "a", "1\\2\n\u0001")))
        .isEqualTo("{\"a\":\"1\\\\2\\n\\u0001\",\"b\":\"x\\\"y\"}");
    assertThat(JdbcStringMaps.encode(Map.of())).isEqualTo("{}");
  }

  @Test
  @DisplayName("JSON written by another tool is read, whitespace and \\u escapes included")
  void foreignJson() {
    assertThat(JdbcStringMaps.decode(" { \"k\" : \"\\u00e9\\/\" , \"e\":\"\" } ", "test"))
        .containsExactly(Map.entry("e", ""), Map.entry("k", "\u00e9/"));
  }

  @Test
  @DisplayName("text that is not a flat object of strings is reported as a corrupt column")
  void corrupt() {
    for (String bad : new String[] {"", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":\"b\"}x"}) {
      assertThatThrownBy(() -> JdbcStringMaps.decode(bad, "t.c"))
          .as(bad)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("metadata column t.c");
    }
  }
}
