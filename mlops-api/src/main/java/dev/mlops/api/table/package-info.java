/**
 * The columnar, immutable {@link dev.mlops.api.table.Table}: typed columns (numeric as primitive
 * doubles with a null mask that keeps NaN apart from null, categorical dictionary-encoded, boolean,
 * timestamp in epoch microseconds), zero-copy row slices and column selections, a column-wise
 * builder and a builder from a host's own objects ({@link dev.mlops.api.table.RowSpec}).
 *
 * <p>Validators and monitors read tables; the readers in {@code mlops-io} build them from CSV and
 * JSON lines. Every type here is immutable and thread-safe except the builders.
 *
 * <p>Every type here is null-marked: parameters and results are non-null unless annotated
 * {@code @Nullable}; lookups return {@link java.util.Optional}.
 */
@NullMarked
package dev.mlops.api.table;

import org.jspecify.annotations.NullMarked;
