package dev.mlops.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * An {@link InstantSource} whose time moves only when a test tells it to, so that every timestamp a
 * test produces is known in advance and every run of the test is the same.
 *
 * <p>Thread-safe: the current instant is held in an {@link AtomicReference}, so threads may read
 * and move it concurrently; {@link #advance} never loses a step to a concurrent one.
 *
 * <pre>{@code
 * ManualClock clock = ManualClock.of(Instant.parse("2026-01-01T00:00:00Z"));
 * InstantSource time = clock;                        // hand it to the code under test
 * Instant t0 = clock.instant();                      // 2026-01-01T00:00:00Z, until told otherwise
 * Instant t1 = clock.advance(Duration.ofMinutes(5)); // 2026-01-01T00:05:00Z
 * clock.set(Instant.parse("2026-02-01T00:00:00Z"));  // jump, forwards or backwards
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class ManualClock implements InstantSource {
  private final AtomicReference<Instant> now;

  private ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /**
   * Creates a clock that stands at an instant.
   *
   * @param start the initial instant
   * @return the clock
   * @throws NullPointerException if {@code start} is null
   */
  public static ManualClock of(Instant start) {
    return new ManualClock(Objects.requireNonNull(start, "start"));
  }

  /**
   * Returns the current instant; it changes only through {@link #advance} and {@link #set}.
   *
   * @return the current instant
   */
  @Override
  public Instant instant() {
    return now.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param step how far; zero leaves the clock where it is
   * @return the new current instant
   * @throws NullPointerException if {@code step} is null
   * @throws IllegalArgumentException if {@code step} is negative (use {@link #set} to go back)
   */
  public Instant advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException(
          "step must not be negative, but was " + step + "; use set(Instant) to go back");
    }
    return now.updateAndGet(t -> t.plus(step));
  }

  /**
   * Sets the clock to an instant, forwards or backwards.
   *
   * @param instant the new current instant
   * @throws NullPointerException if {@code instant} is null
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public String toString() {
    return "ManualClock[" + now.get() + "]";
  }
}
