/**
 * Statistics on data and models: mergeable profiles, schemas and checks, drift tests and model
 * metrics. Usable alone in a batch job, without {@code mlops-core}. The drift tests and their
 * verdicts live in {@link dev.mlops.validation.drift}.
 */
@NullMarked
package dev.mlops.validation;

import org.jspecify.annotations.NullMarked;
