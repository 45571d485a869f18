package dev.mlops.core.pipeline;

import dev.mlops.spi.MetadataTransaction;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Internal; not for use outside mlops; may change in any release. Appends one hash-chained audit
 * event inside a write transaction, with the time and actor of the {@link dev.mlops.core.Mlops}
 * instance; the bridge from the pipeline engine to the audit chain of {@code dev.mlops.core}.
 *
 * <p>Implementations must be thread-safe.
 *
 * <pre>{@code
 * AuditWriter w = (tx, action, subject, details) -> chain.append(tx, clock.instant(), actor,
 *     action, subject, details);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.INTERNAL, since = "0.1")
@FunctionalInterface
public interface AuditWriter {

  /**
   * Appends an event in the given write transaction.
   *
   * @param tx the write transaction of the change
   * @param action what happened, e.g. {@code pipeline.step.recorded}
   * @param subject what it happened to
   * @param details further fields
   */
  void append(MetadataTransaction tx, String action, String subject, Map<String, String> details);
}
