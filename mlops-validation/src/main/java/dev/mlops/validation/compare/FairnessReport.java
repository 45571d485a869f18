package dev.mlops.validation.compare;

import dev.mlops.validation.metrics.MetricValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Fairness of binary predictions across the groups of a protected attribute (see {@link Fairness}
 * for the definitions and the intervals).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * FairnessReport r = Fairness.fromTable(table, "sex", labels, predictions)
 *     .assess(IntervalSpec.defaults());
 * MetricValue dpd = r.demographicParityDifference();
 * }</pre>
 *
 * @param attribute the protected attribute's name
 * @param groups the per-group rates, in ascending order of group name
 * @param demographicParityDifference {@code demographic_parity_difference}: max - min of the
 *     positive rate over the groups with rows
 * @param equalOpportunityDifference {@code equal_opportunity_difference}: max - min of the true
 *     positive rate over the groups with a positive label
 * @param disparateImpactRatio {@code disparate_impact_ratio}: min / max of the positive rate
 * @param level the interval level, 0 when no intervals were asked for
 * @param resamples bootstrap resamples behind the three intervals
 * @param seed the bootstrap seed
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FairnessReport(
    String attribute,
    List<GroupRates> groups,
    MetricValue demographicParityDifference,
    MetricValue equalOpportunityDifference,
    MetricValue disparateImpactRatio,
    double level,
    int resamples,
    long seed) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   */
  public FairnessReport {
    Objects.requireNonNull(attribute, "attribute");
    groups = List.copyOf(groups);
    Objects.requireNonNull(demographicParityDifference, "demographicParityDifference");
    Objects.requireNonNull(equalOpportunityDifference, "equalOpportunityDifference");
    Objects.requireNonNull(disparateImpactRatio, "disparateImpactRatio");
  }

  /**
   * Returns one group's rates.
   *
   * @param name the group's name
   * @return its rates, or empty when no group has that name
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<GroupRates> group(String name) {
    Objects.requireNonNull(name, "name");
    return groups.stream().filter(g -> g.group().equals(name)).findFirst();
  }

  /**
   * Returns the three fairness metrics, in the order demographic parity difference, equal
   * opportunity difference, disparate impact ratio.
   *
   * @return the metrics
   */
  public List<MetricValue> metrics() {
    return List.of(demographicParityDifference, equalOpportunityDifference, disparateImpactRatio);
  }
}
