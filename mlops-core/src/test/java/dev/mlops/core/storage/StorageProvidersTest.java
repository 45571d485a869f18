package dev.mlops.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("StorageProviders and the built-in providers")
class StorageProvidersTest {
  @TempDir Path tmp;

  static StorageConfig config(String uri) {
    return StorageConfig.of(URI.create(uri));
  }

  @Test
  @DisplayName("the built-in providers are listed for ServiceLoader")
  void builtInsAreListed() {
    List<String> classes =
        ServiceLoader.load(StorageProvider.class, StorageProviders.class.getClassLoader()).stream()
            .map(p -> p.type().getName())
            .toList();
    assertThat(classes)
        .contains(
            MemoryStorageProvider.class.getName(),
            FileStorageProvider.class.getName(),
            SqliteStorageProvider.class.getName(),
            PostgresStorageProvider.class.getName());
    assertThat(StorageProviders.discover().schemes())
        .contains("mem", "file", "sqlite", "postgresql", "jdbc");
  }

  @Test
  @DisplayName("scheme lookup ignores case and lists the known schemes when it fails")
  void lookup() {
    StorageProviders providers = StorageProviders.discover();
    assertThat(providers.provider("FILE")).isInstanceOf(FileStorageProvider.class);
    assertThatThrownBy(() -> providers.provider("ftp"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'ftp'")
        .hasMessageContaining("known schemes: file, jdbc, mem, postgresql, sqlite");
  }

  @Nested
  @DisplayName("file: URIs")
  class FileUris {
    @ParameterizedTest
    @ValueSource(strings = {"file:relative/dir", "file:x", "file://host/tmp/x", "file:/tmp/x#frag"})
    @DisplayName("only a local absolute path is accepted")
    void refused(String uri) {
      assertThatThrownBy(() -> new FileStorageProvider().openBlobs(config(uri)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(uri);
    }

    @Test
    @DisplayName("an unknown query option is refused by name")
    void unknownOption() {
      String uri = tmp.resolve("s").toUri() + "?busy=1";
      assertThatThrownBy(() -> new FileStorageProvider().openBlobs(config(uri)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("unknown option 'busy'")
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("busy"));
      StorageConfig withOption =
          new StorageConfig(
              tmp.resolve("s").toUri(), Map.of("mode", "x"), null, InstantSource.system());
      assertThatThrownBy(() -> new FileStorageProvider().openBlobs(withOption))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'mode'");
    }

    @Test
    @DisplayName("the path is decoded from the URI's path only, and normalised")
    void pathOnly() {
      Path expected = tmp.resolve("a b");
      URI uri = URI.create(tmp.resolve("x").toUri() + "/../a%20b");
      assertThat(StorageUris.path(uri, "file:/x")).isEqualTo(expected);
    }
  }

  @Nested
  @DisplayName("mem: URIs")
  class MemUris {
    @ParameterizedTest
    @ValueSource(strings = {"mem:../x", "mem:a%2Fb", "mem:/x", "mem://host/", "mem:a#b"})
    @DisplayName("only mem:/ and mem:<name> are accepted")
    void refused(String uri) {
      assertThatThrownBy(() -> new MemoryStorageProvider().openMetadata(config(uri)))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("more durability than NONE is refused")
    void durability() {
      StorageConfig c = config("mem:/").withDurability(Durability.POWER_LOSS);
      assertThatThrownBy(() -> new MemoryStorageProvider().openBlobs(c))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("POWER_LOSS");
      try (BlobStore b = new MemoryStorageProvider().openBlobs(c.withDurability(Durability.NONE));
          MetadataStore m = new MemoryStorageProvider().openMetadata(config("mem:/"))) {
        assertThat(b.durability()).isEqualTo(Durability.NONE);
        assertThat(m.durability()).isEqualTo(Durability.NONE);
      }
    }
  }

  @Nested
  @DisplayName("sqlite: URIs")
  class SqliteUris {
    @Test
    @DisplayName("blobs are refused with advice to use file:")
    void noBlobs() {
      assertThatThrownBy(() -> new SqliteStorageProvider().openBlobs(config("sqlite:/tmp/m.db")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("give blobs with file:");
      assertThatThrownBy(() -> StorageProviders.discover().openBlobs(config("sqlite:/tmp/m.db")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("holds no blobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite:m.db", "sqlite://host/m.db", "sqlite:/tmp/m.db?journal=off"})
    @DisplayName("a relative path, a host or an option is refused")
    void refused(String uri) {
      assertThatThrownBy(() -> new SqliteStorageProvider().openMetadata(config(uri)))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("postgresql: and jdbc:postgresql: URIs")
  class PostgresUris {
    @Test
    @DisplayName("become JDBC URLs with their options encoded")
    void jdbcUrls() {
      assertThat(
              PostgresStorageProvider.jdbcUrl(
                  config("postgresql://db.internal:5432/mlops?user=app&password=s%26cret")))
          .isEqualTo("jdbc:postgresql://db.internal:5432/mlops?user=app&password=s%26cret");
      assertThat(PostgresStorageProvider.jdbcUrl(config("jdbc:postgresql://localhost/mlops_test")))
          .isEqualTo("jdbc:postgresql://localhost/mlops_test");
      StorageConfig withOptions =
          new StorageConfig(
              URI.create("postgresql://h/db"), Map.of("user", "a b"), null, InstantSource.system());
      assertThat(PostgresStorageProvider.jdbcUrl(withOptions))
          .isEqualTo("jdbc:postgresql://h/db?user=a+b");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "postgresql://h/db?socketFactory=com.evil.Factory",
          "postgresql://h/db?sslfactory=x",
          "postgresql:/db",
          "postgresql://h/",
          "postgresql://h/a/b",
          "jdbc:mysql://h/db",
          "jdbc:sqlite:/tmp/x.db",
          "postgresql://h/db#x"
        })
    @DisplayName("unknown options (class names above all), a missing host or database are refused")
    void refused(String uri) {
      assertThatThrownBy(() -> PostgresStorageProvider.jdbcUrl(config(uri)))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("blobs are refused")
    void noBlobs() {
      assertThatThrownBy(() -> new PostgresStorageProvider().openBlobs(config("postgresql://h/db")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("file:");
    }
  }
}
