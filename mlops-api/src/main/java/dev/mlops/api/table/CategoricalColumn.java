package dev.mlops.api.table;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A column of strings, dictionary-encoded: each row holds an int code into {@link #dictionary()},
 * or {@link #NULL_CODE} for null. Categories are compared byte for byte (case-sensitive, spaces
 * kept); the empty string is a category like any other. The dictionary lists each category once, in
 * order of first appearance; a slice or a selection of rows shares its parent's dictionary, so it
 * may hold categories that none of its rows uses.
 *
 * <p>Immutable and thread-safe. Equality compares the category of every row, not the codes, so two
 * columns with the same rows but differently ordered dictionaries are equal.
 *
 * <pre>{@code
 * CategoricalColumn city = CategoricalColumn.of("city", "Oslo", null, "Lima", "Oslo");
 * int[] counts = new int[city.dictionarySize()];
 * for (int i = 0; i < city.size(); i++) {
 *   if (!city.isNull(i)) counts[city.code(i)]++;
 * }
 * // city.dictionary() = [Oslo, Lima], counts = [2, 1]
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalColumn implements Column {
  /** The code of a null row. */
  public static final int NULL_CODE = -1;

  private final String name;
  private final String[] dictionary;
  private final int dictionarySize;
  private final int[] codes;
  private final int offset;
  private final int length;
  private int nullCount = -1; // racy single-check cache, like String.hash

  CategoricalColumn(
      String name, String[] dictionary, int dictionarySize, int[] codes, int offset, int length) {
    this.name = Columns.requireName(name);
    this.dictionary = dictionary;
    this.dictionarySize = dictionarySize;
    this.codes = codes;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Creates a column from values; a null value is a null row.
   *
   * @param name the column name
   * @param values the values
   * @return the column
   * @throws IllegalArgumentException if the name is empty
   */
  public static CategoricalColumn of(String name, @Nullable String... values) {
    Builder b = new Builder(name, values.length);
    for (String v : values) {
      b.append(v);
    }
    return b.build();
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
    return ColumnType.CATEGORICAL;
  }

  @Override
  public int size() {
    return length;
  }

  @Override
  public boolean isNull(int row) {
    Columns.checkRow(row, length);
    return codes[offset + row] == NULL_CODE;
  }

  @Override
  public int nullCount() {
    int n = nullCount;
    if (n < 0) {
      n = 0;
      for (int i = offset, end = offset + length; i < end; i++) {
        if (codes[i] == NULL_CODE) {
          n++;
        }
      }
      nullCount = n;
    }
    return n;
  }

  /**
   * Returns a row's code into {@link #dictionary()}, or {@link #NULL_CODE} for a null row.
   *
   * @param row the 0-based row
   * @return the code
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public int code(int row) {
    Columns.checkRow(row, length);
    return codes[offset + row];
  }

  /**
   * Returns a row's category, or null for a null row.
   *
   * @param row the 0-based row
   * @return the category, or null
   * @throws IndexOutOfBoundsException if the row is outside [0, size)
   */
  public @Nullable String category(int row) {
    int c = code(row);
    return c == NULL_CODE ? null : dictionary[c];
  }

  /**
   * Returns the category of a code.
   *
   * @param code a code in [0, dictionarySize)
   * @return the category
   * @throws IndexOutOfBoundsException if the code is outside [0, dictionarySize)
   */
  public String categoryOf(int code) {
    Objects.checkIndex(code, dictionarySize);
    return dictionary[code];
  }

  /**
   * Returns the number of dictionary entries (codes are 0 to this minus 1).
   *
   * @return the dictionary size
   */
  public int dictionarySize() {
    return dictionarySize;
  }

  /**
   * Returns the dictionary: the categories in code order.
   *
   * @return an unmodifiable view
   */
  public List<String> dictionary() {
    return Collections.unmodifiableList(Arrays.asList(dictionary).subList(0, dictionarySize));
  }

  @Override
  public CategoricalColumn slice(int from, int to) {
    Columns.checkRange(from, to, length);
    return new CategoricalColumn(name, dictionary, dictionarySize, codes, offset + from, to - from);
  }

  @Override
  public CategoricalColumn take(int[] rows) {
    int[] picked = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      picked[i] = code(rows[i]);
    }
    return new CategoricalColumn(name, dictionary, dictionarySize, picked, 0, picked.length);
  }

  @Override
  public CategoricalColumn withName(String name) {
    return new CategoricalColumn(name, dictionary, dictionarySize, codes, offset, length);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CategoricalColumn other)
        || !name.equals(other.name)
        || length != other.length) {
      return false;
    }
    boolean sameDictionary = dictionary == other.dictionary;
    for (int i = 0; i < length; i++) {
      int a = codes[offset + i];
      int b = other.codes[other.offset + i];
      if (sameDictionary || a == NULL_CODE || b == NULL_CODE) {
        if (a != b) {
          return false;
        }
      } else if (!dictionary[a].equals(other.dictionary[b])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = name.hashCode() * 31 + ColumnType.CATEGORICAL.ordinal();
    for (int i = 0; i < length; i++) {
      int c = codes[offset + i];
      h = 31 * h + (c == NULL_CODE ? 0x5bd1e995 : dictionary[c].hashCode());
    }
    return h;
  }

  @Override
  public String toString() {
    return "CategoricalColumn["
        + name
        + ", "
        + length
        + " rows, "
        + nullCount()
        + " null, "
        + dictionarySize
        + " categories]";
  }

  /**
   * Appends categories (or their codes) and nulls, building the dictionary as it goes.
   *
   * <p>Not thread-safe: fill from one thread, then {@link #build()}.
   *
   * <pre>{@code
   * CategoricalColumn.Builder b = CategoricalColumn.builder("city");
   * int oslo = b.addCategory("Oslo");
   * b.appendCode(oslo).append("Lima").appendNull();
   * CategoricalColumn city = b.build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private StringIndex index;
    private int[] codes;
    private int size;

    Builder(String name, int capacity) {
      this.name = Columns.requireName(name);
      this.index = new StringIndex(16);
      this.codes = new int[capacity];
    }

    /**
     * Adds a category to the dictionary if it is not there yet.
     *
     * @param category the category
     * @return its code
     */
    public int addCategory(String category) {
      Objects.requireNonNull(category, "category");
      return index.add(category);
    }

    /**
     * Returns the number of categories in the dictionary so far.
     *
     * @return the dictionary size
     */
    public int dictionarySize() {
      return index.size();
    }

    /**
     * Appends a category; null appends a null row.
     *
     * @param category the category, or null
     * @return this builder
     */
    public Builder append(@Nullable String category) {
      return appendCode(category == null ? NULL_CODE : index.add(category));
    }

    /**
     * Appends a null row.
     *
     * @return this builder
     */
    public Builder appendNull() {
      return appendCode(NULL_CODE);
    }

    /**
     * Appends a row by code, as returned by {@link #addCategory}, or {@link #NULL_CODE}.
     *
     * @param code the code
     * @return this builder
     * @throws IndexOutOfBoundsException if the code is neither NULL_CODE nor in the dictionary
     */
    public Builder appendCode(int code) {
      if (code != NULL_CODE) {
        Objects.checkIndex(code, index.size());
      }
      if (size == codes.length) {
        codes = Arrays.copyOf(codes, Columns.grow(codes.length, size + 1));
      }
      codes[size++] = code;
      return this;
    }

    /**
     * Makes room for {@code additional} more rows, so appends do not grow the array.
     *
     * @param additional rows to come
     * @return this builder
     */
    public Builder reserve(int additional) {
      if (codes.length - size < additional) {
        codes = Arrays.copyOf(codes, Columns.grow(codes.length, size + additional));
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
     * Drops the rows after the first {@code newSize}, e.g. to undo a half-appended row. The
     * dictionary keeps its entries.
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
      size = newSize;
      return this;
    }

    /**
     * Builds the column; the builder then starts afresh.
     *
     * @return the column
     */
    public CategoricalColumn build() {
      int[] c = Columns.worthTrimming(codes.length, size) ? Arrays.copyOf(codes, size) : codes;
      CategoricalColumn col = new CategoricalColumn(name, index.keys(), index.size(), c, 0, size);
      index = new StringIndex(16);
      codes = new int[Columns.MIN_CAPACITY];
      size = 0;
      return col;
    }
  }
}
