package dev.mlops.samples.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.core.Mlops;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the custom backend in an Mlops")
class BackendSampleTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() throws IOException {
    // SQLite's driver extracts its native library into java.io.tmpdir, which must exist.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
  }

  private Mlops open(Path blobs) {
    return Mlops.builder()
        .metadata(URI.create("mem:/"))
        .blobs(URI.create(DirectoryBlobStorageProvider.SCHEME + ":" + blobs.toUri().getPath()))
        .build();
  }

  @Nested
  @DisplayName("found by its scheme through META-INF/services")
  class Discovery {
    @Test
    @DisplayName(
        "a run logs an artifact; its bytes are one file named by their SHA-256 (computed here) and"
            + " read back through the artifact repository")
    void logsAndReadsAnArtifact() throws IOException {
      Path blobs = tmp.resolve("blobs");
      byte[] bytes = "weights: 0.25 0.5 0.75\n".getBytes(StandardCharsets.UTF_8);
      String hex = sha256(bytes);
      try (Mlops mlops = open(blobs)) {
        ArtifactVersion v;
        try (ActiveRun run = mlops.tracking().startRun("backend").withoutGit().start()) {
          v =
              run.logArtifact(
                  "weights",
                  ArtifactVersion.KIND_MODEL,
                  "text/plain",
                  new ByteArrayInputStream(bytes),
                  Map.of());
        }
        assertThat(v.digest()).isEqualTo(Digest.parse(Digest.PREFIX + hex));
        assertThat(mlops.blobs().durability())
            .isEqualTo(DirectoryBlobStorageProvider.DEFAULT_DURABILITY);
        try (InputStream in = mlops.artifacts().open("weights", v.version())) {
          assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        assertThat(mlops.fsck().isClean()).isTrue();
      }
      try (Stream<Path> files = Files.list(blobs)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly(hex);
      }
      assertThat(blobs.resolve(hex)).hasBinaryContent(bytes);
    }

    @Test
    @DisplayName("a blob damaged on disk fails the read and fsck names it")
    void damageIsFound() throws IOException {
      Path blobs = tmp.resolve("blobs");
      try (Mlops mlops = open(blobs)) {
        ArtifactVersion v =
            mlops
                .artifacts()
                .put(
                    "notes",
                    ArtifactVersion.KIND_FILE,
                    "text/plain",
                    new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8)),
                    Map.of());
        Files.writeString(blobs.resolve(v.digest().hex()), "abd");
        assertThat(mlops.fsck().corruptBlobs()).hasSize(1);
      }
    }

    @Test
    @DisplayName(
        "the metadata cannot go to the blob-only scheme, and a URI without a path is refused")
    void blobsOnly() {
      assertThatThrownBy(
              () ->
                  Mlops.builder()
                      .metadata(URI.create(DirectoryBlobStorageProvider.SCHEME + ":/tmp/m"))
                      .blobs(URI.create("mem:/"))
                      .build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(DirectoryBlobStorageProvider.class.getName())
          .hasMessageContaining("holds no metadata");
      assertThatThrownBy(
              () ->
                  Mlops.builder()
                      .metadata(URI.create("mem:/"))
                      .blobs(URI.create(DirectoryBlobStorageProvider.SCHEME + ":relative"))
                      .build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("absolute");
    }
  }

  @Test
  @DisplayName("main stores an artifact in the custom backend and prints where its file is")
  void mainPrints() throws IOException {
    Path dir = tmp.resolve("main");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      BackendSample.main(new String[] {dir.toString()});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    String hex = sha256("hello from a custom blob store\n".getBytes(StandardCharsets.UTF_8));
    assertThat(out)
        .contains("read back: hello from a custom blob store")
        .contains("fsck: clean")
        .contains(dir.resolve("blobs").resolve(hex).toString());
    assertThat(dir.resolve("blobs").resolve(hex)).exists();
    assertThat(dir.resolve("metadata.db")).exists();
    assertThat(List.of(dir.toFile().list())).contains("blobs", "metadata.db");
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
