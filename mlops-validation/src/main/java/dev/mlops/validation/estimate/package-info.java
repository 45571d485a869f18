/**
 * Performance estimation without labels: confidence-based performance estimation (CBPE, as in
 * NannyML) for a calibrated binary classifier. {@link dev.mlops.validation.estimate.CbpeEstimator}
 * turns a window of predicted probabilities into an expected confusion matrix and expected
 * accuracy, precision, recall, F1 and ROC AUC, each with an interval for the value the window will
 * realise once its labels arrive; {@link dev.mlops.validation.estimate.CalibrationCheck} tests on a
 * labelled reference set whether the calibration assumption holds. Everything works on primitive
 * arrays, without a {@code Table}, in O(n log n) per window.
 */
@NullMarked
package dev.mlops.validation.estimate;

import org.jspecify.annotations.NullMarked;
