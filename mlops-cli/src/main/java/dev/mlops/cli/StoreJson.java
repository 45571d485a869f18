package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of the store commands' records: snake_case keys, times as ISO-8601 text, absent values
 * as {@code null}, non-finite metric values as {@code null}.
 *
 * <p>Stateless and thread-safe.
 */
final class StoreJson {
  private StoreJson() {}

  static void text(ObjectNode o, String key, @Nullable String value) {
    if (value == null) {
      o.putNull(key);
    } else {
      o.put(key, value);
    }
  }

  static void time(ObjectNode o, String key, @Nullable Instant value) {
    text(o, key, value == null ? null : value.toString());
  }

  static ObjectNode run(Run r, @Nullable String experimentName) {
    ObjectNode o = Json.F.objectNode();
    o.put("run_id", r.id());
    o.put("experiment_id", r.experimentId());
    text(o, "experiment", experimentName);
    text(o, "name", r.name());
    o.put("status", r.status().name());
    time(o, "start_time", r.startTime());
    time(o, "end_time", r.endTime());
    if (r.endTime() == null) {
      o.putNull("duration_seconds");
    } else {
      Json.num(o, "duration_seconds", Duration.between(r.startTime(), r.endTime()).toNanos() / 1e9);
    }
    text(o, "parent_run_id", r.parentRunId());
    text(o, "note", r.note());
    return o;
  }

  static ObjectNode params(Map<String, Param> params) {
    ObjectNode o = Json.F.objectNode();
    for (Param p : new TreeMap<>(params).values()) {
      ObjectNode v = o.putObject(p.key());
      v.put("type", p.type().name().toLowerCase(Locale.ROOT));
      switch (p.type()) {
        case NUMBER -> Json.num(v, "value", Double.parseDouble(p.value()));
        case BOOLEAN -> v.put("value", Boolean.parseBoolean(p.value()));
        case STRING -> v.put("value", p.value());
      }
    }
    return o;
  }

  static ObjectNode metrics(Map<String, MetricPoint> metrics) {
    ObjectNode o = Json.F.objectNode();
    for (MetricPoint m : new TreeMap<>(metrics).values()) {
      ObjectNode v = o.putObject(m.key());
      Json.num(v, "value", m.value());
      v.put("step", m.step());
      time(v, "timestamp", m.timestamp());
    }
    return o;
  }

  static ObjectNode strings(Map<String, String> map) {
    ObjectNode o = Json.F.objectNode();
    new TreeMap<>(map).forEach(o::put);
    return o;
  }

  static ObjectNode version(ModelVersion v) {
    ObjectNode o = Json.F.objectNode();
    o.put("model", v.modelName());
    o.put("version", v.version());
    o.put("stage", v.stage().name());
    o.put("artifact", v.artifact().toString());
    text(o, "run_id", v.runId());
    text(o, "description", v.description());
    o.set("tags", strings(v.tags()));
    time(o, "created_at", v.createdAt());
    return o;
  }

  static ObjectNode transition(Transition t) {
    ObjectNode o = Json.F.objectNode();
    time(o, "time", t.time());
    o.put("version", t.version());
    o.put("kind", t.kind().name());
    text(o, "alias", t.alias());
    text(o, "from", t.from());
    text(o, "to", t.to());
    o.put("actor", t.actor());
    text(o, "reason", t.reason());
    return o;
  }

  static ObjectNode graph(LineageGraph g) {
    ObjectNode o = Json.F.objectNode();
    ArrayNode nodes = o.putArray("nodes");
    for (LineageGraph.Node n : g.nodes()) {
      nodes.addObject().put("kind", n.kind().name().toLowerCase(Locale.ROOT)).put("id", n.id());
    }
    ArrayNode edges = o.putArray("edges");
    for (LineageGraph.Edge e : g.edges()) {
      edges.addObject().put("from", e.from().id()).put("to", e.to().id());
    }
    return o;
  }

  /** A duration in seconds for text: {@code 0.25 s}, {@code 3 min 2 s}, {@code 1 h 4 min}. */
  static String duration(@Nullable Instant start, @Nullable Instant end) {
    if (start == null || end == null) {
      return "-";
    }
    Duration d = Duration.between(start, end);
    long s = d.getSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }

  /** An instant for text: ISO-8601 to the second, or {@code -}. */
  static String when(@Nullable Instant t) {
    if (t == null) {
      return "-";
    }
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static String orDash(@Nullable String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
