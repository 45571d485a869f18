package dev.mlops.testkit;

import dev.mlops.core.metadata.JdbcMetadataStore;
import dev.mlops.spi.MetadataStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;

/**
 * Runs the kit on PostgreSQL, from {@code MLOPS_TEST_PG_URL}: skipped without it, failed without it
 * when {@code CI=true} ({@code .ci/run} sets it). The class works in a schema of its own, migrated
 * by the first store and dropped at the end; every later store starts from emptied tables (and the
 * genesis row of {@code audit_head}, as the migration leaves it), which opens it on the fast path.
 */
@DisplayName("JdbcMetadataStore on PostgreSQL passes the MetadataStore compatibility kit")
class PostgresMetadataStoreCompatibilityTest extends MetadataStoreCompatibilityKit {
  private static final String SCHEMA = "kit_" + UUID.randomUUID().toString().replace("-", "");
  private static boolean created;

  @Override
  protected MetadataStore newStore() {
    String url = baseUrl();
    if (!created) {
      execute(url, "CREATE SCHEMA " + SCHEMA);
      created = true;
    } else {
      empty(url);
    }
    return JdbcMetadataStore.postgres(
        url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
  }

  @AfterAll
  static void dropSchema() {
    if (created) {
      execute(baseUrl(), "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  private static String baseUrl() {
    @Nullable String url = System.getenv("MLOPS_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String message =
          "MLOPS_TEST_PG_URL is not set, so the PostgreSQL compatibility tests cannot run; run"
              + " the build through .ci/run, which starts PostgreSQL and sets it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return url;
  }

  /** Empties every table of the store, as a new store has them. */
  private static void empty(String url) {
    try (Connection c = DriverManager.getConnection(url)) {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT table_name FROM information_schema.tables"
                  + " WHERE table_schema = ? AND table_name <> 'mlops_schema_history'")) {
        ps.setString(1, SCHEMA);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tables.add(SCHEMA + ".\"" + rs.getString(1) + "\"");
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("TRUNCATE TABLE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
        s.execute(
            "INSERT INTO "
                + SCHEMA
                + ".audit_head (id, sequence, hash) VALUES (1, 0, '"
                + "0".repeat(64)
                + "')");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty schema " + SCHEMA, e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + sql + "' on the test database", e);
    }
  }
}
