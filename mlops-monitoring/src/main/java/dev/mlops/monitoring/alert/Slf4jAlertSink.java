package dev.mlops.monitoring.alert;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.spi.AlertSink;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AlertSinks#slf4j()}: logs alerts. Thread-safe. */
final class Slf4jAlertSink implements AlertSink {
  private final Logger log;
  private final String name;

  Slf4jAlertSink(String loggerName) {
    this.log = LoggerFactory.getLogger(loggerName);
    this.name = AlertSinks.DEFAULT_LOGGER.equals(loggerName) ? "slf4j" : "slf4j:" + loggerName;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    String format = "[{} {}] {} (key {})";
    if (alert.state() == AlertState.RESOLVED) {
      log.info(format, alert.state(), alert.severity(), alert.message(), alert.dedupKey());
      return;
    }
    switch (alert.severity()) {
      case CRITICAL ->
          log.error(format, alert.state(), alert.severity(), alert.message(), alert.dedupKey());
      case WARNING ->
          log.warn(format, alert.state(), alert.severity(), alert.message(), alert.dedupKey());
      case INFO ->
          log.info(format, alert.state(), alert.severity(), alert.message(), alert.dedupKey());
    }
  }
}
