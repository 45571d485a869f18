/**
 * Tracking: experiments, runs, typed parameters, metric series and tags.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.tracking;

import org.jspecify.annotations.NullMarked;
