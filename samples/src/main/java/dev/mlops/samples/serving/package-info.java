/**
 * Sample: a monitor in a request handler. {@link dev.mlops.samples.serving.ScoringServer} serves a
 * tiny model over the JDK's HTTP server and records every request into a {@link
 * dev.mlops.monitoring.ModelMonitor}; {@link dev.mlops.samples.serving.ServingSample} sends a year
 * of days through it over loopback, with their labels, and prints the monitor's windows. Samples
 * may print; the library never does.
 */
@NullMarked
package dev.mlops.samples.serving;

import org.jspecify.annotations.NullMarked;
