package dev.mlops.core.metadata;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the JDBC store on SQLite")
class SqliteStoreContractTest extends JdbcStoreContractTest {
  @TempDir Path dir;

  @Override
  protected JdbcMetadataStore newStore() {
    return JdbcMetadataStore.sqlite(dir.resolve("metadata.db"));
  }
}
