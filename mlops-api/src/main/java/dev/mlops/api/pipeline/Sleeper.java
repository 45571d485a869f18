package dev.mlops.api.pipeline;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * Waits between retry attempts. The engine never sleeps by itself: tests pass a sleeper that
 * advances a manual clock instead of waiting.
 *
 * <p>Implementations must be thread-safe: steps retry on many threads at once.
 *
 * <pre>{@code
 * Sleeper recording = d -> clock.advance(d); // no real wait in tests
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Sleeper {

  /**
   * Waits.
   *
   * @param duration how long; zero returns at once
   * @throws InterruptedException if the thread is interrupted (the run was cancelled)
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * Returns the sleeper that blocks the thread ({@link Thread#sleep(long, int)}).
   *
   * @return the real sleeper
   */
  static Sleeper system() {
    return d -> {
      if (!d.isZero()) {
        Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
      }
    };
  }
}
