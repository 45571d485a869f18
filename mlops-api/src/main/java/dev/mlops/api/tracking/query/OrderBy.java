package dev.mlops.api.tracking.query;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One key of a run query's order, written {@code <field> ASC} or {@code <field> DESC} after {@code
 * ORDER BY} (ascending when the direction is left out).
 *
 * <p>Immutable and thread-safe. Every backend orders the same way:
 *
 * <ul>
 *   <li>metrics and the two time attributes numerically ({@code -Infinity} first, {@code +Infinity}
 *       last when ascending); a NaN metric counts as missing;
 *   <li>parameters: NUMBER parameters numerically, then every other parameter (STRING, BOOLEAN) by
 *       its canonical text as below; so ascending puts numbers before text, and descending puts
 *       text (largest first) before numbers (largest first);
 *   <li>tags and text attributes (status included, by its name) by Unicode code point, which is the
 *       byte order of UTF-8 ({@code COLLATE "C"} in PostgreSQL, {@code BINARY} in SQLite) and not
 *       {@link String#compareTo} for characters beyond U+FFFF;
 *   <li>runs lacking the key sort <b>last in both directions</b>;
 *   <li>after every key of the order, ties are broken by run id ascending, so the order is total
 *       and cursor paging never repeats or skips a run.
 * </ul>
 *
 * <pre>{@code
 * OrderBy best = new OrderBy(Field.metric("accuracy"), OrderBy.Direction.DESC);
 * best.toQueryString(); // "metrics.accuracy DESC"
 * }</pre>
 *
 * @param field the field to order by
 * @param direction ascending or descending
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record OrderBy(Field field, Direction direction) {

  /**
   * Checks the components are present.
   *
   * @throws NullPointerException if one is null
   */
  public OrderBy {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(direction, "direction");
  }

  /**
   * Ascending order by a field.
   *
   * @param field the field
   * @return the order key
   */
  public static OrderBy asc(Field field) {
    return new OrderBy(field, Direction.ASC);
  }

  /**
   * Descending order by a field.
   *
   * @param field the field
   * @return the order key
   */
  public static OrderBy desc(Field field) {
    return new OrderBy(field, Direction.DESC);
  }

  /**
   * Returns the canonical query text, with the direction always written.
   *
   * @return e.g. {@code metrics.accuracy DESC}
   */
  public String toQueryString() {
    return QueryPrinter.field(field) + " " + direction.name();
  }

  /**
   * The direction of an order key.
   *
   * <p>Immutable and thread-safe. Runs lacking the key come last in both directions.
   *
   * <pre>{@code
   * OrderBy.Direction d = OrderBy.Direction.DESC;
   * }</pre>
   *
   * @since 0.1
   */
  public enum Direction {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
  }
}
