/**
 * Sample: tracking only, inside a service. {@link dev.mlops.samples.tracking.TrainingService} opens
 * the embedded store once and records one run per training job; {@link
 * dev.mlops.samples.tracking.TrackingSample} runs a few jobs and finds the best run with the query
 * language. Samples may print; the library never does.
 */
@NullMarked
package dev.mlops.samples.tracking;

import org.jspecify.annotations.NullMarked;
