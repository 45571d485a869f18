package dev.mlops.core.metadata;

import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.TransactionWork;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MetadataStore} that keeps everything in this process's memory, for tests and short-lived
 * jobs. Nothing survives the process ({@link Durability#NONE}).
 *
 * <p>Thread-safe; share one instance. Write transactions ({@link #inTransaction}) run one at a time
 * under the write lock of a {@link ReentrantReadWriteLock}; read transactions ({@link #read}) run
 * concurrently with each other under its read lock, and never while a write transaction runs, so a
 * read sees one consistent snapshot: every write transaction committed before it began and none
 * after. A write transaction is visible to every thread once {@code inTransaction} returns. Work is
 * never retried.
 *
 * <p>Rollback uses an undo log: a write transaction changes the tables in place and records, for
 * each change, the action that reverts it. If the work throws (any {@link Throwable}), the actions
 * run newest first before the write lock is released, so no reader ever sees the failed
 * transaction's changes and the store is left exactly as before; the exception then propagates
 * unchanged. An operation that rejects its input throws before changing anything, so work that
 * catches such an exception and goes on still commits a consistent state.
 *
 * <p>Transactions do not nest: {@code inTransaction} or {@code read} called from inside work on the
 * same thread throws {@link IllegalStateException}, as does using a {@link MetadataTransaction}
 * after its work returned or from another thread, and using the store after {@link #close()}.
 *
 * <pre>{@code
 * try (MetadataStore store = InMemoryMetadataStore.create()) {
 *   ArtifactVersion v = store.inTransaction(tx -> tx.createArtifactVersion(draft));
 *   Optional<ArtifactVersion> latest = store.read(tx -> tx.findLatestArtifactVersion(v.name()));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class InMemoryMetadataStore implements MetadataStore {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ThreadLocal<@Nullable InMemoryTransaction> current = new ThreadLocal<>();
  private final InMemoryState state = new InMemoryState();
  private volatile boolean closed;

  private InMemoryMetadataStore() {}

  /**
   * Creates an empty store.
   *
   * @return a new, empty store
   */
  public static InMemoryMetadataStore create() {
    return new InMemoryMetadataStore();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Waits for the running write transaction and the running read transactions, then runs the
   * work alone. If it throws, the undo log reverts its changes and the exception propagates
   * unchanged.
   *
   * @throws NullPointerException if {@code work} is null
   * @throws IllegalStateException if called from inside work on this thread, or after {@link
   *     #close()}
   */
  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return run(work, true);
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if {@code work} is null
   * @throws IllegalStateException if called from inside work on this thread, or after {@link
   *     #close()}
   */
  @Override
  public <T> T read(TransactionWork<T> work) {
    return run(work, false);
  }

  private <T> T run(TransactionWork<T> work, boolean write) {
    Objects.requireNonNull(work, "work");
    if (closed) {
      throw new IllegalStateException("this in-memory metadata store is closed; create a new one");
    }
    if (current.get() != null) {
      throw new IllegalStateException(
          "metadata transactions do not nest: do all the work in the transaction you are in");
    }
    Lock held = write ? lock.writeLock() : lock.readLock();
    held.lock();
    InMemoryUndoLog undo = write ? new InMemoryUndoLog() : null;
    InMemoryTransaction tx = new InMemoryTransaction(state, undo, Thread.currentThread());
    current.set(tx);
    try {
      T result = work.execute(tx);
      if (undo != null) {
        undo.clear();
      }
      return result;
    } catch (Throwable failure) {
      if (undo != null) {
        try {
          undo.rollback();
        } catch (RuntimeException | Error rollbackFailure) {
          failure.addSuppressed(rollbackFailure);
        }
      }
      throw failure;
    } finally {
      tx.close();
      current.remove();
      held.unlock();
    }
  }

  /**
   * Returns {@link Durability#NONE}: the data lives only in this process's memory.
   *
   * @return {@link Durability#NONE}
   */
  @Override
  public Durability durability() {
    return Durability.NONE;
  }

  /**
   * Marks the store closed; later transactions throw {@link IllegalStateException}. Transactions
   * already running finish normally. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryMetadataStore" + (closed ? "[closed]" : "");
  }
}
