package dev.mlops.api.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A columnar, immutable table: an ordered list of uniquely named, typed {@link Column}s of equal
 * length. Numeric columns are primitive doubles with a null mask (NaN is a value, distinct from
 * null), categorical columns are dictionary-encoded, boolean and timestamp columns carry null masks
 * too.
 *
 * <p>Immutable and thread-safe: share a table across threads. {@link #slice} and {@link #select}
 * are zero-copy views, so profiling a table in chunks on several threads costs no copying; {@link
 * #take} and {@link #filter} copy the chosen rows. Equality compares the schema and every row's
 * content.
 *
 * <pre>{@code
 * Table t = Table.builder()
 *     .add(NumericColumn.of("temp", 12.5, 14.0, Double.NaN))
 *     .add(CategoricalColumn.of("weather", "rain", "sun", null))
 *     .build();
 * NumericColumn temp = t.numeric("temp");
 * Table firstTwo = t.slice(0, 2);          // zero-copy
 * Table rainy = t.filter(row -> "rain".equals(t.categorical("weather").category(row)));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Table {
  private final Column[] columns;
  private final TableSchema schema;
  private final Map<String, Integer> byName;
  private final int rowCount;

  private Table(Column[] columns, int rowCount) {
    this.columns = columns;
    this.rowCount = columns.length == 0 ? 0 : rowCount; // no columns, no rows
    List<ColumnSchema> cs = new ArrayList<>(columns.length);
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < columns.length; i++) {
      Column c = columns[i];
      if (c.size() != rowCount) {
        throw new IllegalArgumentException(
            "column '"
                + c.name()
                + "' has "
                + c.size()
                + " rows but column '"
                + columns[0].name()
                + "' has "
                + rowCount
                + "; every column of a table has the same number of rows");
      }
      cs.add(c.schema());
      names.put(c.name(), i);
    }
    this.schema = new TableSchema(cs);
    this.byName = names;
  }

  /**
   * Creates a table from columns of equal length.
   *
   * @param columns the columns in order
   * @return the table
   * @throws IllegalArgumentException if the lengths differ or two columns share a name
   */
  public static Table of(Column... columns) {
    return of(List.of(columns));
  }

  /**
   * Creates a table from columns of equal length.
   *
   * @param columns the columns in order
   * @return the table
   * @throws IllegalArgumentException if the lengths differ or two columns share a name
   */
  public static Table of(List<? extends Column> columns) {
    Column[] cs = columns.toArray(new Column[0]);
    for (Column c : cs) {
      Objects.requireNonNull(c, "column");
    }
    return new Table(cs, cs.length == 0 ? 0 : cs[0].size());
  }

  /**
   * Returns a table with no columns and no rows.
   *
   * @return the empty table
   */
  public static Table empty() {
    return new Table(new Column[0], 0);
  }

  /**
   * Starts a column-wise builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a table from a host's own objects: each column of the spec reads its value from every
   * row with its accessor function and writes it straight into a primitive array (one pass per
   * column, no boxing, no intermediate copy).
   *
   * <pre>{@code
   * record Day(double temp, String weather) {}
   * Table t = Table.from(days, RowSpec.<Day>builder()
   *     .numeric("temp", Day::temp)
   *     .categorical("weather", Day::weather)
   *     .build());
   * }</pre>
   *
   * @param rows the rows
   * @param spec the columns and how to read them
   * @param <R> the row type
   * @return the table
   */
  public static <R> Table from(List<? extends R> rows, RowSpec<R> spec) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(spec, "spec");
    List<Column> cs = new ArrayList<>(spec.columns().size());
    for (RowSpec.ColumnSpec<R> c : spec.columns()) {
      cs.add(c.fill(rows));
    }
    return new Table(cs.toArray(new Column[0]), rows.size());
  }

  /**
   * Returns the number of rows.
   *
   * @return the row count
   */
  public int rowCount() {
    return rowCount;
  }

  /**
   * Returns the number of columns.
   *
   * @return the column count
   */
  public int columnCount() {
    return columns.length;
  }

  /**
   * Returns the column names and types.
   *
   * @return the schema
   */
  public TableSchema schema() {
    return schema;
  }

  /**
   * Returns the columns in order.
   *
   * @return an unmodifiable list
   */
  public List<Column> columns() {
    return List.of(columns);
  }

  /**
   * Returns a column by index.
   *
   * @param index the 0-based column index
   * @return the column
   * @throws IndexOutOfBoundsException if the index is outside [0, columnCount)
   */
  public Column column(int index) {
    Objects.checkIndex(index, columns.length);
    return columns[index];
  }

  /**
   * Returns a column by name.
   *
   * @param name the column name
   * @return the column, or empty when there is none
   */
  public Optional<Column> findColumn(String name) {
    Integer i = byName.get(name);
    return i == null ? Optional.empty() : Optional.of(columns[i]);
  }

  /**
   * Returns a column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column; the message lists the columns
   */
  public Column column(String name) {
    Integer i = byName.get(Objects.requireNonNull(name, "name"));
    if (i == null) {
      throw new IllegalArgumentException(
          "table has no column '" + name + "'; its columns are " + schema.names());
    }
    return columns[i];
  }

  /**
   * Returns a numeric column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column or it is not numeric
   */
  public NumericColumn numeric(String name) {
    return typed(name, ColumnType.NUMERIC, NumericColumn.class);
  }

  /**
   * Returns a categorical column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column or it is not categorical
   */
  public CategoricalColumn categorical(String name) {
    return typed(name, ColumnType.CATEGORICAL, CategoricalColumn.class);
  }

  /**
   * Returns a boolean column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column or it is not boolean
   */
  public BooleanColumn bool(String name) {
    return typed(name, ColumnType.BOOLEAN, BooleanColumn.class);
  }

  /**
   * Returns a timestamp column by name.
   *
   * @param name the column name
   * @return the column
   * @throws IllegalArgumentException if there is no such column or it is not a timestamp column
   */
  public TimestampColumn timestamp(String name) {
    return typed(name, ColumnType.TIMESTAMP, TimestampColumn.class);
  }

  private <C extends Column> C typed(String name, ColumnType type, Class<C> kind) {
    Column c = column(name);
    if (c.type() != type) {
      throw new IllegalArgumentException(
          "column '" + name + "' is " + c.type() + ", not " + type + "; read it as " + c.type());
    }
    return kind.cast(c);
  }

  /**
   * Returns a zero-copy view of rows [from, to).
   *
   * @param from the first row, inclusive
   * @param to the end row, exclusive
   * @return the slice
   * @throws IndexOutOfBoundsException if the range is outside [0, rowCount] or from &gt; to
   */
  public Table slice(int from, int to) {
    Columns.checkRange(from, to, rowCount);
    Column[] cs = new Column[columns.length];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = columns[i].slice(from, to);
    }
    return new Table(cs, to - from);
  }

  /**
   * Returns a zero-copy table of the named columns, in the given order. A selection of no columns
   * is the empty table (a table without columns has no rows).
   *
   * @param names the column names
   * @return the selection
   * @throws IllegalArgumentException if a name is missing or repeated
   */
  public Table select(String... names) {
    return select(List.of(names));
  }

  /**
   * Returns a zero-copy table of the named columns, in the given order.
   *
   * @param names the column names
   * @return the selection
   * @throws IllegalArgumentException if a name is missing or repeated
   */
  public Table select(List<String> names) {
    Column[] cs = new Column[names.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = column(names.get(i));
    }
    return new Table(cs, rowCount);
  }

  /**
   * Returns a copy holding the given rows in the given order (repeats allowed).
   *
   * @param rows 0-based rows
   * @return the new table
   * @throws IndexOutOfBoundsException if a row is outside [0, rowCount)
   */
  public Table take(int[] rows) {
    for (int r : rows) {
      Objects.checkIndex(r, rowCount);
    }
    Column[] cs = new Column[columns.length];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = columns[i].take(rows);
    }
    return new Table(cs, rows.length);
  }

  /**
   * Returns a copy of the rows the predicate accepts, in order.
   *
   * @param rowPredicate called with each 0-based row index
   * @return the new table
   */
  public Table filter(IntPredicate rowPredicate) {
    Objects.requireNonNull(rowPredicate, "rowPredicate");
    int[] keep = new int[rowCount];
    int n = 0;
    for (int r = 0; r < rowCount; r++) {
      if (rowPredicate.test(r)) {
        keep[n++] = r;
      }
    }
    return take(Arrays.copyOf(keep, n));
  }

  /**
   * Returns a table with the column added at the end, or replacing the column of the same name in
   * place (zero-copy for the other columns).
   *
   * @param column the column
   * @return the new table
   * @throws IllegalArgumentException if the column's length differs from the row count
   */
  public Table withColumn(Column column) {
    Objects.requireNonNull(column, "column");
    Integer i = byName.get(column.name());
    Column[] cs;
    if (i == null) {
      cs = Arrays.copyOf(columns, columns.length + 1);
      cs[columns.length] = column;
    } else {
      cs = columns.clone();
      cs[i] = column;
    }
    return new Table(cs, columns.length == 0 ? column.size() : rowCount);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o
        || (o instanceof Table other
            && rowCount == other.rowCount
            && Arrays.equals(columns, other.columns));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(columns);
  }

  /** Returns e.g. {@code Table[3 rows: temp:NUMERIC, weather:CATEGORICAL]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Table[").append(rowCount).append(" rows");
    for (int i = 0; i < columns.length; i++) {
      b.append(i == 0 ? ": " : ", ")
          .append(columns[i].name())
          .append(':')
          .append(columns[i].type());
    }
    return b.append(']').toString();
  }

  /**
   * Collects columns for a {@link Table}; fill each column with its own builder ({@link
   * NumericColumn#builder} and the like), then {@link #add} it.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * NumericColumn.Builder x = NumericColumn.builder("x");
   * for (double v : data) x.append(v);
   * Table t = Table.builder().add(x.build()).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final List<Column> columns = new ArrayList<>();

    Builder() {}

    /**
     * Adds a column at the end.
     *
     * @param column the column
     * @return this builder
     */
    public Builder add(Column column) {
      columns.add(Objects.requireNonNull(column, "column"));
      return this;
    }

    /**
     * Builds the table.
     *
     * @return the table
     * @throws IllegalArgumentException if the column lengths differ or two columns share a name
     */
    public Table build() {
      return Table.of(columns);
    }
  }
}
