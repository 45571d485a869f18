package dev.mlops.api.tracking;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The configuration of an {@link AsyncRunLogger}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AsyncLoggerConfig config = AsyncLoggerConfig.defaults()
 *     .withCapacity(10_000)
 *     .withBackPressure(AsyncLoggerConfig.BackPressure.BLOCK);
 * }</pre>
 *
 * @param capacity how many points the queue holds, 1 to {@value #MAX_CAPACITY}; default {@value
 *     #DEFAULT_CAPACITY}
 * @param maxBatch the most points one drain commits, 1 to {@value LogBatch#MAX_ITEMS}; default
 *     {@value #DEFAULT_MAX_BATCH}
 * @param flushInterval how long the background thread waits for a full batch before committing what
 *     it has, positive; default 100 ms
 * @param backPressure what happens when the queue is full; default {@link BackPressure#DROP_NEWEST}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record AsyncLoggerConfig(
    int capacity, int maxBatch, Duration flushInterval, BackPressure backPressure) {

  /** The default queue capacity. */
  public static final int DEFAULT_CAPACITY = 100_000;

  /** The largest queue capacity. */
  public static final int MAX_CAPACITY = 10_000_000;

  /** The default largest drain. */
  public static final int DEFAULT_MAX_BATCH = 1_000;

  /** The default flush interval. */
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

  /**
   * What {@link AsyncRunLogger#logMetric} does when the queue is full.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum BackPressure {
    /** The caller waits until the background thread has made room. Nothing is lost. */
    BLOCK,
    /**
     * The new point is dropped and counted ({@link AsyncRunLogger#dropped()}; the first drop is
     * logged as a warning). The caller never waits. The default.
     */
    DROP_NEWEST,
    /** The call throws {@link IllegalStateException}. */
    FAIL
  }

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a number or the interval is out of range
   * @throws NullPointerException if a field is null
   */
  public AsyncLoggerConfig {
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "capacity must be 1 to " + MAX_CAPACITY + ", but was " + capacity);
    }
    if (maxBatch < 1 || maxBatch > LogBatch.MAX_ITEMS) {
      throw new IllegalArgumentException(
          "maxBatch must be 1 to " + LogBatch.MAX_ITEMS + ", but was " + maxBatch);
    }
    Objects.requireNonNull(flushInterval, "flushInterval");
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException(
          "flushInterval must be positive, but was " + flushInterval);
    }
    Objects.requireNonNull(backPressure, "backPressure");
  }

  /**
   * Returns the defaults: capacity {@value #DEFAULT_CAPACITY}, batches of {@value
   * #DEFAULT_MAX_BATCH}, 100 ms, {@link BackPressure#DROP_NEWEST}.
   *
   * @return the default configuration
   */
  public static AsyncLoggerConfig defaults() {
    return new AsyncLoggerConfig(
        DEFAULT_CAPACITY, DEFAULT_MAX_BATCH, DEFAULT_FLUSH_INTERVAL, BackPressure.DROP_NEWEST);
  }

  /**
   * Returns a copy with another capacity.
   *
   * @param newCapacity the capacity
   * @return the copy
   */
  public AsyncLoggerConfig withCapacity(int newCapacity) {
    return new AsyncLoggerConfig(newCapacity, maxBatch, flushInterval, backPressure);
  }

  /**
   * Returns a copy with another largest drain.
   *
   * @param newMaxBatch the largest drain
   * @return the copy
   */
  public AsyncLoggerConfig withMaxBatch(int newMaxBatch) {
    return new AsyncLoggerConfig(capacity, newMaxBatch, flushInterval, backPressure);
  }

  /**
   * Returns a copy with another flush interval.
   *
   * @param newInterval the interval
   * @return the copy
   */
  public AsyncLoggerConfig withFlushInterval(Duration newInterval) {
    return new AsyncLoggerConfig(capacity, maxBatch, newInterval, backPressure);
  }

  /**
   * Returns a copy with another back-pressure policy.
   *
   * @param policy the policy
   * @return the copy
   */
  public AsyncLoggerConfig withBackPressure(BackPressure policy) {
    return new AsyncLoggerConfig(capacity, maxBatch, flushInterval, policy);
  }
}
