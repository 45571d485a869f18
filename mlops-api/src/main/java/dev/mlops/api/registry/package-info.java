/**
 * The model registry: registered models, their versions, stages, aliases and the transitions
 * between them.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.registry;

import org.jspecify.annotations.NullMarked;
