package dev.mlops.validation.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The JSON format of a {@link Profile} for storage, format id {@code mlops-profile}, version 1:
 * every exact counter as a JSON number, every sketch as {@code {"encoding": ..., "bytes": base64}}.
 * Unlike {@link ProfileJson} (the command line's read-only view), it can be read back and merged.
 *
 * <p>Stateless and thread-safe. Non-finite doubles (min/max of an empty column) are the strings
 * {@code "Infinity"} and {@code "-Infinity"}. Version 1 documents are read by every later version.
 *
 * <pre>{@code
 * String json = ProfileJsonFormat.write(profile);
 * Profile back = ProfileJsonFormat.read(json);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileJsonFormat {

  /** The value of the {@code format} key. */
  public static final String FORMAT_ID = "mlops-profile";

  /** The version this class writes. */
  public static final int VERSION = 1;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private ProfileJsonFormat() {}

  /**
   * Writes a profile.
   *
   * @param profile the profile
   * @return JSON text
   * @throws NullPointerException if {@code profile} is null
   */
  public static String write(Profile profile) {
    Objects.requireNonNull(profile, "profile");
    ObjectNode root = F.objectNode();
    root.put("format", FORMAT_ID);
    root.put("format_version", VERSION);
    ProfileOptions o = profile.options();
    ObjectNode opts = root.putObject("options");
    opts.put("kll_k", o.kllK());
    opts.put("hll_lg_k", o.hllLgK());
    opts.put("frequent_items_map_size", o.frequentItemsMapSize());
    opts.put("histogram", o.histogram());
    opts.put("histogram_bins", o.histogramBins());
    opts.put("exact_frequencies", o.exactFrequencies());
    opts.put("exact_frequency_cap", o.exactFrequencyCap());
    opts.put("chunk_rows", o.chunkRows());
    root.put("rows", profile.rows());
    ArrayNode cols = root.putArray("columns");
    for (ColumnProfile c : profile.columns()) {
      cols.add(column(c));
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private static ObjectNode column(ColumnProfile c) {
    ObjectNode o = F.objectNode();
    o.put("name", c.name());
    o.put("type", c.type().name().toLowerCase(java.util.Locale.ROOT));
    o.put("row_count", c.rowCount());
    o.put("null_count", c.nullCount());
    if (c instanceof NumericColumnProfile n) {
      o.put("nan_count", n.nanCount());
      o.put("count", n.moments().n());
      o.put("mean", n.moments().mean());
      o.put("m2", n.moments().m2());
      putDouble(o, "min", n.count() == 0 ? Double.POSITIVE_INFINITY : n.min());
      putDouble(o, "max", n.count() == 0 ? Double.NEGATIVE_INFINITY : n.max());
      o.set("quantiles", sketch(SketchEncoding.KLL_DOUBLES, n.quantileSketch().image()));
      o.set("distinct", sketch(SketchEncoding.HLL, n.distinctSketch().image()));
    } else if (c instanceof CategoricalColumnProfile k) {
      o.put("count", k.count());
      o.set("distinct", sketch(SketchEncoding.HLL, k.distinctSketch().image()));
      o.set("frequent_items", sketch(SketchEncoding.FREQUENT_STRINGS, k.frequentItems().image()));
      o.put("frequencies_capped", k.frequenciesCapped());
      Map<String, Long> f = k.frequencies().orElse(null);
      if (f == null) {
        o.putNull("frequencies");
      } else {
        ArrayNode a = o.putArray("frequencies");
        for (Map.Entry<String, Long> e : f.entrySet()) {
          a.addArray().add(e.getKey()).add(e.getValue());
        }
      }
    } else if (c instanceof BooleanColumnProfile b) {
      o.put("true_count", b.trueCount());
      o.put("false_count", b.falseCount());
    } else {
      TimestampColumnProfile t = (TimestampColumnProfile) c;
      o.put("min_micros", t.minMicros());
      o.put("max_micros", t.maxMicros());
      o.set("distinct", sketch(SketchEncoding.HLL, t.distinctSketch().image()));
    }
    return o;
  }

  private static void putDouble(ObjectNode o, String key, double v) {
    if (Double.isInfinite(v)) {
      o.put(key, v > 0 ? "Infinity" : "-Infinity");
    } else {
      o.put(key, v);
    }
  }

  private static ObjectNode sketch(SketchEncoding e, byte[] image) {
    ObjectNode s = F.objectNode();
    s.put("encoding", e.jsonName);
    s.put("bytes", B64.encodeToString(image));
    return s;
  }

  /**
   * Reads a profile.
   *
   * @param json text of {@link #write(Profile)}, of this or an earlier version
   * @return the profile
   * @throws InvalidInputException if the text is not a valid profile document
   * @throws NullPointerException if {@code json} is null
   */
  public static Profile read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw invalid("not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      if (root == null || !root.isObject()) {
        throw invalid("not a JSON object", null);
      }
      if (!FORMAT_ID.equals(text(root, "format"))) {
        throw invalid("\"format\" is not \"" + FORMAT_ID + "\"", null);
      }
      long version = integer(root, "format_version");
      if (version != VERSION) {
        throw invalid("format_version " + version + " is not known to this release", null);
      }
      JsonNode op = object(root, "options");
      ProfileOptions o =
          new ProfileOptions(
              (int) integer(op, "kll_k"),
              (int) integer(op, "hll_lg_k"),
              (int) integer(op, "frequent_items_map_size"),
              bool(op, "histogram"),
              (int) integer(op, "histogram_bins"),
              bool(op, "exact_frequencies"),
              (int) integer(op, "exact_frequency_cap"),
              (int) integer(op, "chunk_rows"));
      long rows = integer(root, "rows");
      JsonNode cols = root.get("columns");
      if (cols == null || !cols.isArray()) {
        throw invalid("\"columns\" is not an array", null);
      }
      List<ColumnProfile> cs = new ArrayList<>();
      for (JsonNode c : cols) {
        cs.add(readColumn(c, o));
      }
      return new Profile(rows, o, cs);
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw invalid(String.valueOf(e.getMessage()), e);
    }
  }

  private static ColumnProfile readColumn(JsonNode c, ProfileOptions o) {
    if (!c.isObject()) {
      throw invalid("a column is not an object", null);
    }
    String name = text(c, "name");
    String type = text(c, "type");
    long rows = integer(c, "row_count");
    long nulls = integer(c, "null_count");
    switch (type) {
      case "numeric":
        return new NumericColumnProfile(
            name,
            rows,
            nulls,
            integer(c, "nan_count"),
            new Moments(integer(c, "count"), real(c, "mean"), real(c, "m2")),
            real(c, "min"),
            real(c, "max"),
            QuantileSketch.fromImage(sketch(c, "quantiles", SketchEncoding.KLL_DOUBLES), o.kllK()),
            DistinctSketch.fromImage(sketch(c, "distinct", SketchEncoding.HLL), o.hllLgK()));
      case "categorical":
        {
          Map<String, Long> freq = null;
          JsonNode f = c.get("frequencies");
          if (f == null) {
            throw invalid("column '" + name + "' lacks \"frequencies\"", null);
          }
          if (!f.isNull()) {
            if (!f.isArray()) {
              throw invalid("column '" + name + "': \"frequencies\" is not an array", null);
            }
            freq = new TreeMap<>(CodePoints::compare);
            for (JsonNode pair : f) {
              if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual()) {
                throw invalid("column '" + name + "': a frequency is not [category, count]", null);
              }
              if (freq.put(pair.get(0).asText(), integerValue(pair.get(1), "count")) != null) {
                throw invalid("column '" + name + "': a category appears twice", null);
              }
            }
          }
          return new CategoricalColumnProfile(
              name,
              rows,
              nulls,
              integer(c, "count"),
              DistinctSketch.fromImage(sketch(c, "distinct", SketchEncoding.HLL), o.hllLgK()),
              FrequentItems.fromImage(
                  sketch(c, "frequent_items", SketchEncoding.FREQUENT_STRINGS),
                  o.frequentItemsMapSize()),
              freq,
              bool(c, "frequencies_capped"));
        }
      case "boolean":
        return new BooleanColumnProfile(
            name, rows, nulls, integer(c, "true_count"), integer(c, "false_count"));
      case "timestamp":
        return new TimestampColumnProfile(
            name,
            rows,
            nulls,
            integer(c, "min_micros"),
            integer(c, "max_micros"),
            DistinctSketch.fromImage(sketch(c, "distinct", SketchEncoding.HLL), o.hllLgK()));
      default:
        throw invalid("column '" + name + "' has unknown type '" + type + "'", null);
    }
  }

  private static JsonNode field(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      throw invalid("missing \"" + key + "\"", null);
    }
    return v;
  }

  private static JsonNode object(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.isObject()) {
      throw invalid("\"" + key + "\" is not an object", null);
    }
    return v;
  }

  private static String text(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.isTextual()) {
      throw invalid("\"" + key + "\" is not a string", null);
    }
    return v.asText();
  }

  private static boolean bool(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (!v.isBoolean()) {
      throw invalid("\"" + key + "\" is not a boolean", null);
    }
    return v.asBoolean();
  }

  private static long integer(JsonNode o, String key) {
    return integerValue(field(o, key), key);
  }

  private static long integerValue(JsonNode v, String key) {
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw invalid("\"" + key + "\" is not an integer", null);
    }
    return v.asLong();
  }

  private static double real(JsonNode o, String key) {
    JsonNode v = field(o, key);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual() && v.asText().equals("Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (v.isTextual() && v.asText().equals("-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    throw invalid("\"" + key + "\" is not a number", null);
  }

  private static byte[] sketch(JsonNode o, String key, SketchEncoding expected) {
    JsonNode s = object(o, key);
    String enc = text(s, "encoding");
    if (!enc.equals(expected.jsonName)) {
      throw invalid(
          "\"" + key + "\" has encoding '" + enc + "', expected '" + expected.jsonName + "'", null);
    }
    try {
      return B64D.decode(text(s, "bytes"));
    } catch (IllegalArgumentException e) {
      throw invalid("\"" + key + "\" bytes are not base64", e);
    }
  }

  private static InvalidInputException invalid(
      String what, @org.jspecify.annotations.Nullable Throwable cause) {
    return new InvalidInputException(
        "profile",
        -1,
        "not a valid "
            + FORMAT_ID
            + " JSON document: "
            + what
            + "; re-create the profile from its table or restore the file from a copy",
        cause);
  }
}
