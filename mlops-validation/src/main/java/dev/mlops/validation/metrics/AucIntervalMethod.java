package dev.mlops.validation.metrics;

import org.apiguardian.api.API;

/**
 * How {@link BinaryClassificationEvaluator} computes the ROC AUC interval.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * BinaryClassificationEvaluator e =
 *     BinaryClassificationEvaluator.builder().aucInterval(AucIntervalMethod.STRATIFIED_BOOTSTRAP).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum AucIntervalMethod {
  /** DeLong's variance on the logit scale ({@link DeLong#aucInterval}); the default. */
  DELONG,
  /** The percentile interval of the same stratified bootstrap resamples as the other metrics. */
  STRATIFIED_BOOTSTRAP
}
