package dev.mlops.api.table;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The name and type of one column.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ColumnSchema price = new ColumnSchema("price", ColumnType.NUMERIC);
 * }</pre>
 *
 * @param name the column name, not empty
 * @param type the column type
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ColumnSchema(String name, ColumnType type) {
  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if the name is empty
   */
  public ColumnSchema {
    Columns.requireName(name);
    Objects.requireNonNull(type, "type");
  }

  @Override
  public String toString() {
    return name + ":" + type;
  }
}
