package dev.mlops.validation.metrics;

import org.apiguardian.api.API;

/**
 * Which intervals to compute: the confidence level, the number of bootstrap resamples and the
 * bootstrap seed. {@link #none()} switches intervals off; {@link #defaults()} is level 0.95, 1,000
 * resamples and the seed {@value #DEFAULT_SEED}.
 *
 * <p>Immutable and thread-safe. The same spec and data give the same intervals on every run and
 * every thread.
 *
 * <pre>{@code
 * IntervalSpec overall = IntervalSpec.defaults();
 * IntervalSpec perSlice = overall.withLevel(1 - 0.05 / sliceCount); // Bonferroni
 * }</pre>
 *
 * @param level the confidence level in (0, 1); 0 only in {@link #none()}
 * @param resamples bootstrap resamples; 0 computes the closed-form intervals (Wilson, DeLong) only
 * @param seed the bootstrap seed, reported with the result
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IntervalSpec(double level, int resamples, long seed) {
  /** Default confidence level: 0.95. */
  public static final double DEFAULT_LEVEL = 0.95;

  /** Default number of bootstrap resamples: 1,000. */
  public static final int DEFAULT_RESAMPLES = 1000;

  /** Default bootstrap seed. */
  public static final long DEFAULT_SEED = 20_260_101L;

  private static final IntervalSpec NONE = new IntervalSpec(0, 0, 0);

  /**
   * Validates the spec.
   *
   * @throws IllegalArgumentException if the level is not in (0, 1) (or 0 with 0 resamples, which is
   *     {@link #none()}), or resamples is negative
   */
  public IntervalSpec {
    if (resamples < 0) {
      throw new IllegalArgumentException("resamples must not be negative, but was " + resamples);
    }
    boolean off = level == 0 && resamples == 0;
    if (!off && !(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
    }
  }

  /**
   * No intervals: point metrics only.
   *
   * @return the spec that switches intervals off
   */
  public static IntervalSpec none() {
    return NONE;
  }

  /**
   * Level 0.95, 1,000 resamples, seed {@value #DEFAULT_SEED}.
   *
   * @return the default spec
   */
  public static IntervalSpec defaults() {
    return new IntervalSpec(DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  /**
   * Tells whether intervals are computed at all.
   *
   * @return false only for {@link #none()}
   */
  public boolean enabled() {
    return level > 0;
  }

  /**
   * Returns this spec at another level (for Bonferroni: {@code 1 - 0.05 / k}).
   *
   * @param newLevel the level in (0, 1)
   * @return the new spec; resamples default to 1,000 when this spec was {@link #none()}
   * @throws IllegalArgumentException if the level is not in (0, 1)
   */
  public IntervalSpec withLevel(double newLevel) {
    return new IntervalSpec(
        newLevel, enabled() ? resamples : DEFAULT_RESAMPLES, enabled() ? seed : DEFAULT_SEED);
  }

  /**
   * Returns this spec with another number of resamples.
   *
   * @param newResamples the resamples, at least 0
   * @return the new spec (level 0.95 when this spec was {@link #none()})
   * @throws IllegalArgumentException if newResamples is negative
   */
  public IntervalSpec withResamples(int newResamples) {
    return new IntervalSpec(
        enabled() ? level : DEFAULT_LEVEL, newResamples, enabled() ? seed : DEFAULT_SEED);
  }

  /**
   * Returns this spec with another seed.
   *
   * @param newSeed the seed
   * @return the new spec (level 0.95 and 1,000 resamples when this spec was {@link #none()})
   */
  public IntervalSpec withSeed(long newSeed) {
    return new IntervalSpec(
        enabled() ? level : DEFAULT_LEVEL, enabled() ? resamples : DEFAULT_RESAMPLES, newSeed);
  }

  /** The two-sided normal quantile z with P(|Z| <= z) = level. */
  double z() {
    return Stats.zForLevel(level);
  }
}
