package dev.mlops.api.monitor;

import org.apiguardian.api.API;

/**
 * The state an alert notification announces: an episode starts with one {@link #FIRING} and ends
 * with one {@link #RESOLVED}, never two of the same in a row for one {@link Alert#dedupKey()}.
 *
 * <p>Immutable and thread-safe (an enum).
 *
 * <pre>{@code
 * if (alert.state() == AlertState.FIRING) { open(alert.dedupKey()); } else { close(alert.dedupKey()); }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum AlertState {
  /** The rule's condition held long enough: the episode starts. */
  FIRING,
  /** The condition cleared long enough: the episode ends. */
  RESOLVED
}
