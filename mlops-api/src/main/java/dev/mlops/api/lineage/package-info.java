/**
 * Lineage: input and output events joining executions (runs, pipeline steps) to the artifact
 * versions they read and wrote, as in the ML Metadata model.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.lineage;

import org.jspecify.annotations.NullMarked;
