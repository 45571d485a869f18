package dev.mlops.validation.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes a {@link DriftComparison} as JSON in the layout of the statistical oracle: {@code
 * results.<column>} and {@code multiple_testing}.
 *
 * <p>Stateless and thread-safe. Undefined numbers (NaN) are written as {@code null}; an undefined
 * test as {@code {"defined": false, "reason": ...}}.
 *
 * <pre>{@code
 * String json = DriftJson.write(DriftTests.compare(columns));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DriftJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DriftJson() {}

  /**
   * Writes the comparison.
   *
   * @param comparison the comparison
   * @return JSON text with the keys {@code results} and {@code multiple_testing}
   * @throws NullPointerException if {@code comparison} is null
   */
  public static String write(DriftComparison comparison) {
    Objects.requireNonNull(comparison, "comparison");
    return print(tree(comparison));
  }

  /**
   * Writes a report: the comparison's layout plus, per column, {@code verdict}, {@code
   * primary_test}, {@code pvalue_adjusted}, {@code effect_size}, {@code missing}, {@code notes} and
   * {@code minimum_detectable_effect} ({@link MinimumDetectableEffect}; null when undefined), and
   * at the top {@code verdict}, {@code columns_failed}, {@code columns_warned} and {@code
   * columns_inconclusive}. An infinite effect size is the string {@code "Infinity"}.
   *
   * @param report the report
   * @return JSON text
   * @throws NullPointerException if {@code report} is null
   */
  public static String write(DriftReport report) {
    Objects.requireNonNull(report, "report");
    ObjectNode root = tree(report.comparison());
    ObjectNode results = (ObjectNode) root.get("results");
    for (ColumnVerdict v : report.columns()) {
      ObjectNode o = (ObjectNode) results.get(v.column());
      o.put("verdict", v.verdict().name());
      o.put("primary_test", v.primaryTest());
      num(o, "pvalue_adjusted", v.pvalueAdjusted());
      ObjectNode e = o.putObject("effect_size");
      e.put("name", v.effectSize().name());
      if (v.effectSize().value() == Double.POSITIVE_INFINITY) {
        e.put("value", "Infinity");
      } else {
        num(e, "value", v.effectSize().value());
      }
      num(e, "threshold", v.effectSize().threshold());
      num(e, "null_q95", v.effectSize().nullQ95());
      o.put("distribution_verdict", v.distributionVerdict().name());
      num(o, "psi", v.psi());
      o.put("psi_band", v.psiBand());
      ColumnVerdict.MissingCheck m = v.missing();
      ObjectNode mo = o.putObject("missing");
      num(mo, "share_reference", m.shareReference());
      num(mo, "share_current", m.shareCurrent());
      num(mo, "pvalue", m.pvalue());
      num(mo, "pvalue_adjusted", m.pvalueAdjusted());
      mo.put("method", m.method());
      num(mo, "effect", m.effect());
      num(mo, "null_q95", m.nullQ95());
      mo.put("verdict", m.verdict().name());
      mo.set("notes", strings(m.notes()));
      o.set("notes", strings(v.notes()));
      MinimumDetectableEffect mde = v.minimumDetectableEffect();
      if (mde == null) {
        o.putNull("minimum_detectable_effect");
      } else {
        ObjectNode md = o.putObject("minimum_detectable_effect");
        num(md, "alpha", mde.alpha());
        num(md, "power", mde.power());
        num(md, "ks_critical_d", mde.ksCriticalD());
        num(md, "standardized_mean_shift", mde.standardizedMeanShift());
        num(md, "cohen_w", mde.cohenW());
      }
    }
    root.put("verdict", report.verdict().name());
    root.set("columns_failed", strings(report.columnsFailed()));
    root.set("columns_warned", strings(report.columnsWarned()));
    root.set("columns_inconclusive", strings(report.columnsInconclusive()));
    return print(root);
  }

  private static String print(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of numbers and strings failed to print", e);
    }
  }

  private static ObjectNode tree(DriftComparison comparison) {
    ObjectNode root = F.objectNode();
    ObjectNode results = root.putObject("results");
    for (ColumnDrift c : comparison.columns()) {
      if (c instanceof NumericColumnDrift n) {
        results.set(n.column(), numeric(n));
      } else if (c instanceof CategoricalColumnDrift k) {
        results.set(k.column(), categorical(k));
      }
    }
    root.set("multiple_testing", multipleTesting(comparison.multipleTesting()));
    return root;
  }

  private static void num(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }

  private static ArrayNode doubles(List<Double> values) {
    ArrayNode a = F.arrayNode();
    for (double v : values) {
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        a.addNull();
      } else {
        a.add(v);
      }
    }
    return a;
  }

  private static ArrayNode longs(List<Long> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static ObjectNode undefined(Outcome<?> o) {
    ObjectNode n = F.objectNode();
    n.put("defined", false);
    n.put("reason", o.reason().orElse(""));
    return n;
  }

  private static ObjectNode numeric(NumericColumnDrift d) {
    ObjectNode o = F.objectNode();
    o.put("type", "numeric");
    o.set("reference", profile(d.reference()));
    o.set("current", profile(d.current()));
    o.set("ks", d.ks().value().map(DriftJson::ks).orElseGet(() -> undefined(d.ks())));
    o.set(
        "mann_whitney",
        d.mannWhitney().value().map(DriftJson::mw).orElseGet(() -> undefined(d.mannWhitney())));
    o.set(
        "anderson_darling",
        d.andersonDarling()
            .value()
            .map(DriftJson::ad)
            .orElseGet(() -> undefined(d.andersonDarling())));
    o.set(
        "wasserstein",
        d.wasserstein().value().map(DriftJson::ws).orElseGet(() -> undefined(d.wasserstein())));
    o.set("binned", d.binned().value().map(DriftJson::bins).orElseGet(() -> undefined(d.binned())));
    return o;
  }

  private static ObjectNode profile(NumericProfile p) {
    ObjectNode o = F.objectNode();
    o.put("row_count", p.rowCount());
    o.put("null_count", p.nullCount());
    o.put("nan_count", p.nanCount());
    o.put("missing_count", p.missingCount());
    o.put("count", p.count());
    o.put("distinct", p.distinct());
    num(o, "mean", p.mean());
    num(o, "std", p.std());
    num(o, "min", p.min());
    num(o, "max", p.max());
    if (p.quantiles().isEmpty()) {
      o.putNull("quantiles");
    } else {
      ObjectNode q = o.putObject("quantiles");
      for (int i = 0; i < NumericProfile.QUANTILE_LEVELS.size(); i++) {
        num(q, String.valueOf(NumericProfile.QUANTILE_LEVELS.get(i)), p.quantiles().get(i));
      }
    }
    return o;
  }

  private static ObjectNode ks(KolmogorovSmirnov.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    num(o, "statistic", r.statistic());
    num(o, "pvalue", r.pvalue());
    o.put("method", r.method());
    num(o, "pvalue_asymp", r.pvalueAsymp());
    num(o, "pvalue_kolmogorov_limit", r.pvalueKolmogorovLimit());
    num(o, "statistic_location", r.statisticLocation());
    o.put("statistic_sign", r.statisticSign());
    return o;
  }

  private static ObjectNode mw(MannWhitney.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    num(o, "statistic", r.uReference());
    num(o, "u_reference", r.uReference());
    num(o, "u_current", r.uCurrent());
    num(o, "u_min", r.uMin());
    num(o, "pvalue", r.pvalue());
    o.put("method", r.method());
    num(o, "z", r.z());
    return o;
  }

  private static ObjectNode ad(AndersonDarling.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    num(o, "statistic", r.statistic());
    num(o, "pvalue", r.pvalue());
    if (r.pvalueClipped() == null) {
      o.putNull("pvalue_clipped");
    } else {
      o.put("pvalue_clipped", r.pvalueClipped());
    }
    o.set("critical_values", doubles(r.criticalValues()));
    o.set("significance_levels", doubles(AndersonDarling.SIGNIFICANCE_LEVELS));
    num(o, "a2akn_unstandardized", r.a2akn());
    o.put("midrank", true);
    return o;
  }

  private static ObjectNode ws(Wasserstein.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    num(o, "distance", r.distance());
    num(o, "normalized_by_reference_std", r.normalizedByReferenceStd());
    return o;
  }

  private static ObjectNode bins(DecileBins.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    o.set("edges", doubles(r.edges()));
    o.set("reference_counts", longs(r.referenceCounts()));
    o.set("current_counts", longs(r.currentCounts()));
    o.set("reference_proportions", doubles(r.referenceProportions()));
    o.set("current_proportions", doubles(r.currentProportions()));
    num(o, "psi", r.psi());
    num(o, "js_distance", r.jsDistance());
    num(o, "js_divergence", r.jsDivergence());
    num(o, "js_distance_smoothed", r.jsDistanceSmoothed());
    return o;
  }

  private static ObjectNode categorical(CategoricalColumnDrift d) {
    ObjectNode o = F.objectNode();
    o.put("type", "categorical");
    o.set("reference", profile(d.reference()));
    o.set("current", profile(d.current()));
    o.set(
        "frequencies",
        d.frequencies().value().map(DriftJson::freq).orElseGet(() -> undefined(d.frequencies())));
    return o;
  }

  private static ObjectNode profile(CategoricalProfile p) {
    ObjectNode o = F.objectNode();
    o.put("row_count", p.rowCount());
    o.put("null_count", p.nullCount());
    o.put("count", p.count());
    o.put("distinct", p.distinct());
    ArrayNode top = o.putArray("top5");
    for (CategoricalProfile.CategoryCount c : p.top5()) {
      top.addArray().add(c.category()).add(c.count());
    }
    return o;
  }

  private static ObjectNode freq(CategoricalFrequencies.Result r) {
    ObjectNode o = F.objectNode();
    o.put("defined", true);
    o.set("categories", strings(r.categories()));
    o.set("reference_counts", longs(r.referenceCounts()));
    o.set("current_counts", longs(r.currentCounts()));
    ObjectNode chi2 = o.putObject("chi2");
    num(chi2, "statistic", r.chi2().statistic());
    chi2.put("dof", r.chi2().dof());
    num(chi2, "pvalue", r.chi2().pvalue());
    chi2.put("correction", false);
    o.set("unseen_in_reference", strings(r.unseenInReference()));
    o.set("absent_in_current", strings(r.absentInCurrent()));
    ObjectNode linf = o.putObject("linf");
    num(linf, "distance", r.linf().distance());
    linf.put("category", r.linf().category());
    o.set("reference_proportions", doubles(r.referenceProportions()));
    o.set("current_proportions", doubles(r.currentProportions()));
    num(o, "psi", r.psi());
    num(o, "js_distance", r.jsDistance());
    num(o, "js_divergence", r.jsDivergence());
    num(o, "js_distance_smoothed", r.jsDistanceSmoothed());
    return o;
  }

  private static ObjectNode multipleTesting(MultipleTesting mt) {
    ObjectNode o = F.objectNode();
    o.put("method", mt.method());
    ArrayNode tests = o.putArray("tests");
    for (MultipleTesting.Test t : mt.tests()) {
      ObjectNode n = tests.addObject();
      n.put("column", t.column());
      n.put("test", t.test());
      num(n, "pvalue", t.pvalue());
      num(n, "pvalue_adjusted", t.pvalueAdjusted());
    }
    ArrayNode ex = o.putArray("excluded");
    for (MultipleTesting.Excluded e : mt.excluded()) {
      ObjectNode n = ex.addObject();
      n.put("column", e.column());
      n.put("reason", e.reason());
    }
    return o;
  }
}
