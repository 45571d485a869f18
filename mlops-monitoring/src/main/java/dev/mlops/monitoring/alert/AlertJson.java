package dev.mlops.monitoring.alert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertSeverity;
import dev.mlops.api.monitor.AlertState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The JSON form of an {@link Alert}, as the webhook sink POSTs it; a receiver written in Java reads
 * it back with {@link #read(String)}.
 *
 * <p>Stateless and thread-safe. Layout (format {@value #FORMAT}, version {@value #VERSION}); absent
 * optional values are left out; times are ISO-8601 instants; numbers are JSON numbers that
 * round-trip exactly:
 *
 * <pre>{@code
 * {
 *   "format": "mlops.alert", "format_version": 1,
 *   "rule": "drift-fail", "severity": "WARNING", "state": "FIRING",
 *   "model": "churn", "model_version": 3,
 *   "window_start": "2026-06-01T10:00:00Z", "window_end": "2026-06-01T10:05:00Z",
 *   "signal": "drift.dataset",
 *   "observed_verdict": "FAIL",          // or "observed_value": 312.5
 *   "threshold": 250.0,                  // threshold rules only
 *   "condition": "drift.dataset == FAIL for 2 windows",
 *   "message": "churn v3: drift.dataset was FAIL in 2 consecutive windows, ...",
 *   "dedup_key": "drift-fail/churn/3/drift.dataset",
 *   "time": "2026-06-01T10:05:00.120Z",
 *   "labels": {"team": "ml"}
 * }
 * }</pre>
 *
 * <pre>{@code
 * String body = AlertJson.write(alert);
 * Alert same = AlertJson.read(body);     // equals(alert)
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AlertJson {
  /** The format id. */
  public static final String FORMAT = "mlops.alert";

  /** The format version this class writes and the newest it reads. */
  public static final int VERSION = 1;

  /** The largest document read, in bytes. */
  public static final int MAX_BYTES = 1024 * 1024;

  private static final Set<String> KEYS =
      Set.of(
          "format",
          "format_version",
          "rule",
          "severity",
          "state",
          "model",
          "model_version",
          "window_start",
          "window_end",
          "signal",
          "observed_value",
          "observed_verdict",
          "threshold",
          "condition",
          "message",
          "dedup_key",
          "time",
          "labels");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(4)
                          .maxStringLength(MAX_BYTES)
                          .maxNumberLength(64)
                          .maxDocumentLength(MAX_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private AlertJson() {}

  /**
   * Writes an alert as compact JSON.
   *
   * @param alert the alert
   * @return the JSON text
   * @throws NullPointerException if {@code alert} is null
   */
  public static String write(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    ObjectNode o = F.objectNode();
    o.put("format", FORMAT);
    o.put("format_version", VERSION);
    o.put("rule", alert.rule());
    o.put("severity", alert.severity().name());
    o.put("state", alert.state().name());
    o.put("model", alert.model());
    o.put("model_version", alert.modelVersion());
    o.put("window_start", alert.windowStart().toString());
    o.put("window_end", alert.windowEnd().toString());
    o.put("signal", alert.signal());
    alert.observedValue().ifPresent(v -> o.put("observed_value", v));
    alert.observedVerdict().ifPresent(v -> o.put("observed_verdict", v.name()));
    alert.threshold().ifPresent(v -> o.put("threshold", v));
    o.put("condition", alert.condition());
    o.put("message", alert.message());
    o.put("dedup_key", alert.dedupKey());
    o.put("time", alert.time().toString());
    ObjectNode labels = o.putObject("labels");
    alert.labels().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      // A tree of strings and finite numbers always serializes.
      throw new IllegalStateException("cannot write alert " + alert.dedupKey(), e);
    }
  }

  /**
   * Reads an alert written by {@link #write(Alert)} (version 1 to {@value #VERSION}).
   *
   * @param json the JSON text
   * @return the alert
   * @throws NullPointerException if {@code json} is null
   * @throws InvalidInputException if the text is not an alert document of a known version (the
   *     message names the field)
   */
  public static Alert read(String json) {
    Objects.requireNonNull(json, "json");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      throw InvalidInputException.of(
          "alert", "the alert document exceeds " + MAX_BYTES + " bytes; it is not an alert");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      throw new InvalidInputException("alert", -1, "not JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw InvalidInputException.of("alert", "an alert document is a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw InvalidInputException.of(key, "unknown field '" + key + "' in an alert document");
      }
    }
    if (!FORMAT.equals(text(root, "format"))) {
      throw InvalidInputException.of(
          "format", "not an alert document (format is not " + FORMAT + ")");
    }
    long version = integer(root, "format_version");
    if (version < 1 || version > VERSION) {
      throw InvalidInputException.of(
          "format_version",
          "alert format version "
              + version
              + " is not supported; this release reads versions 1 to "
              + VERSION
              + ", upgrade mlops to read newer alerts");
    }
    try {
      Alert.Builder b =
          Alert.builder()
              .rule(text(root, "rule"))
              .severity(AlertSeverity.valueOf(text(root, "severity")))
              .state(AlertState.valueOf(text(root, "state")))
              .model(text(root, "model"), integer(root, "model_version"))
              .window(instant(root, "window_start"), instant(root, "window_end"))
              .signal(text(root, "signal"))
              .condition(text(root, "condition"))
              .message(text(root, "message"))
              .dedupKey(text(root, "dedup_key"))
              .time(instant(root, "time"));
      if (root.has("observed_value")) {
        b.observedValue(number(root, "observed_value"));
      }
      if (root.has("observed_verdict")) {
        b.observedVerdict(Verdict.valueOf(text(root, "observed_verdict")));
      }
      if (root.has("threshold")) {
        b.threshold(number(root, "threshold"));
      }
      JsonNode labels = root.get("labels");
      if (labels != null) {
        if (!labels.isObject()) {
          throw InvalidInputException.of("labels", "labels must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
          if (!e.getValue().isTextual()) {
            throw InvalidInputException.of("labels", "label '" + e.getKey() + "' must be a string");
          }
          b.label(e.getKey(), e.getValue().textValue());
        }
      }
      return b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidInputException("alert", -1, "invalid alert: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw InvalidInputException.of(field, "'" + field + "' must be a string");
    }
    return n.textValue();
  }

  private static long integer(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw InvalidInputException.of(field, "'" + field + "' must be an integer");
    }
    return n.longValue();
  }

  private static double number(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isNumber()) {
      throw InvalidInputException.of(field, "'" + field + "' must be a number");
    }
    return n.doubleValue();
  }

  private static Instant instant(JsonNode root, String field) {
    try {
      return Instant.parse(text(root, field));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(field, -1, "'" + field + "' must be an ISO-8601 instant", e);
    }
  }
}
