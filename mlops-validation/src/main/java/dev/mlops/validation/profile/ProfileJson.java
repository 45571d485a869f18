package dev.mlops.validation.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes the JSON body of {@code mlops profile --format json} (CLI-JSON.md): {@code
 * {"format_version": 1, "kind": "profile", "rows", "columns": [...]}}.
 *
 * <p>Stateless and thread-safe. A numeric column carries {@code name}, {@code type}, {@code
 * row_count}, {@code null_count}, {@code nan_count}, {@code missing_count}, {@code count}, {@code
 * distinct}, {@code mean}, {@code std} (ddof 1), {@code min}, {@code max} and {@code quantiles}
 * ({@code "0.01"} to {@code "0.99"}; null when the count is 0), plus {@code histogram} when the
 * profile's options ask for it. A categorical column carries {@code name}, {@code type}, {@code
 * row_count}, {@code null_count}, {@code count}, {@code distinct}, {@code top5} ({@code [[category,
 * count], ...]}) and {@code frequencies_capped}. Boolean columns add {@code count}, {@code
 * true_count}, {@code false_count}; timestamp columns {@code count}, {@code distinct}, {@code min}
 * and {@code max} (ISO-8601 instants). Every column has {@code approximate}: the keys whose values
 * come from a sketch, each with its bound at 99 % confidence, e.g. {@code {"distinct":
 * {"relative_error": 0.04875}, "quantiles": {"rank_error": 0.0133}}}; {@code {}} when every value
 * is exact. Undefined numbers are {@code null}.
 *
 * <pre>{@code
 * ProfileJson.write(profile, System.out);
 * String text = ProfileJson.write(profile);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileJson {

  /** The normalized ranks of {@code quantiles}. */
  public static final List<String> QUANTILE_KEYS =
      List.of("0.01", "0.05", "0.25", "0.5", "0.75", "0.95", "0.99");

  private static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ProfileJson() {}

  /**
   * Returns the JSON text.
   *
   * @param profile the profile
   * @return the document
   * @throws NullPointerException if {@code profile} is null
   */
  public static String write(Profile profile) {
    StringWriter w = new StringWriter();
    write(profile, w);
    return w.toString();
  }

  /**
   * Writes the document as UTF-8; the stream is flushed, not closed.
   *
   * @param profile the profile
   * @param out the stream
   * @throws UncheckedIOException if the stream fails
   * @throws NullPointerException if an argument is null
   */
  public static void write(Profile profile, OutputStream out) {
    Objects.requireNonNull(out, "out");
    try {
      MAPPER.writeValue(out, tree(profile));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the document; the writer is flushed, not closed.
   *
   * @param profile the profile
   * @param out the writer
   * @throws UncheckedIOException if the writer fails
   * @throws NullPointerException if an argument is null
   */
  public static void write(Profile profile, Writer out) {
    Objects.requireNonNull(out, "out");
    try {
      MAPPER.writeValue(out, tree(profile));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the document as a Jackson tree, for callers that add keys.
   *
   * @param profile the profile
   * @return a new tree
   * @throws NullPointerException if {@code profile} is null
   */
  public static ObjectNode tree(Profile profile) {
    Objects.requireNonNull(profile, "profile");
    ObjectNode root = F.objectNode();
    root.put("format_version", 1);
    root.put("kind", "profile");
    root.put("rows", profile.rows());
    ArrayNode cols = root.putArray("columns");
    for (ColumnProfile c : profile.columns()) {
      cols.add(column(c, profile.options()));
    }
    return root;
  }

  private static ObjectNode column(ColumnProfile c, ProfileOptions options) {
    ObjectNode o = F.objectNode();
    o.put("name", c.name());
    o.put("type", c.type().name().toLowerCase(Locale.ROOT));
    o.put("row_count", c.rowCount());
    o.put("null_count", c.nullCount());
    ObjectNode approx = F.objectNode();
    if (c instanceof NumericColumnProfile n) {
      o.put("nan_count", n.nanCount());
      o.put("missing_count", n.missingCount());
      o.put("count", n.count());
      o.put("distinct", n.distinct());
      bound(approx, "distinct", n.distinctAccuracy());
      num(o, "mean", n.mean());
      num(o, "std", n.std());
      num(o, "min", n.min());
      num(o, "max", n.max());
      if (n.count() == 0) {
        o.putNull("quantiles");
      } else {
        double[] q = n.quantileSketch().quantiles(RANKS);
        ObjectNode qo = o.putObject("quantiles");
        for (int i = 0; i < RANKS.length; i++) {
          num(qo, QUANTILE_KEYS.get(i), q[i]);
        }
        bound(approx, "quantiles", n.quantileAccuracy());
      }
      if (options.histogram()) {
        NumericColumnProfile.Histogram h = n.histogram(options.histogramBins());
        ObjectNode ho = o.putObject("histogram");
        ArrayNode e = ho.putArray("edges");
        h.edges().forEach(e::add);
        ArrayNode k = ho.putArray("counts");
        h.counts().forEach(k::add);
        bound(approx, "histogram", h.accuracy());
      }
    } else if (c instanceof CategoricalColumnProfile k) {
      o.put("count", k.count());
      o.put("distinct", k.distinct());
      bound(approx, "distinct", k.distinctAccuracy());
      ArrayNode top = o.putArray("top5");
      for (CategoricalColumnProfile.CategoryCount cc : k.top(5)) {
        top.addArray().add(cc.category()).add(cc.count());
      }
      bound(approx, "top5", k.topAccuracy());
      o.put("frequencies_capped", k.frequenciesCapped());
    } else if (c instanceof BooleanColumnProfile b) {
      o.put("count", b.count());
      o.put("true_count", b.trueCount());
      o.put("false_count", b.falseCount());
    } else {
      TimestampColumnProfile t = (TimestampColumnProfile) c;
      o.put("count", t.count());
      o.put("distinct", t.distinct());
      bound(approx, "distinct", t.distinctAccuracy());
      if (t.count() == 0) {
        o.putNull("min");
        o.putNull("max");
      } else {
        o.put("min", t.min().orElseThrow().toString());
        o.put("max", t.max().orElseThrow().toString());
      }
    }
    o.set("approximate", approx);
    return o;
  }

  private static void bound(ObjectNode approx, String key, Accuracy a) {
    if (!a.exact()) {
      approx.putObject(key).put(a.kind().key(), a.bound());
    }
  }

  private static void num(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
