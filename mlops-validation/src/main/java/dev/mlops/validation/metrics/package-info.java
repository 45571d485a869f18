/**
 * Model metrics with intervals: binary classification, multiclass and regression, computed exactly
 * as scikit-learn 1.2 computes the point values (STATISTICS.md, oracle README "Model metrics"),
 * with sample weights, on all rows or on any multiset of rows.
 *
 * <p>Intervals: Wilson for accuracy, precision and recall; DeLong (Sun and Xu 2014, on the logit
 * scale) for ROC AUC; a seeded stratified percentile bootstrap for every other classification
 * metric, all from the same resamples; a plain percentile bootstrap for regression metrics. The
 * coverage claim (95 % intervals cover the population value in 93-97 % of trials on the binormal
 * design of STATISTICS.md) holds for accuracy, precision, recall, ROC AUC, F1, log loss, Brier
 * score, MAE, RMSE and R2. Expected calibration error, the reliability bins and metrics at a
 * boundary (ROC AUC of 1, a 0/0 precision) get intervals too, but fall outside that claim.
 *
 * <pre>{@code
 * BinaryOutcomes data = BinaryOutcomes.fromTable(table, "label", "score", "prediction");
 * BinaryClassificationResult r =
 *     BinaryClassificationEvaluator.create().evaluate(data, IntervalSpec.defaults());
 * double auc = r.metric("roc_auc").orElseThrow().value().orElseThrow();
 * }</pre>
 */
@NullMarked
package dev.mlops.validation.metrics;

import org.jspecify.annotations.NullMarked;
