package dev.mlops.io;

import dev.mlops.api.table.ColumnType;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Typing rules for {@link JsonLinesTableReader}: one JSON object per line, its keys are columns.
 *
 * <p>Immutable and thread-safe; build once and share.
 *
 * <pre>{@code
 * JsonLinesOptions o = JsonLinesOptions.builder().type("zip", ColumnType.CATEGORICAL).build();
 * Table t = JsonLinesTableReader.of(o).read(Path.of("events.jsonl"));
 * }</pre>
 *
 * <p>Columns are the keys in order of first appearance in the first {@link Builder#sampleRows}
 * lines, then the declared columns not seen there, in declaration order. A missing key or {@code
 * null} is null. Values by column type: NUMERIC takes JSON numbers (read exactly as {@link
 * Double#parseDouble} reads their text) and the strings {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"}; CATEGORICAL takes strings; BOOLEAN takes {@code true}/{@code false}; TIMESTAMP
 * takes ISO-8601 strings as {@link CsvOptions} describes (zone-less ones in {@link Builder#zone}).
 * Undeclared columns are inferred from the sample: numbers (and the non-finite strings) give
 * NUMERIC (as in CSV, a column of only {@code "NaN"} strings is NUMERIC), booleans BOOLEAN, strings
 * that are all ISO-8601 date-times TIMESTAMP, other strings or mixed values CATEGORICAL, no value
 * at all CATEGORICAL.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonLinesOptions {
  /** Default number of lines sampled to find and type the columns: 1000. */
  public static final int DEFAULT_SAMPLE_ROWS = 1000;

  /** Default zone for date-times without offset: UTC. */
  public static final ZoneId DEFAULT_ZONE = ZoneOffset.UTC;

  /** Default number of bad rows kept in collect-errors mode: 10,000. */
  public static final int DEFAULT_MAX_BAD_ROWS = 10_000;

  private final int sampleRows;
  private final boolean inferTypes;
  private final Map<String, ColumnType> types;
  private final ZoneId zone;
  private final int maxBadRows;

  private JsonLinesOptions(Builder b) {
    this.sampleRows = b.sampleRows;
    this.inferTypes = b.inferTypes;
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(b.types));
    this.zone = b.zone;
    this.maxBadRows = b.maxBadRows;
  }

  /**
   * Returns the defaults (types inferred).
   *
   * @return the default options
   */
  public static JsonLinesOptions defaults() {
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
   * Returns the number of lines sampled.
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
    return "JsonLinesOptions[sampleRows="
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
   * Builds {@link JsonLinesOptions}; each option may be set once.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * JsonLinesOptions o = JsonLinesOptions.builder().inferTypes(false)
   *     .type("x", ColumnType.NUMERIC).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final Set<String> set = new HashSet<>();
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
     * Sets how many lines are sampled to find and type the columns. Default: 1000.
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
     * Sets whether undeclared keys become inferred columns; when false every key must be declared.
     * Default: true.
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
     * Declares a column's type (overriding inference).
     *
     * @param column the key
     * @param type its type
     * @return this builder
     * @throws IllegalArgumentException if the name is empty
     * @throws IllegalStateException if the column was already declared
     */
    public Builder type(String column, ColumnType type) {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(type, "type");
      if (column.isEmpty()) {
        throw new IllegalArgumentException("column name is empty");
      }
      if (types.containsKey(column)) {
        throw new IllegalStateException("column '" + column + "' was already declared");
      }
      types.put(column, type);
      return this;
    }

    /**
     * Declares the types of several columns.
     *
     * @param types key to type
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
     * Sets how many bad rows collect-errors mode keeps (the rest are counted). Default: 10,000.
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
    public JsonLinesOptions build() {
      return new JsonLinesOptions(this);
    }
  }
}
