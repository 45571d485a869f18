package dev.mlops.validation.drift;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle's comparison rules in strict mode: only the sections results, multiple_testing,
 * classification and regression; descriptive and generator-diagnostic keys skipped; a block whose
 * expected "defined" is false needs only "defined" false or null; lists by position; null matches
 * only null; integers exactly; floats within max(rel * max(|v|, |e|), abs), with the p-value
 * tolerance for every key whose path contains "pvalue"; an expected key missing from the actual
 * output fails.
 *
 * <p>The model-metric sections ({@code classification}, {@code regression}) follow the same rules
 * as compare.py: counts ({@code n}, {@code n_positive}, the confusion matrix) exactly, metrics
 * within the float tolerance, an expected null ({@code roc_auc} of one class, {@code r2} of one
 * row) only by null, {@code notes} skipped, an expected {@code "regression": null} not checked, and
 * an expected section that the output lacks or has as null a failure.
 *
 * <p>Shared with the command line's tests through this module's test jar.
 */
public final class OracleComparator {
  static final List<String> SECTIONS =
      List.of("results", "multiple_testing", "classification", "regression");
  static final Set<String> SKIP =
      Set.of(
          "notes",
          "reason",
          "note",
          "description",
          "values_at_interpolated_edges",
          "numpy_quantile_edges_give_same_counts",
          "numpy_quantile_edges",
          "numpy_edges_reference_counts",
          "numpy_edges_current_counts");

  private final double floatRel;
  private final double floatAbs;
  private final double pRel;
  private final double pAbs;

  /** What did not match, one line each; empty when everything matched. */
  public final List<String> failures = new ArrayList<>();

  /** How many values matched. */
  public int passed;

  /**
   * Creates a comparator with a case's tolerances.
   *
   * @param tolerances the case's {@code tolerances} object
   */
  public OracleComparator(JsonNode tolerances) {
    floatRel = tolerances.path("floats").path("rel").asDouble();
    floatAbs = tolerances.path("floats").path("abs").asDouble();
    pRel = tolerances.path("pvalues").path("rel").asDouble();
    pAbs = tolerances.path("pvalues").path("abs").asDouble();
  }

  /**
   * Compares our output with a case's expected document.
   *
   * @param expected the case's expected.json
   * @param actual our output
   * @return this, with {@link #failures} filled
   */
  public OracleComparator compare(JsonNode expected, JsonNode actual) {
    for (String sec : SECTIONS) {
      JsonNode e = expected.get(sec);
      if (e == null || e.isNull()) {
        continue;
      }
      JsonNode a = actual.get(sec);
      if (a == null) {
        failures.add(sec + ": missing in actual");
      } else {
        walk(sec, e, a, false);
      }
    }
    return this;
  }

  private void walk(String path, JsonNode e, JsonNode a, boolean pvalue) {
    if (e.isObject()) {
      if (!a.isObject()) {
        failures.add(path + ": expected an object, got " + a);
        return;
      }
      JsonNode def = e.get("defined");
      if (def != null && def.isBoolean() && !def.asBoolean()) {
        JsonNode ad = a.get("defined");
        if (ad == null || ad.isNull() || (ad.isBoolean() && !ad.asBoolean())) {
          passed++;
        } else {
          failures.add(path + ": expected undefined, got a defined result");
        }
        return;
      }
      for (Map.Entry<String, JsonNode> f : e.properties()) {
        String k = f.getKey();
        if (SKIP.contains(k)) {
          continue;
        }
        JsonNode av = a.get(k);
        if (av == null) {
          failures.add(path + "." + k + ": missing in actual");
          continue;
        }
        walk(path + "." + k, f.getValue(), av, pvalue || k.contains("pvalue"));
      }
    } else if (e.isArray()) {
      if (!a.isArray() || a.size() != e.size()) {
        failures.add(path + ": expected list of " + e.size() + ", got " + abbreviate(a));
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        walk(path + "[" + i + "]", e.get(i), a.get(i), pvalue);
      }
    } else if (e.isNull()) {
      record(a.isNull(), path, e, a);
    } else if (e.isBoolean() || e.isTextual()) {
      record(a.equals(e), path, e, a);
    } else if (e.isIntegralNumber()) {
      record(a.isNumber() && a.asDouble() == e.asDouble(), path, e, a);
    } else {
      record(close(e.asDouble(), a, pvalue), path, e, a);
    }
  }

  private boolean close(double e, JsonNode a, boolean pvalue) {
    if (!a.isNumber()) {
      return false;
    }
    double v = a.asDouble();
    if (Double.isNaN(v)) {
      return false;
    }
    double rel = pvalue ? pRel : floatRel;
    double abs = pvalue ? pAbs : floatAbs;
    return Math.abs(v - e) <= Math.max(rel * Math.max(Math.abs(v), Math.abs(e)), abs);
  }

  private void record(boolean ok, String path, JsonNode e, JsonNode a) {
    if (ok) {
      passed++;
    } else {
      failures.add(path + ": expected " + e + ", got " + abbreviate(a));
    }
  }

  private static String abbreviate(JsonNode a) {
    String s = String.valueOf(a);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
