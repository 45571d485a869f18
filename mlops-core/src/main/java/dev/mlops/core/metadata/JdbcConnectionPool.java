package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small bounded pool of JDBC connections: at most {@code size} are open or lent at once, a
 * borrower waits for one up to its deadline, and a connection that sat idle for a while is checked
 * with {@link Connection#isValid} before it is lent again. Thread-safe. No background threads:
 * connections are opened on demand and closed on {@link #close()} or when returned broken.
 */
final class JdbcConnectionPool {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcConnectionPool.class);

  /** Opens a new connection. */
  @FunctionalInterface
  interface Factory {
    Connection open() throws SQLException;
  }

  private record Idle(Connection connection, long sinceNanos) {}

  private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private static final int VALIDATION_TIMEOUT_SECONDS = 5;

  private final Factory factory;
  private final int size;
  private final String store;
  private final Semaphore permits;
  private final Object lock = new Object();
  private final ArrayDeque<Idle> idle = new ArrayDeque<>(); // guarded by lock
  private boolean closed; // guarded by lock

  JdbcConnectionPool(Factory factory, int size, String store) {
    this.factory = factory;
    this.size = size;
    this.store = store;
    this.permits = new Semaphore(size, true);
  }

  /**
   * Lends a connection, opening one if none is idle.
   *
   * @throws StorageException if every connection stays lent until the deadline, or on interrupt
   * @throws SQLException if a new connection cannot be opened
   */
  Connection borrow(long deadlineNanos) throws SQLException {
    try {
      long wait = Math.max(0, deadlineNanos - System.nanoTime());
      if (!permits.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
        throw new StorageException(
            store
                + ": all "
                + size
                + " connections stayed in use; the host runs more concurrent transactions than"
                + " the store has connections, or a transaction hangs; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(store + ": interrupted while waiting for a connection", e);
    }
    try {
      while (true) {
        Idle next;
        synchronized (lock) {
          if (closed) {
            throw new IllegalStateException(store + " is closed");
          }
          next = idle.pollLast();
        }
        if (next == null) {
          return factory.open();
        }
        if (System.nanoTime() - next.sinceNanos() < VALIDATE_AFTER_IDLE_NANOS
            || next.connection().isValid(VALIDATION_TIMEOUT_SECONDS)) {
          return next.connection();
        }
        closeQuietly(next.connection());
      }
    } catch (SQLException | RuntimeException | Error e) {
      permits.release();
      throw e;
    }
  }

  /** Takes a lent connection back; a broken one, or any after {@link #close()}, is closed. */
  void giveBack(Connection connection, boolean broken) {
    try {
      boolean keep;
      synchronized (lock) {
        keep = !closed && !broken;
        if (keep) {
          idle.addLast(new Idle(connection, System.nanoTime()));
        }
      }
      if (!keep) {
        closeQuietly(connection);
      }
    } finally {
      permits.release();
    }
  }

  /** Closes the idle connections now and every lent one when it comes back. Idempotent. */
  void close() {
    ArrayDeque<Idle> toClose;
    synchronized (lock) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    for (Idle i : toClose) {
      closeQuietly(i.connection());
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.debug("closing a metadata connection failed", e);
    }
  }
}
