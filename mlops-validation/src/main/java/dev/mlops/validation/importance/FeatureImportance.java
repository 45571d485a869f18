package dev.mlops.validation.importance;

import dev.mlops.validation.metrics.Interval;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The permutation importance of one feature: how much the metric gets worse when the feature's
 * column is shuffled, positive when the model relies on it.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * FeatureImportance top = report.features().get(0);
 * System.out.println(top.feature() + " " + top.mean() + " " + top.interval());
 * }</pre>
 *
 * @param feature the column's name
 * @param rank 1 for the most important feature
 * @param mean the mean importance over the repeats
 * @param interval the t-interval of the mean, when there are at least two repeats
 * @param repeats the importance of each repeat, in the order they ran
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FeatureImportance(
    String feature, int rank, double mean, Optional<Interval> interval, List<Double> repeats) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the rank is below 1 or there are no repeats
   */
  public FeatureImportance {
    Objects.requireNonNull(feature, "feature");
    Objects.requireNonNull(interval, "interval");
    repeats = List.copyOf(repeats);
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1, was " + rank);
    }
    if (repeats.isEmpty()) {
      throw new IllegalArgumentException("an importance needs at least one repeat");
    }
  }
}
