package dev.mlops.core.metadata;

import static dev.mlops.core.metadata.JdbcTestData.appendAudit;
import static dev.mlops.core.metadata.JdbcTestData.draft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.StorageException;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the JDBC store on SQLite")
class SqliteMetadataStoreTest {
  static {
    JdbcTestData.ensureTempDir();
  }

  @TempDir Path dir;

  private Path db() {
    return dir.resolve("metadata.db");
  }

  /** Runs a query on the file through a plain connection, outside the store. */
  private List<String> query(Path file, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  @Nested
  @DisplayName("settings")
  class Settings {
    @Test
    @DisplayName("PROCESS durability: WAL, synchronous NORMAL, a 10 s busy timeout, foreign keys")
    void processDurability() {
      try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(db())) {
        assertThat(store.durability()).isEqualTo(Durability.PROCESS);
        for (boolean writer : new boolean[] {true, false}) {
          assertThat(store.pragma("journal_mode", writer)).isEqualTo("wal");
          assertThat(store.pragma("synchronous", writer)).isEqualTo("1"); // NORMAL
          assertThat(store.pragma("busy_timeout", writer)).isEqualTo("10000");
          assertThat(store.pragma("foreign_keys", writer)).isEqualTo("1");
        }
        assertThat(store.pragma("query_only", true)).isEqualTo("0");
        assertThat(store.pragma("query_only", false)).isEqualTo("1");
      }
    }

    @Test
    @DisplayName("POWER_LOSS durability runs with synchronous FULL")
    void powerLossDurability() {
      try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(db(), Durability.POWER_LOSS)) {
        assertThat(store.durability()).isEqualTo(Durability.POWER_LOSS);
        assertThat(store.pragma("synchronous", true)).isEqualTo("2"); // FULL
        assertThat(store.pragma("synchronous", false)).isEqualTo("2");
      }
    }

