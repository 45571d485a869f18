package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text of {@code mlops evaluate}, rendered from its JSON document: a table of metrics per
 * section (each value with its interval), the small slices, the gates and the verdict.
 *
 * <p>Stateless and thread-safe.
 */
final class EvaluateText {
  private EvaluateText() {}

  private static final List<String> CLASSIFICATION =
      List.of(
          "accuracy",
          "precision",
          "recall",
          "f1",
          "roc_auc",
          "average_precision",
          "log_loss",
          "brier_score_loss",
          "ece");
  private static final List<String> REGRESSION = List.of("mae", "rmse", "r2", "mape");

  static String render(JsonNode doc, boolean quiet) {
    StringBuilder sb = new StringBuilder();
    if (!quiet) {
      sb.append("predictions: ")
          .append(doc.path("files").path("predictions").asText())
          .append(" (")
          .append(doc.path("rows").path("predictions").asText())
          .append(" rows)\n\n");
      section(sb, "classification", doc.path("classification"), CLASSIFICATION, true);
      section(sb, "regression", doc.path("regression"), REGRESSION, false);
      List<String> small = new ArrayList<>();
      doc.path("small_slices").forEach(s -> small.add(s.asText()));
      if (!small.isEmpty()) {
        sb.append("slices below ")
            .append(doc.path("minimum_slice_size").asText())
            .append(" rows (point metrics only, gates INCONCLUSIVE): ")
            .append(String.join(", ", small))
            .append("\n\n");
      }
      if (doc.path("gates").size() > 0) {
        TextTable t =
            new TextTable("gate", "slice", "verdict", "value", "interval", "level", "note");
        for (JsonNode g : doc.path("gates")) {
          t.add(
              g.path("gate").asText(),
              g.path("slice").asText(),
              g.path("verdict").asText(),
              TextReports.fmt(g.path("value")),
              interval(g.path("interval")),
              TextReports.fmt(g.path("level")),
              g.path("note").asText());
        }
        sb.append(t.render()).append('\n');
      }
    }
    JsonNode verdict = doc.path("verdict");
    if (verdict.isNull() || verdict.isMissingNode()) {
      sb.append("verdict: none (no gate given)\n");
    } else {
      int failed = 0;
      int inconclusive = 0;
      for (JsonNode g : doc.path("gates")) {
        String v = g.path("verdict").asText();
        failed += "FAIL".equals(v) ? 1 : 0;
        inconclusive += "INCONCLUSIVE".equals(v) ? 1 : 0;
      }
      sb.append("verdict: ")
          .append(verdict.asText())
          .append("  (")
          .append(doc.path("gates").size())
          .append(" gate decisions: ")
          .append(failed)
          .append(" failed, ")
          .append(inconclusive)
          .append(" inconclusive)\n");
    }
    return sb.toString();
  }

  private static void section(
      StringBuilder sb, String title, JsonNode section, List<String> metrics, boolean counts) {
    if (section.isNull() || section.isMissingNode()) {
      return;
    }
    List<String> header = new ArrayList<>(List.of(title, "n"));
    if (counts) {
      header.add("positive");
    }
    header.addAll(metrics);
    TextTable t = new TextTable(header.toArray(new String[0]));
    row(t, "overall", section.path("overall"), metrics, counts);
    for (Map.Entry<String, JsonNode> e : section.path("slices").properties()) {
      row(t, e.getKey(), e.getValue(), metrics, counts);
    }
    sb.append(t.render()).append('\n');
  }

  private static void row(
      TextTable t, String name, JsonNode r, List<String> metrics, boolean counts) {
    List<String> cells = new ArrayList<>(List.of(name, TextReports.fmt(r.path("n"))));
    if (counts) {
      cells.add(TextReports.fmt(r.path("n_positive")));
    }
    for (String m : metrics) {
      String v = TextReports.fmt(r.path(m));
      JsonNode iv = r.path(m + "_interval");
      cells.add(iv.isObject() ? v + " " + interval(iv) : v);
    }
    t.add(cells.toArray(new String[0]));
  }

  private static String interval(JsonNode iv) {
    if (!iv.isObject()) {
      return "-";
    }
    return "[" + TextReports.fmt(iv.path("low")) + ", " + TextReports.fmt(iv.path("high")) + "]";
  }
}
