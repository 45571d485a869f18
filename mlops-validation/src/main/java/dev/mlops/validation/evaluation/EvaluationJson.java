package dev.mlops.validation.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.StorageException;
import dev.mlops.validation.evaluation.EvaluationReport.SlicingSpec;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.ConfusionMatrix;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionResult;
import dev.mlops.validation.metrics.ReliabilityBin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * Writes an {@link EvaluationReport} as the JSON of {@code mlops evaluate --format json}
 * (CLI-JSON.md), which is also the stored report ({@link EvaluationArtifacts}).
 *
 * <p>Layout: {@code format_version} 1, {@code kind} {@value #KIND}, {@code verdict} (the worst gate
 * verdict; null without gates), {@code subject} {@code {model, version}} (only when set), {@code
 * classification} and {@code regression}, each {@code {overall, slices}} or null when those
 * outcomes were not given, exactly as the oracle's model-metric cases: per slice {@code n}, {@code
 * n_positive}, {@code n_negative}, {@code accuracy}, {@code precision}, {@code recall}, {@code f1},
 * {@code roc_auc}, {@code log_loss}, {@code brier_score_loss}, {@code confusion_matrix} {@code
 * {labels, matrix, tn, fp, fn, tp}} and {@code notes}; for regression {@code n}, {@code mae},
 * {@code rmse}, {@code r2}, {@code notes}. Ours besides: {@code average_precision}, {@code ece},
 * {@code mape}, {@code reliability} (calibration bins {@code {lower, upper, count, mean_score,
 * fraction_positive}}), every metric's {@code <metric>_interval} {@code {low, high, level, method}}
 * (null below the minimum slice size or when undefined), the bootstrap {@code seed}, {@code
 * below_minimum} and {@code slice} (the description); at the top {@code minimum_slice_size}, {@code
 * intervals}, {@code slicing}, {@code small_slices}, {@code gates} (each {@code {gate, metric,
 * comparison, threshold, slice, verdict, value, interval, level, note}}) and {@code simultaneous}
 * ({@code {enabled, method, places, gate_level}}: the k places a gate is decided at and the level
 * used there).
 *
 * <p>{@code slices} is an object keyed by the slice value when the report slices by exactly one
 * feature (as {@code mlops evaluate} does: {@code "big"}), otherwise by the slice description
 * ({@code "region=north & age=[30, 45)"}), in the report's slice order. Numbers are in shortest
 * round-trip form; undefined numbers are null.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * EvaluationJson.write(report, System.out);
 * String json = EvaluationJson.toJson(report);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluationJson {

  /** The {@code format_version} written. */
  public static final int FORMAT_VERSION = 1;

  /**
   * The {@code kind} written, also the kind a registry guard names: {@code
   * RequireReport.of(EvaluationJson.KIND, Verdict.PASS)}.
   */
  public static final String KIND = "model_metrics";

  /** The classification metrics in the order written (the oracle's first, then ours). */
  static final List<String> CLASSIFICATION_ORDER =
      List.of(
          "accuracy",
          "precision",
          "recall",
          "f1",
          "roc_auc",
          "log_loss",
          "brier_score_loss",
          "average_precision",
          "ece");

  /** The regression metrics in the order written. */
  static final List<String> REGRESSION_ORDER = List.of("mae", "rmse", "r2", "mape");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private EvaluationJson() {}

  /**
   * Writes a report as UTF-8 JSON followed by a newline. The stream is flushed, not closed.
   *
   * @param report the report
   * @param out where to write
   * @throws StorageException if the stream cannot be written
   * @throws NullPointerException if an argument is null
   */
  public static void write(EvaluationReport report, OutputStream out) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(out, "out");
    try {
      MAPPER.writeValue(out, tree(report));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new StorageException("cannot write the evaluation report: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a report as JSON text, as {@link #write} writes it.
   *
   * @param report the report
   * @return the JSON text
   * @throws NullPointerException if {@code report} is null
   */
  public static String toJson(EvaluationReport report) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    write(report, b);
    return b.toString(StandardCharsets.UTF_8);
  }

  static ObjectNode tree(EvaluationReport report) {
    ObjectNode root = F.objectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("kind", KIND);
    Optional<dev.mlops.api.Verdict> verdict = report.verdict();
    if (verdict.isPresent()) {
      root.put("verdict", verdict.get().name());
    } else {
      root.putNull("verdict");
    }
    report
        .subject()
        .ifPresent(
            s -> {
              ObjectNode o = root.putObject("subject");
              o.put("model", s.model());
              o.put("version", s.version());
            });
    root.put("minimum_slice_size", report.minimumSliceSize());
    ObjectNode iv = root.putObject("intervals");
    if (report.intervals().enabled()) {
      num(iv, "level", report.intervals().level());
      iv.put("resamples", report.intervals().resamples());
      iv.put("seed", report.intervals().seed());
    } else {
      iv.putNull("level");
    }
    ArrayNode slicing = root.putArray("slicing");
    for (SlicingSpec s : report.slicing()) {
      ObjectNode o = slicing.addObject();
      ArrayNode fs = o.putArray("features");
      s.features().forEach(fs::add);
      ObjectNode edges = o.putObject("edges");
      for (int i = 0; i < s.features().size(); i++) {
        if (!s.edges().get(i).isEmpty()) {
          ArrayNode e = edges.putArray(s.features().get(i));
          s.edges().get(i).forEach(e::add);
        }
      }
    }
    boolean byValue =
        report.slicing().size() == 1 && report.slicing().get(0).features().size() == 1;
    SliceResult overall = report.overall();
    if (overall.classification().isPresent()) {
      root.set(
          "classification",
          section(report, byValue, s -> classification(s, s.classification().orElseThrow())));
    } else {
      root.putNull("classification");
    }
    if (overall.regression().isPresent()) {
      root.set(
          "regression", section(report, byValue, s -> regression(s, s.regression().orElseThrow())));
    } else {
      root.putNull("regression");
    }
    ArrayNode small = root.putArray("small_slices");
    report.smallSlices().forEach(s -> small.add(s.description()));
    ArrayNode gates = root.putArray("gates");
    for (GateResult g : report.gates()) {
      ObjectNode o = gates.addObject();
      o.put("gate", g.gate().toString());
      o.put("metric", g.gate().metric());
      o.put("comparison", g.gate().comparison().symbol());
      num(o, "threshold", g.gate().threshold());
      o.put("slice", g.slice());
      o.put("verdict", g.verdict().name());
      if (g.value().isPresent()) {
        num(o, "value", g.value().getAsDouble());
      } else {
        o.putNull("value");
      }
      o.set(
          "interval",
          g.interval()
              .<com.fasterxml.jackson.databind.JsonNode>map(EvaluationJson::interval)
              .orElse(F.nullNode()));
      num(o, "level", g.level());
      o.put("note", g.note());
    }
    ObjectNode sim = root.putObject("simultaneous");
    sim.put("enabled", report.simultaneous());
    sim.put("method", "bonferroni");
    sim.put("places", report.gatePlaces());
    num(sim, "gate_level", report.gateLevel());
    return root;
  }

  private static ObjectNode section(
      EvaluationReport report, boolean byValue, Function<SliceResult, ObjectNode> write) {
    ObjectNode o = F.objectNode();
    o.set("overall", write.apply(report.overall()));
    ObjectNode slices = o.putObject("slices");
    for (SliceResult s : report.slices()) {
      String key = byValue ? s.key().values().iterator().next() : s.description();
      slices.set(key, write.apply(s));
    }
    return o;
  }

  private static ObjectNode classification(SliceResult s, BinaryClassificationResult r) {
    ObjectNode o = F.objectNode();
    o.put("n", r.n());
    o.put("n_positive", r.nPositive());
    o.put("n_negative", r.nNegative());
    metrics(o, r.metrics(), CLASSIFICATION_ORDER);
    ConfusionMatrix cm = r.confusionMatrix();
    ObjectNode c = o.putObject("confusion_matrix");
    c.putArray("labels").add(0).add(1);
    ArrayNode matrix = c.putArray("matrix");
    matrix.addArray().add(cm.tn()).add(cm.fp());
    matrix.addArray().add(cm.fn()).add(cm.tp());
    c.put("tn", cm.tn());
    c.put("fp", cm.fp());
    c.put("fn", cm.fn());
    c.put("tp", cm.tp());
    ArrayNode bins = o.putArray("reliability");
    for (ReliabilityBin b : r.reliability()) {
      ObjectNode bo = bins.addObject();
      num(bo, "lower", b.lower());
      num(bo, "upper", b.upper());
      bo.put("count", b.count());
      num(bo, "mean_score", b.meanScore());
      num(bo, "fraction_positive", b.fractionPositive());
    }
    seed(o, r.seed());
    o.put("slice", s.description());
    o.put("below_minimum", s.belowMinimum());
    o.set("notes", notes(r.notes(), r.metrics()));
    return o;
  }

  private static ObjectNode regression(SliceResult s, RegressionResult r) {
    ObjectNode o = F.objectNode();
    o.put("n", r.n());
    metrics(o, r.metrics(), REGRESSION_ORDER);
    seed(o, r.seed());
    o.put("slice", s.description());
    o.put("below_minimum", s.belowMinimum());
    o.set("notes", notes(r.notes(), r.metrics()));
    return o;
  }

  /** Each metric and its interval, the known ones in order, any others after them. */
  private static void metrics(ObjectNode o, List<MetricValue> metrics, List<String> order) {
    List<MetricValue> sorted = new ArrayList<>();
    for (String name : order) {
      for (MetricValue m : metrics) {
        if (m.name().equals(name)) {
          sorted.add(m);
        }
      }
    }
    for (MetricValue m : metrics) {
      if (!order.contains(m.name())) {
        sorted.add(m);
      }
    }
    for (MetricValue m : sorted) {
      if (m.value().isPresent()) {
        num(o, m.name(), m.value().getAsDouble());
      } else {
        o.putNull(m.name());
      }
      o.set(
          m.name() + "_interval",
          m.interval()
              .<com.fasterxml.jackson.databind.JsonNode>map(EvaluationJson::interval)
              .orElse(F.nullNode()));
    }
  }

  private static ObjectNode interval(Interval iv) {
    ObjectNode o = F.objectNode();
    num(o, "low", iv.low());
    num(o, "high", iv.high());
    num(o, "level", iv.level());
    o.put("method", iv.method());
    return o;
  }

  private static void seed(ObjectNode o, OptionalLong seed) {
    if (seed.isPresent()) {
      o.put("seed", seed.getAsLong());
    } else {
      o.putNull("seed");
    }
  }

  private static ObjectNode notes(Map<String, String> notes, List<MetricValue> metrics) {
    ObjectNode o = F.objectNode();
    new java.util.TreeMap<>(notes).forEach(o::put);
    for (MetricValue m : metrics) {
      if (m.note().isPresent() && !o.has(m.name())) {
        o.put(m.name(), m.note().get());
      }
    }
    return o;
  }

  private static void num(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
