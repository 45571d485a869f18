package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import dev.mlops.core.internal.CrashPoints;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.TransactionWork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MetadataStore} in an SQL database through JDBC: SQLite for the embedded default (one
 * file, several threads and processes at once) and PostgreSQL for a shared store.
 *
 * <p>Thread-safe; share one instance per database in a process. Any number of threads may run
 * transactions at once; a transaction's writes become visible to other threads and processes when
 * {@link #inTransaction} returns, and a {@link #read} sees one consistent snapshot. Transactions do
 * not nest on a thread. Writers that collide (a busy SQLite file, a PostgreSQL serialization
 * failure or deadlock, two writers computing the same next version number) are rolled back and
 * their work runs again after a jittered back-off, for up to {@value #RETRY_BUDGET_SECONDS}
 * seconds; only then does the caller see a {@link StorageException}. Close the store to release its
 * connections.
 *
 * <pre>{@code
 * try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(Path.of(".mlops/metadata.db"))) {
 *   ArtifactVersion v = store.inTransaction(tx -> tx.createArtifactVersion(draft));
 * }
 * }</pre>
 *
 * <h2>SQLite</h2>
 *
 * <p>The file runs in WAL mode with a busy timeout of {@value
 * SqliteConnections#BUSY_TIMEOUT_MILLIS} ms and foreign keys on. Durability {@link
 * Durability#PROCESS} (the default) runs with {@code synchronous=NORMAL}, {@link
 * Durability#POWER_LOSS} with {@code synchronous=FULL}. Each store has one write connection and up
 * to {@value SqliteConnections#READ_CONNECTIONS} read connections. Write transactions begin with
 * {@code BEGIN IMMEDIATE}, taking the file's write lock up front, and read transactions are
 * deferred, so readers never block writers. Within one JVM, all stores on the same file (identified
 * by its real path) share one fair write lock, kept in a static registry while any store uses the
 * file, so threads queue instead of spinning on {@code SQLITE_BUSY}; between processes, SQLite's
 * busy timeout and the retry loop take over.
 *
 * <h2>PostgreSQL</h2>
 *
 * <p>Durability is {@link Durability#POWER_LOSS} (PostgreSQL's defaults). Write transactions run in
 * READ COMMITTED and lock what they read and then change ({@code SELECT ... FOR UPDATE}, e.g. the
 * audit head); read transactions run in REPEATABLE READ, READ ONLY. The store uses the connection's
 * current schema ({@code currentSchema} in the URL, or the data source's {@code search_path});
 * Flyway creates that schema if it does not exist yet. Given a URL, the store keeps its own pool of
 * at most {@value PostgresConnections#POOL_SIZE} connections; given a {@link DataSource}, it
 * borrows from it and returns each connection after every transaction, and never closes the data
 * source, which stays the host's.
 *
 * <h2>Schema and encodings</h2>
 *
 * <p>Opening a store creates or migrates its schema with Flyway (history table {@code
 * mlops_schema_history}), serialised so that processes opening a new store at once cannot race, and
 * skipped cheaply when the schema is already current. Times are stored as 64-bit nanoseconds since
 * the epoch, so they round-trip exactly for instants from 1677-09-21 to 2262-04-11 (others are
 * refused with {@link dev.mlops.api.InvalidInputException}). Metric values round-trip bit for bit
 * in class: NaN, both infinities and negative zero included. Names are ordered by code point. SQL
 * is fixed text with bound parameters; no caller's text ever becomes SQL.
 *
 * <p>In a read transaction, {@code lockAuditHead()} returns the head of the transaction's snapshot
 * without locking anything (nothing can be appended there); in a write transaction it locks the
 * head until the transaction ends.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JdbcMetadataStore implements MetadataStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcMetadataStore.class);

  /** How long a transaction keeps retrying against busy databases and concurrent writers. */
  static final int RETRY_BUDGET_SECONDS = 60;

  private static final long RETRY_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(RETRY_BUDGET_SECONDS);
  private static final long BACKOFF_BASE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long BACKOFF_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final JdbcDialect dialect;
  private final JdbcConnections connections;
  private final Durability durability;
  private final String description;
  private final boolean migratedOnOpen;
  private final ThreadLocal<@Nullable JdbcTransaction> current = new ThreadLocal<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private JdbcMetadataStore(
      JdbcDialect dialect,
      JdbcConnections connections,
      Durability durability,
      String description,
      boolean migratedOnOpen) {
    this.dialect = dialect;
    this.connections = connections;
    this.durability = durability;
    this.description = description;
    this.migratedOnOpen = migratedOnOpen;
  }

  /**
   * Opens (creating it if needed) an SQLite store with durability {@link Durability#PROCESS}.
   *
   * @param databaseFile the database file; missing parent directories are created
   * @return the open store
   * @throws StorageException if the file cannot be created, opened or migrated, or its schema is
   *     newer than this library
   * @throws IllegalArgumentException if the path contains {@code ?}
   */
  public static JdbcMetadataStore sqlite(Path databaseFile) {
    return sqlite(databaseFile, Durability.PROCESS);
  }

  /**
   * Opens (creating it if needed) an SQLite store.
   *
   * @param databaseFile the database file; missing parent directories are created
   * @param durability {@link Durability#PROCESS} ({@code synchronous=NORMAL}) or {@link
   *     Durability#POWER_LOSS} ({@code synchronous=FULL})
   * @return the open store
   * @throws StorageException if the file cannot be created, opened or migrated, or its schema is
   *     newer than this library
   * @throws IllegalArgumentException if {@code durability} is {@link Durability#NONE} or the path
   *     contains {@code ?}
   */
  public static JdbcMetadataStore sqlite(Path databaseFile, Durability durability) {
    Objects.requireNonNull(databaseFile, "databaseFile");
    Objects.requireNonNull(durability, "durability");
    if (durability == Durability.NONE) {
      throw new IllegalArgumentException(
          "an SQLite store keeps its data on disk: choose Durability.PROCESS or POWER_LOSS");
    }
    Path file = canonicalFile(databaseFile);
    if (file.toString().indexOf('?') >= 0) {
      throw new IllegalArgumentException(
          "an SQLite database path must not contain '?', but was " + file);
    }
    String store = "SQLite metadata store " + file;
    SqliteConnections connections =
        new SqliteConnections(SqliteFileLocks.acquire(file), durability, store);
    try {
      JdbcConnections.Lease lease =
          connections.acquire(true, System.nanoTime() + RETRY_BUDGET_NANOS);
      boolean broken = true;
      try {
        boolean migrated = JdbcMigrations.migrateSqlite(connections, lease.connection(), store);
        broken = false;
        return new JdbcMetadataStore(JdbcDialect.SQLITE, connections, durability, store, migrated);
      } finally {
        connections.release(lease, broken);
      }
    } catch (SQLException e) {
      connections.close();
      throw new StorageException(
          store
              + ": cannot open the database ("
              + e.getMessage()
              + "); check that the file is a readable and writable SQLite database",
          e);
    } catch (RuntimeException | Error e) {
      connections.close();
      throw e;
    }
  }

  /**
   * Opens a PostgreSQL store from a JDBC URL, with a pool of its own. The user and password may be
   * in the URL's query ({@code ?user=..&password=..}); messages never show the query. Needs {@code
   * org.postgresql:postgresql} and {@code org.flywaydb:flyway-database-postgresql} on the class
   * path.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @return the open store
   * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
   * @throws StorageException if the database cannot be reached or migrated, the driver is missing,
   *     or the schema is newer than this library
   */
  public static JdbcMetadataStore postgres(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    String shown = redact(jdbcUrl);
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "a PostgreSQL JDBC URL starts with jdbc:postgresql:, but got " + shown);
    }
    try {
      DriverManager.getDriver(jdbcUrl);
    } catch (SQLException e) {
      throw new StorageException(
          "no JDBC driver for "
              + shown
              + "; add org.postgresql:postgresql to the class path of the application");
    }
    String store = "PostgreSQL metadata store " + shown;
    return openPostgres(PostgresConnections.forUrl(jdbcUrl, store), store);
  }

  /**
   * Opens a PostgreSQL store on a host's data source, typically its connection pool. The store
   * borrows one connection per transaction and returns it when the transaction ends; it never
   * closes the data source: that stays the host's job, after closing the store.
   *
   * @param dataSource the data source
   * @return the open store
   * @throws StorageException if the database cannot be reached or migrated, or the schema is newer
   *     than this library
   */
  public static JdbcMetadataStore postgres(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return openPostgres(
        PostgresConnections.forDataSource(dataSource),
        "PostgreSQL metadata store (data source " + dataSource.getClass().getName() + ")");
  }

  private static JdbcMetadataStore openPostgres(PostgresConnections connections, String store) {
    try {
      JdbcConnections.Lease lease =
          connections.acquire(true, System.nanoTime() + RETRY_BUDGET_NANOS);
      boolean broken = true;
      try {
        boolean migrated =
            JdbcMigrations.migratePostgres(lease.connection(), connections.dataSource(), store);
        String described = describePostgres(lease.connection(), store);
        broken = false;
        return new JdbcMetadataStore(
            JdbcDialect.POSTGRESQL, connections, Durability.POWER_LOSS, described, migrated);
      } finally {
        connections.release(lease, broken);
      }
    } catch (SQLException e) {
      connections.close();
      throw new StorageException(
          store
              + ": cannot connect ("
              + e.getMessage()
              + "); check the host, port, database, user and password",
          e);
    } catch (RuntimeException | Error e) {
      connections.close();
      throw e;
    }
  }

  private static String describePostgres(Connection c, String store) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database(), current_schema()")) {
      return rs.next()
          ? store + " (database " + rs.getString(1) + ", schema " + rs.getString(2) + ")"
          : store;
    }
  }

  @Override
  public <T> T inTransaction(TransactionWork<T> work) {
    return execute(work, true);
  }

  @Override
  public <T> T read(TransactionWork<T> work) {
    return execute(work, false);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link Durability#PROCESS} or {@link Durability#POWER_LOSS} for SQLite, as opened;
   *     {@link Durability#POWER_LOSS} for PostgreSQL
   */
  @Override
  public Durability durability() {
    return durability;
  }

  /**
   * Closes the store's connections; a transaction still running keeps its connection until it ends.
   * A data source given by the host is not closed. Idempotent.
   *
   * @throws IllegalStateException if called from inside this store's transaction work
   */
  @Override
  public void close() {
    if (current.get() != null) {
      throw new IllegalStateException(
          "close the store after its transaction, not inside the transaction's work");
    }
    if (closed.compareAndSet(false, true)) {
      connections.close();
    }
  }

  /** Returns the store's description, as messages name it. */
  @Override
  public String toString() {
    return description;
  }

  /** Whether opening this store ran Flyway (false when the schema was already current). */
  boolean migratedOnOpen() {
    return migratedOnOpen;
  }

  /** Reads one SQLite pragma on the write connection or a read connection (tests). */
  String pragma(String name, boolean writeConnection) {
    if (!name.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a pragma name: " + name);
    }
    try {
      JdbcConnections.Lease lease =
          connections.acquire(writeConnection, System.nanoTime() + RETRY_BUDGET_NANOS);
      try (Statement s = lease.connection().createStatement();
          ResultSet rs = s.executeQuery("PRAGMA " + name)) {
        return rs.next() ? rs.getString(1) : "";
      } finally {
        connections.release(lease, false);
      }
    } catch (SQLException e) {
      throw new StorageException(description + ": cannot read pragma " + name, e);
    }
  }

  // ---------------------------------------------------------------- transactions

  private <T> T execute(TransactionWork<T> work, boolean write) {
    Objects.requireNonNull(work, "work");
    if (current.get() != null) {
      throw new IllegalStateException(
          "transactions do not nest: this thread is already inside a transaction of "
              + description
              + "; do all the work through the transaction you were given");
    }
    if (closed.get()) {
      throw new IllegalStateException(description + " is closed");
    }
    long start = System.nanoTime();
    long deadline = start + RETRY_BUDGET_NANOS;
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(work, write, deadline);
      } catch (JdbcRetryableException e) {
        long now = System.nanoTime();
        if (now - deadline >= 0 || attempt >= dialect.maxAttempts()) {
          throw new StorageException(
              description
                  + ": a "
                  + (write ? "write" : "read")
                  + " transaction gave up after "
                  + attempt
                  + " attempts in "
                  + TimeUnit.NANOSECONDS.toMillis(now - start)
                  + " ms, because the database stayed busy or concurrent writers kept"
                  + " conflicting (last: "
                  + e.getMessage()
                  + "); retry later or reduce the number of concurrent writers",
              e.getCause());
        }
        LOG.debug("{}: attempt {} of a transaction must be retried", description, attempt, e);
        backoff(attempt, deadline);
      }
    }
  }

  private <T> T attempt(TransactionWork<T> work, boolean write, long deadline) {
    JdbcConnections.Lease lease;
    try {
      lease = connections.acquire(write, deadline);
    } catch (SQLException e) {
      throw unexpected(e, "opening a connection", true);
    }
    boolean broken = false;
    boolean open = false; // a transaction is open on the connection and must end before release
    Connection c = lease.connection();
    try {
      try {
        open = true;
        execute(c, write ? dialect.beginWrite() : dialect.beginRead());
      } catch (SQLException e) {
        broken = dialect.classify(e) == JdbcDialect.Failure.CONNECTION;
        throw unexpected(e, "beginning a transaction", true);
      }
      JdbcTransaction tx = new JdbcTransaction(dialect, c, write, description);
      T result;
      current.set(tx);
      try {
        result = work.execute(tx);
      } catch (Throwable t) {
        tx.close();
        current.remove();
        broken = tx.connectionBroken();
        SQLException cause = tx.retryCause();
        if (cause != null
            && t instanceof RuntimeException
            && !(t instanceof JdbcRetryableException)) {
          // The work swallowed our signal and failed otherwise; the retry still applies.
          throw new JdbcRetryableException(description + ": retrying after " + t, cause);
        }
        throw t;
      } finally {
        tx.close();
        current.remove();
      }
      SQLException cause = tx.retryCause();
      if (cause != null) {
        broken = tx.connectionBroken();
        throw new JdbcRetryableException(
            description + ": the work swallowed a failure that needs a retry", cause);
      }
      if (write) {
        CrashPoints.reach(CrashPoints.METADATA_BEFORE_COMMIT);
      }
      try {
        execute(c, "COMMIT");
        open = false;
      } catch (SQLException e) {
        JdbcDialect.Failure failure = dialect.classify(e);
        broken = failure == JdbcDialect.Failure.CONNECTION;
        if (failure == JdbcDialect.Failure.CONNECTION) {
          throw new StorageException(
              description
                  + ": the connection failed while committing ("
                  + e.getMessage()
                  + "); the transaction may or may not have been applied: check before retrying",
              e);
        }
        throw unexpected(e, "committing", true);
      }
      if (write) {
        CrashPoints.reach(CrashPoints.METADATA_AFTER_COMMIT);
      }
      return result;
    } finally {
      if (open) {
        rollbackQuietly(c);
      }
      connections.release(lease, broken);
    }
  }

  /** A retry signal for retryable failures, else a storage exception. */
  private StorageException unexpected(SQLException e, String what, boolean retryConnection) {
    JdbcDialect.Failure failure = dialect.classify(e);
    if (failure == JdbcDialect.Failure.RETRY
        || (retryConnection && failure == JdbcDialect.Failure.CONNECTION)) {
      return new JdbcRetryableException(description + ": " + what + ": " + e.getMessage(), e);
    }
    return new StorageException(
        description
            + ": "
            + what
            + " failed ("
            + e.getMessage()
            + "); check that the database is reachable and writable, then retry",
        e);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void rollbackQuietly(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException e) {
      // No transaction was active, or the connection is gone; either way nothing is kept.
      LOG.debug("{}: rollback failed", description, e);
    }
  }

  private void backoff(int attempt, long deadline) {
    long cap = Math.min(BACKOFF_CAP_NANOS, BACKOFF_BASE_NANOS << Math.min(attempt, 10));
    long pause = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    pause = Math.min(pause, Math.max(0, deadline - System.nanoTime()));
    LockSupport.parkNanos(pause);
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new StorageException(description + ": interrupted while waiting to retry");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static Path canonicalFile(Path databaseFile) {
    Path absolute = databaseFile.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    Path name = absolute.getFileName();
    if (parent == null || name == null) {
      throw new IllegalArgumentException("not a database file path: " + databaseFile);
    }
    try {
      Files.createDirectories(parent);
      return Files.exists(absolute)
          ? absolute.toRealPath()
          : parent.toRealPath().resolve(name.toString());
    } catch (IOException e) {
      throw new StorageException(
          "cannot create the directory "
              + parent
              + " of the SQLite metadata store ("
              + e
              + "); check the path and its permissions",
          e);
    }
  }

  /** A JDBC URL without its query and user info, where user and password may be. */
  static String redact(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    String shown = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q) + "?...";
    int authority = shown.indexOf("//");
    int at = authority < 0 ? -1 : shown.indexOf('@', authority);
    int path = authority < 0 ? -1 : shown.indexOf('/', authority + 2);
    if (at >= 0 && (path < 0 || at < path)) {
      shown = shown.substring(0, authority + 2) + "...@" + shown.substring(at + 1);
    }
    return shown;
  }
}
