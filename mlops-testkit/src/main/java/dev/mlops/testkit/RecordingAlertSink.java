package dev.mlops.testkit;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.spi.AlertSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * An {@link AlertSink} that records every alert it is sent, for tests of code that raises alerts.
 *
 * <p>Thread-safe: sends from any thread are recorded in the order they arrive; readers get
 * snapshots. {@link #await(int, Duration)} waits (without polling) until enough alerts arrived, for
 * alerts delivered on another thread. After {@link #close()} a send throws {@link
 * IllegalStateException} and records nothing; close is idempotent.
 *
 * <pre>{@code
 * RecordingAlertSink alerts = RecordingAlertSink.create();
 * AlertEngine engine = AlertEngine.builder().rule(rule).sink(alerts).build();
 * engine.evaluate(window1);
 * engine.evaluate(window2);
 * assertThat(alerts.await(1, Duration.ofSeconds(5))).isTrue();
 * assertThat(alerts.alerts(AlertState.FIRING)).hasSize(1);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RecordingAlertSink implements AlertSink {
  private final String name;
  private final Object lock = new Object();
  private final List<Alert> alerts = new ArrayList<>();
  private boolean closed;
  private int closeCalls;

  private RecordingAlertSink(String name) {
    this.name = name;
  }

  /**
   * Returns a new empty sink named {@code recording}.
   *
   * @return the sink
   */
  public static RecordingAlertSink create() {
    return new RecordingAlertSink("recording");
  }

  /**
   * Returns a new empty sink with a name (to put several in one engine).
   *
   * @param name the name, not blank
   * @return the sink
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static RecordingAlertSink named(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a sink name must not be blank");
    }
    return new RecordingAlertSink(name);
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Records the alert.
   *
   * @param alert the alert
   * @throws IllegalStateException if the sink is closed
   */
  @Override
  public void send(Alert alert) {
    Objects.requireNonNull(alert, "alert");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("alert sink '" + name + "' is closed");
      }
      alerts.add(alert);
      lock.notifyAll();
    }
  }

  /**
   * Returns every alert recorded, in arrival order.
   *
   * @return a snapshot
   */
  public List<Alert> alerts() {
    synchronized (lock) {
      return List.copyOf(alerts);
    }
  }

  /**
   * Returns the alerts of one state, in arrival order.
   *
   * @param state FIRING or RESOLVED
   * @return a snapshot
   */
  public List<Alert> alerts(AlertState state) {
    Objects.requireNonNull(state, "state");
    return alerts().stream().filter(a -> a.state() == state).toList();
  }

  /**
   * Waits until at least {@code count} alerts were recorded.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return true if they arrived, false on timeout
   * @throws IllegalArgumentException if {@code count} is negative
   * @throws IllegalStateException if the waiting thread is interrupted (its interrupt status is
   *     kept)
   */
  public boolean await(int count, Duration timeout) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, but was " + count);
    }
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (alerts.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for alerts", e);
        }
      }
      return true;
    }
  }

  /** Forgets every recorded alert. */
  public void clear() {
    synchronized (lock) {
      alerts.clear();
    }
  }

  /**
   * Returns whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Returns how many times {@link #close()} was called (to check that an owner closes it once).
   *
   * @return the count
   */
  public int closeCalls() {
    synchronized (lock) {
      return closeCalls;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      closeCalls++;
    }
  }
}
