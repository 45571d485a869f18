package dev.mlops.core;

import static dev.mlops.core.TestBytes.random;
import static dev.mlops.core.TestBytes.readAll;
import static dev.mlops.core.TestBytes.sha256;
import static dev.mlops.core.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Mlops")
class MlopsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
  static final InstantSource CLOCK = InstantSource.fixed(T0);

  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  /** The two stores a facade test runs on: in memory and a temporary embedded directory. */
  static Stream<Arguments> stores() {
    Function<Path, Mlops> memory =
        dir -> Mlops.builder().store(URI.create("mem:/")).clock(CLOCK).build();
    Function<Path, Mlops> embedded =
        dir -> Mlops.builder().store(dir.resolve("store").toUri()).clock(CLOCK).build();
    return Stream.of(
        Arguments.argumentSet("in memory", memory),
        Arguments.argumentSet("embedded directory", embedded));
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.MlopsTest#stores")
    @DisplayName("a put stream reads back byte for byte with its SHA-256, size and properties")
    void putStreamReadsBack(Function<Path, Mlops> factory) {
      byte[] bytes = random(1, 100_000);
      try (Mlops mlops = factory.apply(tmp)) {
        ArtifactVersion v =
            mlops
                .artifacts()
                .put("training-data", "dataset", "text/csv", stream(bytes), Map.of("rows", "7"));

        assertThat(v.name()).isEqualTo("training-data");
        assertThat(v.version()).isEqualTo(1);
        assertThat(v.kind()).isEqualTo("dataset");
        assertThat(v.mediaType()).isEqualTo("text/csv");
        assertThat(v.digest().toString()).isEqualTo(sha256(bytes));
        assertThat(v.size()).isEqualTo(100_000);
        assertThat(v.properties()).containsExactly(Map.entry("rows", "7"));
        assertThat(v.createdAt()).isEqualTo(T0);
        assertThat(v.isDeleted()).isFalse();
        assertThat(readAll(mlops.artifacts().open("training-data", 1))).isEqualTo(bytes);
        assertThat(mlops.artifacts().get("training-data", 1)).isEqualTo(v);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.MlopsTest#stores")
    @DisplayName("a put file reads back, and identical bytes are stored once")
    void putFileReadsBack(Function<Path, Mlops> factory) throws IOException {
      byte[] bytes = random(2, 4096);
      Path file = Files.write(tmp.resolve("model.bin"), bytes);
      try (Mlops mlops = factory.apply(tmp)) {
        ArtifactVersion a =
            mlops
                .artifacts()
                .put("churn-model", "model", "application/octet-stream", file, Map.of());
        ArtifactVersion b =
            mlops
                .artifacts()
                .put("churn-model", "model", "application/octet-stream", file, Map.of());

        assertThat(a.version()).isEqualTo(1);
        assertThat(b.version()).isEqualTo(2);
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(readAll(mlops.artifacts().open("churn-model", 2))).isEqualTo(bytes);
        try (Stream<?> digests = mlops.blobs().digests()) {
          assertThat(digests.count()).isEqualTo(1);
        }
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.MlopsTest#stores")
    @DisplayName("the empty stream is a version of size 0")
    void emptyContent(Function<Path, Mlops> factory) {
      try (Mlops mlops = factory.apply(tmp)) {
        ArtifactVersion v =
            mlops.artifacts().put("empty", "file", "text/plain", stream(new byte[0]), Map.of());
        assertThat(v.size()).isZero();
        // SHA-256 of no bytes, a published constant.
        assertThat(v.digest().hex())
            .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(readAll(mlops.artifacts().open("empty", 1))).isEmpty();
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.MlopsTest#stores")
    @DisplayName("versions, latest, find and get agree; a missing version names the latest")
    void lookups(Function<Path, Mlops> factory) {
      try (Mlops mlops = factory.apply(tmp)) {
        ArtifactRepository artifacts = mlops.artifacts();
        for (int i = 0; i < 3; i++) {
          artifacts.put("data", "dataset", "text/csv", stream(random(10 + i, 10)), Map.of());
        }

        assertThat(artifacts.versions("data"))
            .extracting(ArtifactVersion::version)
            .containsExactly(1L, 2L, 3L);
        assertThat(artifacts.latest("data")).map(ArtifactVersion::version).contains(3L);
        assertThat(artifacts.find("data", 2)).map(ArtifactVersion::version).contains(2L);
        assertThat(artifacts.find("data", 4)).isEmpty();
        assertThat(artifacts.versions("unknown")).isEmpty();
        assertThat(artifacts.latest("unknown")).isEmpty();
        assertThatThrownBy(() -> artifacts.get("data", 9))
            .isInstanceOf(NotFoundException.class)
            .hasMessage("artifact 'data' has no version 9 (latest is 3)");
        assertThatThrownBy(() -> artifacts.get("unknown", 1))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("it has no versions");
        assertThatThrownBy(() -> artifacts.find("data", 0))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.MlopsTest#stores")
    @DisplayName("a deleted version is found as a tombstone but its bytes are not served")
    void tombstone(Function<Path, Mlops> factory) {
      try (Mlops mlops = factory.apply(tmp)) {
        ArtifactRepository artifacts = mlops.artifacts();
        artifacts.put("data", "dataset", "text/csv", stream(random(20, 10)), Map.of());
        artifacts.put("data", "dataset", "text/csv", stream(random(21, 10)), Map.of());
        Instant deletedAt = T0.plusSeconds(60);
        mlops.metadata().inTransaction(tx -> tx.markArtifactVersionDeleted("data", 2, deletedAt));

        assertThat(artifacts.find("data", 2))
            .get()
            .extracting(ArtifactVersion::deletedAt)
            .isEqualTo(deletedAt);
        assertThat(artifacts.latest("data")).map(ArtifactVersion::version).contains(1L);
        assertThatThrownBy(() -> artifacts.open("data", 2))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("'data' version 2 was deleted");
        // The greatest number ever created is 2, tombstone included.
        assertThatThrownBy(() -> artifacts.get("data", 5))
            .hasMessage("artifact 'data' has no version 5 (latest is 2)");
      }
    }

    @Test
    @DisplayName("the embedded directory keeps its data across reopening")
    void reopen() {
      Path dir = tmp.resolve("a").resolve("b").resolve("store");
      byte[] bytes = random(30, 5000);
      try (Mlops mlops = Mlops.open(dir)) {
        mlops.artifacts().put("kept", "dataset", "text/csv", stream(bytes), Map.of("k", "v"));
      }
      assertThat(dir.resolve("metadata.db")).isRegularFile();
      assertThat(dir.resolve("blobs")).isDirectory();
      try (Mlops mlops = Mlops.open(dir)) {
        assertThat(mlops.artifacts().get("kept", 1).properties()).containsEntry("k", "v");
        assertThat(readAll(mlops.artifacts().open("kept", 1))).isEqualTo(bytes);
        assertThat(mlops.metadata().durability()).isEqualTo(Durability.PROCESS);
        assertThat(mlops.blobs().durability()).isEqualTo(Durability.POWER_LOSS);
      }
    }

    @Test
    @DisplayName("inMemory() starts empty every time")
    void inMemoryIsPrivate() {
      try (Mlops a = Mlops.inMemory();
          Mlops b = Mlops.inMemory()) {
        a.artifacts().put("x", "file", "text/plain", stream(new byte[] {1}), Map.of());
        assertThat(b.artifacts().versions("x")).isEmpty();
        assertThat(a.metadata().durability()).isEqualTo(Durability.NONE);
      }
    }
  }

  @Nested
  @DisplayName("ownership")
  class Ownership {
    @Test
    @DisplayName("close() leaves stores given as objects open and usable")
    void givenStoresStayOpen() {
      MetadataStore metadata = InMemoryMetadataStore.create();
      BlobStore blobs = InMemoryBlobStore.create();
      try (metadata;
          blobs) {
        Mlops mlops = Mlops.builder().metadata(metadata).blobs(blobs).clock(CLOCK).build();
        mlops.artifacts().put("x", "file", "text/plain", stream(new byte[] {7}), Map.of());
        mlops.close();

        List<String> names =
            metadata.read(tx -> tx.listArtifactNames(null, MetadataTransaction.MAX_PAGE));
        assertThat(names).containsExactly("x");
        try (Stream<?> digests = blobs.digests()) {
          assertThat(digests.count()).isEqualTo(1);
        }
      }
    }

    @Test
    @DisplayName("a closed instance refuses every call, and close() is idempotent")
    void closedRefuses() {
      Mlops mlops = Mlops.inMemory();
      ArtifactRepository artifacts = mlops.artifacts();
      mlops.close();
      mlops.close();

      assertThatThrownBy(mlops::artifacts).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(mlops::blobs).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(mlops::metadata).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(mlops::fsck).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> artifacts.versions("x"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }

    @Test
    @DisplayName("the clock and actor given are the ones used")
    void clockAndActor() {
      try (Mlops mlops =
          Mlops.builder().store(URI.create("mem:/")).clock(CLOCK).actor("ci-bot").build()) {
        assertThat(mlops.clock()).isSameAs(CLOCK);
        assertThat(mlops.actor()).isEqualTo("ci-bot");
      }
      try (Mlops mlops = Mlops.inMemory()) {
        String user = System.getProperty("user.name");
        assertThat(mlops.actor())
            .isEqualTo(user == null || user.isBlank() ? Mlops.DEFAULT_ACTOR_FALLBACK : user);
        assertThat(mlops.clock()).isSameAs(Mlops.DEFAULT_CLOCK);
      }
    }
  }

  @Nested
  @DisplayName("shared in-memory stores")
  class SharedMemory {
    @Test
    @DisplayName("mem:name is shared in the JVM until the last user closes it")
    void sharedByName() {
      URI uri = URI.create("mem:shared-" + System.nanoTime());
      Mlops a = Mlops.builder().store(uri).build();
      Mlops b = Mlops.builder().store(uri).build();
      a.artifacts().put("x", "file", "text/plain", stream(new byte[] {1, 2}), Map.of());
      assertThat(b.artifacts().versions("x")).hasSize(1);
      assertThat(readAll(b.artifacts().open("x", 1))).containsExactly(1, 2);
      a.close();
      assertThat(b.artifacts().versions("x")).hasSize(1);
      b.close();

      try (Mlops c = Mlops.builder().store(uri).build()) {
        assertThat(c.artifacts().versions("x")).isEmpty();
      }
    }

    @Test
    @DisplayName("mem:/ opens private stores every time")
    void anonymousIsPrivate() {
      try (Mlops a = Mlops.builder().store(URI.create("mem:/")).build();
          Mlops b = Mlops.builder().store(URI.create("mem:/")).build()) {
        a.artifacts().put("x", "file", "text/plain", stream(new byte[] {1}), Map.of());
        assertThat(b.artifacts().versions("x")).isEmpty();
        assertThat(List.of(a.metadata().durability(), a.blobs().durability()))
            .containsOnly(Durability.NONE);
      }
    }
  }
}
