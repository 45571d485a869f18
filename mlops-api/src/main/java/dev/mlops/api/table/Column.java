package dev.mlops.api.table;

import org.apiguardian.api.API;

/**
 * One named, typed, immutable column of a {@link Table}. The four kinds are {@link NumericColumn},
 * {@link CategoricalColumn}, {@link BooleanColumn} and {@link TimestampColumn}; switch on {@link
 * #type()} or use pattern matching to reach their unboxed accessors.
 *
 * <p>Immutable and thread-safe: share columns freely across threads. {@link #slice} is zero-copy;
 * {@link #take} copies. Equality compares name, type and every row's content (null-ness and value).
 *
 * <pre>{@code
 * Column c = table.column("price");
 * if (c instanceof NumericColumn prices) {
 *   double first = prices.value(0);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface Column
    permits NumericColumn, CategoricalColumn, BooleanColumn, TimestampColumn {

  /**
   * Returns the column name.
   *
   * @return the name, not empty
   */
  String name();

  /**
   * Returns the column type.
   *
   * @return the type
   */
  ColumnType type();

  /**
   * Returns the name and type.
   *
   * @return the column schema
   */
  default ColumnSchema schema() {
    return new ColumnSchema(name(), type());
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count
   */
  int size();

  /**
   * Tells whether a row is null (missing). For numeric columns NaN is a value, not null.
   *
   * @param row the 0-based row
   * @return true when the row holds no value
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  boolean isNull(int row);

  /**
   * Returns the number of null rows.
   *
   * @return the null count
   */
  int nullCount();

  /**
   * Returns a zero-copy view of rows [from, to).
   *
   * @param from the first row, inclusive
   * @param to the end row, exclusive
   * @return the slice
   * @throws IndexOutOfBoundsException if the range is outside [0, size] or from &gt; to
   */
  Column slice(int from, int to);

  /**
   * Returns a copy holding the given rows in the given order (repeats allowed).
   *
   * @param rows 0-based rows
   * @return the new column
   * @throws IndexOutOfBoundsException if a row is outside [0, size)
   */
  Column take(int[] rows);

  /**
   * Returns the same data under another name (zero-copy).
   *
   * @param name the new name
   * @return the renamed column
   * @throws IllegalArgumentException if the name is empty
   */
  Column withName(String name);
}
