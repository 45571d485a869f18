package dev.mlops.core.metadata;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a store's transactions get their connections from. The store begins and ends every
 * transaction itself with SQL statements on a connection in auto-commit mode, so a provider only
 * lends and takes back.
 */
interface JdbcConnections {

  /** A lent connection and what must be restored when it goes back. */
  record Lease(Connection connection, boolean write, boolean restoreManualCommit) {}

  /**
   * Lends a connection for a read-write or read-only transaction, in auto-commit mode.
   *
   * @param write whether the transaction writes
   * @param deadlineNanos when to give up waiting, on {@link System#nanoTime()}
   * @throws dev.mlops.api.StorageException if none becomes free before the deadline
   * @throws SQLException if a connection cannot be opened
   */
  Lease acquire(boolean write, long deadlineNanos) throws SQLException;

  /** Takes a lease back; a broken connection is discarded. */
  void release(Lease lease, boolean broken);

  /** Closes what this provider owns. Idempotent. */
  void close();
}
