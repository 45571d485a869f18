package dev.mlops.core.metadata;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteException;

/**
 * What differs between the SQL databases the JDBC store runs on: how transactions begin, how a row
 * is locked for update, where the migrations are, and which failures are worth a retry. Everything
 * else is the same SQL on both.
 */
enum JdbcDialect {
  /**
   * SQLite: writers take the database's write lock up front ({@code BEGIN IMMEDIATE}), so a
   * transaction never fails half-way on a lock, and readers use deferred transactions that never
   * block writers in WAL mode. Rows need no lock of their own, since writers are serialised.
   */
  SQLITE(
      "SQLite",
      "BEGIN IMMEDIATE",
      "BEGIN DEFERRED",
      "",
      "classpath:db/migration/sqlite",
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'mlops_schema_history'",
      Integer.MAX_VALUE) {
    @Override
    Failure classify(SQLException e) {
      for (SQLException s : chain(e)) {
        if (s instanceof SQLiteException se) {
          int primary = se.getResultCode().code & 0xff;
          if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
            return Failure.RETRY;
          }
        }
        String message = String.valueOf(s.getMessage());
        if (message.contains("SQLITE_BUSY")
            || message.contains("SQLITE_LOCKED")
            || message.contains("database is locked")) {
          return Failure.RETRY;
        }
      }
      return Failure.OTHER;
    }
  },

  /**
   * PostgreSQL: writers run in READ COMMITTED, lock what they read-modify-write with {@code FOR
   * UPDATE}, and are retried on serialization failures and deadlocks; readers run in REPEATABLE
   * READ, READ ONLY, so that one transaction sees one snapshot.
   */
  POSTGRESQL(
      "PostgreSQL",
      "BEGIN ISOLATION LEVEL READ COMMITTED, READ WRITE",
      "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
      " FOR UPDATE",
      "classpath:db/migration/postgresql",
      "SELECT count(*) FROM (SELECT to_regclass('mlops_schema_history') AS t) h WHERE t IS NOT NULL",
      30) {
    @Override
    Failure classify(SQLException e) {
      for (SQLException s : chain(e)) {
        String state = s.getSQLState();
        if (state == null) {
          continue;
        }
        if (state.equals("40001") || state.equals("40P01")) {
          return Failure.RETRY;
        }
        if (state.equals("23505")) {
          // Two writers computed the same MAX(version) + 1; the loser runs its work again.
          String message = String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT);
          if (message.contains("artifact_versions_pk") || message.contains("model_versions_pk")) {
            return Failure.RETRY;
          }
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")) {
          return Failure.CONNECTION;
        }
      }
      return Failure.OTHER;
    }
  };

  /** How a failed statement should be handled. */
  enum Failure {
    /** A concurrent writer or a busy database: roll back and run the work again. */
    RETRY,
    /** The connection is gone: discard it; the work may run again on another one. */
    CONNECTION,
    /** Anything else: report it. */
    OTHER
  }

  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;

  private final String product;
  private final String beginWrite;
  private final String beginRead;
  private final String forUpdate;
  private final String migrationLocation;
  private final String historyTableExists;
  private final int maxAttempts;

  JdbcDialect(
      String product,
      String beginWrite,
      String beginRead,
      String forUpdate,
      String migrationLocation,
      String historyTableExists,
      int maxAttempts) {
    this.product = product;
    this.beginWrite = beginWrite;
    this.beginRead = beginRead;
    this.forUpdate = forUpdate;
    this.migrationLocation = migrationLocation;
    this.historyTableExists = historyTableExists;
    this.maxAttempts = maxAttempts;
  }

  /** Classifies a failure of a statement. */
  abstract Failure classify(SQLException e);

  /** The product name, for messages. */
  String product() {
    return product;
  }

  /** The statement that begins a read-write transaction. */
  String beginWrite() {
    return beginWrite;
  }

  /** The statement that begins a read-only transaction. */
  String beginRead() {
    return beginRead;
  }

  /** The suffix that locks the selected rows until the transaction ends ({@code ""} if none). */
  String forUpdate() {
    return forUpdate;
  }

  /** The Flyway location of this dialect's migrations. */
  String migrationLocation() {
    return migrationLocation;
  }

  /** A query that returns 1 if the schema history table exists, else 0. */
  String historyTableExists() {
    return historyTableExists;
  }

  /** The most attempts a transaction gets (besides the time budget). */
  int maxAttempts() {
    return maxAttempts;
  }

  /** The exception, its causes and the exceptions chained with {@code getNextException}. */
  static List<SQLException> chain(SQLException e) {
    List<SQLException> out = new ArrayList<>();
    Throwable t = e;
    while (t != null && out.size() < 16) {
      if (t instanceof SQLException s) {
        out.add(s);
        SQLException next = s.getNextException();
        if (next != null && next != s && out.size() < 16) {
          out.add(next);
        }
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return out;
  }
}
