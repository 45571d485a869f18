package dev.mlops.spi;

import org.apiguardian.api.API;

/**
 * The work of one metadata transaction. A store may run it more than once (when a concurrent writer
 * forces a retry), so it must act only through the transaction it is given and have no other side
 * effect.
 *
 * <pre>{@code
 * ArtifactVersion v = store.inTransaction(tx -> tx.createArtifactVersion(draft));
 * }</pre>
 *
 * @param <T> the result type
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface TransactionWork<T> {
  /**
   * Does the work.
   *
   * @param tx the transaction, valid only during this call
   * @return the result
   */
  T execute(MetadataTransaction tx);
}
