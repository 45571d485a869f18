package dev.mlops.validation.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The metrics of one regression evaluation, in the order of {@link #METRIC_NAMES}, with their
 * intervals, the bootstrap seed and the notes on undefined values.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RegressionResult r = RegressionEvaluator.create().evaluate(data, IntervalSpec.defaults());
 * double rmse = r.metric("rmse").orElseThrow().value().orElseThrow();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RegressionResult {
  /** The metric names in the order of {@link #metrics()}. */
  public static final List<String> METRIC_NAMES = List.of("mae", "rmse", "r2", "mape");

  private final int n;
  private final List<MetricValue> metrics;
  private final OptionalLong seed;
  private final Map<String, String> notes;

  RegressionResult(int n, List<MetricValue> metrics, OptionalLong seed, Map<String, String> notes) {
    this.n = n;
    this.metrics = List.copyOf(metrics);
    this.seed = seed;
    this.notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
  }

  /**
   * Returns the number of rows evaluated (a repeated row counts each time).
   *
   * @return the row count
   */
  public int n() {
    return n;
  }

  /**
   * Returns every metric in the order of {@link #METRIC_NAMES}.
   *
   * @return the metrics, unmodifiable
   */
  public List<MetricValue> metrics() {
    return metrics;
  }

  /**
   * Returns one metric by name.
   *
   * @param name a name of {@link #METRIC_NAMES}
   * @return the metric, empty for an unknown name
   * @throws NullPointerException if name is null
   */
  public Optional<MetricValue> metric(String name) {
    Objects.requireNonNull(name, "name");
    return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * Returns the bootstrap seed when bootstrap intervals were computed.
   *
   * @return the seed, empty without bootstrap
   */
  public OptionalLong seed() {
    return seed;
  }

  /**
   * Returns the notes on point values keyed by metric name (why a value is undefined).
   *
   * @return the notes, unmodifiable
   */
  public Map<String, String> notes() {
    return notes;
  }

  @Override
  public String toString() {
    return "RegressionResult[n=" + n + ", metrics=" + metrics + "]";
  }
}
