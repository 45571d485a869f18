/**
 * In-process monitoring of one model version on its serving path: {@link
 * dev.mlops.monitoring.ModelMonitor} records each prediction at sketch cost (features, prediction,
 * latency, error flag), joins delayed labels, and turns each window of the injected clock into a
 * {@link dev.mlops.monitoring.WindowSnapshot} of golden signals (latency quantiles, traffic,
 * errors, saturation) and model signals (feature and prediction drift against the training
 * reference, quality on joined labels, the label-free CBPE estimate). Snapshots go to listeners,
 * the alert engine ({@code dev.mlops.monitoring.alert}) and, when the host passes one, an {@code
 * ArtifactRepository}; {@code dev.mlops.monitoring.micrometer} exports them as meters.
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.builder("churn", 3)
 *     .numericFeatures("age", "income")
 *     .reference(trainingProfile)
 *     .build();
 * long id = monitor.record(new double[] {41, 52_000}, 0.83, latencyNanos);
 * monitor.recordOutcome(id, 1);
 * }</pre>
 */
@NullMarked
package dev.mlops.monitoring;

import org.jspecify.annotations.NullMarked;
