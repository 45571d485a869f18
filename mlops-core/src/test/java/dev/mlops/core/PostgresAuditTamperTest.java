package dev.mlops.core;

import dev.mlops.core.blob.InMemoryBlobStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;

/**
 * The tamper tests on PostgreSQL, from {@code MLOPS_TEST_PG_URL}: skipped without it, failed
 * without it when {@code CI=true} ({@code .ci/run} sets it). Each test works in a schema of its
 * own.
 */
@DisplayName("the audit log of a PostgreSQL store finds tampering with its tables")
class PostgresAuditTamperTest extends AuditTamperContract {
  static final String ENV = "MLOPS_TEST_PG_URL";

  private final InMemoryBlobStore blobs = InMemoryBlobStore.create();
  private String schema = "";

  static String baseUrl() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      String message =
          ENV
              + " is not set, so the PostgreSQL audit tests cannot run; run the build through"
              + " .ci/run, which starts PostgreSQL and sets it";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message);
      }
      Assumptions.abort(message);
    }
    return url;
  }

  @BeforeEach
  void createSchema() throws SQLException {
    String base = baseUrl();
    schema = "audit_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base)) {
      execute(c, "CREATE SCHEMA " + schema);
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    blobs.close();
    if (!schema.isEmpty()) {
      try (Connection c = DriverManager.getConnection(baseUrl())) {
        execute(c, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private String url() {
    String base = baseUrl();
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  protected Mlops open(byte @Nullable [] key) {
    Mlops.Builder b =
        Mlops.builder().metadata(URI.create(url())).blobs(blobs).clock(ticking()).actor("alice");
    if (key != null) {
      b.auditKey(key);
    }
    return b.build();
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }
}
