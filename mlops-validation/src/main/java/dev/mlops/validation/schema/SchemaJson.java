package dev.mlops.validation.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes a {@link Schema} as JSON, format {@value #FORMAT} version {@value #VERSION}.
 *
 * <p>Stateless and thread-safe. The document:
 *
 * <pre>{@code
 * {"format": "mlops.schema", "format_version": 1,
 *  "row_count": {"min": 1, "max": null, "severity": "FAIL"},
 *  "columns": [{"name": "age", "type": "NUMERIC", "type_severity": "FAIL",
 *               "nulls": {"max_fraction": 0.0, "severity": "FAIL"},
 *               "range": {"min": 0.0, "max": 130.0, "severity": "WARN"},
 *               "categories": {"allowed": ["a", "b"], "severity": "FAIL"},
 *               "pattern": {"regex": "[a-z]+", "severity": "WARN"},
 *               "unique": {"severity": "FAIL"},
 *               "skew_threshold": 0.1}]}
 * }</pre>
 *
 * Absent constraints are left out. Reading is strict: an unknown key, a wrong type, a later format
 * version, more than {@value #MAX_BYTES} bytes, nesting deeper than {@value #MAX_DEPTH} or any
 * malformed text throws {@link InvalidInputException}; no other exception escapes for bad input.
 * Jackson runs without default typing: only the tree model is used.
 *
 * <pre>{@code
 * String json = SchemaJson.write(schema);
 * Schema back = SchemaJson.read(json);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaJson {

  /** The format id. */
  public static final String FORMAT = "mlops.schema";

  /** The format version this class writes and the newest it reads. */
  public static final int VERSION = 1;

  /** The largest document read, in bytes. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** The deepest nesting read. */
  public static final int MAX_DEPTH = 16;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(1024 * 1024)
                          .maxNumberLength(64)
                          .maxDocumentLength(MAX_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private SchemaJson() {}

  /**
   * Writes a schema.
   *
   * @param schema the schema
   * @return JSON text
   * @throws NullPointerException if {@code schema} is null
   */
  public static String write(Schema schema) {
    Objects.requireNonNull(schema, "schema");
    ObjectNode root = F.objectNode();
    root.put("format", FORMAT);
    root.put("format_version", VERSION);
    Schema.RowCount rc = schema.rowCount();
    if (rc != null) {
      ObjectNode o = root.putObject("row_count");
      o.put("min", rc.min());
      if (rc.max() == null) {
        o.putNull("max");
      } else {
        o.put("max", rc.max());
      }
      o.put("severity", rc.severity().name());
    }
    ArrayNode cols = root.putArray("columns");
    for (ColumnSpec c : schema.columns()) {
      ObjectNode o = cols.addObject();
      o.put("name", c.name());
      o.put("type", c.type().name());
      o.put("type_severity", c.typeSeverity().name());
      if (c.nulls() != null) {
        ObjectNode n = o.putObject("nulls");
        n.put("max_fraction", c.nulls().maxFraction());
        n.put("severity", c.nulls().severity().name());
      }
      if (c.range() != null) {
        ObjectNode n = o.putObject("range");
        putNullable(n, "min", c.range().min());
        putNullable(n, "max", c.range().max());
        n.put("severity", c.range().severity().name());
      }
      if (c.categories() != null) {
        ObjectNode n = o.putObject("categories");
        ArrayNode a = n.putArray("allowed");
        c.categories().allowed().forEach(a::add);
        n.put("severity", c.categories().severity().name());
      }
      if (c.pattern() != null) {
        ObjectNode n = o.putObject("pattern");
        n.put("regex", c.pattern().regex());
        n.put("severity", c.pattern().severity().name());
      }
      if (c.unique() != null) {
        o.putObject("unique").put("severity", c.unique().severity().name());
      }
      if (c.skewThreshold() != null) {
        o.put("skew_threshold", c.skewThreshold());
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of numbers and strings failed to print", e);
    }
  }

  private static void putNullable(ObjectNode o, String key, @Nullable Double v) {
    if (v == null || v.isInfinite()) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  /**
   * Reads a schema from text.
   *
   * @param json the text
   * @return the schema
   * @throws InvalidInputException if the text is not a schema document of a known version
   * @throws NullPointerException if {@code json} is null
   */
  public static Schema read(String json) {
    Objects.requireNonNull(json, "json");
    if (json.length() > MAX_BYTES) {
      throw InvalidInputException.of(
          "schema", "a schema document is at most " + MAX_BYTES + " bytes; this one is larger");
    }
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a schema from a stream (read to its end or to {@value #MAX_BYTES} bytes, not closed).
   *
   * @param in the stream
   * @return the schema
   * @throws InvalidInputException if the bytes are not a schema document of a known version, or
   *     cannot be read
   * @throws NullPointerException if {@code in} is null
   */
  public static Schema read(InputStream in) {
    Objects.requireNonNull(in, "in");
    byte[] bytes;
    try {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new InvalidInputException("schema", -1, "cannot read the schema: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw InvalidInputException.of(
          "schema", "a schema document is at most " + MAX_BYTES + " bytes; this one is larger");
    }
    return read(bytes);
  }

  private static Schema read(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException(
          "schema", -1, "not a JSON schema document: " + e.getMessage(), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException("schema", -1, "invalid schema: " + e.getMessage(), e);
    }
  }

  private static Schema parse(@Nullable JsonNode root) {
    ObjectNode o = object(root, "the document");
    keys(o, "the document", Set.of("format", "format_version", "row_count", "columns"));
    String format = text(o.get("format"), "format");
    if (!FORMAT.equals(format)) {
      throw bad("format is " + format + ", not " + FORMAT + "; this is not a schema document");
    }
    JsonNode v = o.get("format_version");
    if (v == null || !v.isIntegralNumber()) {
      throw bad("format_version is missing or not an integer");
    }
    if (v.asLong() < 1 || v.asLong() > VERSION) {
      throw bad(
          "format_version "
              + v.asText()
              + " is not supported; this release reads versions 1 to "
              + VERSION
              + ", upgrade mlops to read newer schemas");
    }
    Schema.Builder b = Schema.builder();
    JsonNode rcNode = o.get("row_count");
    if (rcNode != null && !rcNode.isNull()) {
      ObjectNode rc = object(rcNode, "row_count");
      keys(rc, "row_count", Set.of("min", "max", "severity"));
      JsonNode max = rc.get("max");
      b.rowCount(
          integer(rc.get("min"), "row_count.min"),
          max == null || max.isNull() ? null : integer(max, "row_count.max"),
          severity(rc.get("severity"), "row_count.severity"));
    }
    JsonNode cols = o.get("columns");
    if (cols == null || !cols.isArray()) {
      throw bad("columns is missing or not an array");
    }
    List<String> seen = new ArrayList<>();
    for (JsonNode cn : cols) {
      ObjectNode c = object(cn, "a column");
      keys(
          c,
          "a column",
          Set.of(
              "name",
              "type",
              "type_severity",
              "nulls",
              "range",
              "categories",
              "pattern",
              "unique",
              "skew_threshold"));
      String name = text(c.get("name"), "columns[].name");
      String where = "column " + name;
      if (seen.contains(name)) {
        throw bad(where + " appears twice");
      }
      seen.add(name);
      ColumnType type = type(c.get("type"), where + ".type");
      ColumnSpec.Builder s =
          ColumnSpec.builder(name, type).type(type, severity(c.get("type_severity"), where));
      JsonNode n = c.get("nulls");
      if (n != null && !n.isNull()) {
        ObjectNode no = object(n, where + ".nulls");
        keys(no, where + ".nulls", Set.of("max_fraction", "severity"));
        s.maxNullFraction(
            number(no.get("max_fraction"), where + ".nulls.max_fraction"),
            severity(no.get("severity"), where + ".nulls.severity"));
      }
      JsonNode r = c.get("range");
      if (r != null && !r.isNull()) {
        ObjectNode ro = object(r, where + ".range");
        keys(ro, where + ".range", Set.of("min", "max", "severity"));
        s.range(
            nullableNumber(ro.get("min"), where + ".range.min"),
            nullableNumber(ro.get("max"), where + ".range.max"),
            severity(ro.get("severity"), where + ".range.severity"));
      }
      JsonNode k = c.get("categories");
      if (k != null && !k.isNull()) {
        ObjectNode ko = object(k, where + ".categories");
        keys(ko, where + ".categories", Set.of("allowed", "severity"));
        JsonNode allowed = ko.get("allowed");
        if (allowed == null || !allowed.isArray()) {
          throw bad(where + ".categories.allowed is missing or not an array");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode a : allowed) {
          values.add(text(a, where + ".categories.allowed[]"));
        }
        s.categories(values, severity(ko.get("severity"), where + ".categories.severity"));
      }
      JsonNode p = c.get("pattern");
      if (p != null && !p.isNull()) {
        ObjectNode po = object(p, where + ".pattern");
        keys(po, where + ".pattern", Set.of("regex", "severity"));
        s.pattern(
            text(po.get("regex"), where + ".pattern.regex"),
            severity(po.get("severity"), where + ".pattern.severity"));
      }
      JsonNode u = c.get("unique");
      if (u != null && !u.isNull()) {
        ObjectNode uo = object(u, where + ".unique");
        keys(uo, where + ".unique", Set.of("severity"));
        s.unique(severity(uo.get("severity"), where + ".unique.severity"));
      }
      JsonNode sk = c.get("skew_threshold");
      if (sk != null && !sk.isNull()) {
        s.skewThreshold(number(sk, where + ".skew_threshold"));
      }
      b.column(s.build());
    }
    return b.build();
  }

  private static InvalidInputException bad(String message) {
    return InvalidInputException.of("schema", message);
  }

  private static ObjectNode object(@Nullable JsonNode n, String what) {
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw bad(what + " is not a JSON object");
  }

  private static void keys(ObjectNode o, String what, Set<String> allowed) {
    Iterator<String> it = o.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw bad(what + " has an unknown key '" + k + "'; allowed keys are " + allowed);
      }
    }
  }

  private static String text(@Nullable JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw bad(what + " is missing or not a string");
    }
    return n.asText();
  }

  private static double number(@Nullable JsonNode n, String what) {
    if (n == null || !n.isNumber()) {
      throw bad(what + " is missing or not a number");
    }
    return n.asDouble();
  }

  private static @Nullable Double nullableNumber(@Nullable JsonNode n, String what) {
    if (n == null || n.isNull()) {
      return null;
    }
    return number(n, what);
  }

  private static long integer(@Nullable JsonNode n, String what) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw bad(what + " is missing or not an integer");
    }
    return n.asLong();
  }

  private static Severity severity(@Nullable JsonNode n, String what) {
    String s = text(n, what);
    try {
      return Severity.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(what + " is '" + s + "'; use WARN or FAIL");
    }
  }

  private static ColumnType type(@Nullable JsonNode n, String what) {
    String s = text(n, what);
    try {
      return ColumnType.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(what + " is '" + s + "'; use NUMERIC, CATEGORICAL, BOOLEAN or TIMESTAMP");
    }
  }
}
