package dev.mlops.validation.anomaly;

import dev.mlops.api.Verdict;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Whether a new metric value is an anomaly: the bounds it was held to and a verdict.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * AnomalyResult r = AnomalyStrategy.onlineNormal(3, 3).check(history, today);
 * if (r.verdict() == Verdict.FAIL) { ... r.lower() ... r.upper() ... }
 * }</pre>
 *
 * @param strategy the strategy's name: {@code absolute_change}, {@code relative_change} or {@code
 *     online_normal}
 * @param value the new value
 * @param lower the smallest accepted value (may be -infinity); NaN when inconclusive
 * @param upper the greatest accepted value (may be +infinity); NaN when inconclusive
 * @param verdict {@link Verdict#PASS} when lower &lt;= value &lt;= upper, {@link Verdict#FAIL}
 *     outside, {@link Verdict#INCONCLUSIVE} when the history cannot decide
 * @param detail the reason, in words
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record AnomalyResult(
    String strategy, double value, double lower, double upper, Verdict verdict, String detail) {

  /**
   * Creates a result.
   *
   * @throws NullPointerException if a component is null
   */
  public AnomalyResult {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * Returns whether the value is an anomaly.
   *
   * @return true when the verdict is {@link Verdict#FAIL}
   */
  public boolean anomalous() {
    return verdict == Verdict.FAIL;
  }
}
