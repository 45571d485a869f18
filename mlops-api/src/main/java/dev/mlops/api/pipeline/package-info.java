/**
 * Pipelines: immutable graphs of named steps with typed inputs and outputs, and the facade that
 * runs them ({@link dev.mlops.api.pipeline.Pipelines}) with parallel execution, retries,
 * content-addressed step caching, lineage, resume and reproduction.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.pipeline;

import org.jspecify.annotations.NullMarked;
