package dev.mlops.validation.metrics;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * One metric: its point value (empty when undefined), its interval when one was asked for and can
 * be computed, its direction, and a note on any convention that applied.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * MetricValue auc = result.metric("roc_auc").orElseThrow();
 * if (auc.value().isEmpty()) {
 *   log.warn("ROC AUC undefined: {}", auc.note().orElse(""));
 * }
 * }</pre>
 *
 * @param name the metric's key as in the oracle and the command line ({@code accuracy}, {@code
 *     roc_auc}, {@code rmse}, ...)
 * @param value the point value; empty when undefined (for example ROC AUC with one class, R2 with
 *     fewer than two rows), {@code note} then says why
 * @param interval the interval, when intervals were requested and it is defined
 * @param higherIsBetter true for scores (accuracy, AUC, R2), false for losses and errors
 * @param note why a value is undefined, which 0/0 convention applied, or why there is no interval
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record MetricValue(
    String name,
    OptionalDouble value,
    Optional<Interval> interval,
    boolean higherIsBetter,
    Optional<String> note) {

  /**
   * Validates the metric.
   *
   * @throws NullPointerException if any component is null
   * @throws IllegalArgumentException if the name is empty or the value is NaN
   */
  public MetricValue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(note, "note");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("metric name must not be empty");
    }
    if (value.isPresent() && Double.isNaN(value.getAsDouble())) {
      throw new IllegalArgumentException(
          "metric " + name + ": an undefined value is empty, not NaN");
    }
  }

  /**
   * Returns the point value or NaN when it is undefined.
   *
   * @return the value or NaN
   */
  public double valueOrNaN() {
    return value.isPresent() ? value.getAsDouble() : Double.NaN;
  }
}
