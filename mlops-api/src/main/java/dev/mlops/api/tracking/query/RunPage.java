package dev.mlops.api.tracking.query;

import dev.mlops.api.tracking.Run;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One page of a run search: the runs in the query's order and, when more runs may follow, the
 * cursor to pass to {@link RunQuery#after} for the next page.
 *
 * <p>Immutable and thread-safe. A page holds at most {@link RunQuery#pageSize()} runs; the last
 * page has no cursor. A page that is full may still be the last one only when no run follows it.
 *
 * <pre>{@code
 * RunQuery q = RunQuery.parse("metrics.accuracy > 0.9 ORDER BY metrics.accuracy DESC");
 * RunPage page = store.read(tx -> tx.searchRuns(q));
 * while (page.nextCursor().isPresent()) {
 *   RunQuery next = q.after(page.nextCursor().get());
 *   page = store.read(tx -> tx.searchRuns(next));
 * }
 * }</pre>
 *
 * @param runs the runs of this page, in the query's order (without parameters, metrics or tags)
 * @param next where the next page starts, or null on the last page
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RunPage(List<Run> runs, @Nullable RunCursor next) {

  /**
   * Copies the runs.
   *
   * @throws NullPointerException if {@code runs} or one of its elements is null
   * @throws IllegalArgumentException if a cursor follows an empty page
   */
  public RunPage {
    runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
    if (next != null && runs.isEmpty()) {
      throw new IllegalArgumentException("an empty page is the last page; it has no cursor");
    }
  }

  /**
   * The last page of a search.
   *
   * @param runs its runs
   * @return the page, without cursor
   */
  public static RunPage last(List<Run> runs) {
    return new RunPage(runs, null);
  }

  /**
   * Returns the cursor of the next page.
   *
   * @return the cursor, or empty on the last page
   */
  public Optional<RunCursor> nextCursor() {
    return Optional.ofNullable(next);
  }

  /**
   * Returns whether this is the last page.
   *
   * @return true when no cursor follows
   */
  public boolean isLast() {
    return next == null;
  }
}
