package dev.mlops.monitoring.alert;

import dev.mlops.api.monitor.Alert;
import dev.mlops.spi.AlertSink;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The built-in alert sinks: SLF4J, a callback, and a webhook.
 *
 * <p>Stateless and thread-safe; every method returns a new sink. The sinks are thread-safe; hand
 * them to an {@link AlertEngine}, which calls them off the evaluating thread.
 *
 * <pre>{@code
 * AlertEngine engine = AlertEngine.builder()
 *     .rule(AlertRules.driftFailFor(2))
 *     .sink(AlertSinks.slf4j())
 *     .sink(AlertSinks.callback("tickets", alert -> tickets.upsert(alert.dedupKey(), alert)))
 *     .sink(AlertSinks.webhook(URI.create("https://hooks.example.com/ml"))
 *         .allowHost("hooks.example.com").build())
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AlertSinks {
  /** The logger name of {@link #slf4j()}. */
  public static final String DEFAULT_LOGGER = "dev.mlops.monitoring.alerts";

  private AlertSinks() {}

  /**
   * Returns a sink that logs every alert to the SLF4J logger {@value #DEFAULT_LOGGER}: FIRING at
   * ERROR (CRITICAL), WARN (WARNING) or INFO (INFO), RESOLVED at INFO, with the de-duplication key
   * and the message. Named {@code slf4j}; closing it does nothing, and it keeps logging after.
   *
   * @return the sink
   */
  public static AlertSink slf4j() {
    return new Slf4jAlertSink(DEFAULT_LOGGER);
  }

  /**
   * Returns a sink that logs to the given SLF4J logger, as {@link #slf4j()} does.
   *
   * @param loggerName the logger name
   * @return the sink, named {@code slf4j:<loggerName>}
   * @throws IllegalArgumentException if {@code loggerName} is blank
   */
  public static AlertSink slf4j(String loggerName) {
    Objects.requireNonNull(loggerName, "loggerName");
    if (loggerName.isBlank()) {
      throw new IllegalArgumentException("loggerName must not be blank");
    }
    return new Slf4jAlertSink(loggerName);
  }

  /**
   * Returns a sink named {@code callback} that hands every alert to a consumer.
   *
   * @param consumer the consumer; must be thread-safe
   * @return the sink
   */
  public static AlertSink callback(Consumer<? super Alert> consumer) {
    return new CallbackAlertSink("callback", consumer);
  }

  /**
   * Returns a named sink that hands every alert to a consumer, on the calling thread (the engine's
   * delivery thread for this sink). After {@link AlertSink#close()} a send throws {@link
   * IllegalStateException}.
   *
   * @param name the sink's name, not blank
   * @param consumer the consumer; must be thread-safe
   * @return the sink
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static AlertSink callback(String name, Consumer<? super Alert> consumer) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a sink name must not be blank");
    }
    return new CallbackAlertSink(name, consumer);
  }

  /**
   * Starts a webhook sink that POSTs every alert as JSON ({@link AlertJson}) to an endpoint; the
   * endpoint's host must be put on the allow-list with {@link WebhookAlertSink.Builder#allowHost}.
   *
   * @param endpoint the http or https URL
   * @return a builder
   * @see WebhookAlertSink
   */
  public static WebhookAlertSink.Builder webhook(URI endpoint) {
    return WebhookAlertSink.builder(endpoint);
  }
}
