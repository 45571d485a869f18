package dev.mlops.testkit;

import dev.mlops.core.metadata.JdbcMetadataStore;
import dev.mlops.spi.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JdbcMetadataStore on SQLite passes the MetadataStore compatibility kit")
class SqliteMetadataStoreCompatibilityTest extends MetadataStoreCompatibilityKit {
  @TempDir Path dir;

  @Override
  protected MetadataStore newStore() {
    try {
      // The build points java.io.tmpdir at target/tmp; sqlite-jdbc unpacks its native code there.
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create java.io.tmpdir", e);
    }
    return JdbcMetadataStore.sqlite(dir.resolve("metadata.db"));
  }
}
