package dev.mlops.api.tracking.query;

import org.apiguardian.api.API;

/**
 * A comparison operator of a {@link RunFilter.Compare}.
 *
 * <p>Immutable and thread-safe. {@link #EQ} and {@link #NE} apply to every field; the four ordering
 * operators compare numbers only (metrics, the two time attributes, and parameters of type NUMBER).
 * A comparison on a missing key, on a NaN metric, or on a parameter of another type is UNKNOWN (see
 * {@link RunFilter}).
 *
 * <pre>{@code
 * RunFilter f = new RunFilter.Compare(Field.metric("accuracy"), Operator.GT, Literal.of(0.9));
 * f.toQueryString(); // "metrics.accuracy > 0.9"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum Operator {
  /** Equal, {@code =}. */
  EQ("="),
  /** Not equal, {@code !=} (query text also accepts {@code <>}). */
  NE("!="),
  /** Less than, {@code <}. */
  LT("<"),
  /** Less than or equal, {@code <=}. */
  LE("<="),
  /** Greater than, {@code >}. */
  GT(">"),
  /** Greater than or equal, {@code >=}. */
  GE(">=");

  private final String symbol;

  Operator(String symbol) {
    this.symbol = symbol;
  }

  /**
   * Returns the canonical symbol in query text.
   *
   * @return e.g. {@code ">="}
   */
  public String symbol() {
    return symbol;
  }

  /**
   * Returns whether this operator orders values ({@code <}, {@code <=}, {@code >}, {@code >=}) and
   * so applies to numbers only.
   *
   * @return true for LT, LE, GT and GE
   */
  public boolean isOrdering() {
    return this != EQ && this != NE;
  }
}
