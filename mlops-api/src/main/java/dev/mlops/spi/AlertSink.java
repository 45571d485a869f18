package dev.mlops.spi;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertDeliveryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where alert notifications go: a log, a callback, a webhook, a pager. A framework author adds a
 * sink by implementing this interface; {@code AlertSinkCompatibilityKit} in {@code mlops-testkit}
 * checks the contract.
 *
 * <p>Implementations must be thread-safe: {@link #send} may be called from several threads at once.
 * {@code send} delivers one alert and returns when it is delivered (or handed to a transport that
 * owns it); it may block (network I/O) and may throw: a failure to deliver throws {@link
 * AlertDeliveryException} (or any runtime exception). The alert engine never calls a sink on the
 * thread that evaluates rules: it queues alerts per sink on a daemon thread, bounds the time of a
 * send, and counts drops, failures and timeouts. {@link #close()} releases what the sink holds; it
 * is idempotent, and a {@code send} after it throws {@link IllegalStateException} or does nothing
 * (the implementation says which).
 *
 * <pre>{@code
 * AlertSink toChat = new AlertSink() {
 *   public String name() { return "chat"; }
 *   public void send(Alert alert) { chat.post("#ml-alerts", alert.message()); }
 * };
 * AlertSink both = AlertSink.composite(toChat, AlertSink.noop());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface AlertSink extends AutoCloseable {

  /**
   * Returns the sink's name, used in logs and delivery counts, e.g. {@code webhook:alerts.example}.
   * The default is the simple class name.
   *
   * @return the name, not blank
   */
  default String name() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }

  /**
   * Delivers an alert.
   *
   * @param alert the alert
   * @throws AlertDeliveryException if the alert could not be delivered
   * @throws IllegalStateException if the sink is closed and refuses sends
   * @throws NullPointerException if {@code alert} is null
   */
  void send(Alert alert);

  /** Releases what the sink holds. Idempotent. The default does nothing. */
  @Override
  default void close() {}

  /**
   * Returns a sink that drops every alert.
   *
   * @return the no-op sink
   */
  static AlertSink noop() {
    return NoopAlertSink.INSTANCE;
  }

  /**
   * Returns a sink that sends every alert to each sink in order. A sink that throws does not keep
   * the others from getting the alert; the first exception is rethrown after all were tried, with
   * the others suppressed. Closing it closes each sink. With no sink it is {@link #noop()}; with
   * one, that sink.
   *
   * @param sinks the sinks
   * @return the composite
   * @throws NullPointerException if a sink is null
   */
  static AlertSink composite(AlertSink... sinks) {
    Objects.requireNonNull(sinks, "sinks");
    List<AlertSink> list = new ArrayList<>();
    for (AlertSink sink : sinks) {
      list.add(Objects.requireNonNull(sink, "sink"));
    }
    if (list.isEmpty()) {
      return noop();
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    return new CompositeAlertSink(List.copyOf(list));
  }
}
