/**
 * Sample: production monitoring with drift, delayed labels, alerts and retraining. {@link
 * dev.mlops.samples.monitoring.MonitoringSample} serves the rain model through a service-like loop
 * on a manual clock, first on summer days, then on winter days, and prints each window's golden and
 * model signals, the drift alert and the retraining it starts. Samples may print; the library never
 * does.
 */
@NullMarked
package dev.mlops.samples.monitoring;

import org.jspecify.annotations.NullMarked;
