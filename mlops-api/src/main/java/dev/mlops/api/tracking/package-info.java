/**
 * Tracking: experiments, runs, typed parameters, metric series and tags.
 *
 * <p>The service is {@link dev.mlops.api.tracking.Tracking} ({@code Mlops.tracking()}): a run is
 * started through a {@link dev.mlops.api.tracking.RunBuilder}, logged to through its {@link
 * dev.mlops.api.tracking.ActiveRun} (synchronously, in {@link dev.mlops.api.tracking.LogBatch}es,
 * or through an {@link dev.mlops.api.tracking.AsyncRunLogger}), and records its context as the
 * reserved tags named in {@link dev.mlops.api.tracking.RunContext}.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.tracking;

import org.jspecify.annotations.NullMarked;
