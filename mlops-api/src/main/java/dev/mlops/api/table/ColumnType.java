package dev.mlops.api.table;

import org.apiguardian.api.API;

/**
 * The type of a {@link Column}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * if (table.column("price").type() == ColumnType.NUMERIC) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ColumnType {
  /** Doubles with a null mask; NaN is a value, distinct from null ({@link NumericColumn}). */
  NUMERIC,
  /** Strings, dictionary-encoded as int codes ({@link CategoricalColumn}). */
  CATEGORICAL,
  /** Booleans with a null mask ({@link BooleanColumn}). */
  BOOLEAN,
  /** Instants as epoch microseconds, UTC, with a null mask ({@link TimestampColumn}). */
  TIMESTAMP
}
