package dev.mlops.validation.schema;

import org.apiguardian.api.API;

/**
 * Options of {@link SchemaInference}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * InferenceOptions o = InferenceOptions.defaults().withTestsetRatio(0.1, 42L);
 * }</pre>
 *
 * @param maxCategories the most distinct categories for which an allowed-category constraint is
 *     suggested (default 20)
 * @param testsetRatio the share of rows held out to score suggestions, in [0, 1); 0 (the default)
 *     keeps every suggestion, as Deequ without {@code useTrainTestSplitWithTestsetRatio}
 * @param seed the seed of the held-out split
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record InferenceOptions(int maxCategories, double testsetRatio, long seed) {

  /**
   * Creates options.
   *
   * @throws IllegalArgumentException if {@code maxCategories} is negative or {@code testsetRatio}
   *     is not in [0, 1)
   */
  public InferenceOptions {
    if (maxCategories < 0) {
      throw new IllegalArgumentException("maxCategories is >= 0, but was " + maxCategories);
    }
    if (!(testsetRatio >= 0 && testsetRatio < 1)) {
      throw new IllegalArgumentException("testsetRatio lies in [0, 1), but was " + testsetRatio);
    }
  }

  /**
   * The defaults: up to 20 categories, no held-out split.
   *
   * @return the defaults
   */
  public static InferenceOptions defaults() {
    return new InferenceOptions(20, 0.0, 0L);
  }

  /**
   * Returns a copy that scores suggestions on a seeded held-out share of the rows.
   *
   * @param ratio the held-out share, in (0, 1)
   * @param splitSeed the seed of the split
   * @return the copy
   * @throws IllegalArgumentException if {@code ratio} is not in [0, 1)
   */
  public InferenceOptions withTestsetRatio(double ratio, long splitSeed) {
    return new InferenceOptions(maxCategories, ratio, splitSeed);
  }

  /**
   * Returns a copy with another category limit.
   *
   * @param value the most distinct categories for an allowed-category constraint
   * @return the copy
   * @throws IllegalArgumentException if {@code value} is negative
   */
  public InferenceOptions withMaxCategories(int value) {
    return new InferenceOptions(value, testsetRatio, seed);
  }
}
