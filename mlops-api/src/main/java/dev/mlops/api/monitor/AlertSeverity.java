package dev.mlops.api.monitor;

import org.apiguardian.api.API;

/**
 * How urgent an alert is, from {@link #INFO} to {@link #CRITICAL}; sinks use it to route (log
 * level, channel, paging).
 *
 * <p>Immutable and thread-safe (an enum). Declared from least to most severe, so {@code
 * a.compareTo(b) > 0} means {@code a} is more severe.
 *
 * <pre>{@code
 * if (alert.severity().compareTo(AlertSeverity.WARNING) >= 0) { page(alert); }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum AlertSeverity {
  /** Worth recording; nobody needs to act. */
  INFO,
  /** Someone should look during working hours. */
  WARNING,
  /** Someone should act now. */
  CRITICAL
}
