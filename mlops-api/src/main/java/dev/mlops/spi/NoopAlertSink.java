package dev.mlops.spi;

import dev.mlops.api.monitor.Alert;
import java.util.Objects;

/** {@link AlertSink#noop()}: drops every alert. Stateless and thread-safe. */
final class NoopAlertSink implements AlertSink {
  static final NoopAlertSink INSTANCE = new NoopAlertSink();

  private NoopAlertSink() {}

  @Override
  public String name() {
    return "noop";
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
  }
}
