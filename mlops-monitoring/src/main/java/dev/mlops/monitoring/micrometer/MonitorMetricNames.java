package dev.mlops.monitoring.micrometer;

import org.apiguardian.api.API;

/**
 * The meter names {@link ModelMonitorMetrics} registers, all under {@code mlops.monitor.}, tagged
 * {@code model} and {@code version}.
 *
 * <p>Constants only; thread-safe.
 *
 * <pre>{@code
 * registry.get(MonitorMetricNames.DEFAULT_LATENCY).tag("quantile", "0.99").gauge().value();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MonitorMetricNames {
  /** Predictions recorded (function counter). */
  public static final String DEFAULT_PREDICTIONS = "mlops.monitor.predictions";

  /** Failed requests recorded (function counter). */
  public static final String DEFAULT_ERRORS = "mlops.monitor.errors";

  /** Error ratio of the latest closed window (gauge). */
  public static final String DEFAULT_ERROR_RATIO = "mlops.monitor.errors.ratio";

  /** Predictions per second in the latest closed window (gauge). */
  public static final String DEFAULT_TRAFFIC_RATE = "mlops.monitor.traffic.rate";

  /** Latency quantiles of the latest closed window in seconds, tag {@code quantile} (gauge). */
  public static final String DEFAULT_LATENCY = "mlops.monitor.latency";

  /** Requests in flight now (gauge). */
  public static final String DEFAULT_IN_FLIGHT = "mlops.monitor.in_flight";

  /** Drift D of the latest closed window, tag {@code feature} (gauge). */
  public static final String DEFAULT_DRIFT = "mlops.monitor.drift";

  /**
   * Drift verdict of the latest closed window as a number (PASS 0, INCONCLUSIVE 1, WARN 2, FAIL 3),
   * tag {@code feature}, including {@code dataset} and {@code prediction} (gauge).
   */
  public static final String DEFAULT_DRIFT_VERDICT = "mlops.monitor.drift.verdict";

  /** Mean prediction of the latest closed window (gauge). */
  public static final String DEFAULT_PREDICTION_MEAN = "mlops.monitor.prediction.mean";

  /** Label coverage of the latest final window (gauge). */
  public static final String DEFAULT_LABEL_COVERAGE = "mlops.monitor.labels.coverage";

  /** Labels by outcome, tag {@code outcome} (function counter). */
  public static final String DEFAULT_LABELS = "mlops.monitor.labels";

  /** Predictions waiting for a label (gauge). */
  public static final String DEFAULT_LABELS_PENDING = "mlops.monitor.labels.pending";

  /** Quality on joined labels of the latest final window, tag {@code metric} (gauge). */
  public static final String DEFAULT_QUALITY = "mlops.monitor.quality";

  /** The CBPE estimate of the latest closed window, tag {@code metric} (gauge). */
  public static final String DEFAULT_ESTIMATE = "mlops.monitor.estimate";

  /** Listener, sink, gauge and repository failures (function counter). */
  public static final String DEFAULT_FAILURES = "mlops.monitor.failures";

  private MonitorMetricNames() {}
}
