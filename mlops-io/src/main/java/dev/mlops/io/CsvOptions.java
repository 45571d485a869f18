package dev.mlops.io;

import dev.mlops.api.table.ColumnType;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The CSV dialect and typing rules for {@link CsvTableReader} and {@link CsvTableWriter}. The
 * defaults are the oracle dialect: UTF-8, a header row, comma separator, RFC 4180 quoting, an empty
 * unquoted field is null, {@code NaN} is NaN in numeric columns, types inferred from the first 1000
 * rows unless declared.
 *
 * <p>Immutable and thread-safe; build once and share.
 *
 * <pre>{@code
 * CsvOptions options = CsvOptions.builder()
 *     .type("cylinders", ColumnType.CATEGORICAL)   // override inference for one column
 *     .nullTokens("", "NA")
 *     .build();
 * Table t = CsvTableReader.of(options).read(Path.of("cars.csv"));
 * }</pre>
 *
 * <p>Typing: a column declared with {@link Builder#type} gets that type. Other columns are inferred
 * from the non-null fields of the first {@link Builder#sampleRows} rows: NUMERIC when every field
 * is a number (or {@code NaN}/{@code Infinity}), else BOOLEAN when every field is {@code true} or
 * {@code false} (any case), else TIMESTAMP when every field is an ISO-8601 date-time or date, else
 * CATEGORICAL; a column with no value in the sample is CATEGORICAL. With {@code inferTypes(false)}
 * every column of the file must be declared.
 *
 * <p>Nulls: a field equal to one of the null tokens is null, but only when it is not quoted; a
 * quoted field is always a value (so {@code ""} is the empty string in a categorical column). The
 * writer writes the first null token for a null and quotes a category equal to a null token.
 *
 * <p>Timestamps: ISO-8601 with an offset or {@code Z} ({@code 2024-06-01T12:00:00Z}) are exact
 * instants; a date-time without offset ({@code 2024-06-01T12:00:00} or with a space instead of
 * {@code T}) or a bare date is read in {@link Builder#zone} (default UTC). Fractions below a
 * microsecond are truncated toward the past. The writer writes UTC instants ({@code ...Z}).
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CsvOptions {
  /** Default: a header row is present. */
  public static final boolean DEFAULT_HEADER = true;

  /** Default separator: {@code ','}. */
  public static final char DEFAULT_DELIMITER = ',';

  /** Default null tokens: only the empty field. */
  public static final List<String> DEFAULT_NULL_TOKENS = List.of("");

  /** Default number of rows sampled to infer types: 1000. */
  public static final int DEFAULT_SAMPLE_ROWS = 1000;

  /** Default zone for date-times without offset: UTC. */
  public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

  /** Default number of bad rows kept in collect-errors mode (more are counted): 10,000. */
  public static final int DEFAULT_MAX_BAD_ROWS = 10_000;

  private final boolean header;
  private final char delimiter;
  private final List<String> nullTokens;
  private final int sampleRows;
  private final boolean inferTypes;
  private final Map<String, ColumnType> types;
  private final ZoneId zone;
  private final int maxBadRows;

  private CsvOptions(Builder b) {
    this.header = b.header;
    this.delimiter = b.delimiter;
    this.nullTokens = List.copyOf(b.nullTokens);
    this.sampleRows = b.sampleRows;
    this.inferTypes = b.inferTypes;
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(b.types));
    this.zone = b.zone;
    this.maxBadRows = b.maxBadRows;
  }

  /**
   * Returns the defaults (the oracle dialect, types inferred).
   *
   * @return the default options
   */
  public static CsvOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with every default.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns whether the first row is a header.
   *
   * @return true when there is a header row
   */
  public boolean header() {
    return header;
  }

  /**
   * Returns the field separator.
   *
   * @return the delimiter
   */
  public char delimiter() {
    return delimiter;
  }

  /**
   * Returns the null tokens; the first is what the writer writes for null.
   *
   * @return the tokens, at least one
   */
  public List<String> nullTokens() {
    return nullTokens;
  }

  /**
   * Returns the number of rows sampled to infer types.
   *
   * @return the sample size
   */
  public int sampleRows() {
    return sampleRows;
  }

  /**
   * Returns whether undeclared columns get inferred types.
   *
   * @return true when inference is on
   */
  public boolean inferTypes() {
    return inferTypes;
  }

  /**
   * Returns the declared column types.
   *
   * @return column name to type, in declaration order
   */
  public Map<String, ColumnType> types() {
    return types;
  }

  /**
   * Returns the zone of date-times without offset.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns how many bad rows collect-errors mode keeps.
   *
   * @return the limit
   */
  public int maxBadRows() {
    return maxBadRows;
  }

  @Override
  public String toString() {
    return "CsvOptions[header="
        + header
        + ", delimiter="
        + delimiter
        + ", nullTokens="
        + nullTokens
        + ", sampleRows="
        + sampleRows
        + ", inferTypes="
        + inferTypes
        + ", types="
        + types
        + ", zone="
        + zone
        + "]";
  }

  /**
   * Builds {@link CsvOptions}; each option may be set once.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * CsvOptions o = CsvOptions.builder().delimiter(';').header(false).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
    private boolean header = DEFAULT_HEADER;
    private char delimiter = DEFAULT_DELIMITER;
    private List<String> nullTokens = DEFAULT_NULL_TOKENS;
    private int sampleRows = DEFAULT_SAMPLE_ROWS;
    private boolean inferTypes = true;
    private final Map<String, ColumnType> types = new LinkedHashMap<>();
    private ZoneId zone = DEFAULT_ZONE;
    private int maxBadRows = DEFAULT_MAX_BAD_ROWS;

    Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    /**
     * Sets whether the first row is a header. Without one, columns are named {@code c0}, {@code
     * c1}, ... Default: true.
     *
     * @param header true when there is a header row
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder header(boolean header) {
      once("header");
      this.header = header;
      return this;
    }

    /**
     * Sets the field separator. Default: {@code ','}.
     *
     * @param delimiter an ASCII character other than a double quote, CR or LF
     * @return this builder
     * @throws IllegalArgumentException if the character is not allowed
     * @throws IllegalStateException if already set
     */
    public Builder delimiter(char delimiter) {
      if (delimiter > 127 || delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
        throw new IllegalArgumentException(
            "delimiter must be an ASCII character other than '\"', CR and LF, but was '"
                + delimiter
                + "'");
      }
      once("delimiter");
      this.delimiter = delimiter;
      return this;
    }

    /**
     * Sets the null tokens: an unquoted field equal to one of them is null. The first is written
     * for null. Default: the empty field only.
     *
     * @param tokens one or more tokens
     * @return this builder
     * @throws IllegalArgumentException if no token is given or one contains a quote, CR or LF
     * @throws IllegalStateException if already set
     */
    public Builder nullTokens(String... tokens) {
      if (tokens.length == 0) {
        throw new IllegalArgumentException("give at least one null token, e.g. \"\"");
      }
      List<String> list = new ArrayList<>();
      for (String t : tokens) {
        Objects.requireNonNull(t, "token");
        if (t.indexOf('"') >= 0 || t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0) {
          throw new IllegalArgumentException(
              "null token '" + t + "' contains a quote, CR or LF; such a field is always quoted");
        }
        list.add(t);
      }
      once("nullTokens");
      this.nullTokens = list;
      return this;
    }

    /**
     * Sets how many rows are sampled to infer types. Default: 1000.
     *
     * @param rows at least 1
     * @return this builder
     * @throws IllegalArgumentException if rows &lt; 1
     * @throws IllegalStateException if already set
     */
    public Builder sampleRows(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("sampleRows must be >= 1, but was " + rows);
      }
      once("sampleRows");
      this.sampleRows = rows;
      return this;
    }

    /**
     * Sets whether undeclared columns get inferred types; when false, every column of the file must
     * be declared with {@link #type}. Default: true.
     *
     * @param infer whether to infer
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder inferTypes(boolean infer) {
      once("inferTypes");
      this.inferTypes = infer;
      return this;
    }

    /**
     * Declares a column's type (overriding inference). The file's header must contain the column.
     *
     * @param column the column name
     * @param type its type
     * @return this builder
     * @throws IllegalStateException if the column was already declared
     */
    public Builder type(String column, ColumnType type) {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(type, "type");
      if (types.containsKey(column)) {
        throw new IllegalStateException("column '" + column + "' was already declared");
      }
      types.put(column, type);
      return this;
    }

    /**
     * Declares the types of several columns.
     *
     * @param types column name to type
     * @return this builder
     * @throws IllegalStateException if a column was already declared
     */
    public Builder types(Map<String, ColumnType> types) {
      types.forEach(this::type);
      return this;
    }

    /**
     * Sets the zone of date-times without offset. Default: UTC.
     *
     * @param zone the zone
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder zone(ZoneId zone) {
      Objects.requireNonNull(zone, "zone");
      once("zone");
      this.zone = zone;
      return this;
    }

    /**
     * Sets how many bad rows collect-errors mode keeps (the rest are only counted). Default:
     * 10,000.
     *
     * @param max at least 0
     * @return this builder
     * @throws IllegalArgumentException if max &lt; 0
     * @throws IllegalStateException if already set
     */
    public Builder maxBadRows(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxBadRows must be >= 0, but was " + max);
      }
      once("maxBadRows");
      this.maxBadRows = max;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public CsvOptions build() {
      return new CsvOptions(this);
    }
  }
}
