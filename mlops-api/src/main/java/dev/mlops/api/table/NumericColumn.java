package dev.mlops.api.table;

import java.util.Arrays;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A column of doubles with a null mask. NaN is a value, distinct from null: a row is either null
 * ({@link #isNull}) or holds a double, which may be NaN or infinite. {@link #value} of a null row
 * returns NaN, so always ask {@link #isNull} first when the difference matters.
 *
 * <p>Immutable and thread-safe. Equality compares doubles by {@link Double#doubleToLongBits} (so
 * NaN equals NaN and 0.0 differs from -0.0) and ignores the stored value of null rows.
 *
 * <pre>{@code
 * NumericColumn.Builder b = NumericColumn.builder("price");
 * b.append(1.5).appendNull().append(Double.NaN);
 * NumericColumn prices = b.build();
 * double sum = 0;
 * for (int i = 0; i < prices.size(); i++) {
 *   if (!prices.isNull(i) && !Double.isNaN(prices.value(i))) sum += prices.value(i);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NumericColumn implements Column {
  private final String name;
  private final double[] values;
  private final long @Nullable [] nulls;
  private final int offset;
  private final int length;
  private final int nullCount;

  /** Takes the arrays as they are (no copy); null rows hold NaN in {@code values}. */
  NumericColumn(String name, double[] values, long @Nullable [] nulls, int offset, int length) {
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
   * @param values the values (NaN allowed, as a value)
   * @return the column
   * @throws IllegalArgumentException if the name is empty
   */
  public static NumericColumn of(String name, double... values) {
    return new NumericColumn(name, values.clone(), null, 0, values.length);
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

  /**
   * Starts a builder with room for {@code capacity} rows before it grows.
   *
   * @param name the column name
   * @param capacity the initial capacity
   * @return a builder
   * @throws IllegalArgumentException if the name is empty or the capacity negative
   */
  public static Builder builder(String name, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, but was " + capacity);
    }
    return new Builder(name, capacity);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.NUMERIC;
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
   * Returns a row's value; NaN for a null row.
   *
   * @param row the 0-based row
   * @return the value
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public double value(int row) {
    Columns.checkRow(row, length);
    return values[offset + row];
  }

  /**
   * Tells whether a row holds the value NaN (not null).
   *
   * @param row the 0-based row
   * @return true for a non-null NaN
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public boolean isNaN(int row) {
    return Double.isNaN(value(row)) && !Columns.isSet(nulls, offset + row);
  }

  /**
   * Returns a copy of the values; null rows hold NaN.
   *
   * @return a new array of {@link #size()} doubles
   */
  public double[] toArray() {
    return Arrays.copyOfRange(values, offset, offset + length);
  }

  @Override
  public NumericColumn slice(int from, int to) {
    Columns.checkRange(from, to, length);
    return new NumericColumn(name, values, nulls, offset + from, to - from);
  }

  @Override
  public NumericColumn take(int[] rows) {
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
  public NumericColumn withName(String name) {
    return new NumericColumn(name, values, nulls, offset, length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NumericColumn other)
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
      if (!n
          && Double.doubleToLongBits(values[offset + i])
              != Double.doubleToLongBits(other.values[other.offset + i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = name.hashCode() * 31 + ColumnType.NUMERIC.ordinal();
    for (int i = 0; i < length; i++) {
      h =
          31 * h
              + (Columns.isSet(nulls, offset + i)
                  ? 0x5bd1e995
                  : Double.hashCode(values[offset + i]));
    }
    return h;
  }

  @Override
  public String toString() {
    return "NumericColumn[" + name + ", " + length + " rows, " + nullCount + " null]";
  }

  /**
   * Appends doubles and nulls to a growable primitive array, without boxing.
   *
   * <p>Not thread-safe: fill from one thread, then {@link #build()}. The built column does not see
   * later appends.
   *
   * <pre>{@code
   * NumericColumn c = NumericColumn.builder("x").append(1).appendNull().build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private double[] values;
    private long @Nullable [] nulls;
    private int size;

    Builder(String name, int capacity) {
      this.name = Columns.requireName(name);
      this.values = new double[capacity];
    }

    /**
     * Appends a value (NaN and infinities are values).
     *
     * @param value the value
     * @return this builder
     */
    public Builder append(double value) {
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
      values[size++] = Double.NaN;
      return this;
    }

    /**
     * Makes room for {@code additional} more rows, so appends do not grow the array.
     *
     * @param additional rows to come
     * @return this builder
     */
    public Builder reserve(int additional) {
      if (values.length - size < additional) {
        values = Arrays.copyOf(values, Columns.grow(values.length, size + additional));
      }
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
      size = newSize;
      return this;
    }

    /**
     * Builds the column. The builder's arrays are handed over when they are not much larger than
     * needed (no copy); the builder then starts afresh.
     *
     * @return the column
     */
    public NumericColumn build() {
      double[] v =
          Columns.worthTrimming(values.length, size) ? Arrays.copyOf(values, size) : values;
      long @Nullable [] n = nulls;
      NumericColumn c = new NumericColumn(name, v, n, 0, size);
      values = new double[Columns.MIN_CAPACITY];
      nulls = null;
      size = 0;
      return c;
    }
  }
}
