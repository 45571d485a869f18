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
}
