package dev.mlops.api.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * How to turn a host's own objects into the columns of a {@link Table}: one accessor function per
 * column, used by {@link Table#from}. Numeric, boolean and timestamp accessors return primitives
 * (no boxing); an optional null predicate marks missing values.
 *
 * <p>Immutable and thread-safe if the accessor functions are; build once, use for many lists.
 *
 * <pre>{@code
 * record Trip(double km, @Nullable Double fare, String city, boolean paid, Instant at) {}
 * RowSpec<Trip> spec = RowSpec.<Trip>builder()
 *     .numeric("km", Trip::km)
 *     .numeric("fare", t -> t.fare() == null ? 0 : t.fare(), t -> t.fare() == null)
 *     .categorical("city", Trip::city)
 *     .bool("paid", Trip::paid)
 *     .timestamp("at", Trip::at)
 *     .build();
 * Table t = Table.from(trips, spec);
 * }</pre>
 *
 * @param <R> the row type
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RowSpec<R> {
  private final List<ColumnSpec<R>> columns;

  private RowSpec(List<ColumnSpec<R>> columns) {
    this.columns = List.copyOf(columns);
  }

  /**
   * Starts a spec.
   *
   * @param <R> the row type
   * @return a builder
   */
  public static <R> Builder<R> builder() {
    return new Builder<>();
  }

  /**
   * Returns the schema the spec produces.
   *
   * @return the column names and types
   */
  public TableSchema schema() {
    List<ColumnSchema> cs = new ArrayList<>();
    for (ColumnSpec<R> c : columns) {
      cs.add(new ColumnSchema(c.name(), c.type()));
    }
    return new TableSchema(cs);
  }

  List<ColumnSpec<R>> columns() {
    return columns;
  }

  @Override
  public String toString() {
    return "RowSpec" + schema();
  }

  /** One column: its name, type and how to fill it from a list of rows. */
  interface ColumnSpec<R> {
    String name();

    ColumnType type();

    Column fill(List<? extends R> rows);
  }

  private record NumericSpec<R>(
      String name, ToDoubleFunction<? super R> value, @Nullable Predicate<? super R> isNull)
      implements ColumnSpec<R> {
    @Override
    public ColumnType type() {
      return ColumnType.NUMERIC;
    }

    @Override
    public Column fill(List<? extends R> rows) {
      int n = rows.size();
      double[] values = new double[n];
      long[] nulls = null;
      for (int i = 0; i < n; i++) {
        R r = rows.get(i);
        if (isNull != null && isNull.test(r)) {
          nulls = Columns.set(nulls, i, n);
          values[i] = Double.NaN;
        } else {
          values[i] = value.applyAsDouble(r);
        }
      }
      return new NumericColumn(name, values, nulls, 0, n);
    }
  }

  private record BooleanSpec<R>(
      String name, Predicate<? super R> value, @Nullable Predicate<? super R> isNull)
      implements ColumnSpec<R> {
    @Override
    public ColumnType type() {
      return ColumnType.BOOLEAN;
    }

    @Override
    public Column fill(List<? extends R> rows) {
      int n = rows.size();
      boolean[] values = new boolean[n];
      long[] nulls = null;
      for (int i = 0; i < n; i++) {
        R r = rows.get(i);
        if (isNull != null && isNull.test(r)) {
          nulls = Columns.set(nulls, i, n);
        } else {
          values[i] = value.test(r);
        }
      }
      return new BooleanColumn(name, values, nulls, 0, n);
    }
  }

  private record TimestampSpec<R>(
      String name, ToLongFunction<? super R> micros, @Nullable Predicate<? super R> isNull)
      implements ColumnSpec<R> {
    @Override
    public ColumnType type() {
      return ColumnType.TIMESTAMP;
    }

    @Override
    public Column fill(List<? extends R> rows) {
      int n = rows.size();
      long[] values = new long[n];
      long[] nulls = null;
      for (int i = 0; i < n; i++) {
        R r = rows.get(i);
        if (isNull != null && isNull.test(r)) {
          nulls = Columns.set(nulls, i, n);
        } else {
          values[i] = micros.applyAsLong(r);
        }
      }
      return new TimestampColumn(name, values, nulls, 0, n);
    }
  }

  private record InstantSpec<R>(String name, Function<? super R, ? extends @Nullable Instant> value)
      implements ColumnSpec<R> {
    @Override
    public ColumnType type() {
      return ColumnType.TIMESTAMP;
    }

    @Override
    public Column fill(List<? extends R> rows) {
      int n = rows.size();
      long[] values = new long[n];
      long[] nulls = null;
      for (int i = 0; i < n; i++) {
        Instant at = value.apply(rows.get(i));
        if (at == null) {
          nulls = Columns.set(nulls, i, n);
        } else {
          values[i] = TimestampColumn.toMicros(at);
        }
      }
      return new TimestampColumn(name, values, nulls, 0, n);
    }
  }

  private record CategoricalSpec<R>(
      String name, Function<? super R, ? extends @Nullable String> value) implements ColumnSpec<R> {
    @Override
    public ColumnType type() {
      return ColumnType.CATEGORICAL;
    }

    @Override
    public Column fill(List<? extends R> rows) {
      CategoricalColumn.Builder b = new CategoricalColumn.Builder(name, rows.size());
      for (R r : rows) {
        b.append(value.apply(r));
      }
      return b.build();
    }
  }

  /**
   * Collects the columns of a {@link RowSpec}.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * RowSpec<Day> spec = RowSpec.<Day>builder().numeric("temp", Day::temp).build();
   * }</pre>
   *
   * @param <R> the row type
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder<R> {
    private final List<ColumnSpec<R>> columns = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    Builder() {}

    private Builder<R> add(ColumnSpec<R> c) {
      Columns.requireName(c.name());
      if (!names.add(c.name())) {
        throw new IllegalStateException("column '" + c.name() + "' is already in this spec");
      }
      columns.add(c);
      return this;
    }

    /**
     * Adds a numeric column without nulls.
     *
     * @param name the column name
     * @param value reads the value (NaN is a value)
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> numeric(String name, ToDoubleFunction<? super R> value) {
      return add(new NumericSpec<>(name, Objects.requireNonNull(value, "value"), null));
    }

    /**
     * Adds a numeric column; rows for which {@code isNull} holds are null (value not called).
     *
     * @param name the column name
     * @param value reads the value of a non-null row
     * @param isNull tells a null row
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> numeric(
        String name, ToDoubleFunction<? super R> value, Predicate<? super R> isNull) {
      return add(
          new NumericSpec<>(
              name,
              Objects.requireNonNull(value, "value"),
              Objects.requireNonNull(isNull, "isNull")));
    }

    /**
     * Adds a categorical column; a null result is a null row.
     *
     * @param name the column name
     * @param value reads the category, or null
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> categorical(
        String name, Function<? super R, ? extends @Nullable String> value) {
      return add(new CategoricalSpec<>(name, Objects.requireNonNull(value, "value")));
    }

    /**
     * Adds a boolean column without nulls.
     *
     * @param name the column name
     * @param value reads the value
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> bool(String name, Predicate<? super R> value) {
      return add(new BooleanSpec<>(name, Objects.requireNonNull(value, "value"), null));
    }

    /**
     * Adds a boolean column; rows for which {@code isNull} holds are null.
     *
     * @param name the column name
     * @param value reads the value of a non-null row
     * @param isNull tells a null row
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> bool(String name, Predicate<? super R> value, Predicate<? super R> isNull) {
      return add(
          new BooleanSpec<>(
              name,
              Objects.requireNonNull(value, "value"),
              Objects.requireNonNull(isNull, "isNull")));
    }

    /**
     * Adds a timestamp column from epoch microseconds (UTC), without nulls.
     *
     * @param name the column name
     * @param micros reads microseconds since the epoch
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> timestampMicros(String name, ToLongFunction<? super R> micros) {
      return add(new TimestampSpec<>(name, Objects.requireNonNull(micros, "micros"), null));
    }

    /**
     * Adds a timestamp column from instants; a null result is a null row. Instants are truncated
     * toward the past to whole microseconds.
     *
     * @param name the column name
     * @param value reads the instant, or null
     * @return this builder
     * @throws IllegalStateException if the name is already used
     */
    public Builder<R> timestamp(
        String name, Function<? super R, ? extends @Nullable Instant> value) {
      return add(new InstantSpec<>(name, Objects.requireNonNull(value, "value")));
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     */
    public RowSpec<R> build() {
      return new RowSpec<>(columns);
    }
  }
}
