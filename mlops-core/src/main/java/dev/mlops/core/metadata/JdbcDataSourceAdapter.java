package dev.mlops.core.metadata;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} over a connection factory, for Flyway, which asks for a data source and
 * closes every connection it gets. Each call opens a new connection with the store's settings.
 */
final class JdbcDataSourceAdapter implements DataSource {
  private final JdbcConnectionPool.Factory factory;

  JdbcDataSourceAdapter(JdbcConnectionPool.Factory factory) {
    this.factory = factory;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return factory.open();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return factory.open();
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {
    // Logging goes through SLF4J.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // The drivers' defaults apply.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("logging goes through SLF4J");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }
}
