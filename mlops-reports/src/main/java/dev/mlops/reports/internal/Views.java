package dev.mlops.reports.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the templates render: every value already a display string, so the templates hold no logic
 * but loops and conditionals, and JTE escapes every string where it is written.
 */
final class Views {
  private Views() {}

  /** The page frame: title, provenance, verdict, summary and the embedded data block. */
  record Page(
      String kind,
      String title,
      String generatedAt,
      List<SourceRow> sources,
      String verdict,
      List<Stat> summary,
      String dataJson) {
    Page {
      sources = List.copyOf(sources);
      summary = List.copyOf(summary);
    }
  }

  /** One source of the data (run, artifact, model, file). */
  record SourceRow(String kind, String role, String id) {}

  /** A labelled value. */
  record Stat(String label, String value) {}

  /** A statistic of the reference and the current data side by side. */
  record CompareRow(String label, String reference, String current) {}

  /** A profile report. */
  record ProfileView(Page page, List<ProfileColumn> columns) {
    ProfileView {
      columns = List.copyOf(columns);
    }
  }

  /** One profiled column. */
  record ProfileColumn(
      String name,
      String type,
      String count,
      String missing,
      String distinct,
      List<Stat> stats,
      List<Stat> top,
      @Nullable Chart chart) {
    ProfileColumn {
      stats = List.copyOf(stats);
      top = List.copyOf(top);
    }
  }

  /** A drift report. */
  record DriftView(Page page, List<VerdictRow> verdicts, List<DriftColumn> columns) {
    DriftView {
      verdicts = List.copyOf(verdicts);
      columns = List.copyOf(columns);
    }
  }

  /** One row of the verdict table. */
  record VerdictRow(
      String column,
      String verdict,
      String distributionVerdict,
      String test,
      String pvalueAdjusted,
      String effectName,
      String effect,
      String psi,
      String missing,
      String counts,
      List<String> notes) {
    VerdictRow {
      notes = List.copyOf(notes);
    }
  }

  /** One compared column: its statistics side by side, the histogram of both, notes. */
  record DriftColumn(
      String name,
      String verdict,
      List<CompareRow> stats,
      @Nullable Chart chart,
      List<String> notes) {
    DriftColumn {
      stats = List.copyOf(stats);
      notes = List.copyOf(notes);
    }
  }

  /** A validation report. */
  record ValidationView(Page page, List<CheckRow> checks, @Nullable Chart chart) {
    ValidationView {
      checks = List.copyOf(checks);
    }
  }

  /** One check with its examples of failing rows. */
  record CheckRow(
      String check,
      String column,
      String severity,
      String verdict,
      String observed,
      String expected,
      String failingRows,
      List<Stat> examples) {
    CheckRow {
      examples = List.copyOf(examples);
    }
  }

  /** A model evaluation report. */
  record EvaluationView(Page page, List<GateRow> gates, List<MetricFamily> families) {
    EvaluationView {
      gates = List.copyOf(gates);
      families = List.copyOf(families);
    }
  }

  /** One gate decided at one place (overall or a slice). */
  record GateRow(
      String gate, String slice, String verdict, String value, String interval, String note) {}

  /** One metric of the whole set. */
  record MetricRow(String metric, String value, String interval, String method, String note) {}

  /** One slice: per metric its value ({@link Stat#label()}) and interval ({@link Stat#value()}). */
  record SliceRow(String slice, String n, boolean belowMinimum, List<Stat> cells) {
    SliceRow {
      cells = List.copyOf(cells);
    }
  }

  /** Classification or regression: overall metrics, the slice table, slice charts, calibration. */
  record MetricFamily(
      String name,
      String n,
      List<MetricRow> overall,
      List<String> metrics,
      List<SliceRow> slices,
      List<Chart> charts,
      @Nullable Calibration calibration) {
    MetricFamily {
      overall = List.copyOf(overall);
      metrics = List.copyOf(metrics);
      slices = List.copyOf(slices);
      charts = List.copyOf(charts);
    }
  }

  /** The reliability diagram and its bins (label, mean score, fraction of positives). */
  record Calibration(Chart chart, List<CompareRow> bins) {
    Calibration {
      bins = List.copyOf(bins);
    }
  }
}
