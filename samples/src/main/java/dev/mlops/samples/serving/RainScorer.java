package dev.mlops.samples.serving;

import java.util.List;

/**
 * The tiny model the server scores with: the probability of rain from a day's precipitation (mm)
 * and its temperature range (degrees C), a logistic function with fixed coefficients: {@code p = 1
 * / (1 + exp(-(-1 + 2 precipitation - 0.15 (temp_max - temp_min))))}. Wind is a feature the monitor
 * watches but the model ignores.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * double p = RainScorer.score(new double[] {0.0, 10.0, 5.0, 3.2}); // 0.148
 * }</pre>
 *
 * @since 0.1
 */
public final class RainScorer {
  /** The features, in the order {@link #score} and the monitor take them. */
  public static final List<String> FEATURES =
      List.of("precipitation", "temp_max", "temp_min", "wind");

  private RainScorer() {}

  /**
   * Scores one day.
   *
   * @param features precipitation, temp_max, temp_min and wind, finite
   * @return the probability of rain
   * @throws IllegalArgumentException if there are not 4 finite features
   */
  public static double score(double[] features) {
    if (features.length != FEATURES.size()) {
      throw new IllegalArgumentException(
          "expected the " + FEATURES.size() + " features " + FEATURES + ", got " + features.length);
    }
    for (int i = 0; i < features.length; i++) {
      if (!Double.isFinite(features[i])) {
        throw new IllegalArgumentException(
            FEATURES.get(i) + " must be a finite number, but was " + features[i]);
      }
    }
    double z = -1 + 2 * features[0] - 0.15 * (features[1] - features[2]);
    return 1 / (1 + Math.exp(-z));
  }
}
