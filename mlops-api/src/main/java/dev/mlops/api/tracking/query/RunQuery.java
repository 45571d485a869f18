package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A run search: a {@link RunFilter}, an order, a page size and the cursor of the previous page. The
 * filter and the order come from query text ({@link #parse}); the page size and the cursor are
 * paging parameters outside the text, as in MLflow's {@code max_results} and {@code page_token}.
 *
 * <p>Immutable and thread-safe. {@code with*} methods return changed copies.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.parse(
 *     "metrics.accuracy > 0.9 AND tags.stage ILIKE 'prod%' ORDER BY metrics.accuracy DESC")
 *     .withPageSize(50);
 * // a backend returns a page and, when more runs follow, the cursor of its last run:
 * RunCursor next = q.cursorAfter(List.of(SortValue.of(0.93)), "run-42");
 * RunQuery page2 = q.after(RunCursor.decode(next.encode()));
 * }</pre>
 *
 * <h2>Order and paging</h2>
 *
 * <p>Runs are ordered by the keys of {@link #orderBy()} in turn (see {@link OrderBy} for how each
 * kind of value sorts; runs lacking a key come last in both directions), then by run id ascending,
 * so the order is total. With no key, runs are ordered by run id alone. A page holds up to {@link
 * #pageSize()} runs that come strictly after the {@link #cursor()} position (sort values, run id)
 * in that order. Over data that does not change between the calls, paging never repeats and never
 * skips a run; a run added or changed meanwhile appears exactly when its new position is after the
 * cursor.
 *
 * @param filter which runs match ({@link RunFilter#all()} for every run)
 * @param orderBy the order keys, at most {@value #MAX_ORDER_BY}, no field twice
 * @param pageSize the most runs per page, 1 to {@value #MAX_PAGE_SIZE}
 * @param cursor where the previous page ended, or null for the first page; its order must equal
 *     {@code orderBy}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunQuery(
    RunFilter filter, List<OrderBy> orderBy, int pageSize, @Nullable RunCursor cursor) {

  /** The longest query text accepted, in characters. */
  public static final int MAX_QUERY_LENGTH = 10_000;

  /** The page size when none is given. */
  public static final int DEFAULT_PAGE_SIZE = 100;

  /** The largest page size. */
  public static final int MAX_PAGE_SIZE = 10_000;

  /** The most keys an order may have. */
  public static final int MAX_ORDER_BY = 10;

  /**
   * Copies and checks the components.
   *
   * @throws InvalidInputException if the order is too long or names a field twice, or the cursor
   *     belongs to another order
   * @throws IllegalArgumentException if the page size is outside 1 to {@value #MAX_PAGE_SIZE}
   */
  public RunQuery {
    Objects.requireNonNull(filter, "filter");
    orderBy = List.copyOf(orderBy);
    Rules.checkOrder(orderBy);
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException(
          "page size must be between 1 and " + MAX_PAGE_SIZE + ", but was " + pageSize);
    }
    if (cursor != null && !cursor.orderBy().equals(orderBy)) {
      throw InvalidInputException.of(
          "cursor",
          "the cursor belongs to a search ordered by '"
              + orderText(cursor.orderBy())
              + "', not by '"
              + orderText(orderBy)
              + "'; start from the first page (no cursor)");
    }
  }

  /**
   * Parses query text: an optional filter, then an optional {@code ORDER BY} list. The grammar is
   * in the package documentation. The result has the default page size and no cursor.
   *
   * @param text the query text, blank for every run in run id order
   * @return the query
   * @throws QueryParseException if the text is malformed, longer than {@value #MAX_QUERY_LENGTH}
   *     characters, nested too deeply, or breaks a type rule; it gives the offending position
   * @throws NullPointerException if {@code text} is null
   */
  public static RunQuery parse(String text) {
    return QueryParser.parseQuery(text);
  }

  /**
   * A first-page query with the default page size.
   *
   * @param filter the filter
   * @param orderBy the order keys
   * @return the query
   * @throws InvalidInputException if the order is too long or names a field twice
   */
  public static RunQuery of(RunFilter filter, OrderBy... orderBy) {
    return new RunQuery(filter, Arrays.asList(orderBy), DEFAULT_PAGE_SIZE, null);
  }

  /**
   * Returns this query with another filter; the cursor is kept.
   *
   * @param newFilter the filter
   * @return the changed query
   */
  public RunQuery withFilter(RunFilter newFilter) {
    return new RunQuery(newFilter, orderBy, pageSize, cursor);
  }

  /**
   * Returns this query with another order, on its first page (a cursor belongs to one order).
   *
   * @param newOrderBy the order keys
   * @return the changed query, without cursor
   * @throws InvalidInputException if the order is too long or names a field twice
   */
  public RunQuery withOrderBy(List<OrderBy> newOrderBy) {
    return new RunQuery(filter, newOrderBy, pageSize, null);
  }

  /**
   * Returns this query with another page size.
   *
   * @param newPageSize 1 to {@value #MAX_PAGE_SIZE}; default {@value #DEFAULT_PAGE_SIZE}
   * @return the changed query
   * @throws IllegalArgumentException if the size is out of range
   */
  public RunQuery withPageSize(int newPageSize) {
    return new RunQuery(filter, orderBy, newPageSize, cursor);
  }

  /**
   * Returns this query for the page after a cursor.
   *
   * @param newCursor the cursor the previous page returned
   * @return the changed query
   * @throws InvalidInputException if the cursor belongs to another order
   */
  public RunQuery after(RunCursor newCursor) {
    return new RunQuery(filter, orderBy, pageSize, Objects.requireNonNull(newCursor, "cursor"));
  }

  /**
   * Returns this query for its first page.
   *
   * @return the changed query, without cursor
   */
  public RunQuery firstPage() {
    return new RunQuery(filter, orderBy, pageSize, null);
  }

  /**
   * Returns the cursor of the previous page.
   *
   * @return the cursor, or empty on the first page
   */
  public Optional<RunCursor> startAfter() {
    return Optional.ofNullable(cursor);
  }

  /**
   * Builds the cursor that points after a run of this query's result, for the next page. Backends
   * call it with the last run of a full page.
   *
   * @param values the run's sort value for each order key, in order
   * @param runId the run's id
   * @return the cursor
   * @throws InvalidInputException if the values do not fit the order keys or the run id is illegal
   */
  public RunCursor cursorAfter(List<SortValue> values, String runId) {
    return new RunCursor(orderBy, values, runId);
  }

  /**
   * Returns the canonical text of the filter and the order, {@code ORDER BY} with every direction
   * written. Page size and cursor are not part of the text: {@code
   * RunQuery.parse(q.toQueryString())} equals {@code
   * q.withPageSize(DEFAULT_PAGE_SIZE).firstPage()}.
   *
   * @return the canonical text, e.g. {@code metrics.acc > 0.9 ORDER BY metrics.acc DESC}
   */
  public String toQueryString() {
    return QueryPrinter.query(this);
  }

  private static String orderText(List<OrderBy> order) {
    return order.isEmpty() ? "run id" : QueryPrinter.order(order);
  }
}
