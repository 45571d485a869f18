package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Mlops.builder()")
class MlopsBuilderTest {
  static final URI MEM = URI.create("mem:/");

  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @Nested
  @DisplayName("refuses each option set twice")
  class Twice {
    @Test
    @DisplayName("store, metadata, blobs, clock, durability, actor and class loader")
    void eachOption() {
      assertThatThrownBy(() -> Mlops.builder().store(MEM).store(MEM))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("store(URI) was already called");
      assertThatThrownBy(() -> Mlops.builder().metadata(MEM).metadata(MEM))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("metadata(URI) was already called");
      assertThatThrownBy(() -> Mlops.builder().blobs(MEM).blobs(InMemoryBlobStore.create()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("blobs(BlobStore)")
          .hasMessageContaining("blobs(URI)");
      assertThatThrownBy(
              () -> Mlops.builder().clock(InstantSource.system()).clock(InstantSource.system()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("clock(InstantSource)");
      assertThatThrownBy(
              () -> Mlops.builder().durability(Durability.PROCESS).durability(Durability.PROCESS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("durability(Durability)");
      assertThatThrownBy(() -> Mlops.builder().actor("a").actor("b"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("actor(String)");
      ClassLoader cl = getClass().getClassLoader();
      assertThatThrownBy(() -> Mlops.builder().classLoader(cl).classLoader(cl))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("classLoader(ClassLoader)");
    }

    @Test
    @DisplayName("two providers for one scheme, naming both classes")
    void providerTwice() {
      assertThatThrownBy(
              () ->
                  Mlops.builder()
                      .provider(new DuplicateProviderA())
                      .provider(new DuplicateProviderB()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(DuplicateProviderA.class.getName())
          .hasMessageContaining(DuplicateProviderB.class.getName())
          .hasMessageContaining("'dup'");
    }
  }

  @Nested
  @DisplayName("refuses conflicting options")
  class Conflicts {
    @Test
    @DisplayName("store(URI) with metadata(..) or blobs(..), in either order, naming both")
    void storeAndOne() {
      assertThatThrownBy(() -> Mlops.builder().store(MEM).metadata(InMemoryMetadataStore.create()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("metadata(MetadataStore) conflicts with store(URI)");
      assertThatThrownBy(() -> Mlops.builder().blobs(MEM).store(MEM))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("store(URI) conflicts with blobs(URI)");
      assertThatThrownBy(() -> Mlops.builder().metadata(MEM).store(MEM))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("store(URI) conflicts with metadata(URI)");
    }

    @Test
    @DisplayName("durability with both stores given as objects")
    void durabilityWithObjects() {
      var builder =
          Mlops.builder()
              .metadata(InMemoryMetadataStore.create())
              .blobs(InMemoryBlobStore.create())
              .durability(Durability.NONE);
      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("durability(Durability)")
          .hasMessageContaining("metadata(MetadataStore)");
    }

    @Test
    @DisplayName("no store, or only one of the two")
    void missingStores() {
      assertThatThrownBy(() -> Mlops.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no store was configured");
      assertThatThrownBy(() -> Mlops.builder().metadata(MEM).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no blob store");
      assertThatThrownBy(() -> Mlops.builder().blobs(MEM).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no metadata store");
    }
  }

  @Nested
  @DisplayName("checks each argument at once")
  class ArgumentChecks {
    @Test
    @DisplayName("null arguments, URIs without a scheme and illegal actors")
    void eagerChecks() {
      assertThatThrownBy(() -> Mlops.builder().store(null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> Mlops.builder().clock(null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> Mlops.builder().store(URI.create("relative/dir")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no scheme");
      assertThatThrownBy(() -> Mlops.builder().actor(" "))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Mlops.builder().actor("a\u0000b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NUL");
      assertThatThrownBy(() -> Mlops.builder().actor("x".repeat(201)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("resolves URIs through providers")
  class Providers {
    @Test
    @DisplayName("an unknown scheme fails listing every known scheme")
    void unknownScheme() {
      var builder = Mlops.builder().store(URI.create("s3://bucket/prefix"));
      assertThatThrownBy(builder::build)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'s3'")
          .hasMessageContaining("file, jdbc, mem, postgresql, sqlite");
    }

    @Test
    @DisplayName("sqlite: gives metadata only, and says to give blobs with file:")
    void sqliteHasNoBlobs() {
      URI sqlite = tmp.resolve("m.db").toUri();
      URI asSqlite = URI.create("sqlite:" + sqlite.getPath());
      var builder = Mlops.builder().store(asSqlite);
      assertThatThrownBy(builder::build)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("file:");
      try (Mlops mlops =
          Mlops.builder().metadata(asSqlite).blobs(tmp.resolve("b").toUri()).build()) {
        assertThat(mlops.metadata().durability()).isEqualTo(Durability.PROCESS);
        assertThat(tmp.resolve("m.db")).isRegularFile();
        assertThat(tmp.resolve("b").resolve("blobs")).isDirectory();
      }
    }

    @Test
    @DisplayName("the durability asked for reaches the backend, and mem: refuses more than NONE")
    void durability() {
      try (Mlops mlops =
          Mlops.builder()
              .store(tmp.resolve("s").toUri())
              .durability(Durability.POWER_LOSS)
              .build()) {
        assertThat(mlops.metadata().durability()).isEqualTo(Durability.POWER_LOSS);
      }
      var builder = Mlops.builder().store(MEM).durability(Durability.PROCESS);
      assertThatThrownBy(builder::build)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("NONE")
          .hasMessageContaining("PROCESS");
    }

    @Test
    @DisplayName("an explicit provider wins over the built-in one")
    void explicitWins() {
      CountingMemoryProvider counting = new CountingMemoryProvider();
      try (Mlops mlops = Mlops.builder().provider(counting).store(MEM).build()) {
        assertThat(counting.opened.get()).isEqualTo(2);
        assertThat(mlops.artifacts().versions("x")).isEmpty();
      }
    }

    @Test
    @DisplayName("two discovered providers for one scheme fail naming both classes")
    void duplicateDiscovered() throws IOException {
      try (URLClassLoader loader =
          servicesLoader(DuplicateProviderA.class, DuplicateProviderB.class)) {
        var builder = Mlops.builder().classLoader(loader).store(URI.create("dup:/x"));
        assertThatThrownBy(builder::build)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(DuplicateProviderA.class.getName())
            .hasMessageContaining(DuplicateProviderB.class.getName())
            .hasMessageContaining("'dup'");
      }
    }

    @Test
    @DisplayName("an explicit registration settles two discovered providers for its scheme")
    void explicitSettlesDuplicates() throws IOException {
      try (URLClassLoader loader =
              servicesLoader(DuplicateProviderA.class, DuplicateProviderB.class);
          Mlops mlops =
              Mlops.builder()
                  .classLoader(loader)
                  .provider(new DuplicateProviderB())
                  .store(URI.create("dup:/x"))
                  .build()) {
        assertThat(mlops.artifacts().versions("x")).isEmpty();
      }
    }

    @Test
    @DisplayName("providers are discovered with the class loader given, and only then")
    void classLoaderOption() throws IOException {
      URI uri = URI.create("dup:/x");
      assertThatThrownBy(() -> Mlops.builder().store(uri).build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'dup'");
      try (URLClassLoader loader = servicesLoader(DuplicateProviderA.class);
          Mlops mlops = Mlops.builder().classLoader(loader).store(uri).build()) {
        assertThat(mlops.blobs().durability()).isEqualTo(Durability.NONE);
      }
    }

    /** A class loader whose META-INF/services lists the given provider classes. */
    private URLClassLoader servicesLoader(Class<?>... providers) throws IOException {
      Path root = Files.createTempDirectory(tmp, "services");
      Path services = root.resolve("META-INF/services");
      Files.createDirectories(services);
      StringBuilder lines = new StringBuilder();
      for (Class<?> c : providers) {
        lines.append(c.getName()).append('\n');
      }
      Files.writeString(services.resolve(StorageProvider.class.getName()), lines);
      return new URLClassLoader(new URL[] {toUrl(root)}, getClass().getClassLoader());
    }

    private URL toUrl(Path p) throws MalformedURLException {
      return p.toUri().toURL();
    }
  }

  /** A test provider for scheme {@code dup}: in-memory stores. */
  public static class DuplicateProviderA implements StorageProvider {
    @Override
    public Set<String> schemes() {
      return Set.of("dup");
    }

    @Override
    public MetadataStore openMetadata(StorageConfig config) {
      return InMemoryMetadataStore.create();
    }

    @Override
    public BlobStore openBlobs(StorageConfig config) {
      return InMemoryBlobStore.create();
    }
  }

  /** A second test provider for scheme {@code dup}. */
  public static final class DuplicateProviderB extends DuplicateProviderA {}

  /** Counts the stores it opens for scheme {@code mem}. */
  static final class CountingMemoryProvider implements StorageProvider {
    final AtomicInteger opened = new AtomicInteger();

    @Override
    public Set<String> schemes() {
      return Set.of("MEM");
    }

    @Override
    public MetadataStore openMetadata(StorageConfig config) {
      opened.incrementAndGet();
      return InMemoryMetadataStore.create();
    }

    @Override
    public BlobStore openBlobs(StorageConfig config) {
      opened.incrementAndGet();
      return InMemoryBlobStore.create();
    }
  }

  @Test
  @DisplayName("Mlops.open creates a missing directory with its parents")
  void openCreatesDirectory() {
    Path dir = tmp.resolve("x/y/z");
    try (Mlops mlops = Mlops.open(dir)) {
      assertThat(mlops.artifacts().versions("a")).isEmpty();
    }
    assertThat(List.of(dir.resolve("metadata.db"), dir.resolve("blobs"))).allMatch(Files::exists);
  }
}