    @Test
    @DisplayName("durability NONE is refused: the file outlives the process")
    void noDurabilityRefused() {
      assertThatThrownBy(() -> JdbcMetadataStore.sqlite(db(), Durability.NONE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PROCESS or POWER_LOSS");
      assertThat(db()).doesNotExist();
    }

    @Test
    @DisplayName("missing parent directories are created")
    void createsDirectories() {
      Path nested = dir.resolve("a/b/.mlops/metadata.db");
      try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(nested)) {
        assertThat(store.inTransaction(tx -> tx.createArtifactVersion(draft("x"))).version())
            .isEqualTo(1);
      }
      assertThat(nested).isRegularFile();
    }

    @Test
    @DisplayName("a file that is not an SQLite database is refused with StorageException")
    void notADatabase() throws Exception {
      Files.write(
          db(),
          "this is not a database, just some text".repeat(100).getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> JdbcMetadataStore.sqlite(db()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(db().getFileName().toString());
    }
  }

  @Nested
  @DisplayName("schema migration")
  class Migration {
    @Test
    @DisplayName("a new file is migrated once, and reopening it skips Flyway")
    void reopenSkipsFlyway() throws Exception {
      long t0 = System.nanoTime();
      try (JdbcMetadataStore first = JdbcMetadataStore.sqlite(db())) {
        assertThat(first.migratedOnOpen()).isTrue();
        first.inTransaction(tx -> tx.createArtifactVersion(draft("kept")));
      }
      long t1 = System.nanoTime();
      try (JdbcMetadataStore again = JdbcMetadataStore.sqlite(db())) {
        long t2 = System.nanoTime();
        assertThat(again.migratedOnOpen()).isFalse();
        assertThat(again.read((MetadataTransaction tx) -> tx.findLatestArtifactVersion("kept")))
            .isPresent();
        // Measurement for the record (target/surefire-reports/*-output.txt), not an assertion.
        System.out.printf(
            "open new SQLite store: %.1f ms; reopen existing: %.1f ms%n",
            (t1 - t0) / 1e6, (t2 - t1) / 1e6);
      }
      assertThat(
              query(
                  db(),
                  "SELECT version || ':' || success FROM mlops_schema_history WHERE version IS NOT NULL"))
          .containsExactly("1:1", "2:1", "3:1");
    }

    @Test
    @DisplayName("a schema newer than the library is refused, naming both versions")
    void schemaTooNew() throws Exception {
      JdbcMetadataStore.sqlite(db()).close();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
          Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO mlops_schema_history (installed_rank, version, description, type,"
                + " script, checksum, installed_by, execution_time, success)"
                + " VALUES (99, '4', 'future', 'SQL', 'V4__future.sql', 0, 'test', 1, 1)");
      }

      assertThatThrownBy(() -> JdbcMetadataStore.sqlite(db()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(
              "metadata schema version 4 is newer than this library (supports <= 3); upgrade"
                  + " mlops");
    }

    @Test
    @Timeout(120)
    @DisplayName("8 stores opening a new file at once migrate it exactly once")
    void migrationRace() throws Exception {
      int stores = 8;
      CyclicBarrier start = new CyclicBarrier(stores);
      ExecutorService pool = Executors.newFixedThreadPool(stores);
      List<JdbcMetadataStore> opened = Collections.synchronizedList(new ArrayList<>());
      try {
        List<Future<JdbcMetadataStore>> futures = new ArrayList<>();
        for (int i = 0; i < stores; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    JdbcMetadataStore s = JdbcMetadataStore.sqlite(db());
                    opened.add(s);
                    s.inTransaction(tx -> tx.createArtifactVersion(draft("race")));
                    return s;
                  }));
        }
        int migrated = 0;
        for (Future<JdbcMetadataStore> f : futures) {
          if (f.get(60, TimeUnit.SECONDS).migratedOnOpen()) {
            migrated++;
          }
        }

        assertThat(migrated).isEqualTo(1);
        assertThat(query(db(), "SELECT count(*) FROM mlops_schema_history")).containsExactly("3");
        assertThat(query(db(), "SELECT max(version) FROM artifact_versions")).containsExactly("8");
        assertThat(db().resolveSibling("metadata.db.migrate.lock")).exists();
      } finally {
        pool.shutdownNow();
        opened.forEach(JdbcMetadataStore::close);
      }
    }
  }

  @Nested
  @DisplayName("writers")
  class Writers {
    @Test
    @Timeout(180)
    @DisplayName("two stores on one file, 4 threads each, write at once without an error")
    void twoStoresOneFile() throws Exception {
      int perStore = 4;
      int each = 25;
      try (JdbcMetadataStore a = JdbcMetadataStore.sqlite(db());
          JdbcMetadataStore b = JdbcMetadataStore.sqlite(db())) {
        CyclicBarrier start = new CyclicBarrier(2 * perStore);
        ExecutorService pool = Executors.newFixedThreadPool(2 * perStore);
        try {
          List<Future<List<Long>>> futures = new ArrayList<>();
          for (int t = 0; t < 2 * perStore; t++) {
            JdbcMetadataStore store = t % 2 == 0 ? a : b;
            String actor = "writer-" + t;
            futures.add(
                pool.submit(
                    () -> {
                      start.await();
                      List<Long> mine = new ArrayList<>();
                      for (int i = 0; i < each; i++) {
                        mine.add(
                            store.inTransaction(
                                tx -> {
                                  appendAudit(tx, actor);
                                  return tx.createArtifactVersion(draft("shared")).version();
                                }));
                        store.read(tx -> tx.listArtifactVersions("shared", 0, 5));
                      }
                      return mine;
                    }));
          }
          List<Long> all = new ArrayList<>();
          for (Future<List<Long>> f : futures) {
            all.addAll(f.get(150, TimeUnit.SECONDS));
          }
          Collections.sort(all);

          int total = 2 * perStore * each;
          assertThat(all)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
          assertThat(b.read(MetadataTransaction::lockAuditHead).sequence()).isEqualTo(total);
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }
}
