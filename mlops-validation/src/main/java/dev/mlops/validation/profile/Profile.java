package dev.mlops.validation.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A mergeable profile of a table: its row count and one {@link ColumnProfile} per column, in the
 * table's order, made with one {@link ProfileOptions}.
 *
 * <p>Immutable and thread-safe. {@link #merge(Profile)} is associative and commutative (exactly for
 * counts, min and max; within the sketches' stated error for sketched values; moments up to
 * floating-point rounding) and leaves both inputs unchanged, so chunks of a table can be profiled
 * on several threads and merged ({@link Profiler#profile(dev.mlops.api.table.Table, ProfileOptions,
 * java.util.concurrent.Executor)}).
 *
 * <pre>{@code
 * Profile monday = Profiler.profile(mondayTable);
 * Profile week = monday.merge(Profiler.profile(tuesdayTable));
 * NumericColumnProfile price = (NumericColumnProfile) week.column("price");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Profile {

  private final long rows;
  private final ProfileOptions options;
  private final List<ColumnProfile> columns;
  private final Map<String, Integer> byName;

  Profile(long rows, ProfileOptions options, List<ColumnProfile> columns) {
    this.rows = rows;
    this.options = Objects.requireNonNull(options, "options");
    this.columns = List.copyOf(columns);
    this.byName = new HashMap<>();
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, was " + rows);
    }
    for (int i = 0; i < this.columns.size(); i++) {
      ColumnProfile c = this.columns.get(i);
      if (byName.put(c.name(), i) != null) {
        throw new IllegalArgumentException("duplicate column '" + c.name() + "'");
      }
      if (c.rowCount() != rows) {
        throw new IllegalArgumentException(
            "column '" + c.name() + "' has " + c.rowCount() + " rows, the profile " + rows);
      }
    }
  }

  /**
   * Returns the number of rows.
   *
   * @return rows
   */
  public long rows() {
    return rows;
  }

  /**
   * Returns the options the profile was made with.
   *
   * @return the options
   */
  public ProfileOptions options() {
    return options;
  }

  /**
   * Returns the column profiles in table order.
   *
   * @return an unmodifiable list
   */
  public List<ColumnProfile> columns() {
    return columns;
  }

  /**
   * Finds a column's profile.
   *
   * @param name the column name
   * @return the profile, if the column exists
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<ColumnProfile> findColumn(String name) {
    Integer i = byName.get(Objects.requireNonNull(name, "name"));
    return i == null ? Optional.empty() : Optional.of(columns.get(i));
  }

  /**
   * Returns a column's profile.
   *
   * @param name the column name
   * @return the profile
   * @throws IllegalArgumentException if there is no such column
   * @throws NullPointerException if {@code name} is null
   */
  public ColumnProfile column(String name) {
    return findColumn(name)
        .orElseThrow(
            () -> new IllegalArgumentException("no column '" + name + "' in " + byName.keySet()));
  }

  /**
   * Merges this profile with another of the same columns: the profile of both tables' rows. Neither
   * input changes.
   *
   * @param other the other profile
   * @return a new profile
   * @throws IllegalArgumentException if the columns (names, order, types) or the sketch options
   *     differ
   * @throws NullPointerException if {@code other} is null
   */
  public Profile merge(Profile other) {
    Objects.requireNonNull(other, "other");
    if (!options.mergeableWith(other.options)) {
      throw new IllegalArgumentException(
          "profiles made with different sketch options cannot be merged: "
              + options
              + " and "
              + other.options);
    }
    if (columns.size() != other.columns.size()) {
      throw new IllegalArgumentException(
          "profiles have " + columns.size() + " and " + other.columns.size() + " columns");
    }
    List<ColumnProfile> merged = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ColumnProfile a = columns.get(i);
      ColumnProfile b = other.columns.get(i);
      if (!a.name().equals(b.name()) || a.type() != b.type()) {
        throw new IllegalArgumentException(
            "column "
                + i
                + " is '"
                + a.name()
                + "' ("
                + a.type()
                + ") in one profile and '"
                + b.name()
                + "' ("
                + b.type()
                + ") in the other");
      }
      merged.add(mergeColumn(a, b));
    }
    return new Profile(rows + other.rows, options, merged);
  }

  private ColumnProfile mergeColumn(ColumnProfile a, ColumnProfile b) {
    if (a instanceof NumericColumnProfile x && b instanceof NumericColumnProfile y) {
      return NumericColumnProfile.merge(x, y);
    }
    if (a instanceof CategoricalColumnProfile x && b instanceof CategoricalColumnProfile y) {
      return CategoricalColumnProfile.merge(x, y, options.exactFrequencyCap());
    }
    if (a instanceof BooleanColumnProfile x && b instanceof BooleanColumnProfile y) {
      return BooleanColumnProfile.merge(x, y);
    }
    if (a instanceof TimestampColumnProfile x && b instanceof TimestampColumnProfile y) {
      return TimestampColumnProfile.merge(x, y);
    }
    throw new IllegalArgumentException("column '" + a.name() + "' has two different kinds");
  }

  @Override
  public String toString() {
    return "Profile[" + rows + " rows, " + columns.size() + " columns]";
  }
}
