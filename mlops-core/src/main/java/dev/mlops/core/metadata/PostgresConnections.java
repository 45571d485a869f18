package dev.mlops.core.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The connections of a PostgreSQL store: either a small pool the store owns, opened from a JDBC
 * URL, or a {@link DataSource} the host owns (typically its own pool), which the store borrows from
 * and never closes. Thread-safe.
 */
final class PostgresConnections implements JdbcConnections {
  /** Connections of the store's own pool (URL form). */
  static final int POOL_SIZE = 8;

  private final @Nullable JdbcConnectionPool pool;
  private final DataSource dataSource;

  private PostgresConnections(@Nullable JdbcConnectionPool pool, DataSource dataSource) {
    this.pool = pool;
    this.dataSource = dataSource;
  }

  /** A store-owned pool of at most {@link #POOL_SIZE} connections to a URL. */
  static PostgresConnections forUrl(String jdbcUrl, String store) {
    JdbcConnectionPool.Factory factory = () -> DriverManager.getConnection(jdbcUrl);
    return new PostgresConnections(
        new JdbcConnectionPool(factory, POOL_SIZE, store), new JdbcDataSourceAdapter(factory));
  }

  /** Borrowing from a host's data source; {@code pool} is null. */
  static PostgresConnections forDataSource(DataSource dataSource) {
    return new PostgresConnections(null, dataSource);
  }

  /** Where Flyway gets its connections: new ones for a URL, the host's for a data source. */
  DataSource dataSource() {
    return dataSource;
  }

  @Override
  public Lease acquire(boolean write, long deadlineNanos) throws SQLException {
    JdbcConnectionPool p = pool;
    Connection c = p != null ? p.borrow(deadlineNanos) : dataSource.getConnection();
    try {
      boolean manual = !c.getAutoCommit();
      if (manual) {
        c.setAutoCommit(true);
      }
      return new Lease(c, write, manual);
    } catch (SQLException | RuntimeException | Error e) {
      giveBack(c, true);
      throw e;
    }
  }

  @Override
  public void release(Lease lease, boolean broken) {
    Connection c = lease.connection();
    boolean bad = broken;
    if (!bad && lease.restoreManualCommit()) {
      try {
        c.setAutoCommit(false);
      } catch (SQLException e) {
        bad = true;
      }
    }
    giveBack(c, bad);
  }

  private void giveBack(Connection c, boolean broken) {
    JdbcConnectionPool p = pool;
    if (p != null) {
      p.giveBack(c, broken);
    } else {
      // The host's pool decides what to do with it; closing returns it.
      JdbcConnectionPool.closeQuietly(c);
    }
  }

  @Override
  public void close() {
    JdbcConnectionPool p = pool;
    if (p != null) {
      p.close();
    }
  }
}
