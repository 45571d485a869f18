package dev.mlops.monitoring;

import dev.mlops.validation.profile.Profile;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The mergeable state of one closed window of one monitor: the window's profile accumulator (KLL
 * sketches, moments, category counts), its latency histogram and counters. Per-instance monitors of
 * one model version (several replicas of a service) combine into one view by merging the states of
 * the same window and summarizing the result with {@link ModelMonitor#snapshotOf(WindowState)}.
 *
 * <p>Immutable and thread-safe: {@link #merge(WindowState)} returns a new state and leaves both
 * inputs unchanged. Merging is associative and commutative: exactly for counts and the latency
 * histogram, within the KLL sketches' stated error for quantiles.
 *
 * <pre>{@code
 * WindowState a = replicaA.latest().flatMap(WindowSnapshot::state).orElseThrow();
 * WindowState b = replicaB.latest().flatMap(WindowSnapshot::state).orElseThrow();
 * WindowSnapshot both = replicaA.snapshotOf(a.merge(b));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WindowState {

  /** Sketches cache sorted views on reads; one lock serializes every read and merge of states. */
  static final Object LOCK = new Object();

  private final Instant windowStart;
  private final Instant windowEnd;
  private final Pane pane;

  WindowState(Instant windowStart, Instant windowEnd, Pane pane) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.pane = pane;
  }

  Pane pane() {
    return pane;
  }

  /**
   * Returns the window start.
   *
   * @return the start, inclusive
   */
  public Instant windowStart() {
    return windowStart;
  }

  /**
   * Returns the window end.
   *
   * @return the end, exclusive
   */
  public Instant windowEnd() {
    return windowEnd;
  }

  /**
   * Returns the number of predictions recorded in the window.
   *
   * @return the count
   */
  public long count() {
    return pane.count;
  }

  /**
   * Returns the number of failed requests in the window.
   *
   * @return the count
   */
  public long errors() {
    return pane.errors;
  }

  /**
   * Returns the window's profile: features and the prediction column.
   *
   * @return a new profile
   */
  public Profile profile() {
    synchronized (LOCK) {
      return pane.profile.toProfile();
    }
  }

  /**
   * Merges two states of the same window.
   *
   * @param other the other state, of the same window bounds and the same features
   * @return a new state holding both
   * @throws IllegalArgumentException if the bounds or the features differ, or {@code other} is this
   *     state
   * @throws NullPointerException if {@code other} is null
   */
  public WindowState merge(WindowState other) {
    Objects.requireNonNull(other, "other");
    if (other == this) {
      throw new IllegalArgumentException("cannot merge a window state with itself");
    }
    if (!windowStart.equals(other.windowStart) || !windowEnd.equals(other.windowEnd)) {
      throw new IllegalArgumentException(
          "window states of "
              + windowStart
              + ".."
              + windowEnd
              + " and "
              + other.windowStart
              + ".."
              + other.windowEnd
              + " are different windows");
    }
    synchronized (LOCK) {
      Pane m = new Pane(pane.index, pane.profile);
      m.mergeFrom(pane);
      m.mergeFrom(other.pane);
      return new WindowState(windowStart, windowEnd, m);
    }
  }

  @Override
  public String toString() {
    return "WindowState[" + windowStart + ".." + windowEnd + ", " + pane.count + " predictions]";
  }
}
