package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import org.apiguardian.api.API;

/**
 * Run-search text that cannot be parsed, or that breaks a type rule or a limit. The message says
 * what is wrong, gives the 0-based {@link #position()} of the offending character and shows it
 * under the query line with a caret.
 *
 * <p>Immutable and thread-safe. Nothing was run when this is thrown.
 *
 * <pre>{@code
 * try {
 *   RunQuery.parse("metrics.acc > AND x");
 * } catch (QueryParseException e) {
 *   e.position(); // 14
 *   e.getMessage();
 *   // expected a value after '>' but found AND at position 14:
 *   //   metrics.acc > AND x
 *   //                 ^
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class QueryParseException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** Characters of context shown on each side of the position. */
  private static final int CONTEXT = 50;

  /** What is wrong, without position and excerpt. */
  private final String reason;

  /** The 0-based index of the offending character. */
  private final int position;

  /**
   * Creates the exception; the message shows the reason, the position and the query line.
   *
   * @param reason what is wrong and what to do, without the position
   * @param query the query text
   * @param position the 0-based index of the offending character, {@code query.length()} for the
   *     end
   * @throws IllegalArgumentException if the position is outside {@code 0..query.length()}
   */
  public QueryParseException(String reason, String query, int position) {
    super(
        "query", -1, reason + " at position " + position + ":\n" + excerpt(query, position), null);
    this.reason = reason;
    this.position = position;
  }

  /**
   * Returns the 0-based index of the offending character in the query text; the text's length when
   * the query ended too early.
   *
   * @return the position
   */
  public int position() {
    return position;
  }

  /**
   * Returns what is wrong, without the position and excerpt.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }

  /**
   * The line holding the position (at most {@value #CONTEXT} characters on each side, control
   * characters shown as spaces) and a caret under the position, each indented by two spaces.
   */
  private static String excerpt(String query, int position) {
    if (position < 0 || position > query.length()) {
      throw new IllegalArgumentException(
          "position " + position + " is outside the query of length " + query.length());
    }
    int lineStart = position;
    while (lineStart > 0 && query.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    int lineEnd = position;
    while (lineEnd < query.length() && query.charAt(lineEnd) != '\n') {
      lineEnd++;
    }
    int from = Math.max(lineStart, position - CONTEXT);
    int to = Math.min(lineEnd, position + CONTEXT);
    StringBuilder line = new StringBuilder("  ");
    if (from > lineStart) {
      line.append("...");
    }
    int caret = line.length() + (position - from);
    for (int i = from; i < to; i++) {
      char c = query.charAt(i);
      line.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    if (to < lineEnd) {
      line.append("...");
    }
    return line + "\n" + " ".repeat(caret) + "^";
  }
}
