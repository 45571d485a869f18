package dev.mlops.monitoring.alert;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Delivery counts of one alert sink or retraining trigger of an {@link AlertEngine}, since the
 * engine was built.
 *
 * <p>Immutable and thread-safe (a record); a snapshot of counters that keep moving. Every alert
 * offered to a target ends in exactly one of delivered, dropped, failed or timed out, or is still
 * pending (queued or being sent).
 *
 * <pre>{@code
 * for (DeliveryStats s : engine.deliveryStats()) {
 *   if (s.failed() + s.timedOut() + s.dropped() > 0) { log.warn("alert delivery problems: {}", s); }
 * }
 * }</pre>
 *
 * @param target the sink's name, or {@code retrain:<rule>} for a rule's retraining trigger
 * @param delivered sends that returned normally
 * @param dropped alerts not queued: the queue was full, or the engine was closed
 * @param failed sends that threw
 * @param timedOut sends that did not return within the send timeout (the sending thread is then
 *     interrupted)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeliveryStats(
    String target, long delivered, long dropped, long failed, long timedOut) {

  /**
   * Validates.
   *
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if a count is negative
   */
  public DeliveryStats {
    Objects.requireNonNull(target, "target");
    if (delivered < 0 || dropped < 0 || failed < 0 || timedOut < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
