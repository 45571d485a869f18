package dev.mlops.monitoring.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSpec;
import dev.mlops.validation.profile.Profiler;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ModelMonitorMetricsTest {

  @Test
  @DisplayName(
      "golden and model signals appear as mlops.monitor.* meters tagged with model and version")
  void meters() {
    AtomicLong now = new AtomicLong(1_700_000_000_000L);
    InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    ModelMonitor m =
        ModelMonitor.builder("churn", 3)
            .numericFeatures("a")
            .reference(Profiler.profile(Table.of(NumericColumn.of("a", 1, 2, 3, 4, 5))))
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .labelMaturity(Duration.ZERO)
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ModelMonitorMetrics(m).bindTo(registry);

    assertThat(registry.get("mlops.monitor.latency").tag("quantile", "0.99").gauge().value())
        .isNaN(); // no window yet
    long a = m.record(new double[] {1}, 0.9, 2_000_000); // 2 ms
    m.record(new double[] {2}, 0.2, 4_000_000, true);
    m.recordOutcome(a, 1);
    m.recordOutcome(12345, 1);
    m.begin();
    now.addAndGet(1_000);
    m.advance();

    assertThat(registry.getMeters())
        .extracting(Meter::getId)
        .allSatisfy(
            id -> {
              assertThat(id.getName()).startsWith("mlops.monitor.");
              assertThat(id.getTag("model")).isEqualTo("churn");
              assertThat(id.getTag("version")).isEqualTo("3");
            });
    assertThat(registry.get("mlops.monitor.predictions").functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("mlops.monitor.errors").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("mlops.monitor.errors.ratio").gauge().value()).isEqualTo(0.5);
    assertThat(registry.get("mlops.monitor.traffic.rate").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("mlops.monitor.in_flight").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("mlops.monitor.latency").tag("quantile", "1.0").gauge().value())
        .isCloseTo(0.004, within(0.004 / 128));
    assertThat(registry.get("mlops.monitor.drift.verdict").tag("feature", "a").gauge().value())
        .isEqualTo(1.0); // INCONCLUSIVE: one value in the window
    assertThat(registry.get("mlops.monitor.drift").tag("feature", "a").gauge().value())
        .isGreaterThanOrEqualTo(0.0);
    assertThat(
            registry
                .get("mlops.monitor.labels")
                .tag("outcome", "matched")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("mlops.monitor.labels")
                .tag("outcome", "unmatched")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("mlops.monitor.labels.coverage").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("mlops.monitor.quality").tag("metric", "accuracy").gauge().value())
        .isEqualTo(1.0);
    assertThat(registry.get("mlops.monitor.estimate").tag("metric", "accuracy").gauge().value())
        .isNaN(); // coverage 1 >= 0.8: the closed window carries no estimate
  }
}
