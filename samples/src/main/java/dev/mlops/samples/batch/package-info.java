/**
 * Sample: data validation inside a batch job. {@link dev.mlops.samples.batch.ValidationJob} checks
 * today's CSV against a schema inferred from a reference CSV and against drift from it, writes the
 * JSON reports and fails the job on a FAIL verdict; {@link
 * dev.mlops.samples.batch.ValidationJobSample} runs it on a passing and a drifting day of the
 * bundled data. Samples may print; the library never does.
 */
@NullMarked
package dev.mlops.samples.batch;

import org.jspecify.annotations.NullMarked;
