package dev.mlops.validation.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link ValidationReport} as the JSON of {@code mlops validate --format json}
 * (CLI-JSON.md): {@code format_version}, {@code kind} ({@code "validation"}), {@code verdict} and
 * {@code checks}, each {@code {check, column, severity, verdict, observed, expected, failing_rows,
 * examples: [{row, value}]}}.
 *
 * <p>Stateless and thread-safe. A dataset-level check has {@code "column": null}; a missing value
 * in an example is {@code null}.
 *
 * <pre>{@code
 * String json = ValidationJson.write(SchemaValidator.validate(schema, table));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ValidationJson {

  /** The {@code format_version} written. */
  public static final int FORMAT_VERSION = 1;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ValidationJson() {}

  /**
   * Writes a report.
   *
   * @param report the report
   * @return JSON text
   * @throws NullPointerException if {@code report} is null
   */
  public static String write(ValidationReport report) {
    Objects.requireNonNull(report, "report");
    ObjectNode root = F.objectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("kind", "validation");
    root.put("verdict", report.verdict().name());
    ArrayNode checks = root.putArray("checks");
    for (CheckResult c : report.checks()) {
      ObjectNode o = checks.addObject();
      o.put("check", c.check());
      if (c.column() == null) {
        o.putNull("column");
      } else {
        o.put("column", c.column());
      }
      o.put("severity", c.severity().name());
      o.put("verdict", c.verdict().name());
      put(o, "observed", c.observed());
      o.put("expected", c.expected());
      o.put("failing_rows", c.failingRows());
      ArrayNode ex = o.putArray("examples");
      for (CheckResult.Example e : c.examples()) {
        ObjectNode eo = ex.addObject();
        eo.put("row", e.row());
        put(eo, "value", e.value());
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of numbers and strings failed to print", e);
    }
  }

  private static void put(ObjectNode o, String key, @Nullable Object v) {
    if (v == null) {
      o.putNull(key);
    } else if (v instanceof Double d) {
      if (Double.isFinite(d)) {
        o.put(key, d);
      } else {
        o.put(key, d.toString());
      }
    } else if (v instanceof Long l) {
      o.put(key, l);
    } else if (v instanceof Integer i) {
      o.put(key, i);
    } else if (v instanceof Boolean b) {
      o.put(key, b);
    } else {
      o.put(key, v.toString());
    }
  }
}
