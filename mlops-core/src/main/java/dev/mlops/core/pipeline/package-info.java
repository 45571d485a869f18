/**
 * The pipeline engine behind {@link dev.mlops.api.pipeline.Pipelines}: parallel scheduling in
 * dependency order, retries, timeouts, cancellation, content-addressed step caching with
 * explanations, step records in lineage, resume and reproduction.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package dev.mlops.core.pipeline;

import org.jspecify.annotations.NullMarked;
