package dev.mlops.reports.internal;

import dev.mlops.api.Verdict;
import dev.mlops.reports.ReportContext;
import dev.mlops.reports.internal.Views.Calibration;
import dev.mlops.reports.internal.Views.CheckRow;
import dev.mlops.reports.internal.Views.CompareRow;
import dev.mlops.reports.internal.Views.DriftColumn;
import dev.mlops.reports.internal.Views.DriftView;
import dev.mlops.reports.internal.Views.EvaluationView;
import dev.mlops.reports.internal.Views.GateRow;
import dev.mlops.reports.internal.Views.MetricFamily;
import dev.mlops.reports.internal.Views.MetricRow;
import dev.mlops.reports.internal.Views.Page;
import dev.mlops.reports.internal.Views.ProfileColumn;
import dev.mlops.reports.internal.Views.ProfileView;
import dev.mlops.reports.internal.Views.SliceRow;
import dev.mlops.reports.internal.Views.SourceRow;
import dev.mlops.reports.internal.Views.Stat;
import dev.mlops.reports.internal.Views.ValidationView;
import dev.mlops.reports.internal.Views.VerdictRow;
import dev.mlops.validation.drift.CategoricalColumnDrift;
import dev.mlops.validation.drift.CategoricalFrequencies;
import dev.mlops.validation.drift.CategoricalProfile;
import dev.mlops.validation.drift.ColumnDrift;
import dev.mlops.validation.drift.ColumnVerdict;
import dev.mlops.validation.drift.DecileBins;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.drift.NumericColumnDrift;
import dev.mlops.validation.drift.NumericProfile;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.GateResult;
import dev.mlops.validation.evaluation.SliceResult;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionResult;
import dev.mlops.validation.metrics.ReliabilityBin;
import dev.mlops.validation.profile.Accuracy;
import dev.mlops.validation.profile.BooleanColumnProfile;
import dev.mlops.validation.profile.CategoricalColumnProfile;
import dev.mlops.validation.profile.ColumnProfile;
import dev.mlops.validation.profile.NumericColumnProfile;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.TimestampColumnProfile;
import dev.mlops.validation.schema.CheckResult;
import dev.mlops.validation.schema.ValidationReport;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Internal; not for use outside mlops; may change in any release. Turns validation results into
 * views and renders them with the precompiled templates; {@link dev.mlops.reports.HtmlReports} is
 * the public entry point.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * byte[] html = Renderer.profile(profile, context);
 * }</pre>
 *
 * @since 0.1
 */
public final class Renderer {
  /** Bins of a profile's histogram. */
  static final int HISTOGRAM_BINS = 20;

  /** Categories shown in a profile's top table and chart. */
  static final int TOP_CATEGORIES = 10;

  /** Categories drawn in a drift chart; the rest are listed as a count. */
  static final int DRIFT_CATEGORIES = 20;

  private static final String PACKAGE = "dev.mlops.reports.internal";
  private static final TemplateEngine ENGINE =
      TemplateEngine.createPrecompiled(
          null, ContentType.Html, Renderer.class.getClassLoader(), PACKAGE);

  private Renderer() {}

