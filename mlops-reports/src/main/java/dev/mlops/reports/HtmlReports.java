package dev.mlops.reports;

import dev.mlops.reports.internal.Renderer;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.schema.ValidationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes self-contained HTML reports: one UTF-8 file that needs no network to view (inline CSS,
 * charts as inline SVG images, no executable script, no fonts or images from elsewhere).
 *
 * <p>Stateless and thread-safe. Each method renders the whole page in memory first and only then
 * writes it, so a failure while rendering writes nothing; the stream is flushed, not closed. Every
 * value that comes from the data (column names, categories, slice names, example values, file
 * names, the title) is escaped for where it appears: HTML text, attributes, the SVG of a chart, and
 * the JSON embedded in a {@code <script type="application/json" id="mlops-report-data">} block
 * (where {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are written as {@code \}{@code uXXXX}).
 * A Content-Security-Policy in the page forbids scripts and remote loads altogether.
 *
 * <p>Charts are {@code img} elements of class {@value #CHART_CLASS}: a profile draws one per
 * numeric, categorical or boolean column with values; a drift report one per column whose histogram
 * is defined (reference vs current share of rows per reference decile bin, or per category); a
 * validation report one (failing rows by check) when a check has failing rows; an evaluation one
 * calibration plot for a classifier with scores plus, per metric, one chart of its value on every
 * slice at or above the minimum size with the interval as a whisker. Charts are drawn with Java2D:
 * on a machine whose {@code DISPLAY} names an X server it cannot reach, run the JVM with {@code
 * -Djava.awt.headless=true} (the {@code mlops} command line sets it), or drawing fails with an
 * {@code AWTError}.
 *
 * <pre>{@code
 * ReportContext context =
 *     ReportContext.builder("Drift of churn features", clock).file("reference", "ref.csv").build();
 * try (OutputStream out = Files.newOutputStream(Path.of("drift.html"))) {
 *   HtmlReports.drift(TableDrift.compare(reference, current, DriftPolicy.defaults()), context, out);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HtmlReports {

  /** The CSS class of every chart element ({@code img}) in a report. */
  public static final String CHART_CLASS = "mlops-chart";

  /** The media type of the reports: {@code text/html; charset=utf-8}. */
  public static final String MEDIA_TYPE = "text/html; charset=utf-8";

  private HtmlReports() {}

  /**
   * Writes the report of a profile: an overview table, then per column its statistics, most
   * frequent values and a histogram or bar chart.
   *
   * @param profile the profile
   * @param context title, provenance and generation time
   * @param out where the page goes (not closed)
   * @throws NullPointerException if an argument is null
   * @throws IOException if writing fails
   */
  public static void profile(Profile profile, ReportContext context, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    write(Renderer.profile(profile, context), out);
  }

  /**
   * Writes the report of a drift comparison: the overall verdict, the verdict table (test, adjusted
   * p-value, effect size against its threshold, PSI, missing values, counts), then per column the
   * reference and current statistics side by side with a histogram of both.
   *
   * @param report the drift report
   * @param context title, provenance and generation time
   * @param out where the page goes (not closed)
   * @throws NullPointerException if an argument is null
   * @throws IOException if writing fails
   */
  public static void drift(DriftReport report, ReportContext context, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    write(Renderer.drift(report, context), out);
  }

  /**
   * Writes the report of a validation: the verdict, a chart of failing rows by check, and the check
   * table with the examples of failing rows.
   *
   * @param report the validation report
   * @param context title, provenance and generation time
   * @param out where the page goes (not closed)
   * @throws NullPointerException if an argument is null
   * @throws IOException if writing fails
   */
  public static void validation(ValidationReport report, ReportContext context, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    write(Renderer.validation(report, context), out);
  }

  /**
   * Writes the report of a model evaluation: the gates with their verdicts, then for classification
   * and regression the metrics of the whole set with their intervals, a calibration plot
   * (reliability diagram) for a classifier, the slice table, and per metric a chart of its value on
   * every slice with the interval as a whisker and the whole set's value as a dashed line.
   *
   * @param report the evaluation report
   * @param context title, provenance and generation time
   * @param out where the page goes (not closed)
   * @throws NullPointerException if an argument is null
   * @throws IOException if writing fails
   */
  public static void evaluation(EvaluationReport report, ReportContext context, OutputStream out)
      throws IOException {
    Objects.requireNonNull(out, "out");
    write(Renderer.evaluation(report, context), out);
  }

  private static void write(byte[] page, OutputStream out) throws IOException {
    out.write(page);
    out.flush();
  }
}
