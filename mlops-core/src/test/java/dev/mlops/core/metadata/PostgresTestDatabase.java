package dev.mlops.core.metadata;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL database of the tests, from the environment variable {@code MLOPS_TEST_PG_URL}.
 * Without it the tests are skipped, or fail when {@code CI=true}: {@code .ci/run} starts PostgreSQL
 * and sets the variable. Each test works in a schema of its own, dropped afterwards.
 */
final class PostgresTestDatabase {
  static final String ENV = "MLOPS_TEST_PG_URL";

  private PostgresTestDatabase() {}

  /** The base URL; aborts or fails the test when it is not configured. */
  static String baseUrl() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      String message =
          ENV
              + " is not set, so the PostgreSQL tests cannot run; run the build through .ci/run,"
              + " which starts PostgreSQL and sets it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return url;
  }

  /** Creates a new empty schema and returns its name. */
  static String createSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + schema);
    return schema;
  }

  /** Drops a schema and everything in it. */
  static void dropSchema(String schema) {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** The base URL with {@code currentSchema} set. */
  static String urlFor(String schema) {
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(baseUrl());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database statement failed: " + sql, e);
    }
  }
}
