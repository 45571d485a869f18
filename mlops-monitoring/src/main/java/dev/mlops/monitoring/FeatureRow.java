package dev.mlops.monitoring;

import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A reusable view of one request's feature values, so that {@link ModelMonitor#record(FeatureRow,
 * double, long, boolean)} needs neither a map nor boxing.
 *
 * <p>Implementations need not be thread-safe: the monitor reads the row only inside {@code record},
 * on the caller's thread, and keeps no reference to it; a host may reuse one row object per thread.
 * Indices follow the builder's order of numeric features (for {@link #numeric(int)}) and of
 * categorical features (for {@link #categorical(int)}), see {@link
 * ModelMonitor#numericIndex(String)}.
 *
 * <pre>{@code
 * final class RequestRow implements FeatureRow {
 *   Request r;
 *   public double numeric(int i) { return i == 0 ? r.age() : r.income(); }
 *   public String categorical(int i) { return r.city(); }
 * }
 * RequestRow row = new RequestRow();   // one per thread
 * row.r = request;
 * monitor.record(row, score, latencyNanos, false);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FeatureRow {

  /**
   * Returns a numeric feature's value.
   *
   * @param index the numeric feature's index
   * @return the value; NaN when missing
   */
  double numeric(int index);

  /**
   * Returns a categorical feature's value. The default says every categorical feature is missing.
   *
   * @param index the categorical feature's index
   * @return the category; null when missing
   */
  default @Nullable String categorical(int index) {
    return null;
  }
}
