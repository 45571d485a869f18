package dev.mlops.reports.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON that is safe inside an HTML {@code <script type="application/json">} block.
 *
 * <p>Outside strings, JSON has none of {@code < > &} or U+2028/U+2029, so replacing each of them by
 * its {@code \}{@code uXXXX} escape changes no value, and the text then cannot contain {@code
 * </script>}, {@code <!--}, an entity or a JavaScript line terminator.
 */
final class JsonBlock {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private JsonBlock() {}

  /** Serializes {@code value} (maps, lists, strings, numbers, booleans, null) and escapes it. */
  static String of(Object value) {
    String json;
    try {
      json = MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // only maps, lists, strings, numbers and booleans are passed in: this is a bug
      throw new IllegalStateException("report data is not serializable as JSON", e);
    }
    return escape(json);
  }

  /** Escapes {@code < > &} and U+2028/U+2029 of JSON text as {@code \}{@code uXXXX}. */
  static String escape(String json) {
    StringBuilder out = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
