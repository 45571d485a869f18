package dev.mlops.api.table;

import java.time.Instant;
import java.util.Arrays;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A column of instants stored as microseconds since 1970-01-01T00:00:00Z (UTC, no zone), with a
 * null mask. An {@link Instant} with a finer fraction is truncated toward the past to whole
 * microseconds ({@link #toMicros}); the range is about +-292,000 years around 1970. Zone handling
 * belongs to whoever reads text into this column (the CSV reader interprets zone-less date-times in
 * a configured zone, UTC by default); the column itself only knows instants. {@link #micros} of a
 * null row returns 0, so ask {@link #isNull} first.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * TimestampColumn t = TimestampColumn.builder("at").append(Instant.parse("2024-06-01T12:00:00Z"))
 *     .appendNull().build();
 * long micros = t.micros(0); // 1717243200000000
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TimestampColumn implements Column {
  private final String name;
  private final long[] values;
  private final long @Nullable [] nulls;
  private final int offset;
  private final int length;
  private final int nullCount;

  TimestampColumn(String name, long[] values, long @Nullable [] nulls, int offset, int length) {
    this.name = Columns.requireName(name);
    this.values = values;
    this.nulls = nulls;
    this.offset = offset;
    this.length = length;
    this.nullCount = Columns.count(nulls, offset, offset + length);
  }

  /**
   * Creates a column without nulls from a copy of epoch-microsecond values.
   *
   * @param name the column name
   * @param micros microseconds since the epoch, UTC
   * @return the column
   * @throws IllegalArgumentException if the name is empty
   */
  public static TimestampColumn ofMicros(String name, long... micros) {
    return new TimestampColumn(name, micros.clone(), null, 0, micros.length);
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
   * Converts an instant to epoch microseconds, truncating toward the past.
   *
   * @param instant the instant
   * @return microseconds since the epoch
   * @throws ArithmeticException if the instant is outside the range of a long in microseconds
   */
  public static long toMicros(Instant instant) {
    long seconds = instant.getEpochSecond();
    long micros = instant.getNano() / 1000;
    if (seconds < 0 && micros > 0) {
      // borrow a second so the product cannot overflow before the fraction is added
      return Math.addExact(Math.multiplyExact(seconds + 1, 1_000_000L), micros - 1_000_000L);
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
  }

  /**
   * Converts epoch microseconds to an instant.
   *
   * @param micros microseconds since the epoch
   * @return the instant
   */
  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.TIMESTAMP;
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
   * Returns a row's microseconds since the epoch (UTC); 0 for a null row.
   *
   * @param row the 0-based row
   * @return the value
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public long micros(int row) {
    Columns.checkRow(row, length);
    return values[offset + row];
  }

  /**
   * Returns a row as an instant (allocates), or null for a null row.
   *
   * @param row the 0-based row
   * @return the instant, or null
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public @Nullable Instant instant(int row) {
    return isNull(row) ? null : toInstant(values[offset + row]);
  }

  @Override
  public TimestampColumn slice(int from, int to) {
    Columns.checkRange(from, to, length);
    return new TimestampColumn(name, values, nulls, offset + from, to - from);
  }

  @Override
  public TimestampColumn take(int[] rows) {
    Builder b = new Builder(name, rows.length);
    for (int r : rows) {
      if (isNull(r)) {
        b.appendNull();
      } else {
        b.appendMicros(values[offset + r]);
      }
    }
    return b.build();
  }

  @Override
  public TimestampColumn withName(String name) {
    return new TimestampColumn(name, values, nulls, offset, length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TimestampColumn other)
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
    int h = name.hashCode() * 31 + ColumnType.TIMESTAMP.ordinal();
    for (int i = 0; i < length; i++) {
      h =
          31 * h
              + (Columns.isSet(nulls, offset + i) ? 0x5bd1e995 : Long.hashCode(values[offset + i]));
    }
    return h;
  }

  @Override
  public String toString() {
    return "TimestampColumn[" + name + ", " + length + " rows, " + nullCount + " null]";
  }

  /**
   * Appends instants (as epoch microseconds) and nulls to a growable primitive array.
   *
   * <p>Not thread-safe: fill from one thread, then {@link #build()}.
   *
   * <pre>{@code
   * TimestampColumn c = TimestampColumn.builder("at").appendMicros(0L).appendNull().build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private long[] values;
    private long @Nullable [] nulls;
    private int size;

    Builder(String name, int capacity) {
      this.name = Columns.requireName(name);
      this.values = new long[capacity];
    }

    /**
     * Appends microseconds since the epoch (UTC).
     *
     * @param micros the value
     * @return this builder
     */
    public Builder appendMicros(long micros) {
      if (size == values.length) {
        values = Arrays.copyOf(values, Columns.grow(values.length, size + 1));
      }
      values[size++] = micros;
      return this;
    }

    /**
     * Appends an instant, truncated toward the past to whole microseconds.
     *
     * @param instant the instant
     * @return this builder
     * @throws ArithmeticException if the instant is outside the microsecond range of a long
     */
    public Builder append(Instant instant) {
      return appendMicros(toMicros(instant));
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
      values[size++] = 0L;
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
     * Builds the column; the builder then starts afresh.
     *
     * @return the column
     */
    public TimestampColumn build() {
      long[] v = Columns.worthTrimming(values.length, size) ? Arrays.copyOf(values, size) : values;
      TimestampColumn c = new TimestampColumn(name, v, nulls, 0, size);
      values = new long[Columns.MIN_CAPACITY];
      nulls = null;
      size = 0;
      return c;
    }
  }
}
