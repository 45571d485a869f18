package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.spi.MetadataTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes with four writer threads each share one SQLite file: no "database is locked" (or
 * any other error) reaches a caller, version numbers stay gap-free and the audit chain unforked.
 * The duration is {@code -Dmlops.test.sqlite.writeMillis} (15 s by default).
 */
@Tag("long")
@DisplayName("the JDBC store on SQLite shared by two processes")
class SqliteMultiProcessTest {
  static {
    JdbcTestData.ensureTempDir();
  }

  @TempDir Path dir;

  @Test
  @DisplayName(
      "2 processes x 4 threads writing continuously meet no error and keep numbers gap-free")
  void twoProcessesWrite() throws Exception {
    long millis = Long.getLong("mlops.test.sqlite.writeMillis", 15_000);
    Path db = dir.resolve("shared.db");
    // Create the schema first so that both children start writing at about the same time.
    JdbcMetadataStore.sqlite(db).close();

    List<Process> children = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path out = dir.resolve("child-" + i + ".txt");
      outputs.add(out);
      children.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SqliteWriterProcess.class.getName(),
                  db.toString(),
                  "4",
                  Long.toString(millis),
                  "p" + i)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start());
    }
    long total = 0;
    for (int i = 0; i < 2; i++) {
      Process p = children.get(i);
      boolean ended = p.waitFor(millis + 120_000, TimeUnit.MILLISECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      String output = Files.readString(outputs.get(i), StandardCharsets.UTF_8);
      assertThat(ended).as("child %d ended; output:%n%s", i, output).isTrue();
      assertThat(p.exitValue()).as("exit code of child %d; output:%n%s", i, output).isZero();
      String last = output.strip().lines().reduce((a, b) -> b).orElse("");
      assertThat(last).startsWith("ok ");
      long done = Long.parseLong(last.substring(3).trim());
      assertThat(done).as("transactions of child %d", i).isPositive();
      total += done;
    }

    long expected = total;
    try (JdbcMetadataStore store = JdbcMetadataStore.sqlite(db)) {
      List<Long> versions = new ArrayList<>();
      long after = 0;
      while (true) {
        long bound = after;
        List<ArtifactVersion> page =
            store.read(
                tx -> tx.listArtifactVersions("shared", bound, MetadataTransaction.MAX_PAGE));
        if (page.isEmpty()) {
          break;
        }
        page.forEach(v -> versions.add(v.version()));
        after = page.get(page.size() - 1).version();
      }
      assertThat(versions).hasSize((int) expected);
      for (int i = 0; i < versions.size(); i++) {
        assertThat(versions.get(i)).isEqualTo(i + 1L);
      }

      String previous = AuditEvent.GENESIS_HASH;
      long seq = 1;
      while (seq <= expected) {
        long from = seq;
        for (AuditEvent e :
            store.read(tx -> tx.listAuditEvents(from, MetadataTransaction.MAX_PAGE))) {
          assertThat(e.sequence()).isEqualTo(seq);
          assertThat(e.previousHash()).isEqualTo(previous);
          previous = e.hash();
          seq++;
        }
      }
      assertThat(store.read(MetadataTransaction::lockAuditHead).sequence()).isEqualTo(expected);
    }
    System.out.printf("2 processes x 4 threads for %d ms: %d write transactions%n", millis, total);
  }
}
