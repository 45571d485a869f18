package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a page of a run search ended: the order it belongs to, the last run's sort value for each
 * order key, and that run's id. The next page holds the runs strictly after this position in the
 * query's total order (see {@link RunQuery}).
 *
 * <p>Immutable and thread-safe. {@link #encode()} gives an opaque URL-safe token (Base64url of a
 * small versioned binary form) to hand to a client, and {@link #decode} reads it back, rejecting
 * anything else with {@link InvalidInputException}. A token is not signed: a client can forge one,
 * but a forged cursor is validated like any input and its values are only ever bound as SQL
 * parameters, so at worst it selects another page.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.parse("ORDER BY metrics.accuracy DESC");
 * String token = q.cursorAfter(List.of(SortValue.of(0.93)), "run-42").encode();
 * RunQuery next = q.after(RunCursor.decode(token));
 * }</pre>
 *
 * @param orderBy the order keys of the query the cursor belongs to
 * @param values the last run's sort value for each order key, in order
 * @param runId the last run's id ({@link Names#requireName})
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunCursor(List<OrderBy> orderBy, List<SortValue> values, String runId) {

  /** The longest token {@link #decode} reads, in characters. */
  public static final int MAX_ENCODED_LENGTH = 400_000;

  /**
   * Copies and checks the components.
   *
   * @throws InvalidInputException if the order is too long or names a field twice, the number of
   *     values differs from the number of order keys, a value cannot come from its field (text for
   *     a metric, a number for a tag), or the run id is illegal
   */
  public RunCursor {
    orderBy = List.copyOf(orderBy);
    values = List.copyOf(values);
    Names.requireName(runId, "run id");
    Rules.checkOrder(orderBy);
    if (values.size() != orderBy.size()) {
      throw InvalidInputException.of(
          "cursor",
          "a cursor needs one sort value per order key, but has "
              + values.size()
              + " values for "
              + orderBy.size()
              + " keys");
    }
    for (int i = 0; i < values.size(); i++) {
      Rules.require(Rules.sortValueProblem(orderBy.get(i).field(), values.get(i)));
    }
  }

  /**
   * Returns the cursor as an opaque URL-safe token ({@code A-Z a-z 0-9 - _}).
   *
   * @return the token
   */
  public String encode() {
    return RunCursorFormat.encode(this);
  }

  /**
   * Reads a token made by {@link #encode()}.
   *
   * @param token the token
   * @return the cursor
   * @throws InvalidInputException if the token is not one {@link #encode()} made (not Base64url,
   *     truncated, trailing bytes, unknown field kind, a format version newer than this library, or
   *     values that break the rules above); nothing else is thrown for any string
   * @throws NullPointerException if {@code token} is null
   */
  public static RunCursor decode(String token) {
    Objects.requireNonNull(token, "token");
    return RunCursorFormat.decode(token);
  }
}
