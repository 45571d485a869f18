package dev.mlops.core.metadata;

import static dev.mlops.core.metadata.JdbcTestData.T0;
import static dev.mlops.core.metadata.JdbcTestData.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("the JDBC store on PostgreSQL")
class PostgresMetadataStoreTest {
  private final List<String> schemas = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void dropSchemas() {
    schemas.forEach(PostgresTestDatabase::dropSchema);
  }

  private String newSchema() {
    String schema = PostgresTestDatabase.createSchema();
    schemas.add(schema);
    return schema;
  }

  private static List<String> query(String schema, String sql, String... args) throws SQLException {
    try (Connection c = DriverManager.getConnection(PostgresTestDatabase.urlFor(schema));
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1));
        }
        return out;
      }
    }
  }

  @Nested
  @DisplayName("opening")
  class Opening {
    @Test
    @DisplayName("a new schema is migrated once, and reopening it skips Flyway")
    void reopenSkipsFlyway() throws Exception {
      String url = PostgresTestDatabase.urlFor(newSchema());
      try (JdbcMetadataStore first = JdbcMetadataStore.postgres(url)) {
        assertThat(first.migratedOnOpen()).isTrue();
        assertThat(first.durability()).isEqualTo(Durability.POWER_LOSS);
      }
      try (JdbcMetadataStore again = JdbcMetadataStore.postgres(url)) {
        assertThat(again.migratedOnOpen()).isFalse();
      }
    }

    @Test
    @Timeout(120)
    @DisplayName("4 stores opening a new schema at once migrate it exactly once")
    void migrationRace() throws Exception {
      String schema = newSchema();
      String url = PostgresTestDatabase.urlFor(schema);
      int stores = 4;
      CyclicBarrier start = new CyclicBarrier(stores);
      ExecutorService pool = Executors.newFixedThreadPool(stores);
      List<JdbcMetadataStore> opened = Collections.synchronizedList(new ArrayList<>());
      try {
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    JdbcMetadataStore s = JdbcMetadataStore.postgres(url);
                    opened.add(s);
                    s.inTransaction(tx -> tx.createArtifactVersion(draft("race")));
                    return s.migratedOnOpen();
                  }));
        }
        int migrated = 0;
        for (Future<Boolean> f : futures) {
          migrated += f.get(100, TimeUnit.SECONDS) ? 1 : 0;
        }

        assertThat(migrated).isBetween(1, stores);
        assertThat(query(schema, "SELECT count(*) FROM mlops_schema_history WHERE success"))
            .containsExactly("3");
        assertThat(query(schema, "SELECT max(version) FROM artifact_versions"))
            .containsExactly(Integer.toString(stores));
      } finally {
        pool.shutdownNow();
        opened.forEach(JdbcMetadataStore::close);
      }
    }

    @Test
    @DisplayName("a schema newer than the library is refused, naming both versions")
    void schemaTooNew() throws Exception {
      String schema = newSchema();
      String url = PostgresTestDatabase.urlFor(schema);
      JdbcMetadataStore.postgres(url).close();
      PostgresTestDatabase.execute(
          "INSERT INTO "
              + schema
              + ".mlops_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success)"
              + " VALUES (99, '4', 'future', 'SQL', 'V4__future.sql', 0, 'test', 1, true)");

      assertThatThrownBy(() -> JdbcMetadataStore.postgres(url))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(
              "metadata schema version 4 is newer than this library (supports <= 3); upgrade"
                  + " mlops");
    }

    @Test
    @DisplayName("a schema named in the URL that does not exist yet is created")
    void createsSchema() throws Exception {
      String schema = "t_new_" + System.nanoTime();
      schemas.add(schema);

      try (JdbcMetadataStore store =
          JdbcMetadataStore.postgres(PostgresTestDatabase.urlFor(schema))) {
        assertThat(store.inTransaction(tx -> tx.createArtifactVersion(draft("a"))).version())
            .isEqualTo(1);
        assertThat(store.toString()).contains("schema " + schema);
      }
      assertThat(query(schema, "SELECT count(*) FROM " + schema + ".artifact_versions"))
          .containsExactly("1");
    }

    @Test
    @DisplayName("a URL of another database is refused")
    void otherUrl() {
      assertThatThrownBy(() -> JdbcMetadataStore.postgres("jdbc:sqlite:/tmp/x.db"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    @DisplayName("the password in a URL shows neither in the store's name nor in a failure")
    void passwordHidden() {
      String base = PostgresTestDatabase.baseUrl();
      try (JdbcMetadataStore store = JdbcMetadataStore.postgres(base)) {
        assertThat(store.toString()).doesNotContain("password").contains("PostgreSQL");
      }
      String secret = "not-the-password-4711";
      String wrong = base.substring(0, base.indexOf('?')) + "?user=mlops&password=" + secret;

      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(() -> JdbcMetadataStore.postgres(wrong));

      assertThat(thrown).isInstanceOf(StorageException.class);
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
      }
    }
  }

  @Nested
  @DisplayName("a host data source")
  class HostDataSource {
    @Test
    @DisplayName(
        "lends a connection per transaction, gets each back in its commit mode, stays open")
    void borrowsAndReturns() {
      TrackingDataSource ds = new TrackingDataSource(PostgresTestDatabase.urlFor(newSchema()));
      try (JdbcMetadataStore store = JdbcMetadataStore.postgres(ds)) {
        store.inTransaction(tx -> tx.createArtifactVersion(draft("a")));
        assertThat(store.read((MetadataTransaction tx) -> tx.findArtifactVersion("a", 1)))
            .isPresent();
      }

      assertThat(ds.lent.get()).isPositive();
      assertThat(ds.returned.get()).isEqualTo(ds.lent.get());
      assertThat(ds.returnedInAutoCommit.get()).isZero();
      assertThat(ds.closed).isFalse();
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @Timeout(120)
    @DisplayName("a deadlock between two writers is resolved by running one work again")
    void deadlockRetried() throws Exception {
      try (JdbcMetadataStore store =
          JdbcMetadataStore.postgres(PostgresTestDatabase.urlFor(newSchema()))) {
        store.inTransaction(
            tx -> {
              tx.createArtifactVersion(draft("model-bytes"));
              tx.createRegisteredModel(new RegisteredModel("m", null, T0));
              for (int i = 0; i < 2; i++) {
                tx.createModelVersion(
                    new ModelVersionDraft(
                        "m", ArtifactRef.of("model-bytes", 1), null, null, Map.of(), T0));
              }
              return null;
            });
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          List<Future<?>> futures = new ArrayList<>();
          for (long[] order : new long[][] {{1, 2}, {2, 1}}) {
            AtomicInteger mine = new AtomicInteger();
            futures.add(
                pool.submit(
                    () ->
                        store.inTransaction(
                            tx -> {
                              attempts.incrementAndGet();
                              tx.setModelVersionStage("m", order[0], Stage.STAGING);
                              if (mine.incrementAndGet() == 1) {
                                await(bothLocked);
                              }
                              return tx.setModelVersionStage("m", order[1], Stage.STAGING);
                            })));
          }
          for (Future<?> f : futures) {
            f.get(100, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }

        // Two first attempts, at least one of them retried after the deadlock. Under load the
        // retry may deadlock once more with the survivor, which is retried in turn.
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
        assertThat(store.read((MetadataTransaction tx) -> tx.listModelVersions("m", 0, 10)))
            .allSatisfy(v -> assertThat(v.stage()).isEqualTo(Stage.STAGING));
      }
    }

    private static void await(CyclicBarrier barrier) {
      try {
        barrier.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  @DisplayName("every column that orders names, ids and keys uses the C collation")
  void binaryCollation() throws Exception {
    String schema = newSchema();
    JdbcMetadataStore.postgres(PostgresTestDatabase.urlFor(schema)).close();

    List<String> notC =
        query(
            schema,
            "SELECT table_name || '.' || column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND data_type = 'text'"
                + " AND column_name IN ('name', 'id', 'key', 'alias', 'execution_id',"
                + " 'artifact_name', 'model_name', 'experiment_id', 'run_id', 'batch_id')"
                + " AND NOT (table_name = 'runs' AND column_name = 'name')" // display text
                + " AND collation_name IS DISTINCT FROM 'C'",
            schema);
    List<String> checked =
        query(
            schema,
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ?"
                + " AND collation_name = 'C'",
            schema);

    assertThat(notC).isEmpty();
    assertThat(Integer.parseInt(checked.get(0))).isGreaterThan(20);
  }

  /**
   * A data source like a host's pool: hands out connections in manual-commit mode and records how
   * they come back. Closing it is the host's business; the flag shows whether anyone did.
   */
  private static final class TrackingDataSource implements DataSource, AutoCloseable {
    final String url;
    final AtomicInteger lent = new AtomicInteger();
    final AtomicInteger returned = new AtomicInteger();
    final AtomicInteger returnedInAutoCommit = new AtomicInteger();
    volatile boolean closed;

    TrackingDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(url);
      real.setAutoCommit(false);
      lent.incrementAndGet();
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close")) {
                  returned.incrementAndGet();
                  if (real.getAutoCommit()) {
                    returnedInAutoCommit.incrementAndGet();
                  }
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(java.io.Writer.nullWriter());
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
