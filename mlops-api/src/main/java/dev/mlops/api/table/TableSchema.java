package dev.mlops.api.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The ordered columns of a {@link Table}: names (unique) and types.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * TableSchema schema = table.schema();
 * OptionalInt i = schema.indexOf("price");
 * }</pre>
 *
 * @param columns the columns in order; names are unique
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record TableSchema(List<ColumnSchema> columns) {
  /**
   * Copies the list and checks that names are unique.
   *
   * @throws IllegalArgumentException if two columns share a name
   */
  public TableSchema {
    columns = List.copyOf(columns);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      Integer before = seen.put(columns.get(i).name(), i);
      if (before != null) {
        throw new IllegalArgumentException(
            "column name '"
                + columns.get(i).name()
                + "' appears twice (columns "
                + before
                + " and "
                + i
                + "); give every column its own name");
      }
    }
  }

  /**
   * Creates a schema from column schemas.
   *
   * @param columns the columns in order
   * @return the schema
   * @throws IllegalArgumentException if two columns share a name
   */
  public static TableSchema of(ColumnSchema... columns) {
    return new TableSchema(List.of(columns));
  }

  /**
   * Returns the number of columns.
   *
   * @return the column count
   */
  public int size() {
    return columns.size();
  }

  /**
   * Returns the column names in order.
   *
   * @return the names
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(columns.size());
    for (ColumnSchema c : columns) {
      names.add(c.name());
    }
    return List.copyOf(names);
  }

  /**
   * Returns the index of a column.
   *
   * @param name the column name
   * @return its 0-based index, or empty when there is no such column
   */
  public OptionalInt indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Returns a column by name.
   *
   * @param name the column name
   * @return the column schema, or empty when there is no such column
   */
  public Optional<ColumnSchema> find(String name) {
    OptionalInt i = indexOf(name);
    return i.isPresent() ? Optional.of(columns.get(i.getAsInt())) : Optional.empty();
  }

  @Override
  public String toString() {
    return columns.toString();
  }
}
