package dev.mlops.api.table;

import java.util.Arrays;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A column of booleans with a null mask. {@link #value} of a null row returns false, so ask {@link
 * #isNull} first when the difference matters.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * BooleanColumn rain = BooleanColumn.builder("rain").append(true).appendNull().build();
 * boolean first = rain.value(0);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BooleanColumn implements Column {
  private final String name;
  private final boolean[] values;
  private final long @Nullable [] nulls;
  private final int offset;
  private final int length;
  private final int nullCount;

  BooleanColumn(String name, boolean[] values, long @Nullable [] nulls, int offset, int length) {
    this.name = Columns.requireName(name);
    this.values = values;
    this.nulls = nulls;
    this.offset = offset;
    this.length = length;
    this.nullCount = Columns.count(nulls, offset, offset + length);
  }

  /**
   * Creates a column without nulls from a copy of the values.
   *
   * @param name the column name
   * @param values the values
   * @return the column
   * @throws IllegalArgumentException if the name is empty
   */
  public static BooleanColumn of(String name, boolean... values) {
    return new BooleanColumn(name, values.clone(), null, 0, values.length);
  }

  /**
   * Starts a growable builder.
   *
   * @param name the column name
   * @return a builder
   * @throws IllegalArgumentException if the name is empty
   */
  public static Builder builder(String name) {
    return new Builder(name, Columns.MIN_CAPACITY);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.BOOLEAN;
  }

  @Override
  public int size() {
    return length;
  }

  @Override
  public boolean isNull(int row) {
    Columns.checkRow(row, length);
    return Columns.isSet(nulls, offset + row);
  }

  @Override
  public int nullCount() {
    return nullCount;
  }

  /**
   * Returns a row's value; false for a null row.
   *
   * @param row the 0-based row
   * @return the value
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public boolean value(int row) {
    Columns.checkRow(row, length);
    return values[offset + row];
  }

  @Override
  public BooleanColumn slice(int from, int to) {
    Columns.checkRange(from, to, length);
    return new BooleanColumn(name, values, nulls, offset + from, to - from);
  }

  @Override
  public BooleanColumn take(int[] rows) {
    Builder b = new Builder(name, rows.length);
    for (int r : rows) {
      if (isNull(r)) {
        b.appendNull();
      } else {
        b.append(values[offset + r]);
      }
    }
    return b.build();
  }

  @Override
  public BooleanColumn withName(String name) {
    return new BooleanColumn(name, values, nulls, offset, length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof BooleanColumn other)
        || !name.equals(other.name)
        || length != other.length
        || nullCount != other.nullCount) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      boolean n = Columns.isSet(nulls, offset + i);
      if (n != Columns.isSet(other.nulls, other.offset + i)) {
        return false;
      }
      if (!n && values[offset + i] != other.values[other.offset + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = name.hashCode() * 31 + ColumnType.BOOLEAN.ordinal();
    for (int i = 0; i < length; i++) {
      h = 31 * h + (Columns.isSet(nulls, offset + i) ? 2 : values[offset + i] ? 1 : 0);
    }
    return h;
  }

  @Override
  public String toString() {
    return "BooleanColumn[" + name + ", " + length + " rows, " + nullCount + " null]";
  }

  /**
   * Appends booleans and nulls to a growable primitive array, without boxing.
   *
   * <p>Not thread-safe: fill from one thread, then {@link #build()}.
   *
   * <pre>{@code
   * BooleanColumn c = BooleanColumn.builder("ok").append(true).appendNull().build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private boolean[] values;
    private long @Nullable [] nulls;
    private int size;

    Builder(String name, int capacity) {
      this.name = Columns.requireName(name);
      this.values = new boolean[capacity];
    }

    /**
     * Appends a value.
     *
     * @param value the value
     * @return this builder
     */
    public Builder append(boolean value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, Columns.grow(values.length, size + 1));
      }
      values[size++] = value;
      return this;
    }

    /**
     * Appends a null row.
     *
     * @return this builder
     */
    public Builder appendNull() {
      if (size == values.length) {
        values = Arrays.copyOf(values, Columns.grow(values.length, size + 1));
      }
      nulls = Columns.set(nulls, size, values.length);
      values[size++] = false;
      return this;
    }

    /**
     * Returns the number of rows appended so far.
     *
     * @return the size
     */
    public int size() {
      return size;
    }

    /**
     * Drops the rows after the first {@code newSize}, e.g. to undo a half-appended row.
     *
     * @param newSize the rows to keep
     * @return this builder
     * @throws IllegalArgumentException if newSize is negative or greater than {@link #size()}
     */
    public Builder truncate(int newSize) {
      if (newSize < 0 || newSize > size) {
        throw new IllegalArgumentException(
            "cannot truncate " + size + " rows to " + newSize + "; use 0.." + size);
      }
      Columns.clearFrom(nulls, newSize);
      Arrays.fill(values, newSize, size, false);
      size = newSize;
      return this;
    }

    /**
     * Builds the column; the builder then starts afresh.
     *
     * @return the column
     */
    public BooleanColumn build() {
      boolean[] v =
          Columns.worthTrimming(values.length, size) ? Arrays.copyOf(values, size) : values;
      BooleanColumn c = new BooleanColumn(name, v, nulls, 0, size);
      values = new boolean[Columns.MIN_CAPACITY];
      nulls = null;
      size = 0;
      return c;
    }
  }
}
