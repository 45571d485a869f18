/**
 * Statistics on data and models: mergeable profiles, schemas and checks, drift tests and model
 * metrics. Usable alone in a batch job, without {@code mlops-core}. Its types arrive with the
 * data-validation issue; until then this module holds no types.
 */
@NullMarked
package dev.mlops.validation;

import org.jspecify.annotations.NullMarked;
