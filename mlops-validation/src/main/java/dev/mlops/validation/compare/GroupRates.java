package dev.mlops.validation.compare;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The rates of one group of a protected attribute.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (GroupRates g : report.groups()) {
 *   System.out.println(g.group() + ": " + g.positiveRate().value());
 * }
 * }</pre>
 *
 * @param group the group's name
 * @param n rows in the group
 * @param positiveRate predicted positives over rows (the demographic parity rate)
 * @param truePositiveRate predicted positives over rows labelled positive (the equal opportunity
 *     rate); undefined when the group has no positive label
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GroupRates(String group, int n, Rate positiveRate, Rate truePositiveRate) {
  /**
   * Validates the group.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public GroupRates {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(positiveRate, "positiveRate");
    Objects.requireNonNull(truePositiveRate, "truePositiveRate");
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
  }
}
