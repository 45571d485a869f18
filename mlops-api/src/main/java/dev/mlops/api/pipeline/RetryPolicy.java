package dev.mlops.api.pipeline;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How often a failing step is tried and how long the engine waits between attempts: attempt {@code
 * n + 1} waits {@code backoff * multiplier^(n - 1)}, capped at {@code maxBackoff}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.exponential(4, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));
 * p.backoffBefore(3); // PT2S
 * }</pre>
 *
 * @param maxAttempts how many attempts in all, at least 1
 * @param backoff the wait before the second attempt, not negative
 * @param multiplier how much each further wait grows, at least 1
 * @param maxBackoff the longest wait, at least {@code backoff}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RetryPolicy(
    int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {

  /** The most attempts a policy allows. */
  public static final int MAX_ATTEMPTS = 100;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if a field is out of range
   */
  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException(
          "maxAttempts must be between 1 and " + MAX_ATTEMPTS + ", but was " + maxAttempts);
    }
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative, but was " + backoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be finite and at least 1, but was " + multiplier);
    }
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " must not be shorter than backoff " + backoff);
    }
  }

  /**
   * One attempt, no retry (the default of every step).
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /**
   * A fixed wait between attempts.
   *
   * @param maxAttempts attempts in all
   * @param backoff the wait
   * @return the policy
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static RetryPolicy fixed(int maxAttempts, Duration backoff) {
    return new RetryPolicy(maxAttempts, backoff, 1.0, backoff);
  }

  /**
   * A growing wait between attempts.
   *
   * @param maxAttempts attempts in all
   * @param backoff the first wait
   * @param multiplier the growth factor
   * @param maxBackoff the cap
   * @return the policy
   * @throws IllegalArgumentException if an argument is out of range
   */
  public static RetryPolicy exponential(
      int maxAttempts, Duration backoff, double multiplier, Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, backoff, multiplier, maxBackoff);
  }

  /**
   * Returns the wait before an attempt.
   *
   * @param attempt the attempt about to start, 2 to {@link #maxAttempts()}
   * @return the wait
   * @throws IllegalArgumentException if {@code attempt} is out of range
   */
  public Duration backoffBefore(int attempt) {
    if (attempt < 2 || attempt > maxAttempts) {
      throw new IllegalArgumentException(
          "attempt must be between 2 and " + maxAttempts + ", but was " + attempt);
    }
    double nanos = backoff.toNanos() * Math.pow(multiplier, attempt - 2.0);
    return nanos >= maxBackoff.toNanos() ? maxBackoff : Duration.ofNanos((long) nanos);
  }
}
