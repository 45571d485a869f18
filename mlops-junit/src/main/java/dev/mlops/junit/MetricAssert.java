package dev.mlops.junit;

import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.SliceResult;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions on one metric of an {@link EvaluationReport}, on the whole evaluation set or on a
 * selection of slices; start them with {@link EvaluationReportAssert#metric(String)}.
 *
 * <p>Not thread-safe (an AssertJ assertion object is used by one test thread). The selection
 * methods return a new assertion; the checks return this one, so checks chain:
 *
 * <pre>{@code
 * assertThat(report).metric("roc_auc")
 *     .onEverySliceOfAtLeast(100)
 *     .isDefined()
 *     .hasLowerBoundAbove(0.85);
 * }</pre>
 *
 * <p>A bound check needs an interval: a slice below the report's minimum size has none, so it fails
 * a bound check with that reason (select slices by size to leave them out). An undefined metric
 * (ROC AUC of a slice with one class) fails every check, {@link #isDefined()} included: an
 * undefined value is never evidence of quality. On failure the message lists every selected slice
 * with its size, value and interval, and marks those that missed.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MetricAssert extends AbstractAssert<MetricAssert, EvaluationReport> {
  private final String metric;
  private final int minimumRows;
  private final boolean slices;

  MetricAssert(EvaluationReport actual, String metric) {
    this(actual, metric, false, 0);
  }

  private MetricAssert(EvaluationReport actual, String metric, boolean slices, int minimumRows) {
    super(actual, MetricAssert.class);
    this.metric = metric;
    this.slices = slices;
    this.minimumRows = minimumRows;
  }

  /**
   * Selects the whole evaluation set only (the default).
   *
   * @return a new assertion on the whole evaluation set
   */
  public MetricAssert overall() {
    return new MetricAssert(actual, metric, false, 0);
  }

  /**
   * Selects the whole evaluation set and every slice, small ones included.
   *
   * @return a new assertion on every slice
   */
  public MetricAssert onEverySlice() {
    return new MetricAssert(actual, metric, true, 0);
  }

  /**
   * Selects the whole evaluation set and every slice of at least {@code rows} rows.
   *
   * @param rows the minimum slice size, at least 1
   * @return a new assertion on those slices
   * @throws IllegalArgumentException if {@code rows} is below 1
   */
  public MetricAssert onEverySliceOfAtLeast(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("a slice has at least 1 row, but got " + rows);
    }
    return new MetricAssert(actual, metric, true, rows);
  }

  /**
   * Verifies that the metric is defined on every selected slice.
   *
   * @return this
   */
  public MetricAssert isDefined() {
    return check("to be defined", (value, interval) -> null);
  }

  /**
   * Verifies that the lower bound of the metric's interval is strictly above {@code threshold} on
   * every selected slice: the data show, at the interval's level, that the metric exceeds it.
   *
   * @param threshold the value the lower bound must exceed
   * @return this
   */
  public MetricAssert hasLowerBoundAbove(double threshold) {
    return check(
        "to have an interval whose lower bound is above " + SliceTable.number(threshold),
        (value, interval) -> {
          if (interval.isEmpty()) {
            return "no interval";
          }
          return interval.get().low() > threshold ? null : "lower bound not above";
        });
  }

  /**
   * Verifies that the upper bound of the metric's interval is strictly below {@code threshold} on
   * every selected slice (for metrics where lower is better, such as log loss or RMSE).
   *
   * @param threshold the value the upper bound must stay under
   * @return this
   */
  public MetricAssert hasUpperBoundBelow(double threshold) {
    return check(
        "to have an interval whose upper bound is below " + SliceTable.number(threshold),
        (value, interval) -> {
          if (interval.isEmpty()) {
            return "no interval";
          }
          return interval.get().high() < threshold ? null : "upper bound not below";
        });
  }

  /**
   * Verifies that the metric's point value is at least {@code threshold} on every selected slice.
   * Prefer {@link #hasLowerBoundAbove(double)}, which accounts for the sampling error.
   *
   * @param threshold the minimum value
   * @return this
   */
  public MetricAssert hasValueAtLeast(double threshold) {
    return check(
        "to be at least " + SliceTable.number(threshold),
        (value, interval) -> value.getAsDouble() >= threshold ? null : "below");
  }

  /**
   * Verifies that the metric's point value is at most {@code threshold} on every selected slice.
   * Prefer {@link #hasUpperBoundBelow(double)}, which accounts for the sampling error.
   *
   * @param threshold the maximum value
   * @return this
   */
  public MetricAssert hasValueAtMost(double threshold) {
    return check(
        "to be at most " + SliceTable.number(threshold),
        (value, interval) -> value.getAsDouble() <= threshold ? null : "above");
  }

  /** A check of one slice: returns null when it holds, otherwise the reason it missed. */
  private interface SliceCheck {
    @Nullable String test(OptionalDouble value, Optional<Interval> interval);
  }

  private MetricAssert check(String expectation, SliceCheck check) {
    isNotNull();
    List<SliceResult> selected = selected();
    if (selected.isEmpty()) {
      failWithMessage(
          "Expected %s %s %s, but no slice has at least %d rows.%n%s",
          metric, expectation, scope(), minimumRows, table(List.of(actual.overall()), List.of("")));
    }
    List<String> reasons = new ArrayList<>();
    int missed = 0;
    for (SliceResult slice : selected) {
      Optional<MetricValue> value = metricOf(slice);
      @Nullable String reason;
      if (value.isEmpty()) {
        reason = "no " + metric + " in this report";
      } else if (value.get().value().isEmpty()) {
        reason = "undefined" + value.get().note().map(n -> ": " + n).orElse("");
      } else {
        reason = check.test(value.get().value(), value.get().interval());
        if (reason != null && reason.equals("no interval") && slice.belowMinimum()) {
          reason = "no interval: below the minimum slice size " + actual.minimumSliceSize();
        }
      }
      if (reason != null) {
        missed++;
      }
      reasons.add(reason == null ? "" : "MISSED: " + reason);
    }
    if (missed > 0) {
      failWithMessage(
          "Expected %s %s %s, but it was not on %d of %d.%n%s",
          metric, expectation, scope(), missed, selected.size(), table(selected, reasons));
    }
    return this;
  }

  private String scope() {
    if (!slices) {
      return "on the whole evaluation set";
    }
    return minimumRows > 0
        ? "on every slice of at least " + minimumRows + " rows"
        : "on every slice";
  }

  private List<SliceResult> selected() {
    List<SliceResult> all = new ArrayList<>();
    all.add(actual.overall());
    if (slices) {
      all.addAll(actual.slices());
      for (SliceResult small : actual.smallSlices()) {
        if (!all.contains(small)) {
          all.add(small);
        }
      }
    }
    return all.stream().filter(s -> s.n() >= minimumRows).toList();
  }

  private Optional<MetricValue> metricOf(SliceResult slice) {
    Optional<MetricValue> value = slice.classification().flatMap(c -> c.metric(metric));
    return value.isPresent() ? value : slice.regression().flatMap(r -> r.metric(metric));
  }

  private String table(List<SliceResult> rows, List<String> marks) {
    SliceTable table = new SliceTable("slice", "n", metric, "interval", "");
    for (int i = 0; i < rows.size(); i++) {
      SliceResult slice = rows.get(i);
      Optional<MetricValue> value = metricOf(slice);
      String point =
          value
              .flatMap(
                  v ->
                      v.value().isPresent()
                          ? Optional.of(v.value().getAsDouble())
                          : Optional.<Double>empty())
              .map(SliceTable::number)
              .orElse("undefined");
      String interval =
          value
              .flatMap(MetricValue::interval)
              .map(
                  iv ->
                      String.format(
                          Locale.ROOT,
                          "[%s, %s] %s %s",
                          SliceTable.number(iv.low()),
                          SliceTable.number(iv.high()),
                          SliceTable.percent(iv.level()),
                          iv.method()))
              .orElse("-");
      table.row(slice.description(), Integer.toString(slice.n()), point, interval, marks.get(i));
    }
    return table.render();
  }
}
