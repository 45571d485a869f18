package dev.mlops.api.tracking;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One value of a metric series. Any double is accepted, NaN and the infinities included, and keeps
 * its class through every backend. Equality compares values as {@link Double#compare} does, so NaN
 * equals NaN and 0.0 differs from -0.0. A key has many points; the latest is the one with the
 * greatest step, then the latest timestamp, then the last inserted.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * MetricPoint p = new MetricPoint("train/loss", 0.31, 12, clock.instant());
 * }</pre>
 *
 * @param key the metric key ({@link Names#requireKey})
 * @param value the value
 * @param step the step (e.g. epoch), any long
 * @param timestamp when it was measured, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record MetricPoint(String key, double value, long step, Instant timestamp) {
  /**
   * Validates the key.
   *
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  public MetricPoint {
    Names.requireKey(key, "metric key");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
