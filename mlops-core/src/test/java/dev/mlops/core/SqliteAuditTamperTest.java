package dev.mlops.core;

import dev.mlops.core.storage.FileStorageProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the audit log of an embedded store (SQLite) finds tampering with its file")
class SqliteAuditTamperTest extends AuditTamperContract {
  @TempDir Path dir;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @Override
  protected Mlops open(byte @Nullable [] key) {
    Mlops.Builder b = Mlops.builder().store(dir.toUri()).clock(ticking()).actor("alice");
    if (key != null) {
      b.auditKey(key);
    }
    return b.build();
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sqlite:" + dir.resolve(FileStorageProvider.METADATA_FILE_NAME));
  }
}
