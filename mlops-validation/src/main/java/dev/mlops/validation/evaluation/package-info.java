/**
 * Model validation: metrics of a binary classifier and of a regressor overall and on slices of the
 * evaluation set, every metric with its interval, and gates ({@code roc_auc >= 0.85}) decided on
 * those intervals as PASS, FAIL or INCONCLUSIVE.
 *
 * <p>{@link dev.mlops.validation.evaluation.ModelEvaluation} is the entry point; {@link
 * dev.mlops.validation.evaluation.EvaluationJson} writes the report in the layout of {@code mlops
 * evaluate --format json}; {@link dev.mlops.validation.evaluation.EvaluationArtifacts} stores it as
 * a report that a registry guard can require. The metrics themselves and their intervals come from
 * {@link dev.mlops.validation.metrics}.
 */
@NullMarked
package dev.mlops.validation.evaluation;

import org.jspecify.annotations.NullMarked;
