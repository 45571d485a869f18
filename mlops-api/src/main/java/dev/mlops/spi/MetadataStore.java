package dev.mlops.spi;

import org.apiguardian.api.API;

/**
 * The transactional, domain-level store of everything but the bytes: artifact versions, runs,
 * parameters, metrics, tags, lineage, the registry and the audit log. Every operation happens in a
 * {@link MetadataTransaction}: all of a transaction's writes become visible together when it
 * commits, or none do.
 *
 * <p>Implementations must be thread-safe, and a store on shared storage (an SQLite file, a
 * PostgreSQL database) must be safe for several processes at once. A write is visible to other
 * threads and processes once {@link #inTransaction} returns. Writers are serialised or retried by
 * the store: version numbers and the audit sequence never fork, and a busy database never reaches
 * the caller unless it stays busy beyond the store's timeout ({@link
 * dev.mlops.api.StorageException}). Transactions do not nest: calling {@code inTransaction} or
 * {@code read} from inside work throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * ArtifactVersion v = store.inTransaction(tx -> {
 *   ArtifactVersion created = tx.createArtifactVersion(draft);
 *   tx.recordLineageEvent(new LineageEvent(runId, created.ref(), Direction.OUTPUT, now));
 *   return created;
 * });
 * }</pre>
 *
 * <p>Implementers prove a store with {@code dev.mlops.testkit.MetadataStoreCompatibilityKit}.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface MetadataStore extends AutoCloseable {

  /**
   * Runs work in a read-write transaction and commits it. If the work throws, nothing it wrote is
   * kept and the exception propagates. The store may run the work again when a concurrent writer
   * forces a retry.
   *
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws dev.mlops.api.StorageException if the store fails or stays busy
   */
  <T> T inTransaction(TransactionWork<T> work);

  /**
   * Runs work in a read-only transaction that sees one consistent snapshot. A write attempted
   * through it throws {@link IllegalStateException}.
   *
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws dev.mlops.api.StorageException if the store fails
   */
  <T> T read(TransactionWork<T> work);

  /**
   * Returns what a committed transaction survives.
   *
   * @return the durability level
   */
  Durability durability();

  /** Releases the store's connections. Idempotent. */
  @Override
  void close();
}
