package dev.mlops.monitoring.micrometer;

import dev.mlops.api.Verdict;
import dev.mlops.monitoring.LabelStats;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.ModelTask;
import dev.mlops.monitoring.WindowSnapshot;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.RegressionResult;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.apiguardian.api.API;

/**
 * Exports a {@link ModelMonitor}'s golden and model signals as Micrometer meters named under {@code
 * mlops.monitor.*} ({@link MonitorMetricNames}), tagged {@code model} and {@code version}, so
 * Prometheus, Datadog and the rest see them without extra code.
 *
 * <p>Thread-safe. Counters read the monitor's running totals; gauges read its latest closed window
 * ({@link ModelMonitor#latest()}), or for label coverage and quality its latest final window, and
 * read NaN until there is one. Latency is exported in seconds (Micrometer's base time unit).
 *
 * <pre>{@code
 * new ModelMonitorMetrics(monitor).bindTo(meterRegistry);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ModelMonitorMetrics implements MeterBinder {

  private static final List<String> ESTIMATE_METRICS =
      List.of("accuracy", "precision", "recall", "f1", "roc_auc");

  private final ModelMonitor monitor;
  private final Tags tags;

  /**
   * Creates a binder.
   *
   * @param monitor the monitor
   * @throws NullPointerException if {@code monitor} is null
   */
  public ModelMonitorMetrics(ModelMonitor monitor) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.tags = Tags.of("model", monitor.model(), "version", Long.toString(monitor.modelVersion()));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    ModelMonitor m = monitor;
    FunctionCounter.builder(MonitorMetricNames.DEFAULT_PREDICTIONS, m, ModelMonitor::recorded)
        .tags(tags)
        .description("predictions recorded")
        .register(registry);
    FunctionCounter.builder(MonitorMetricNames.DEFAULT_ERRORS, m, ModelMonitor::errors)
        .tags(tags)
        .description("failed requests recorded")
        .register(registry);
    FunctionCounter.builder(MonitorMetricNames.DEFAULT_FAILURES, m, ModelMonitor::listenerFailures)
        .tags(tags)
        .description("listener, sink, gauge and repository failures")
        .register(registry);
    Gauge.builder(MonitorMetricNames.DEFAULT_IN_FLIGHT, m, ModelMonitor::inFlight)
        .tags(tags)
        .register(registry);
    latestGauge(registry, MonitorMetricNames.DEFAULT_TRAFFIC_RATE, "traffic.rate", Tags.empty());
    latestGauge(registry, MonitorMetricNames.DEFAULT_ERROR_RATIO, "errors.ratio", Tags.empty());
    latestGauge(
        registry, MonitorMetricNames.DEFAULT_PREDICTION_MEAN, "prediction.mean", Tags.empty());
    for (String q : List.of("p50", "p90", "p99", "max")) {
      String quantile =
          switch (q) {
            case "p50" -> "0.5";
            case "p90" -> "0.9";
            case "p99" -> "0.99";
            default -> "1.0";
          };
      Gauge.builder(
              MonitorMetricNames.DEFAULT_LATENCY,
              m,
              mon -> value(mon.latest(), "latency." + q) / 1e9)
          .tags(tags)
          .tag("quantile", quantile)
          .baseUnit("seconds")
          .register(registry);
    }
    List<String> features = new ArrayList<>(m.numericFeatures());
    features.addAll(m.categoricalFeatures());
    if (m.hasReference()) {
      for (String f : features) {
        latestGauge(
            registry, MonitorMetricNames.DEFAULT_DRIFT, "drift." + f + ".d", Tags.of("feature", f));
        verdictGauge(registry, "drift." + f, f);
      }
      verdictGauge(registry, "drift.dataset", "dataset");
      latestGauge(
          registry,
          MonitorMetricNames.DEFAULT_DRIFT,
          "drift.prediction.d",
          Tags.of("feature", "prediction"));
      verdictGauge(registry, "drift.prediction", "prediction");
    }
    Gauge.builder(
            MonitorMetricNames.DEFAULT_LABEL_COVERAGE,
            m,
            mon -> value(mon.latestFinal(), "labels.coverage"))
        .tags(tags)
        .register(registry);
    labelCounter(registry, "matched", LabelStats::matched);
    labelCounter(registry, "unmatched", LabelStats::unmatched);
    labelCounter(registry, "late", LabelStats::late);
    labelCounter(registry, "expired", LabelStats::expired);
    labelCounter(registry, "evicted", LabelStats::evicted);
    labelCounter(registry, "invalid", LabelStats::invalid);
    Gauge.builder(MonitorMetricNames.DEFAULT_LABELS_PENDING, m, mon -> mon.labelStats().pending())
        .tags(tags)
        .register(registry);
    List<String> metrics =
        m.task() == ModelTask.BINARY_CLASSIFICATION
            ? BinaryClassificationResult.METRIC_NAMES
            : RegressionResult.METRIC_NAMES;
    for (String metric : metrics) {
      Gauge.builder(
              MonitorMetricNames.DEFAULT_QUALITY,
              m,
              mon -> value(mon.latestFinal(), "quality." + metric))
          .tags(tags)
          .tag("metric", metric)
          .register(registry);
    }
    if (m.task() == ModelTask.BINARY_CLASSIFICATION) {
      for (String metric : ESTIMATE_METRICS) {
        latestGauge(
            registry,
            MonitorMetricNames.DEFAULT_ESTIMATE,
            "estimate." + metric,
            Tags.of("metric", metric));
      }
    }
  }

  private void latestGauge(MeterRegistry registry, String name, String signal, Tags extra) {
    Gauge.builder(name, monitor, mon -> value(mon.latest(), signal))
        .tags(tags)
        .tags(extra)
        .register(registry);
  }

  private void verdictGauge(MeterRegistry registry, String signal, String feature) {
    Gauge.builder(
            MonitorMetricNames.DEFAULT_DRIFT_VERDICT,
            monitor,
            mon ->
                mon.latest()
                    .flatMap(s -> s.verdict(signal))
                    .map(ModelMonitorMetrics::verdictValue)
                    .orElse(Double.NaN))
        .tags(tags)
        .tag("feature", feature)
        .register(registry);
  }

  private void labelCounter(MeterRegistry registry, String outcome, ToLongFunction<LabelStats> f) {
    FunctionCounter.builder(
            MonitorMetricNames.DEFAULT_LABELS, monitor, mon -> f.applyAsLong(mon.labelStats()))
        .tags(tags)
        .tag("outcome", outcome)
        .register(registry);
  }

  private static double value(Optional<WindowSnapshot> s, String signal) {
    return s.flatMap(
            w -> {
              var v = w.value(signal);
              return v.isPresent() ? Optional.of(v.getAsDouble()) : Optional.<Double>empty();
            })
        .orElse(Double.NaN);
  }

  static double verdictValue(Verdict v) {
    return switch (v) {
      case PASS -> 0;
      case INCONCLUSIVE -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }
}
