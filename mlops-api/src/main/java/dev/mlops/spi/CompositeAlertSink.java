package dev.mlops.spi;

import dev.mlops.api.monitor.Alert;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** {@link AlertSink#composite}: sends to each sink in order. Thread-safe if its sinks are. */
final class CompositeAlertSink implements AlertSink {
  private final List<AlertSink> sinks;

  CompositeAlertSink(List<AlertSink> sinks) {
    this.sinks = sinks;
  }

  @Override
  public String name() {
    return sinks.stream().map(AlertSink::name).collect(Collectors.joining(",", "composite(", ")"));
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    @Nullable RuntimeException first = null;
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
      } catch (RuntimeException e) {
        first = addTo(first, e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public void close() {
    @Nullable RuntimeException first = null;
    for (AlertSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        first = addTo(first, e);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException addTo(@Nullable RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
