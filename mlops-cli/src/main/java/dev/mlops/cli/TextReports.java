package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Readable text for humans, rendered from the JSON documents (so text and JSON never disagree).
 *
 * <p>Stateless and thread-safe.
 */
final class TextReports {
  private TextReports() {}

  /** A number with four significant digits, {@code -} for null, a string as is. */
  static String fmt(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "-";
    }
    if (n.isIntegralNumber()) {
      return n.asText();
    }
    if (n.isNumber()) {
      double v = n.asDouble();
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        return String.valueOf((long) v);
      }
      String s = String.format(Locale.ROOT, "%.4g", v);
      return s.contains("e") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return n.asText();
  }

  static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(x -> out.add(x.asText()));
    }
    return out.isEmpty() ? "-" : String.join(", ", out);
  }

  static String drift(JsonNode doc, boolean quiet) {
    StringBuilder sb = new StringBuilder();
    if (!quiet) {
      JsonNode files = doc.path("files");
      JsonNode rows = doc.path("rows");
      sb.append("reference: ")
          .append(files.path("reference").asText())
          .append(" (")
          .append(rows.path("reference").asText())
          .append(" rows)\ncurrent:   ")
          .append(files.path("current").asText())
          .append(" (")
          .append(rows.path("current").asText())
          .append(" rows)\n\n");
      TextTable t =
          new TextTable(
              "column",
              "type",
              "verdict",
              "test",
              "p adjusted",
              "effect",
              "value",
              "threshold",
              "noise q95",
              "missing",
              "notes");
      JsonNode results = doc.path("results");
      for (JsonNode c : doc.path("columns")) {
        String name = c.path("name").asText();
        JsonNode r = results.path(name);
        JsonNode e = r.path("effect_size");
        List<String> notes = new ArrayList<>();
        r.path("notes").forEach(x -> notes.add(x.asText()));
        r.path("missing").path("notes").forEach(x -> notes.add("missing: " + x.asText()));
        t.add(
            name,
            c.path("type").asText(),
            r.path("verdict").asText(),
            r.path("primary_test").asText(),
            fmt(r.path("pvalue_adjusted")),
            e.path("name").asText(),
            fmt(e.path("value")),
            fmt(e.path("threshold")),
            fmt(e.path("null_q95")),
            r.path("missing").path("verdict").asText(),
            notes.isEmpty() ? "" : String.join("; ", notes));
      }
      sb.append(t.render()).append('\n');
    }
    sb.append("verdict: ")
        .append(doc.path("verdict").asText())
        .append("  (failed: ")
        .append(join(doc.path("columns_failed")))
        .append("; warned: ")
        .append(join(doc.path("columns_warned")))
        .append("; inconclusive: ")
        .append(join(doc.path("columns_inconclusive")))
        .append(")\n");
    return sb.toString();
  }

  static String profile(JsonNode doc, boolean quiet) {
    StringBuilder sb = new StringBuilder();
    sb.append(doc.path("file").asText())
        .append(": ")
        .append(doc.path("rows").asText())
        .append(" rows, ")
        .append(doc.path("columns").size())
        .append(" columns\n");
    if (quiet) {
      return sb.toString();
    }
    sb.append('\n');
    TextTable t =
        new TextTable(
            "column",
            "type",
            "count",
            "missing",
            "distinct",
            "mean",
            "std",
            "min",
            "median",
            "max",
            "most frequent",
            "approximate");
    for (JsonNode c : doc.path("columns")) {
      boolean numeric = "numeric".equals(c.path("type").asText());
      List<String> approx = new ArrayList<>();
      c.path("approximate").fieldNames().forEachRemaining(approx::add);
      JsonNode top = c.path("top5");
      String most =
          top.size() > 0
              ? top.get(0).get(0).asText() + " (" + top.get(0).get(1).asText() + ")"
              : "";
      t.add(
          c.path("name").asText(),
          c.path("type").asText(),
          fmt(c.path("count")),
          numeric ? fmt(c.path("missing_count")) : fmt(c.path("null_count")),
          fmt(c.path("distinct")),
          numeric ? fmt(c.path("mean")) : "",
          numeric ? fmt(c.path("std")) : "",
          numeric ? fmt(c.path("min")) : "",
          numeric ? fmt(c.path("quantiles").path("0.5")) : "",
          numeric ? fmt(c.path("max")) : "",
          most,
          approx.isEmpty() ? "" : String.join(", ", approx));
    }
    sb.append(t.render());
    return sb.toString();
  }
}
