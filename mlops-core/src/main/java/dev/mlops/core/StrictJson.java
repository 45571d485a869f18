package dev.mlops.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the JSON documents of the store ({@link RunJson}, {@link ModelJson}) share: a mapper with
 * explicit input limits and no default typing, and field readers that turn every malformed field
 * into an {@link InvalidInputException} naming the document, the path and the problem.
 *
 * <p>Immutable and thread-safe.
 */
final class StrictJson {
  private final String document;

  /**
   * Creates field readers for one kind of document.
   *
   * @param document how messages name the document, e.g. {@code run JSON}
   */
  StrictJson(String document) {
    this.document = document;
  }

  /**
   * A mapper that refuses duplicate keys and trailing content, within the given limits, and leaves
   * the streams it writes to open.
   */
  static ObjectMapper mapper(
      long maxBytes, int maxDepth, int maxStringLength, int maxNumberLength) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength(maxStringLength)
                    .maxNumberLength(maxNumberLength)
                    .maxNameLength(Names.MAX_KEY_LENGTH * 4)
                    .maxDocumentLength(maxBytes)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .build();
  }

  /** Writes a string field, or a null field when the value is null. */
  static void nullableString(JsonGenerator g, String field, @Nullable String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  void onlyFields(JsonNode node, String at, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!allowed.contains(e.getKey())) {
        throw invalid(at, "has the unknown field '" + clip(e.getKey()) + "'");
      }
    }
  }

  JsonNode required(JsonNode node, String field, String at) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw invalid(at, "lacks the field '" + field + "'");
    }
    return v;
  }

  JsonNode object(JsonNode node, String field, String at) {
    JsonNode v = required(node, field, at);
    if (!v.isObject()) {
      throw invalid(at + "." + field, "must be an object");
    }
    return v;
  }

  JsonNode array(JsonNode node, String field, String at) {
    JsonNode v = required(node, field, at);
    if (!v.isArray()) {
      throw invalid(at + "." + field, "must be an array");
    }
    return v;
  }

  long number(JsonNode node, String field, String at) {
    JsonNode v = required(node, field, at);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw invalid(at + "." + field, "must be an integer that fits in 64 bits");
    }
    return v.longValue();
  }

  String text(JsonNode node, String field, String at) {
    JsonNode v = required(node, field, at);
    if (!v.isTextual()) {
      throw invalid(at + "." + field, "must be a string");
    }
    return v.textValue();
  }

  @Nullable String nullableText(JsonNode node, String field, String at) {
    JsonNode v = required(node, field, at);
    if (v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(at + "." + field, "must be a string or null");
    }
    return v.textValue();
  }

  Instant instant(String text, String at) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          at,
          -1,
          document
              + ": "
              + at
              + " must be an ISO-8601 instant such as 2026-03-01T10:15:30Z; nothing was written",
          e);
    }
  }

  InvalidInputException invalid(String at, String problem) {
    return InvalidInputException.of(
        at, document + ": " + at + " " + problem + "; nothing was written");
  }

  /** Keeps input text quoted in a message short and printable. */
  static String clip(String s) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
    }
    return s.length() > limit ? b + "..." : b.toString();
  }
}
