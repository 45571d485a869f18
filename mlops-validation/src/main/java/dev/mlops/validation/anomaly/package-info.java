/**
 * Metric-history anomaly detection, as Amazon Deequ's anomaly strategies: given the values of a
 * metric over past batches (row count, null fraction, mean...), {@link
 * dev.mlops.validation.anomaly.AnomalyStrategy} flags a new value by absolute change, relative
 * change or an online normal model (mean +- k sigma over the history).
 */
@NullMarked
package dev.mlops.validation.anomaly;

import org.jspecify.annotations.NullMarked;
