package dev.mlops.api.tracking;

import dev.mlops.api.Names;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Metrics, parameters and tags logged to a run in one transaction, under a client-supplied batch id
 * that makes a retry idempotent.
 *
 * <p>Immutable and thread-safe. The lists and map are copied; tags keep their iteration order.
 *
 * <pre>{@code
 * LogBatch batch = new LogBatch("epoch-12",
 *     List.of(new MetricPoint("loss", 0.31, 12, clock.instant())),
 *     List.of(Param.of("lr", 0.01)),
 *     Map.of("phase", "train"));
 * run.logBatch(batch); // a retry with the same id writes nothing
 * }</pre>
 *
 * @param batchId the client-supplied id ({@link Names#requireName}), unique per run
 * @param metrics the metric points, in the order that breaks "latest" ties
 * @param params the parameters
 * @param tags the tags
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LogBatch(
    String batchId, List<MetricPoint> metrics, List<Param> params, Map<String, String> tags) {

  /** The most metric points, parameters and tags one batch may hold together. */
  public static final int MAX_ITEMS = 100_000;

  /**
   * Validates and copies the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if the batch id, a tag key or a tag value is
   *     illegal
   * @throws IllegalArgumentException if the batch holds more than {@value #MAX_ITEMS} items, or a
   *     parameter key occurs twice with different values
   * @throws NullPointerException if a field or element is null
   */
  public LogBatch {
    Names.requireName(batchId, "batch id");
    metrics = List.copyOf(metrics);
    params = List.copyOf(params);
    Objects.requireNonNull(tags, "tags");
    long items = (long) metrics.size() + params.size() + tags.size();
    if (items > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "batch '"
              + batchId
              + "' holds "
              + items
              + " items; the limit is "
              + MAX_ITEMS
              + "; split it into several batches");
    }
    Map<String, String> copy = new LinkedHashMap<>();
    tags.forEach(
        (k, v) -> {
          Names.requireKey(Objects.requireNonNull(k, "tag key"), "tag key");
          Names.requireValue(
              Objects.requireNonNull(v, "tag value"), "tag '" + k + "'", Names.MAX_VALUE_LENGTH);
          copy.put(k, v);
        });
    tags = Collections.unmodifiableMap(copy);
    Map<String, Param> seen = new LinkedHashMap<>();
    for (Param p : params) {
      Param before = seen.putIfAbsent(p.key(), p);
      if (before != null && !before.equals(p)) {
        throw new IllegalArgumentException(
            "batch '"
                + batchId
                + "' logs parameter '"
                + p.key()
                + "' twice with different values ("
                + before.value()
                + " and "
                + p.value()
                + "); log each key once");
      }
    }
  }

  /**
   * A batch of metric points only.
   *
   * @param batchId the batch id
   * @param metrics the points
   * @return the batch
   */
  public static LogBatch ofMetrics(String batchId, List<MetricPoint> metrics) {
    return new LogBatch(batchId, metrics, List.of(), Map.of());
  }

  /**
   * Returns the number of metric points, parameters and tags.
   *
   * @return the size
   */
  public int size() {
    return metrics.size() + params.size() + tags.size();
  }
}
