package dev.mlops.monitoring;

import org.apiguardian.api.API;

/**
 * What the monitored model predicts, which decides the quality metrics on joined labels and the
 * label-free estimate.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ModelMonitor.builder("churn", 3).task(ModelTask.BINARY_CLASSIFICATION);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ModelTask {
  /**
   * The prediction is the probability of the positive class, the label 1 (positive; any label at or
   * above 0.5) or 0. Quality: {@code BinaryClassificationEvaluator}'s metrics, classes at the
   * decision threshold; estimate: CBPE's {@code accuracy}, {@code precision}, {@code recall},
   * {@code f1} and {@code roc_auc} with intervals.
   */
  BINARY_CLASSIFICATION,
  /**
   * The prediction and the label are numbers. Quality: {@code RegressionEvaluator}'s {@code mae},
   * {@code rmse}, {@code r2}, {@code mape}; no estimate.
   */
  REGRESSION
}
