package dev.mlops.validation.evaluation;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A threshold on one metric, {@code metric >= x} or {@code metric <= x}, decided on the metric's
 * interval (STATISTICS.md, "Model validation"): a {@code >=} gate is PASS when the interval's lower
 * bound is at least x, FAIL when its upper bound is below x, and INCONCLUSIVE otherwise; a {@code
 * <=} gate is PASS when the upper bound is at most x, FAIL when the lower bound is above x, and
 * INCONCLUSIVE otherwise. An undefined metric, a metric without an interval and a slice below the
 * minimum size give INCONCLUSIVE with the reason.
 *
 * <p>Immutable and thread-safe. {@link #toString()} gives the text that {@link #parse} reads.
 *
 * <pre>{@code
 * Gate auc = Gate.atLeast("roc_auc", 0.85);
 * Gate loss = Gate.parse("log_loss<=0.4");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Gate {

  /** The metrics of a binary classifier that a gate may name, as in the JSON. */
  public static final List<String> CLASSIFICATION_METRICS =
      List.of(
          "accuracy",
          "precision",
          "recall",
          "f1",
          "roc_auc",
          "average_precision",
          "log_loss",
          "brier_score_loss",
          "ece");

  /** The metrics of a regressor that a gate may name, as in the JSON. */
  public static final List<String> REGRESSION_METRICS = List.of("mae", "rmse", "r2", "mape");

  private static final Pattern TEXT =
      Pattern.compile("\\s*([A-Za-z0-9_]+)\\s*(>=|<=)\\s*(\\S+)\\s*");

  /** How the metric is compared with the threshold. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Comparison {
    /** {@code metric >= threshold}. */
    AT_LEAST(">="),
    /** {@code metric <= threshold}. */
    AT_MOST("<=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /**
     * Returns the operator as written in a gate's text.
     *
     * @return {@code >=} or {@code <=}
     */
    public String symbol() {
      return symbol;
    }
  }

  private final String metric;
  private final Comparison comparison;
  private final double threshold;

  private Gate(String metric, Comparison comparison, double threshold) {
    this.metric = requireMetric(metric);
    this.comparison = comparison;
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(
          "a gate's threshold must be a finite number, but got " + threshold + " for " + metric);
    }
    this.threshold = threshold;
  }

  /**
   * A gate {@code metric >= threshold}.
   *
   * @param metric a metric name of {@link #CLASSIFICATION_METRICS} or {@link #REGRESSION_METRICS}
   * @param threshold a finite number
   * @return the gate
   * @throws IllegalArgumentException if the metric is unknown or the threshold not finite
   * @throws NullPointerException if {@code metric} is null
   */
  public static Gate atLeast(String metric, double threshold) {
    return new Gate(metric, Comparison.AT_LEAST, threshold);
  }

  /**
   * A gate {@code metric <= threshold}.
   *
   * @param metric a metric name of {@link #CLASSIFICATION_METRICS} or {@link #REGRESSION_METRICS}
   * @param threshold a finite number
   * @return the gate
   * @throws IllegalArgumentException if the metric is unknown or the threshold not finite
   * @throws NullPointerException if {@code metric} is null
   */
  public static Gate atMost(String metric, double threshold) {
    return new Gate(metric, Comparison.AT_MOST, threshold);
  }

  /**
   * Reads a gate written as {@code METRIC>=X} or {@code METRIC<=X} (spaces allowed around the
   * operator), e.g. {@code roc_auc>=0.85}.
   *
   * @param text the gate
   * @return the gate
   * @throws IllegalArgumentException naming the text if it is not of that form, the metric is
   *     unknown or X is not a finite number
   * @throws NullPointerException if {@code text} is null
   */
  public static Gate parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "gate '" + text + "' is not of the form METRIC>=X or METRIC<=X (e.g. roc_auc>=0.85)");
    }
    String metric = m.group(1);
    if (!isKnown(metric)) {
      throw new IllegalArgumentException("gate '" + text + "': " + unknownMetric(metric));
    }
    double x;
    try {
      x = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "gate '" + text + "': threshold '" + m.group(3) + "' is not a number", e);
    }
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(
          "gate '" + text + "': threshold '" + m.group(3) + "' is not a finite number");
    }
    return new Gate(metric, ">=".equals(m.group(2)) ? Comparison.AT_LEAST : Comparison.AT_MOST, x);
  }

  /**
   * Returns the metric name.
   *
   * @return e.g. {@code roc_auc}
   */
  public String metric() {
    return metric;
  }

  /**
   * Returns how the metric is compared.
   *
   * @return the comparison
   */
  public Comparison comparison() {
    return comparison;
  }

  /**
   * Returns the threshold.
   *
   * @return a finite number
   */
  public double threshold() {
    return threshold;
  }

  /**
   * Returns whether the gate names a regression metric (else a classification metric).
   *
   * @return true for {@link #REGRESSION_METRICS}
   */
  public boolean isRegression() {
    return REGRESSION_METRICS.contains(metric);
  }

  static boolean isKnown(String metric) {
    return CLASSIFICATION_METRICS.contains(metric) || REGRESSION_METRICS.contains(metric);
  }

  static String unknownMetric(String metric) {
    return "unknown metric '"
        + metric
        + "'; known: "
        + String.join(", ", CLASSIFICATION_METRICS)
        + ", "
        + String.join(", ", REGRESSION_METRICS);
  }

  private static String requireMetric(String metric) {
    Objects.requireNonNull(metric, "metric");
    if (!isKnown(metric)) {
      throw new IllegalArgumentException(unknownMetric(metric));
    }
    return metric;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Gate g
        && g.metric.equals(metric)
        && g.comparison == comparison
        && Double.compare(g.threshold, threshold) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, comparison, threshold);
  }

  /** Returns the gate's text, e.g. {@code roc_auc>=0.85}, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return metric + comparison.symbol() + Numbers.format(threshold);
  }
}
