package dev.mlops.core;

import static dev.mlops.core.TestBytes.filesWithContent;
import static dev.mlops.core.TestBytes.random;
import static dev.mlops.core.TestBytes.readAll;
import static dev.mlops.core.TestBytes.sha256;
import static dev.mlops.core.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("fsck")
class FsckTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  Path dir;
  byte[] a;
  byte[] b;
  byte[] c;

  @BeforeEach
  void fill() {
    dir = tmp.resolve("store");
    a = random(101, 3000);
    b = random(102, 70_000);
    c = random(103, 1);
    try (Mlops mlops = Mlops.open(dir)) {
      mlops.artifacts().put("data", "dataset", "text/csv", stream(a), Map.of());
      mlops.artifacts().put("data", "dataset", "text/csv", stream(b), Map.of());
      mlops.artifacts().put("model", "model", "application/octet-stream", stream(b), Map.of());
      mlops.artifacts().put("tiny", "file", "text/plain", stream(c), Map.of());
    }
  }

  private Path blobFile(byte[] content) {
    List<Path> files = filesWithContent(dir.resolve("blobs"), content);
    assertThat(files).as("exactly one blob file holds the bytes").hasSize(1);
    return files.get(0);
  }

  @Test
  @DisplayName("a healthy store is clean and every blob is checked")
  void clean() {
    try (Mlops mlops = Mlops.open(dir)) {
      FsckReport report = mlops.fsck();
      assertThat(report.isClean()).isTrue();
      assertThat(report.blobsChecked()).isEqualTo(3); // a, b (stored once), c
      assertThat(report.corruptBlobs()).isEmpty();
      assertThat(report.missingBlobs()).isEmpty();
      assertThat(report.unreferencedBlobs()).isEmpty();
      assertThat(report.staleTempFilesRemoved()).isZero();
    }
  }

  @Test
  @DisplayName("a byte flipped on disk is reported with both digests and the versions naming it")
  void corrupt() throws IOException {
    Path file = blobFile(b);
    byte[] damaged = b.clone();
    damaged[12_345] ^= 0x01;
    file.toFile().setWritable(true);
    Files.write(file, damaged);

    try (Mlops mlops = Mlops.open(dir)) {
      FsckReport report = mlops.fsck();

      assertThat(report.isClean()).isFalse();
      assertThat(report.blobsChecked()).isEqualTo(3);
      assertThat(report.corruptBlobs()).hasSize(1);
      FsckReport.CorruptBlob corrupt = report.corruptBlobs().get(0);
      assertThat(corrupt.digestExpected()).isEqualTo(sha256(b));
      assertThat(corrupt.digestActual()).isEqualTo(sha256(damaged));
      assertThat(corrupt.liveArtifactVersions())
          .containsExactly(ArtifactRef.of("data", 2), ArtifactRef.of("model", 1));
      assertThat(report.missingBlobs()).isEmpty();

      // The corrupt bytes are never served as good ones.
      assertThatThrownBy(() -> readAll(mlops.artifacts().open("model", 1)))
          .isInstanceOf(CorruptArtifactException.class);
      assertThat(readAll(mlops.artifacts().open("data", 1))).isEqualTo(a);
    }
  }

  @Test
  @DisplayName("a deleted blob file is reported for the live version naming it")
  void missing() throws IOException {
    Files.delete(blobFile(a));

    try (Mlops mlops = Mlops.open(dir)) {
      FsckReport report = mlops.fsck();

      assertThat(report.isClean()).isFalse();
      assertThat(report.blobsChecked()).isEqualTo(2);
      assertThat(report.missingBlobs())
          .containsExactly(
              new FsckReport.MissingBlob(ArtifactRef.of("data", 1), Digest.parse(sha256(a))));
      assertThatThrownBy(() -> mlops.artifacts().open("data", 1))
          .isInstanceOf(CorruptArtifactException.class)
          .hasMessageContaining("missing");
    }
  }

  @Test
  @DisplayName("blobs without a live version are reported as unreferenced, which is still clean")
  void unreferenced() {
    byte[] orphan = random(104, 500);
    try (Mlops mlops = Mlops.open(dir)) {
      mlops.blobs().put(stream(orphan)); // a put whose metadata write never happened
      Instant at = Instant.parse("2026-01-01T00:00:00Z");
      mlops.metadata().inTransaction(tx -> tx.markArtifactVersionDeleted("tiny", 1, at));

      FsckReport report = mlops.fsck();

      assertThat(report.isClean()).isTrue();
      assertThat(report.unreferencedBlobs())
          .extracting(Digest::toString)
          .containsExactlyInAnyOrder(sha256(orphan), sha256(c));
      assertThat(report.blobsChecked()).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("temp files older than an hour, left by killed writers, are removed")
  void staleTempFiles() throws IOException {
    // FileBlobStore's layout: temp files named .tmp-<uuid> in blobs/sha256/.
    Path temp = dir.resolve("blobs/sha256/.tmp-" + UUID.randomUUID());
    Files.write(temp, new byte[] {1, 2, 3});
    Files.setLastModifiedTime(temp, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
    Path fresh = dir.resolve("blobs/sha256/.tmp-" + UUID.randomUUID());
    Files.write(fresh, new byte[] {4});

    try (Mlops mlops = Mlops.open(dir)) {
      FsckReport report = mlops.fsck();

      assertThat(report.staleTempFilesRemoved()).isEqualTo(1);
      assertThat(temp).doesNotExist();
      assertThat(fresh).exists();
      assertThat(report.isClean()).isTrue();
      assertThat(report.blobsChecked()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("an in-memory store is checked the same way")
  void inMemory() throws IOException {
    try (Mlops mlops = Mlops.inMemory()) {
      ArtifactVersion v =
          mlops.artifacts().put("x", "file", "text/plain", stream(new byte[] {9}), Map.of());
      try (InputStream in = mlops.blobs().open(v.digest())) {
        assertThat(in.readAllBytes()).containsExactly(9);
      }
      FsckReport report = mlops.fsck();
      assertThat(report.isClean()).isTrue();
      assertThat(report.blobsChecked()).isEqualTo(1);
      assertThat(report.unreferencedBlobs()).isEmpty();
    }
  }
}
