package dev.mlops.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.Names;
import dev.mlops.api.StorageException;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON layout of an exported run, version 1. Owns both directions; no default typing, no class
 * names read from input, and hard limits on what it reads.
 *
 * <pre>
 * {
 *   "format_version": 1,
 *   "kind": "run",
 *   "run": {
 *     "id": "5f0c...",               the run id at export
 *     "experiment": "churn",          the experiment name
 *     "parent_run_id": "..." | null,
 *     "name": "baseline" | null,
 *     "status": "FINISHED",          RUNNING, FINISHED, FAILED or KILLED
 *     "start_time": "2026-03-01T10:15:30Z",
 *     "end_time": "..." | null,       null exactly when RUNNING
 *     "note": "..." | null
 *   },
 *   "params":  [ {"key": "lr", "type": "NUMBER", "value": "0.01"} ],   type STRING, NUMBER, BOOLEAN
 *   "tags":    { "mlops.git.commit": "...", "team": "risk" },        context tags included
 *   "metrics": [ {"key": "loss", "value": 0.31 | "NaN" | "Infinity" | "-Infinity",
 *                 "step": 3, "timestamp": "2026-03-01T10:15:31Z"} ]  history order per key
 * }
 * </pre>
 *
 * <p>Readers accept {@code format_version} 1 only (newer: "upgrade mlops") and refuse unknown
 * fields. Input limits: at most {@value #DEFAULT_MAX_BYTES} bytes (counted on the raw stream),
 * nesting depth {@value #MAX_DEPTH}, strings of at most {@value #MAX_STRING_LENGTH} characters,
 * numbers of at most {@value #MAX_NUMBER_LENGTH} digits, no duplicate object keys. Thread-safe: the
 * mapper is configured once and never changed.
 */
final class RunJson {
  static final int FORMAT_VERSION = 1;
  static final String KIND = "run";
  static final long DEFAULT_MAX_BYTES = 64L << 20;
  static final int MAX_DEPTH = 50;
  static final int MAX_STRING_LENGTH = 1_000_000;
  static final int MAX_NUMBER_LENGTH = 100;

  /** What one exported run holds. */
  record Document(
      Run run,
      String experimentName,
      List<Param> params,
      Map<String, String> tags,
      List<MetricPoint> metrics) {}

  private static final StrictJson JSON = new StrictJson("run JSON");

  private final ObjectMapper mapper;
  private final long maxBytes;

  RunJson() {
    this(DEFAULT_MAX_BYTES);
  }

  RunJson(long maxBytes) {
    this.maxBytes = maxBytes;
    this.mapper = StrictJson.mapper(maxBytes, MAX_DEPTH, MAX_STRING_LENGTH, MAX_NUMBER_LENGTH);
  }

  // ---------------------------------------------------------------- write

  void write(Document doc, OutputStream out) {
    try (JsonGenerator g = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("format_version", FORMAT_VERSION);
      g.writeStringField("kind", KIND);
      Run r = doc.run();
      g.writeObjectFieldStart("run");
      g.writeStringField("id", r.id());
      g.writeStringField("experiment", doc.experimentName());
      StrictJson.nullableString(g, "parent_run_id", r.parentRunId());
      StrictJson.nullableString(g, "name", r.name());
      g.writeStringField("status", r.status().name());
      g.writeStringField("start_time", r.startTime().toString());
      StrictJson.nullableString(g, "end_time", r.endTime() == null ? null : r.endTime().toString());
      StrictJson.nullableString(g, "note", r.note());
      g.writeEndObject();
      g.writeArrayFieldStart("params");
      for (Param p : doc.params()) {
        g.writeStartObject();
        g.writeStringField("key", p.key());
        g.writeStringField("type", p.type().name());
        g.writeStringField("value", p.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> e : doc.tags().entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("metrics");
      for (MetricPoint m : doc.metrics()) {
        g.writeStartObject();
        g.writeStringField("key", m.key());
        double v = m.value();
        if (Double.isFinite(v)) {
          g.writeNumberField("value", v);
        } else {
          g.writeStringField("value", nonFinite(v));
        }
        g.writeNumberField("step", m.step());
        g.writeStringField("timestamp", m.timestamp().toString());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new StorageException(
          "cannot write run " + doc.run().id() + " as JSON: " + e.getMessage(), e);
    }
  }

  static String nonFinite(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    return v > 0 ? "Infinity" : "-Infinity";
  }

  // ---------------------------------------------------------------- read

  Document read(InputStream in) {
    JsonNode root;
    try {
      root = mapper.readTree(new BoundedInputStream(in, maxBytes));
    } catch (TooLargeException e) {
      throw new InvalidInputException(
          null,
          -1,
          "run JSON is larger than " + maxBytes + " bytes; it is refused, nothing was written",
          e);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          null,
          -1,
          "run JSON is malformed or exceeds a limit (depth "
              + MAX_DEPTH
              + ", strings of "
              + MAX_STRING_LENGTH
              + " characters): "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new StorageException("cannot read run JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw JSON.invalid("$", "the document must be a JSON object");
    }
    try {
      return parse(root);
    } catch (InvalidInputException e) {
      throw e;
    } catch (MlopsException | IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException(
          null, -1, "run JSON holds an illegal value: " + e.getMessage(), e);
    }
  }

  private static Document parse(JsonNode root) {
    JSON.onlyFields(
        root, "$", Set.of("format_version", "kind", "run", "params", "tags", "metrics"));
    JsonNode version = JSON.required(root, "format_version", "$");
    if (!version.isIntegralNumber() || !version.canConvertToInt()) {
      throw JSON.invalid("format_version", "must be an integer");
    }
    int v = version.intValue();
    if (v > FORMAT_VERSION) {
      throw JSON.invalid(
          "format_version",
          "run format version "
              + v
              + " is newer than this library (supports <= "
              + FORMAT_VERSION
              + "); upgrade mlops");
    }
    if (v < 1) {
      throw JSON.invalid("format_version", "must be at least 1, but is " + v);
    }
    String kind = JSON.text(root, "kind", "$");
    if (!KIND.equals(kind)) {
      throw JSON.invalid("kind", "must be \"run\", but is \"" + kind + "\"");
    }
    JsonNode r = JSON.required(root, "run", "$");
    if (!r.isObject()) {
      throw JSON.invalid("run", "must be an object");
    }
    JSON.onlyFields(
        r,
        "run",
        Set.of(
            "id",
            "experiment",
            "parent_run_id",
            "name",
            "status",
            "start_time",
            "end_time",
            "note"));
    String experiment = Names.requireName(JSON.text(r, "experiment", "run"), "run.experiment");
    RunStatus status;
    String statusText = JSON.text(r, "status", "run");
    try {
      status = RunStatus.valueOf(statusText);
    } catch (IllegalArgumentException e) {
      throw JSON.invalid(
          "run.status", "must be RUNNING, FINISHED, FAILED or KILLED, not " + statusText);
    }
    String endText = JSON.nullableText(r, "end_time", "run");
    Run run =
        new Run(
            JSON.text(r, "id", "run"),
            "imported",
            JSON.nullableText(r, "parent_run_id", "run"),
            JSON.nullableText(r, "name", "run"),
            status,
            JSON.instant(JSON.text(r, "start_time", "run"), "run.start_time"),
            endText == null ? null : JSON.instant(endText, "run.end_time"),
            JSON.nullableText(r, "note", "run"));

    List<Param> params = new ArrayList<>();
    JsonNode ps = JSON.required(root, "params", "$");
    if (!ps.isArray()) {
      throw JSON.invalid("params", "must be an array");
    }
    for (int i = 0; i < ps.size(); i++) {
      JsonNode p = ps.get(i);
      String at = "params[" + i + "]";
      if (!p.isObject()) {
        throw JSON.invalid(at, "must be an object");
      }
      JSON.onlyFields(p, at, Set.of("key", "type", "value"));
      String typeText = JSON.text(p, "type", at);
      ParamType type;
      try {
        type = ParamType.valueOf(typeText);
      } catch (IllegalArgumentException e) {
        throw JSON.invalid(at + ".type", "must be STRING, NUMBER or BOOLEAN, not " + typeText);
      }
      params.add(new Param(JSON.text(p, "key", at), type, JSON.text(p, "value", at)));
    }

    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode ts = JSON.required(root, "tags", "$");
    if (!ts.isObject()) {
      throw JSON.invalid("tags", "must be an object");
    }
    for (Map.Entry<String, JsonNode> e : ts.properties()) {
      String key = Names.requireKey(e.getKey(), "tag key");
      if (!e.getValue().isTextual()) {
        throw JSON.invalid("tags." + key, "must be a string");
      }
      tags.put(
          key,
          Names.requireValue(
              e.getValue().textValue(), "tag '" + key + "'", Names.MAX_VALUE_LENGTH));
    }

    List<MetricPoint> metrics = new ArrayList<>();
    JsonNode ms = JSON.required(root, "metrics", "$");
    if (!ms.isArray()) {
      throw JSON.invalid("metrics", "must be an array");
    }
    for (int i = 0; i < ms.size(); i++) {
      JsonNode m = ms.get(i);
      String at = "metrics[" + i + "]";
      if (!m.isObject()) {
        throw JSON.invalid(at, "must be an object");
      }
      JSON.onlyFields(m, at, Set.of("key", "value", "step", "timestamp"));
      JsonNode value = JSON.required(m, "value", at);
      double d;
      if (value.isNumber()) {
        d = value.doubleValue();
      } else if (value.isTextual()) {
        d =
            switch (value.textValue()) {
              case "NaN" -> Double.NaN;
              case "Infinity" -> Double.POSITIVE_INFINITY;
              case "-Infinity" -> Double.NEGATIVE_INFINITY;
              default ->
                  throw JSON.invalid(
                      at + ".value", "must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
            };
      } else {
        throw JSON.invalid(
            at + ".value", "must be a number, \"NaN\", \"Infinity\" or \"-Infinity\"");
      }
      JsonNode step = JSON.required(m, "step", at);
      if (!step.isIntegralNumber() || !step.canConvertToLong()) {
        throw JSON.invalid(at + ".step", "must be an integer that fits in 64 bits");
      }
      metrics.add(
          new MetricPoint(
              JSON.text(m, "key", at),
              d,
              step.longValue(),
              JSON.instant(JSON.text(m, "timestamp", at), at + ".timestamp")));
    }
    return new Document(run, experiment, params, tags, metrics);
  }

  /** Thrown by {@link BoundedInputStream} past its limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("more than " + limit + " bytes");
    }
  }

  /** Counts bytes and fails past a limit, so a huge document is refused without reading it all. */
  static final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private long count;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    @Override
    public void close() {
      // The caller owns the stream.
    }

    private void count(long n) throws TooLargeException {
      count += n;
      if (count > limit) {
        throw new TooLargeException(limit);
      }
    }
  }
}
