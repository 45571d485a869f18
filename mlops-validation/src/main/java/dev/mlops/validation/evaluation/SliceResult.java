package dev.mlops.validation.evaluation;

import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The metrics on one slice of the evaluation set (or on all of it, {@link
 * EvaluationReport#overall()}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * SliceResult s = report.slices().get(0);
 * s.description();   // "region=north & age=[30, 45)"
 * s.classification().flatMap(c -> c.metric("roc_auc")).flatMap(m -> m.interval());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SliceResult {
  private final String description;
  private final Map<String, String> key;
  private final int n;
  private final boolean belowMinimum;
  private final @Nullable BinaryClassificationResult classification;
  private final @Nullable RegressionResult regression;

  SliceResult(
      String description,
      Map<String, String> key,
      int n,
      boolean belowMinimum,
      @Nullable BinaryClassificationResult classification,
      @Nullable RegressionResult regression) {
    this.description = Objects.requireNonNull(description, "description");
    this.key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
    this.n = n;
    this.belowMinimum = belowMinimum;
    this.classification = classification;
    this.regression = regression;
  }

  /**
   * Returns the slice as text: {@code feature=value} for one feature, {@code a=x & b=y} for a
   * cross; a numeric feature's value is its bin, e.g. {@code age=[30, 45)}; {@value
   * GateResult#OVERALL} for the whole evaluation set.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * Returns the slicing features and this slice's value of each, in slicing order (empty for the
   * whole set). A categorical value is the category as is; a numeric value is its bin ({@code [30,
   * 45)}); rows missing the feature have {@value ModelEvaluation#MISSING}.
   *
   * @return feature name to value, unmodifiable
   */
  public Map<String, String> key() {
    return key;
  }

  /**
   * Returns the number of rows in the slice.
   *
   * @return the size
   */
  public int n() {
    return n;
  }

  /**
   * Returns whether the slice is smaller than the minimum slice size: its point metrics are
   * reported, its intervals are absent and its gate verdicts INCONCLUSIVE.
   *
   * @return true below the minimum
   */
  public boolean belowMinimum() {
    return belowMinimum;
  }

  /**
   * Returns the classification metrics, when the evaluation has classification outcomes.
   *
   * @return the result
   */
  public Optional<BinaryClassificationResult> classification() {
    return Optional.ofNullable(classification);
  }

  /**
   * Returns the regression metrics, when the evaluation has regression outcomes.
   *
   * @return the result
   */
  public Optional<RegressionResult> regression() {
    return Optional.ofNullable(regression);
  }

  /** A metric of either section, for ranking; empty when absent or undefined. */
  Optional<MetricValue> metric(String name) {
    if (Gate.REGRESSION_METRICS.contains(name)) {
      return regression().flatMap(r -> r.metric(name));
    }
    return classification().flatMap(c -> c.metric(name));
  }

  @Override
  public String toString() {
    return description + " (n=" + n + (belowMinimum ? ", below minimum" : "") + ")";
  }
}
