package dev.mlops.validation.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Test-only: reads the oracle's model-metric cases from the test resources and writes our metrics
 * in the oracle's {@code classification} / {@code regression} layout.
 */
final class ModelOracleCases {
  static final String BASE = "/dev/mlops/validation/oracle/cases/";
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelOracleCases() {}

  static InputStream resource(String path) throws IOException {
    InputStream in = ModelOracleCases.class.getResourceAsStream(BASE + path);
    if (in == null) {
      throw new IOException("missing test resource " + BASE + path);
    }
    return in;
  }

  static byte[] bytes(String path) throws IOException {
    try (InputStream in = resource(path)) {
      return in.readAllBytes();
    }
  }

  static JsonNode json(String path) throws IOException {
    return MAPPER.readTree(bytes(path));
  }

  static List<String> modelCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c : json("MANIFEST.json").get("cases")) {
      if ("model_metrics".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    return names;
  }

  /** The predictions file: header and rows (no quoting is needed by these files' values). */
  record Csv(List<String> header, List<String[]> rows) {
    int col(String name) {
      int i = header.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException("no column " + name + " in " + header);
      }
      return i;
    }

    boolean has(String name) {
      return header.contains(name);
    }

    double[] numbers(String name) {
      int c = col(name);
      double[] out = new double[rows.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = Double.parseDouble(rows.get(i)[c]);
      }
      return out;
    }

    int[] ints(String name) {
      double[] d = numbers(name);
      int[] out = new int[d.length];
      for (int i = 0; i < d.length; i++) {
        out[i] = (int) d[i];
      }
      return out;
    }

    /** Slice value to its rows, sorted by code point (all slice values here are ASCII). */
    Map<String, int[]> slices() {
      int c = col("slice");
      Map<String, List<Integer>> m = new TreeMap<>();
      for (int i = 0; i < rows.size(); i++) {
        m.computeIfAbsent(rows.get(i)[c], k -> new ArrayList<>()).add(i);
      }
      Map<String, int[]> out = new TreeMap<>();
      m.forEach((k, v) -> out.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
      return out;
    }
  }

  static Csv predictions(String name) throws IOException {
    String text = new String(bytes(name + "/predictions.csv"), StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    List<String> header = List.of(lines[0].split(",", -1));
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].contains("\"")) {
        throw new IOException("quoted field in " + name + " line " + i + ": extend the reader");
      }
      String[] f = lines[i].split(",", -1);
      if (f.length != header.size()) {
        throw new IOException(name + " line " + i + " has " + f.length + " fields");
      }
      rows.add(f);
    }
    return new Csv(header, rows);
  }

  /** Our output for one case in the oracle layout. */
  static ObjectNode run(String name) throws IOException {
    Csv csv = predictions(name);
    ObjectNode out = MAPPER.createObjectNode();
    BinaryOutcomes data =
        BinaryOutcomes.of(csv.ints("label"), csv.numbers("score"), csv.ints("prediction"));
    BinaryClassificationEvaluator ev = BinaryClassificationEvaluator.create();
    ObjectNode cls = out.putObject("classification");
    cls.set("overall", classification(ev.evaluate(data, IntervalSpec.none())));
    RegressionOutcomes reg = null;
    if (csv.has("target")) {
      reg = RegressionOutcomes.of(csv.numbers("target"), csv.numbers("target_prediction"));
      ObjectNode r = out.putObject("regression");
      r.set("overall", regression(RegressionEvaluator.create().evaluate(reg, IntervalSpec.none())));
    } else {
      out.putNull("regression");
    }
    if (csv.has("slice")) {
      ObjectNode slices = cls.putObject("slices");
      ObjectNode regSlices =
          reg == null ? null : ((ObjectNode) out.get("regression")).putObject("slices");
      for (Map.Entry<String, int[]> e : csv.slices().entrySet()) {
        slices.set(
            e.getKey(), classification(ev.evaluate(data, e.getValue(), IntervalSpec.none())));
        if (regSlices != null) {
          regSlices.set(
              e.getKey(),
              regression(
                  RegressionEvaluator.create().evaluate(reg, e.getValue(), IntervalSpec.none())));
        }
      }
    }
    return out;
  }

  static ObjectNode classification(BinaryClassificationResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("n", r.n());
    o.put("n_positive", r.nPositive());
    o.put("n_negative", r.nNegative());
    for (String m :
        List.of(
            "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss", "brier_score_loss")) {
      put(o, m, r.metric(m).orElseThrow().value());
    }
    ConfusionMatrix cm = r.confusionMatrix();
    ObjectNode c = o.putObject("confusion_matrix");
    c.putArray("labels").add(0).add(1);
    ArrayNode mat = c.putArray("matrix");
    mat.addArray().add(cm.tn()).add(cm.fp());
    mat.addArray().add(cm.fn()).add(cm.tp());
    c.put("tn", cm.tn());
    c.put("fp", cm.fp());
    c.put("fn", cm.fn());
    c.put("tp", cm.tp());
    ObjectNode notes = o.putObject("notes");
    r.notes().forEach(notes::put);
    return o;
  }

  static ObjectNode regression(RegressionResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("n", r.n());
    for (String m : List.of("mae", "rmse", "r2")) {
      put(o, m, r.metric(m).orElseThrow().value());
    }
    ObjectNode notes = o.putObject("notes");
    r.notes().forEach(notes::put);
    return o;
  }

  private static void put(ObjectNode o, String key, OptionalDouble v) {
    if (v.isPresent()) {
      o.put(key, v.getAsDouble());
    } else {
      o.putNull(key);
    }
  }
}
