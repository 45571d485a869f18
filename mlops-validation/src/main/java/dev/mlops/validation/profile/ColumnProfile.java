package dev.mlops.validation.profile;

import dev.mlops.api.table.ColumnType;
import org.apiguardian.api.API;

/**
 * The profile of one column: counts that are always exact, plus what its type adds.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * <pre>{@code
 * for (ColumnProfile c : profile.columns()) {
 *   if (c instanceof NumericColumnProfile n) { n.mean(); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface ColumnProfile
    permits NumericColumnProfile,
        CategoricalColumnProfile,
        BooleanColumnProfile,
        TimestampColumnProfile {

  /**
   * Returns the column name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the column type.
   *
   * @return the type
   */
  ColumnType type();

  /**
   * Returns the number of rows.
   *
   * @return rows, exact
   */
  long rowCount();

  /**
   * Returns the number of null rows.
   *
   * @return nulls, exact
   */
  long nullCount();

  /**
   * Returns the number of non-missing values (rows minus nulls, minus NaN for numeric columns).
   *
   * @return the count, exact
   */
  long count();
}