  /**
   * Renders a profile report.
   *
   * @param profile the profile
   * @param context title and provenance
   * @return the page, UTF-8
   * @throws NullPointerException if an argument is null
   */
  public static byte[] profile(Profile profile, ReportContext context) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(context, "context");
    List<ProfileColumn> columns = new ArrayList<>();
    List<Map<String, Object>> data = new ArrayList<>();
    int index = 0;
    for (ColumnProfile c : profile.columns()) {
      columns.add(profileColumn(c, "p" + index++));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", c.name());
      d.put("type", c.type().name());
      d.put("count", c.count());
      d.put("null_count", c.nullCount());
      data.add(d);
    }
    List<Stat> summary =
        List.of(
            new Stat("rows", Format.count(profile.rows())),
            new Stat("columns", Integer.toString(profile.columns().size())));
    Map<String, Object> json = baseJson("profile", context, null);
    json.put("rows", profile.rows());
    json.put("columns", data);
    Page page = page("profile", context, null, summary, json);
    return render("profile.jte", new ProfileView(page, columns));
  }

  /**
   * Renders a drift report.
   *
   * @param report the drift report
   * @param context title and provenance
   * @return the page, UTF-8
   * @throws NullPointerException if an argument is null
   */
  public static byte[] drift(DriftReport report, ReportContext context) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(context, "context");
    Map<String, ColumnVerdict> verdicts = new LinkedHashMap<>();
    List<VerdictRow> rows = new ArrayList<>();
    List<Map<String, Object>> data = new ArrayList<>();
    for (ColumnVerdict v : report.columns()) {
      verdicts.put(v.column(), v);
      rows.add(verdictRow(v));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("column", v.column());
      d.put("verdict", v.verdict().name());
      d.put("primary_test", v.primaryTest());
      d.put("pvalue_adjusted", finite(v.pvalueAdjusted()));
      d.put("psi", finite(v.psi()));
      data.add(d);
    }
    List<DriftColumn> columns = new ArrayList<>();
    int index = 0;
    for (ColumnDrift c : report.comparison().columns()) {
      columns.add(driftColumn(c, verdicts.get(c.column()), "d" + index++));
    }
    List<Stat> summary =
        List.of(
            new Stat("columns compared", Integer.toString(report.columns().size())),
            new Stat("failed", listOrNone(report.columnsFailed())),
            new Stat("warned", listOrNone(report.columnsWarned())),
            new Stat("inconclusive", listOrNone(report.columnsInconclusive())));
    Map<String, Object> json = baseJson("drift", context, report.verdict());
    json.put("columns", data);
    Page page = page("drift", context, report.verdict(), summary, json);
    return render("drift.jte", new DriftView(page, rows, columns));
  }

  /**
   * Renders a validation report.
   *
   * @param report the validation report
   * @param context title and provenance
   * @return the page, UTF-8
   * @throws NullPointerException if an argument is null
   */
  public static byte[] validation(ValidationReport report, ReportContext context) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(context, "context");
    List<CheckRow> checks = new ArrayList<>();
    List<Map<String, Object>> data = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<Double> failing = new ArrayList<>();
    long failed = 0;
    for (CheckResult r : report.checks()) {
      List<Stat> examples = new ArrayList<>();
      for (CheckResult.Example e : r.examples()) {
        examples.add(new Stat("row " + e.row(), display(e.value())));
      }
      String column = r.column() == null ? "" : r.column();
      checks.add(
          new CheckRow(
              r.check(),
              column,
              r.severity().name(),
              r.verdict().name(),
              display(r.observed()),
              r.expected(),
              Format.count(r.failingRows()),
              examples));
      if (r.verdict() == Verdict.FAIL) {
        failed++;
      }
      if (r.failingRows() > 0) {
        labels.add(column.isEmpty() ? r.check() : r.check() + " · " + column);
        failing.add((double) r.failingRows());
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("check", r.check());
      d.put("column", r.column());
      d.put("verdict", r.verdict().name());
      d.put("failing_rows", r.failingRows());
      data.add(d);
    }
    Chart chart =
        labels.isEmpty()
            ? null
            : Charts.horizontalBars(
                "v0",
                "Failing rows by check",
                "rows of the data that fail each check",
                "rows",
                labels,
                failing);
    List<Stat> summary =
        List.of(
            new Stat("rows", Format.count(report.rowCount())),
            new Stat("checks evaluated", Integer.toString(report.checksEvaluated())),
            new Stat("checks failed", Long.toString(failed)));
    Map<String, Object> json = baseJson("validation", context, report.verdict());
    json.put("rows", report.rowCount());
    json.put("checks", data);
    Page page = page("validation", context, report.verdict(), summary, json);
    return render("validation.jte", new ValidationView(page, checks, chart));
  }

  // ---------------------------------------------------------------- evaluation

  /**
   * Renders a model evaluation report.
   *
   * @param report the evaluation report
   * @param context title and provenance
   * @return the page, UTF-8
   * @throws NullPointerException if an argument is null
   */
  public static byte[] evaluation(EvaluationReport report, ReportContext context) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(context, "context");
    List<GateRow> gates = new ArrayList<>();
    List<Map<String, Object>> gateData = new ArrayList<>();
    for (GateResult g : report.gates()) {
      gates.add(
          new GateRow(
              g.gate().toString(),
              g.slice(),
              g.verdict().name(),
              g.value().isPresent() ? Format.number(g.value().getAsDouble()) : "",
              g.interval().map(Renderer::interval).orElse(""),
              g.note()));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("gate", g.gate().toString());
      d.put("slice", g.slice());
      d.put("verdict", g.verdict().name());
      gateData.add(d);
    }
    List<MetricFamily> families = new ArrayList<>();
    int[] chartIndex = {0};
    report
        .overall()
        .classification()
        .ifPresent(
            c ->
                families.add(
                    family(
                        "Classification",
                        c.n(),
                        c.metrics(),
                        report.slices(),
                        s -> s.classification().map(BinaryClassificationResult::metrics),
                        calibration(c, chartIndex),
                        chartIndex)));
    report
        .overall()
        .regression()
        .ifPresent(
            r ->
                families.add(
                    family(
                        "Regression",
                        r.n(),
                        r.metrics(),
                        report.slices(),
                        s -> s.regression().map(RegressionResult::metrics),
                        null,
                        chartIndex)));
    List<Stat> summary = new ArrayList<>();
    summary.add(new Stat("rows", Integer.toString(report.overall().n())));
    report.subject().ifPresent(s -> summary.add(new Stat("model", s.model() + ":" + s.version())));
    summary.add(new Stat("slices", Integer.toString(report.slices().size())));
    summary.add(
        new Stat(
            "below minimum size (" + report.minimumSliceSize() + ")",
            Integer.toString(report.smallSlices().size())));
    summary.add(
        new Stat(
            "intervals",
            report.intervals().enabled()
                ? Format.percent(report.intervals().level())
                    + ", "
                    + report.intervals().resamples()
                    + " resamples, seed "
                    + report.intervals().seed()
                : "none"));
    Verdict verdict = report.verdict().orElse(null);
    Map<String, Object> json = baseJson("evaluation", context, verdict);
    report
        .subject()
        .ifPresent(
            s -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("model", s.model());
              m.put("version", s.version());
              json.put("subject", m);
            });
    json.put("rows", report.overall().n());
    List<Map<String, Object>> sliceData = new ArrayList<>();
    for (SliceResult s : report.slices()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("slice", s.description());
      d.put("n", s.n());
      d.put("below_minimum", s.belowMinimum());
      sliceData.add(d);
    }
    json.put("slices", sliceData);
    json.put("gates", gateData);
    Page page = page("evaluation", context, verdict, summary, json);
    return render("evaluation.jte", new EvaluationView(page, gates, families));
  }

  private static MetricFamily family(
      String name,
      int n,
      List<MetricValue> overall,
      List<SliceResult> slices,
      Function<SliceResult, Optional<List<MetricValue>>> metricsOf,
      @Nullable Calibration calibration,
      int[] chartIndex) {
    List<MetricRow> overallRows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (MetricValue m : overall) {
      names.add(m.name());
      overallRows.add(
          new MetricRow(
              m.name(),
              value(m),
              m.interval().map(Renderer::interval).orElse(""),
              m.interval().map(Interval::method).orElse(""),
              m.note().orElse("")));
    }
    List<SliceRow> sliceRows = new ArrayList<>();
    for (SliceResult s : slices) {
      Optional<List<MetricValue>> metrics = metricsOf.apply(s);
      if (metrics.isEmpty()) {
        continue;
      }
      List<Stat> cells = new ArrayList<>();
      for (String metric : names) {
        Optional<MetricValue> m = find(metrics.get(), metric);
        cells.add(
            new Stat(
                m.map(Renderer::value).orElse(""),
                m.flatMap(MetricValue::interval).map(Renderer::interval).orElse("")));
      }
      sliceRows.add(
          new SliceRow(s.description(), Integer.toString(s.n()), s.belowMinimum(), cells));
    }
    List<Chart> charts = new ArrayList<>();
    for (MetricValue o : overall) {
      List<String> labels = new ArrayList<>();
      List<Double> values = new ArrayList<>();
      List<Double> lows = new ArrayList<>();
      List<Double> highs = new ArrayList<>();
      for (SliceResult s : slices) {
        Optional<MetricValue> m = metricsOf.apply(s).flatMap(ms -> find(ms, o.name()));
        if (m.isEmpty() || m.get().value().isEmpty() || s.belowMinimum()) {
          continue;
        }
        labels.add(s.description());
        values.add(m.get().value().getAsDouble());
        lows.add(m.get().interval().map(Interval::low).orElse(Double.NaN));
        highs.add(m.get().interval().map(Interval::high).orElse(Double.NaN));
      }
      if (labels.isEmpty()) {
        continue;
      }
      String level =
          o.interval().map(i -> Format.percent(i.level()) + " " + i.method()).orElse("no");
      charts.add(
          Charts.intervals(
              "e" + chartIndex[0]++,
              o.name() + " by slice",
              o.name()
                  + " per slice with its "
                  + level
                  + " interval; the dashed line is the whole set",
              o.name(),
              labels,
              values,
              lows,
              highs,
              o.valueOrNaN()));
    }
    return new MetricFamily(
        name, Integer.toString(n), overallRows, names, sliceRows, charts, calibration);
  }

  private static @Nullable Calibration calibration(BinaryClassificationResult c, int[] chartIndex) {
    List<Double> scores = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    List<CompareRow> bins = new ArrayList<>();
    for (ReliabilityBin b : c.reliability()) {
      if (b.count() == 0 || Double.isNaN(b.meanScore()) || Double.isNaN(b.fractionPositive())) {
        continue;
      }
      scores.add(b.meanScore());
      fractions.add(b.fractionPositive());
      bins.add(
          new CompareRow(
              "["
                  + Format.compact(b.lower())
                  + ", "
                  + Format.compact(b.upper())
                  + ")  n="
                  + b.count(),
              Format.number(b.meanScore()),
              Format.number(b.fractionPositive())));
    }
    if (scores.isEmpty()) {
      return null;
    }
    Chart chart =
        Charts.calibration(
            "e" + chartIndex[0]++,
            "Calibration",
            "fraction of positives against the mean predicted score per score bin; the dashed"
                + " diagonal is perfect calibration",
            scores,
            fractions);
    return new Calibration(chart, bins);
  }

  private static Optional<MetricValue> find(List<MetricValue> metrics, String name) {
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  private static String value(MetricValue m) {
    return m.value().isPresent() ? Format.number(m.value().getAsDouble()) : "";
  }

  private static String interval(Interval i) {
    return "[" + Format.compact(i.low()) + ", " + Format.compact(i.high()) + "]";
  }

  private static byte[] render(String template, Object view) {
    Utf8ByteOutput out = new Utf8ByteOutput();
    ENGINE.render(template, view, out);
    return out.toByteArray();
  }

  private static Page page(
      String kind,
      ReportContext context,
      @Nullable Verdict verdict,
      List<Stat> summary,
      Map<String, Object> json) {
    List<SourceRow> sources = new ArrayList<>();
    for (ReportContext.Source s : context.sources()) {
      sources.add(
          new SourceRow(s.kind().name().toLowerCase(java.util.Locale.ROOT), s.role(), s.id()));
    }
    return new Page(
        kind,
        context.title(),
        DateTimeFormatter.ISO_INSTANT.format(context.generatedAt()),
        sources,
        verdict == null ? "" : verdict.name(),
        summary,
        JsonBlock.of(json));
  }

  private static Map<String, Object> baseJson(
      String kind, ReportContext context, @Nullable Verdict verdict) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", "mlops-html-report");
    json.put("format_version", 1);
    json.put("kind", kind);
    json.put("title", context.title());
    json.put("generated_at", DateTimeFormatter.ISO_INSTANT.format(context.generatedAt()));
    List<Map<String, Object>> sources = new ArrayList<>();
    for (ReportContext.Source s : context.sources()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", s.kind().name());
      m.put("role", s.role());
      m.put("id", s.id());
      sources.add(m);
    }
    json.put("sources", sources);
    json.put("verdict", verdict == null ? null : verdict.name());
    return json;
  }

  // ---------------------------------------------------------------- profile

  private static ProfileColumn profileColumn(ColumnProfile c, String chartId) {
    List<Stat> stats = new ArrayList<>();
    List<Stat> top = new ArrayList<>();
    Chart chart = null;
    String distinct = "";
    stats.add(new Stat("rows", Format.count(c.rowCount())));
    stats.add(new Stat("count", Format.count(c.count())));
    stats.add(new Stat("nulls", Format.count(c.nullCount())));
    if (c instanceof NumericColumnProfile n) {
      distinct = approximate(n.distinct(), n.distinctAccuracy());
      stats.add(new Stat("NaN", Format.count(n.nanCount())));
      stats.add(new Stat("distinct", distinct));
      stats.add(new Stat("mean", Format.number(n.mean())));
      stats.add(new Stat("std", Format.number(n.std())));
      stats.add(new Stat("min", Format.number(n.min())));
      if (n.count() > 0) {
        for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
          stats.add(new Stat(quantileLabel(q), Format.number(n.quantile(q))));
        }
      }
      stats.add(new Stat("max", Format.number(n.max())));
      if (!n.quantileAccuracy().exact()) {
        stats.add(new Stat("quantile rank error", Format.percent(n.quantileAccuracy().bound())));
      }
      if (n.count() > 0) {
        NumericColumnProfile.Histogram h = n.histogram(HISTOGRAM_BINS);
        chart =
            Charts.histogram(
                chartId,
                n.name(),
                HISTOGRAM_BINS + " equal-width bins between min and max",
                h.edges(),
                h.counts());
      }
    } else if (c instanceof CategoricalColumnProfile k) {
      distinct = approximate(k.distinct(), k.distinctAccuracy());
      stats.add(new Stat("distinct", distinct));
      List<String> labels = new ArrayList<>();
      List<Double> counts = new ArrayList<>();
      for (CategoricalColumnProfile.CategoryCount cc : k.top(TOP_CATEGORIES)) {
        top.add(new Stat(cc.category(), countShare(cc.count(), k.count())));
        labels.add(cc.category());
        counts.add((double) cc.count());
      }
      if (!k.topAccuracy().exact()) {
        stats.add(new Stat("top count error", "± " + Format.number(k.topAccuracy().bound())));
      }
      if (!labels.isEmpty()) {
        chart =
            Charts.horizontalBars(
                chartId, k.name(), "the most frequent values", "rows", labels, counts);
      }
    } else if (c instanceof BooleanColumnProfile b) {
      distinct = Long.toString((b.trueCount() > 0 ? 1 : 0) + (b.falseCount() > 0 ? 1 : 0));
      stats.add(new Stat("true", countShare(b.trueCount(), b.count())));
      stats.add(new Stat("false", countShare(b.falseCount(), b.count())));
      if (b.count() > 0) {
        chart =
            Charts.horizontalBars(
                chartId,
                b.name(),
                "rows by value",
                "rows",
                List.of("true", "false"),
                List.of((double) b.trueCount(), (double) b.falseCount()));
      }
    } else if (c instanceof TimestampColumnProfile t) {
      distinct = approximate(t.distinct(), t.distinctAccuracy());
      stats.add(new Stat("distinct", distinct));
      stats.add(new Stat("min", t.min().map(Object::toString).orElse("")));
      stats.add(new Stat("max", t.max().map(Object::toString).orElse("")));
    }
    return new ProfileColumn(
        c.name(),
        c.type().name().toLowerCase(java.util.Locale.ROOT),
        Format.count(c.count()),
        Format.count(c.rowCount() - c.count()),
        distinct,
        stats,
        top,
        chart);
  }

  private static String approximate(long value, Accuracy accuracy) {
    return accuracy.exact()
        ? Long.toString(value)
        : "≈ " + value + " (± " + Format.percent(accuracy.bound()) + ")";
  }

  private static String quantileLabel(double q) {
    return q == 0.5 ? "median" : "p" + Format.number(q * 100);
  }

  private static String countShare(long count, long total) {
    return total == 0
        ? Long.toString(count)
        : count + " (" + Format.percent((double) count / total) + ")";
  }

  // ---------------------------------------------------------------- drift

  private static VerdictRow verdictRow(ColumnVerdict v) {
    ColumnVerdict.EffectSize e = v.effectSize();
    String effect =
        Format.compact(e.value()) + " (threshold " + Format.compact(e.threshold()) + ")";
    ColumnVerdict.MissingCheck m = v.missing();
    String missing =
        m.verdict().name()
            + " ("
            + Format.percent(m.shareReference())
            + " → "
            + Format.percent(m.shareCurrent())
            + ")";
    List<String> notes = new ArrayList<>(v.notes());
    notes.addAll(m.notes());
    return new VerdictRow(
        v.column(),
        v.verdict().name(),
        v.distributionVerdict().name(),
        v.primaryTest() + (v.exact() ? " (exact)" : ""),
        Format.compact(v.pvalueAdjusted()),
        e.name(),
        effect,
        Format.compact(v.psi()) + " (" + v.psiBand() + ")",
        missing,
        v.referenceCount() + " / " + v.currentCount(),
        notes);
  }

  private static DriftColumn driftColumn(
      ColumnDrift c, @Nullable ColumnVerdict verdict, String chartId) {
    List<CompareRow> stats = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Chart chart = null;
    if (c instanceof NumericColumnDrift n) {
      NumericProfile r = n.reference();
      NumericProfile k = n.current();
      stats.add(row("rows", r.rowCount(), k.rowCount()));
      stats.add(row("count", r.count(), k.count()));
      stats.add(row("nulls", r.nullCount(), k.nullCount()));
      stats.add(row("NaN", r.nanCount(), k.nanCount()));
      stats.add(row("distinct", r.distinct(), k.distinct()));
      stats.add(row("mean", r.mean(), k.mean()));
      stats.add(row("std", r.std(), k.std()));
      stats.add(row("min", r.min(), k.min()));
      for (int i = 0; i < NumericProfile.QUANTILE_LEVELS.size(); i++) {
        String label = quantileLabel(NumericProfile.QUANTILE_LEVELS.get(i));
        stats.add(
            new CompareRow(label, quantileAt(r.quantiles(), i), quantileAt(k.quantiles(), i)));
      }
      stats.add(row("max", r.max(), k.max()));
      Optional<DecileBins.Result> bins = n.binned().value();
      if (bins.isPresent()) {
        DecileBins.Result b = bins.get();
        // bin 0 holds everything up to edge 1 (current values below the reference's minimum
        // too), bin i (edge i, edge i+1], the last bin everything above edge 9
        List<String> labels = new ArrayList<>();
        int binCount = b.edges().size() - 1;
        for (int i = 0; i < binCount; i++) {
          labels.add(
              i + 1 < binCount
                  ? "≤ " + Format.compact(b.edges().get(i + 1))
                  : "> " + Format.compact(b.edges().get(i)));
        }
        chart =
            Charts.groupedBars(
                chartId,
                n.column(),
                "share of rows per decile bin of the reference (upper edge shown), reference vs"
                    + " current",
                "reference decile bins",
                "share of rows",
                labels,
                List.of(
                    new Charts.Series("reference", Charts.REFERENCE, b.referenceProportions()),
                    new Charts.Series("current", Charts.CURRENT, b.currentProportions())),
                false);
      } else {
        notes.add("no histogram: " + n.binned().reason().orElse(""));
      }
    } else if (c instanceof CategoricalColumnDrift k) {
      CategoricalProfile r = k.reference();
      CategoricalProfile q = k.current();
      stats.add(row("rows", r.rowCount(), q.rowCount()));
      stats.add(row("count", r.count(), q.count()));
      stats.add(row("nulls", r.nullCount(), q.nullCount()));
      stats.add(row("distinct", r.distinct(), q.distinct()));
      Optional<CategoricalFrequencies.Result> f = k.frequencies().value();
      if (f.isPresent()) {
        CategoricalFrequencies.Result res = f.get();
        List<Integer> shown = largestCategories(res, DRIFT_CATEGORIES);
        List<String> labels = new ArrayList<>();
        List<Double> ref = new ArrayList<>();
        List<Double> cur = new ArrayList<>();
        for (int i : shown) {
          labels.add(res.categories().get(i));
          ref.add(res.referenceProportions().get(i));
          cur.add(res.currentProportions().get(i));
        }
        int hidden = res.categories().size() - shown.size();
        String title = k.column() + (hidden > 0 ? " (" + shown.size() + " largest)" : "");
        chart =
            Charts.groupedBars(
                chartId,
                title,
                "share of rows per category, reference vs current",
                null,
                "share of rows",
                labels,
                List.of(
                    new Charts.Series("reference", Charts.REFERENCE, ref),
                    new Charts.Series("current", Charts.CURRENT, cur)),
                true);
        if (hidden > 0) {
          notes.add(hidden + " smaller categories are not drawn");
        }
        if (!res.unseenInReference().isEmpty()) {
          notes.add("new in current: " + String.join(", ", res.unseenInReference()));
        }
        if (!res.absentInCurrent().isEmpty()) {
          notes.add("absent in current: " + String.join(", ", res.absentInCurrent()));
        }
      } else {
        notes.add("no histogram: " + k.frequencies().reason().orElse(""));
      }
    }
    return new DriftColumn(
        c.column(), verdict == null ? "" : verdict.verdict().name(), stats, chart, notes);
  }

  /** Indices of the {@code limit} categories with the largest share on either side, in order. */
  private static List<Integer> largestCategories(CategoricalFrequencies.Result r, int limit) {
    int n = r.categories().size();
    if (n <= limit) {
      return IntStream.range(0, n).boxed().toList();
    }
    return IntStream.range(0, n)
        .boxed()
        .sorted(
            Comparator.comparingDouble(
                    (Integer i) ->
                        -Math.max(r.referenceProportions().get(i), r.currentProportions().get(i)))
                .thenComparing(i -> i))
        .limit(limit)
        .sorted()
        .toList();
  }

  private static String quantileAt(List<Double> quantiles, int i) {
    return i < quantiles.size() ? Format.number(quantiles.get(i)) : "";
  }

  private static CompareRow row(String label, long reference, long current) {
    return new CompareRow(label, Format.count(reference), Format.count(current));
  }

  private static CompareRow row(String label, double reference, double current) {
    return new CompareRow(label, Format.number(reference), Format.number(current));
  }

  // ---------------------------------------------------------------- helpers

  private static String listOrNone(List<String> columns) {
    return columns.isEmpty() ? "none" : String.join(", ", columns);
  }

  private static String display(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Double d) {
      return Format.number(d);
    }
    if (value instanceof Float f) {
      return Format.number(f);
    }
    return value.toString();
  }

  private static @Nullable Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
