package dev.mlops.validation.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a table must look like: one {@link ColumnSpec} per expected column, in order, and optional
 * row-count bounds. Columns of the table that the schema does not name are not checked.
 *
 * <p>Immutable and thread-safe; edit a copy through {@link #toBuilder()}.
 *
 * <pre>{@code
 * Schema schema = Schema.builder()
 *     .column(ColumnSpec.builder("age", ColumnType.NUMERIC).range(0.0, 130.0, Severity.FAIL).build())
 *     .rowCount(1, null, Severity.FAIL)
 *     .build();
 * Schema edited = schema.toBuilder()
 *     .edit("age", c -> c.maxNullFraction(0.05, Severity.WARN))
 *     .build();
 * }</pre>
 *
 * @param columns the column specs, distinct names, in order
 * @param rowCount the row-count bounds, or null for none
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Schema(List<ColumnSpec> columns, @Nullable RowCount rowCount) {

  /**
   * Creates a schema.
   *
   * @throws NullPointerException if {@code columns} or an element is null
   * @throws IllegalArgumentException if two columns share a name
   */
  public Schema {
    columns = List.copyOf(columns);
    Set<String> names = new HashSet<>();
    for (ColumnSpec c : columns) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("column " + c.name() + " appears twice in the schema");
      }
    }
  }

  /**
   * The table has between {@code min} and {@code max} rows.
   *
   * @param min the fewest rows, 0 or more
   * @param max the most rows, or null for no upper bound
   * @param severity the severity
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record RowCount(long min, @Nullable Long max, Severity severity) {
    /**
     * Creates the bounds.
     *
     * @throws IllegalArgumentException if {@code min} is negative or greater than {@code max}
     * @throws NullPointerException if {@code severity} is null
     */
    public RowCount {
      Objects.requireNonNull(severity, "severity");
      if (min < 0 || (max != null && max < min)) {
        throw new IllegalArgumentException(
            "row-count bounds need 0 <= min <= max, but were " + min + " and " + max);
      }
    }

    /**
     * Returns the bounds as text, e.g. {@code [1, inf]}.
     *
     * @return the text
     */
    public String describe() {
      return "[" + min + ", " + (max == null ? "inf" : max.toString()) + "]";
    }
  }

  /**
   * Finds a column's spec.
   *
   * @param name the column name
   * @return the spec, if the schema names the column
   */
  public Optional<ColumnSpec> column(String name) {
    Objects.requireNonNull(name, "name");
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /**
   * Starts an empty schema.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this schema, to edit it.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (ColumnSpec c : columns) {
      b.columns.put(c.name(), c);
    }
    b.rowCount = rowCount;
    return b;
  }

  /**
   * Builds a {@link Schema}.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * Schema s = Schema.builder().column(spec).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final Map<String, ColumnSpec> columns = new LinkedHashMap<>();
    private @Nullable RowCount rowCount;

    private Builder() {}

    /**
     * Adds a column spec, or replaces the spec of the same name in place.
     *
     * @param spec the spec
     * @return this
     * @throws NullPointerException if {@code spec} is null
     */
    public Builder column(ColumnSpec spec) {
      Objects.requireNonNull(spec, "spec");
      columns.put(spec.name(), spec);
      return this;
    }

    /**
     * Edits the spec of a column.
     *
     * @param name the column name
     * @param edit receives the spec's builder and returns it
     * @return this
     * @throws IllegalArgumentException if the schema has no such column
     * @throws NullPointerException if an argument is null
     */
    public Builder edit(String name, UnaryOperator<ColumnSpec.Builder> edit) {
      Objects.requireNonNull(edit, "edit");
      ColumnSpec c = columns.get(Objects.requireNonNull(name, "name"));
      if (c == null) {
        throw new IllegalArgumentException(
            "the schema has no column " + name + "; it has " + columns.keySet());
      }
      ColumnSpec edited = edit.apply(c.toBuilder()).build();
      if (!edited.name().equals(name)) {
        throw new IllegalStateException("an edit keeps the column name");
      }
      columns.put(name, edited);
      return this;
    }

    /**
     * Removes a column's spec, if present.
     *
     * @param name the column name
     * @return this
     */
    public Builder remove(String name) {
      columns.remove(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * Sets the row-count bounds.
     *
     * @param min the fewest rows
     * @param max the most rows, or null for no upper bound
     * @param severity the severity
     * @return this
     * @throws IllegalArgumentException as {@link RowCount}
     */
    public Builder rowCount(long min, @Nullable Long max, Severity severity) {
      this.rowCount = new RowCount(min, max, severity);
      return this;
    }

    /**
     * Removes the row-count bounds.
     *
     * @return this
     */
    public Builder noRowCount() {
      this.rowCount = null;
      return this;
    }

    /**
     * Builds the schema.
     *
     * @return the schema
     */
    public Schema build() {
      return new Schema(new ArrayList<>(columns.values()), rowCount);
    }
  }
}
