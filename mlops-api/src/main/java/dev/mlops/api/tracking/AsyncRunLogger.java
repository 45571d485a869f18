package dev.mlops.api.tracking;

import org.apiguardian.api.API;

/**
 * Logs metric points of one run from a training loop without waiting for storage: points go into a
 * bounded in-memory queue that one background thread ({@code mlops-async-logger-<n>}) drains into
 * the store, one transaction per drain.
 *
 * <p>Thread-safe: any number of threads may log. Points of one thread are stored in the order that
 * thread logged them. Memory is bounded by {@link AsyncLoggerConfig#capacity()}; when the queue is
 * full the {@link AsyncLoggerConfig.BackPressure} policy decides (default {@link
 * AsyncLoggerConfig.BackPressure#DROP_NEWEST}: the caller never waits, the point is dropped and
 * counted in {@link #dropped()}).
 *
 * <p><b>What a crash can lose.</b> A point is durable once a drain has committed it: after {@link
 * #flush()} or {@link #close()} returns, everything logged before is stored. If the process dies,
 * what was queued and not yet committed is lost: at most {@link AsyncLoggerConfig#capacity()}
 * points, and in steady state about one {@link AsyncLoggerConfig#flushInterval()} of them.
 *
 * <p><b>Failures.</b> A drain that fails (storage down, the run ended elsewhere) is logged once,
 * its points are discarded, and the failure is rethrown from the next {@link #flush()} or {@link
 * #close()} (later drains go on and may succeed). It is never lost silently.
 *
 * <pre>{@code
 * try (AsyncRunLogger log = run.async()) {
 *   for (long step = 0; step < 1_000_000; step++) {
 *     log.logMetric("loss", loss(step), step);
 *   }
 * } // flushes, then stops the thread
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AsyncRunLogger extends AutoCloseable {

  /**
   * Queues a metric point at step 0, timestamped now by the injected clock.
   *
   * @param key the key ({@link dev.mlops.api.Names#requireKey}), checked at once
   * @param value any double
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   * @throws IllegalStateException if the logger is closed, or the queue is full under {@link
   *     AsyncLoggerConfig.BackPressure#FAIL}
   */
  void logMetric(String key, double value);

  /**
   * Queues a metric point at a step, timestamped now by the injected clock. Never waits for I/O;
   * when the queue is full, acts as the back-pressure policy says.
   *
   * @param key the key, checked at once
   * @param value any double
   * @param step the step
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   * @throws IllegalStateException if the logger is closed, or the queue is full under {@link
   *     AsyncLoggerConfig.BackPressure#FAIL}
   */
  void logMetric(String key, double value, long step);

  /**
   * Waits until every point queued before this call is committed (or discarded by a failed drain).
   *
   * @throws dev.mlops.api.MlopsException the first drain failure since the last flush, if any, as
   *     the store threw it (later failures attached as suppressed); an {@link
   *     IllegalStateException} when the drain failed because the owning {@code Mlops} was closed
   * @throws IllegalStateException if interrupted while waiting (the interrupt flag is set again)
   */
  void flush();

  /**
   * Returns how many points were dropped because the queue was full.
   *
   * @return the count, 0 unless the policy is DROP_NEWEST
   */
  long dropped();

  /**
   * Flushes, then stops the background thread and waits for it to end. Idempotent; logging after it
   * throws {@link IllegalStateException}.
   *
   * @throws dev.mlops.api.MlopsException a drain failure not yet reported by {@link #flush()} (or
   *     {@link IllegalStateException}, as for {@link #flush()})
   */
  @Override
  void close();
}
