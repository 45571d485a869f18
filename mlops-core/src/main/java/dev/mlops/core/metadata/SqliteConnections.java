package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import dev.mlops.spi.Durability;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * The connections of a store on one SQLite file: one write connection, used under the file's
 * JVM-wide write lock ({@link SqliteFileLocks}), and a small pool of read connections that run with
 * {@code query_only} set. Every connection has a busy timeout, foreign keys on, and the {@code
 * synchronous} level of the store's durability. Thread-safe.
 */
final class SqliteConnections implements JdbcConnections {
  /** How long SQLite itself waits for another process's lock before reporting busy. */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** Read connections per store. */
  static final int READ_CONNECTIONS = 4;

  private final SqliteFileLocks.Entry locks;
  private final Durability durability;
  private final String url;
  private final String store;
  private final JdbcConnectionPool readers;
  private @Nullable Connection writer; // guarded by locks.writeLock()
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  SqliteConnections(SqliteFileLocks.Entry locks, Durability durability, String store) {
    this.locks = locks;
    this.durability = durability;
    this.url = "jdbc:sqlite:" + locks.file();
    this.store = store;
    this.readers = new JdbcConnectionPool(() -> open(true), READ_CONNECTIONS, store);
  }

  /** The file's locks. */
  SqliteFileLocks.Entry locks() {
    return locks;
  }

  /** Opens a new connection with the store's settings. */
  Connection open(boolean readOnly) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.enforceForeignKeys(true);
    config.setSynchronous(
        durability == Durability.POWER_LOSS
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    Connection c = config.createConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
      if (readOnly) {
        s.execute("PRAGMA query_only = 1");
      }
    } catch (SQLException e) {
      JdbcConnectionPool.closeQuietly(c);
      throw e;
    }
    return c;
  }

  @Override
  public Lease acquire(boolean write, long deadlineNanos) throws SQLException {
    if (closed) {
      throw new IllegalStateException(store + " is closed");
    }
    if (!write) {
      return new Lease(readers.borrow(deadlineNanos), false, false);
    }
    if (locks.writeLock().isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "this thread already runs a write transaction on "
              + locks.file()
              + " through another store; transactions do not nest");
    }
    try {
      long wait = Math.max(0, deadlineNanos - System.nanoTime());
      if (!locks.writeLock().tryLock(wait, TimeUnit.NANOSECONDS)) {
        throw new StorageException(
            store
                + ": other threads of this process kept the database's write lock for the whole"
                + " retry budget; a transaction hangs or runs too long; retry later");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(store + ": interrupted while waiting for the write lock", e);
    }
    try {
      if (closed) {
        throw new IllegalStateException(store + " is closed");
      }
      Connection c = writer;
      if (c == null) {
        c = open(false);
        writer = c;
      }
      return new Lease(c, true, false);
    } catch (SQLException | RuntimeException | Error e) {
      locks.writeLock().unlock();
      throw e;
    }
  }

  @Override
  public void release(Lease lease, boolean broken) {
    if (!lease.write()) {
      readers.giveBack(lease.connection(), broken);
      return;
    }
    try {
      if (broken || closed) {
        JdbcConnectionPool.closeQuietly(lease.connection());
        writer = null;
      }
    } finally {
      locks.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    if (locks.writeLock().isHeldByCurrentThread()) {
      throw new IllegalStateException("close the store after its transaction, not inside it");
    }
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    readers.close();
    locks.writeLock().lock();
    try {
      Connection c = writer;
      writer = null;
      if (c != null) {
        JdbcConnectionPool.closeQuietly(c);
      }
    } finally {
      locks.writeLock().unlock();
      SqliteFileLocks.release(locks);
    }
  }
}
