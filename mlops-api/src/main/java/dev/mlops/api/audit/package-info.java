/**
 * The audit log: an append-only, hash-chained record of every state change, and the checkpoints
 * that anchor it outside the store.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.audit;

import org.jspecify.annotations.NullMarked;
