package dev.mlops.monitoring.alert;

import dev.mlops.api.monitor.Alert;
import dev.mlops.spi.AlertSink;
import java.util.Objects;
import java.util.function.Consumer;

/** {@link AlertSinks#callback}: hands alerts to a consumer. Thread-safe if the consumer is. */
final class CallbackAlertSink implements AlertSink {
  private final String name;
  private final Consumer<? super Alert> consumer;
  private volatile boolean closed;

  CallbackAlertSink(String name, Consumer<? super Alert> consumer) {
    this.name = name;
    this.consumer = Objects.requireNonNull(consumer, "consumer");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    if (closed) {
      throw new IllegalStateException("alert sink '" + name + "' is closed");
    }
    consumer.accept(alert);
  }

  @Override
  public void close() {
    closed = true;
  }
}
