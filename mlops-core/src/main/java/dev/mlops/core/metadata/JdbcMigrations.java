package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;

/**
 * Brings a database to the schema this library knows, with Flyway and the SQL migrations under
 * {@code db/migration/<dialect>/}, recorded in our own history table {@value #HISTORY_TABLE}.
 *
 * <p>Opening a store is frequent (the command line opens it per command), so a cheap check comes
 * first: when the history table records the latest version as applied successfully (and, on SQLite,
 * the journal is already WAL), Flyway is not loaded at all. Otherwise the migration runs
 * serialised: on SQLite under an exclusive lock on the sibling file {@code <db>.migrate.lock} (plus
 * a JVM lock, since one JVM may hold only one lock on a file), on PostgreSQL under Flyway's own
 * advisory lock; the check is repeated under the lock, so of several processes opening a new store
 * at once exactly one migrates. A schema newer than this library is refused.
 */
final class JdbcMigrations {
  /** The schema version this library writes and reads. */
  static final int LATEST_VERSION = 3;

  /** Flyway's history table, named for us so it never collides with a host's own Flyway. */
  static final String HISTORY_TABLE = "mlops_schema_history";

  private JdbcMigrations() {}

  /** A migration body run under a lock. */
  @FunctionalInterface
  private interface Locked {
    boolean run() throws SQLException;
  }

  /**
   * Migrates an SQLite database if needed.
   *
   * @param probe a connection to the database, not in a transaction
   * @return whether Flyway ran
   */
  static boolean migrateSqlite(SqliteConnections connections, Connection probe, String store) {
    SqliteFileLocks.Entry locks = connections.locks();
    DataSource flywaySource = new JdbcDataSourceAdapter(() -> connections.open(false));
    return ensureCurrent(
        JdbcDialect.SQLITE,
        probe,
        flywaySource,
        store,
        body -> {
          Path lockFile = locks.file().resolveSibling(locks.file().getFileName() + ".migrate.lock");
          locks.migrationLock().lock();
          try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock fileLock = channel.lock();
            try {
              return body.run();
            } finally {
              fileLock.release();
            }
          } catch (IOException e) {
            throw new StorageException(
                store
                    + ": cannot lock "
                    + lockFile
                    + " to migrate the schema ("
                    + e.getMessage()
                    + "); check that the directory is writable",
                e);
          } finally {
            locks.migrationLock().unlock();
          }
        });
  }

  /**
   * Migrates a PostgreSQL database (the connection's current schema) if needed.
   *
   * @param probe a connection to the database, not in a transaction
   * @return whether Flyway ran
   */
  static boolean migratePostgres(Connection probe, DataSource flywaySource, String store) {
    // Flyway serialises concurrent migrations with a PostgreSQL advisory lock.
    return ensureCurrent(JdbcDialect.POSTGRESQL, probe, flywaySource, store, Locked::run);
  }

  @FunctionalInterface
  private interface Guard {
    boolean guard(Locked body) throws SQLException;
  }

  private static boolean ensureCurrent(
      JdbcDialect dialect, Connection probe, DataSource flywaySource, String store, Guard guard) {
    try {
      if (isCurrent(dialect, probe, store)) {
        return false;
      }
      return guard.guard(
          () -> {
            if (isCurrent(dialect, probe, store)) {
              return false;
            }
            if (dialect == JdbcDialect.SQLITE) {
              enableWal(probe, store);
            }
            runFlyway(dialect, flywaySource, store);
            if (!isCurrent(dialect, probe, store)) {
              throw new StorageException(
                  store
                      + ": the metadata schema is not at version "
                      + LATEST_VERSION
                      + " after migrating; inspect table "
                      + HISTORY_TABLE
                      + " for a failed migration");
            }
            return true;
          });
    } catch (SQLException e) {
      throw new StorageException(
          store
              + ": cannot read or migrate the metadata schema ("
              + e.getMessage()
              + "); check that the database is reachable and writable",
          e);
    }
  }

  /**
   * Returns whether the schema is at {@link #LATEST_VERSION} and usable without Flyway.
   *
   * @throws StorageException if the schema is newer than this library
   */
  static boolean isCurrent(JdbcDialect dialect, Connection c, String store) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (dialect == JdbcDialect.SQLITE) {
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
          if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
            return false;
          }
        }
      }
      try (ResultSet rs = s.executeQuery(dialect.historyTableExists())) {
        if (!rs.next() || rs.getLong(1) == 0) {
          return false;
        }
      }
      @Nullable String newest = null;
      boolean failed = false;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT version, success FROM " + HISTORY_TABLE + " WHERE version IS NOT NULL")) {
        while (rs.next()) {
          String version = rs.getString(1);
          if (!rs.getBoolean(2)) {
            failed = true;
          } else if (newest == null || compareVersions(version, newest) > 0) {
            newest = version;
          }
        }
      } catch (NumberFormatException e) {
        return false; // not a version we write; Flyway judges it
      }
      if (newest != null && compareVersions(newest, Integer.toString(LATEST_VERSION)) > 0) {
        throw new StorageException(
            store
                + ": metadata schema version "
                + newest
                + " is newer than this library (supports <= "
                + LATEST_VERSION
                + "); upgrade mlops");
      }
      return !failed
          && newest != null
          && compareVersions(newest, Integer.toString(LATEST_VERSION)) == 0;
    }
  }

  /** Compares dotted Flyway versions numerically, {@code "1.10" > "1.9"}. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.", -1);
    String[] y = b.split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      BigInteger xi = i < x.length ? new BigInteger(x[i]) : BigInteger.ZERO;
      BigInteger yi = i < y.length ? new BigInteger(y[i]) : BigInteger.ZERO;
      int c = xi.compareTo(yi);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static void enableWal(Connection c, String store) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
      String mode = rs.next() ? rs.getString(1) : "unknown";
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new StorageException(
            store
                + ": SQLite refused write-ahead logging (journal mode stays "
                + mode
                + "); put the store on a local file system, not a network share");
      }
    }
  }

  private static void runFlyway(JdbcDialect dialect, DataSource source, String store) {
    try {
      Flyway.configure(JdbcMigrations.class.getClassLoader())
          .dataSource(source)
          .locations(dialect.migrationLocation())
          .table(HISTORY_TABLE)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      String message = String.valueOf(e.getMessage());
      String hint =
          dialect == JdbcDialect.POSTGRESQL
                  && message.toLowerCase(Locale.ROOT).contains("no database found")
              ? "; add org.flywaydb:flyway-database-postgresql to the class path"
              : "; check that the database user may create tables, then open the store again";
      throw new StorageException(
          store
              + ": migrating the metadata schema to version "
              + LATEST_VERSION
              + " failed: "
              + message
              + hint,
          e);
    }
  }
}
