package dev.mlops.validation.importance;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Permutation importances of a model's features, most important first.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ImportanceReport r = PermutationImportance.builder().metric("roc_auc").build()
 *     .binary(model, features, labels);
 * r.feature("age").orElseThrow().rank();
 * }</pre>
 *
 * @param metric the metric's name
 * @param higherIsBetter the metric's direction (the importance is oriented so that positive means
 *     the metric got worse without the feature)
 * @param baseline the metric on the unshuffled rows
 * @param features the importances, ranked by mean importance, highest first
 * @param repeats shuffles per feature
 * @param seed the seed the shuffles derive from
 * @param level the level of the t-intervals
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ImportanceReport(
    String metric,
    boolean higherIsBetter,
    double baseline,
    List<FeatureImportance> features,
    int repeats,
    long seed,
    double level) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public ImportanceReport {
    Objects.requireNonNull(metric, "metric");
    features = List.copyOf(features);
  }

  /**
   * Returns one feature's importance.
   *
   * @param name the column's name
   * @return the importance, or empty when the feature was not assessed
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<FeatureImportance> feature(String name) {
    Objects.requireNonNull(name, "name");
    return features.stream().filter(f -> f.feature().equals(name)).findFirst();
  }
}
