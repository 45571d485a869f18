package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The command line's JSON: pretty-printed, doubles in shortest round-trip form (Jackson's Schubfach
 * writer; JDK 17's {@code Double.toString} is not always shortest).
 *
 * <p>Stateless and thread-safe.
 */
final class Json {
  static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private Json() {}

  /** Starts a document: {@code format_version} 1 and {@code kind}. */
  static ObjectNode document(String kind) {
    ObjectNode o = F.objectNode();
    o.put("format_version", 1);
    o.put("kind", kind);
    return o;
  }

  static ObjectNode parseObject(String text) {
    try {
      JsonNode n = MAPPER.readTree(text);
      if (!(n instanceof ObjectNode o)) {
        throw new IllegalStateException("expected a JSON object from the writer, got " + n);
      }
      return o;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the library's JSON writer printed unreadable JSON", e);
    }
  }

  static String print(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of numbers and strings failed to print", e);
    }
  }

  /** Puts a double, or null when it is NaN or infinite. */
  static void num(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
