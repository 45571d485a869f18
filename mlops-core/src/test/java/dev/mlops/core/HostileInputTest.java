package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("hostile input is refused before anything is written")
class HostileInputTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  Mlops mlops;
  Path file;

  @BeforeEach
  void open() throws IOException {
    mlops = Mlops.open(tmp.resolve("store"));
    file = Files.write(tmp.resolve("content.bin"), new byte[] {1, 2, 3});
  }

  @AfterEach
  void close() {
    mlops.close();
  }

  /** Names and keys that must never reach a store (and would be dangerous as paths or URLs). */
  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.argumentSet("parent directory", "../x"),
        Arguments.argumentSet("Windows parent directory", "..\\x"),
        Arguments.argumentSet("URL-encoded traversal", "%2e%2e/"),
        Arguments.argumentSet("double URL-encoded traversal", "%252e%252e%252f"),
        Arguments.argumentSet("double slash to /proc", "//proc/self/"),
        Arguments.argumentSet("a scheme", "file:x"),
        Arguments.argumentSet("an absolute path", "/abs"),
        Arguments.argumentSet("a fragment", "a#b"),
        Arguments.argumentSet("NUL", "a\u0000b"),
        Arguments.argumentSet("a Windows drive", "C:\\x"),
        Arguments.argumentSet("10,000 characters", "x".repeat(10_000)),
        Arguments.argumentSet("an unpaired surrogate", "a\uD800b"));
  }

  /** Values (media type, property values) that are not storable text. */
  static Stream<Arguments> hostileValues() {
    return Stream.of(
        Arguments.argumentSet("NUL", "a\u0000b"),
        Arguments.argumentSet("10,000 characters", "x".repeat(10_000)),
        Arguments.argumentSet("an unpaired high surrogate", "a\uD800b"),
        Arguments.argumentSet("an unpaired low surrogate", "\uDC00"));
  }

  /** A stream that records whether anything read it. */
  static final class WatchedStream extends InputStream {
    final AtomicBoolean touched = new AtomicBoolean();

    @Override
    public int read() {
      touched.set(true);
      return -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      touched.set(true);
      return -1;
    }
  }

  private void assertNothingWritten() {
    try (Stream<?> digests = mlops.blobs().digests()) {
      assertThat(digests.count()).as("blobs").isZero();
    }
    List<String> names =
        mlops.metadata().read(tx -> tx.listArtifactNames(null, MetadataTransaction.MAX_PAGE));
    assertThat(names).as("artifact names").isEmpty();
  }

  private void assertRefused(Runnable put) {
    assertThatThrownBy(put::run).isInstanceOf(InvalidInputException.class);
  }

  @Nested
  @DisplayName("as an artifact name")
  class AsName {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.HostileInputTest#hostile")
    @DisplayName("put of a stream or a file, and every lookup")
    void refused(String name) {
      ArtifactRepository artifacts = mlops.artifacts();
      WatchedStream in = new WatchedStream();
      assertRefused(() -> artifacts.put(name, "dataset", "text/csv", in, Map.of()));
      assertRefused(() -> artifacts.put(name, "dataset", "text/csv", file, Map.of()));
      assertRefused(() -> artifacts.find(name, 1));
      assertRefused(() -> artifacts.get(name, 1));
      assertRefused(() -> artifacts.latest(name));
      assertRefused(() -> artifacts.open(name, 1));
      assertRefused(() -> artifacts.versions(name));
      assertThat(in.touched).as("content stream read").isFalse();
      assertNothingWritten();
    }
  }

  @Nested
  @DisplayName("as a kind or a property key")
  class AsKindOrKey {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.HostileInputTest#hostile")
    @DisplayName("put of a stream or a file")
    void refused(String text) {
      ArtifactRepository artifacts = mlops.artifacts();
      WatchedStream in = new WatchedStream();
      assertRefused(() -> artifacts.put("ok", text, "text/csv", in, Map.of()));
      assertRefused(() -> artifacts.put("ok", text, "text/csv", file, Map.of()));
      Map<String, String> props = new HashMap<>();
      props.put("fine", "v");
      props.put(text, "v");
      assertRefused(() -> artifacts.put("ok", "dataset", "text/csv", in, props));
      assertRefused(() -> artifacts.put("ok", "dataset", "text/csv", file, props));
      assertThat(in.touched).as("content stream read").isFalse();
      assertNothingWritten();
    }
  }

  @Nested
  @DisplayName("as a media type or a property value")
  class AsValue {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.HostileInputTest#hostileValues")
    @DisplayName("put of a stream or a file")
    void refused(String value) {
      ArtifactRepository artifacts = mlops.artifacts();
      WatchedStream in = new WatchedStream();
      assertRefused(() -> artifacts.put("ok", "dataset", value, in, Map.of()));
      assertRefused(() -> artifacts.put("ok", "dataset", value, file, Map.of()));
      assertRefused(() -> artifacts.put("ok", "dataset", "text/csv", in, Map.of("k", value)));
      assertRefused(() -> artifacts.put("ok", "dataset", "text/csv", file, Map.of("k", value)));
      assertThat(in.touched).as("content stream read").isFalse();
      assertNothingWritten();
    }
  }

  @Nested
  @DisplayName("in memory as well")
  class InMemory {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.HostileInputTest#hostile")
    @DisplayName("put of a stream under a hostile name")
    void refused(String name) {
      try (Mlops memory = Mlops.inMemory()) {
        WatchedStream in = new WatchedStream();
        assertThatThrownBy(
                () -> memory.artifacts().put(name, "dataset", "text/csv", in, Map.of("a", "b")))
            .isInstanceOf(InvalidInputException.class);
        assertThat(in.touched).isFalse();
        try (Stream<?> digests = memory.blobs().digests()) {
          assertThat(digests.count()).isZero();
        }
        List<String> names = memory.metadata().read(tx -> tx.listArtifactNames(null, 10));
        assertThat(names).isEmpty();
      }
    }
  }
}
