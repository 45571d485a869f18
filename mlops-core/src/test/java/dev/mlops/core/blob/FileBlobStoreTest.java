package dev.mlops.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.core.internal.CrashPoints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("FileBlobStore")
class FileBlobStoreTest {
  /** SHA-256 of "hello", from the SHA-256 test vectors in common use (e.g. `sha256sum`). */
  private static final String HELLO_HEX =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private Path dir;
  private FileBlobStore store;

  @BeforeEach
  void openStore() throws IOException {
    dir = newTempDirectory();
    store = FileBlobStore.open(dir, () -> NOW);
  }

  @AfterEach
  void closeStore() throws IOException {
    store.close();
    CrashPoints.install(null);
    String prefix = dir.getFileName().toString();
    try (Stream<Path> siblings = Files.list(dir.getParent())) {
      for (Path p : (Iterable<Path>) siblings::iterator) {
        if (p.getFileName().toString().startsWith(prefix)) {
          deleteRecursively(p);
        }
      }
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    try (Stream<Path> tree = Files.walk(path)) {
      for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Nested
  @DisplayName("layout on disk")
  class Layout {
    @Test
    @DisplayName("a blob is the file sha256/ab/cd/<64 hex> holding exactly its bytes")
    void blobFileIsNamedByDigest() throws IOException {
      Digest d = store.put(stream("hello"));

      Path expected = dir.resolve("sha256").resolve("2c").resolve("f2").resolve(HELLO_HEX);
      assertThat(d.hex()).isEqualTo(HELLO_HEX);
      assertThat(expected).isRegularFile().hasContent("hello");
      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile)).containsExactly(expected);
      }
    }

    @Test
    @DisplayName("every put path lands in the same place and leaves no temp file")
    void everyPutLeavesOnlyTheBlob() throws IOException {
      Path file = dir.resolveSibling(dir.getFileName() + "-input.txt");
      Files.writeString(file, "hello");

      store.put(file);
      store.put(stream("hello"));
      store.put(stream("hello"), Digest.parse(HELLO_HEX));

      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .containsExactly(HELLO_HEX);
      }
    }

    @Test
    @DisplayName("opening a store on a regular file is rejected naming it")
    void openOnFileIsRejected() throws IOException {
      Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

      assertThatThrownBy(() -> FileBlobStore.open(file))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(file.toString());
    }

    @Test
    @DisplayName("a store reopened on the same directory sees the blobs")
    void reopenSeesBlobs() {
      Digest d = store.put(stream("hello"));
      store.close();

      try (FileBlobStore again = FileBlobStore.open(dir)) {
        assertThat(again.exists(d)).isTrue();
        assertThat(again.digests()).containsExactly(d);
      }
    }
  }

  @Nested
  @DisplayName("temp files")
  class TempFiles {
    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {CrashPoints.BLOB_AFTER_TEMP_WRITE, CrashPoints.BLOB_AFTER_FSYNC})
    @DisplayName("a blob being written is invisible to exists, digests and open")
    void tempFileIsInvisible(String point) {
      Digest hello = Digest.parse(HELLO_HEX);
      List<String> seen = new ArrayList<>();
      CrashPoints.install(
          reached -> {
            if (reached.equals(point)) {
              seen.add(tempFiles().size() + " temp");
              seen.add("exists=" + store.exists(hello));
              try (Stream<Digest> listed = store.digests()) {
                seen.add("listed=" + listed.count());
              }
            }
          });

      store.put(stream("hello"), hello);

      assertThat(seen).containsExactly("1 temp", "exists=false", "listed=0");
      assertThat(tempFiles()).isEmpty();
    }

    @ParameterizedTest(name = "a crash at {0}")
    @ValueSource(strings = {CrashPoints.BLOB_AFTER_TEMP_WRITE, CrashPoints.BLOB_AFTER_FSYNC})
    @DisplayName("a put that fails before the rename stores nothing and deletes its temp file")
    void failedPutLeavesNothing(String point) {
      CrashPoints.install(
          reached -> {
            if (reached.equals(point)) {
              throw new StorageException("simulated failure at " + reached);
            }
          });

      assertThatThrownBy(() -> store.put(stream("hello")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(point);

      CrashPoints.install(null);
      assertThat(store.exists(Digest.parse(HELLO_HEX))).isFalse();
      assertThat(store.digests()).isEmpty();
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    @DisplayName("temp files, misplaced files and foreign names are never listed or served")
    void foreignFilesAreIgnored() throws IOException {
      Digest hello = store.put(stream("hello"));
      Path level2 = dir.resolve("sha256/2c/f2");
      Files.writeString(level2.resolve(".tmp-" + HELLO_HEX), "partial");
      Files.writeString(dir.resolve("sha256/.tmp-abc"), "partial");
      Files.writeString(level2.resolve(HELLO_HEX.toUpperCase(java.util.Locale.ROOT)), "x");
      Files.writeString(level2.resolve("README"), "x");
      Files.writeString(dir.resolve("sha256/README"), "x");
      // a well-formed name in the wrong directory: open() could never find it
      Digest elsewhere = Digest.of("elsewhere".getBytes(StandardCharsets.UTF_8));
      Files.writeString(level2.resolve(elsewhere.hex()), "elsewhere");

      assertThat(store.digests()).containsExactly(hello);
      assertThat(store.exists(elsewhere)).isFalse();
    }
  }

  @Nested
  @DisplayName("put(Path)")
  class PutPath {
    @Test
    @DisplayName("a file that changes between the hashing pass and the copy is rejected")
    void fileChangedBetweenPasses() throws IOException {
      Path file = Files.writeString(dir.resolveSibling(dir.getFileName() + "-in.txt"), "hello");
      AtomicInteger opens = new AtomicInteger();
      try (FileBlobStore editing =
          FileBlobStore.open(
              dir,
              () -> NOW,
              path -> {
                if (opens.incrementAndGet() == 2) { // the copy pass
                  writeString(path, "hellO");
                }
                return ChunkSource.openRegularFile(path);
              })) {

        assertThatThrownBy(() -> editing.put(file))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("file " + file + " changed while being stored")
            .hasMessageContaining("sha256:" + HELLO_HEX)
            .hasMessageContaining(Digest.of("hellO".getBytes(StandardCharsets.UTF_8)).toString())
            .hasMessageContaining("retry");
        assertThat(editing.digests()).isEmpty();
      }
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    @DisplayName("an unreadable file is a StorageException naming it, and nothing is stored")
    void unreadableFile() {
      Path mem = Path.of("/proc/self/mem"); // a regular file whose read at offset 0 fails (EIO)
      assumeTrue(Files.isRegularFile(mem), "needs Linux /proc/self/mem");

      assertThatThrownBy(() -> store.put(mem))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(mem.toString())
          .hasMessageContaining("nothing was stored");
      assertThat(store.digests()).isEmpty();
    }

    @Test
    @DisplayName("a 5 MiB + 3 byte file round-trips across chunk boundaries")
    void multiChunkFile() throws IOException {
      byte[] bytes = randomBytes(5 * (1 << 20) + 3, 7);
      Path file = Files.write(dir.resolveSibling(dir.getFileName() + "-big.bin"), bytes);

      Digest d = store.put(file);

      assertThat(d.toBytes()).isEqualTo(sha256(bytes));
      try (InputStream in = store.open(d)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }
  }

  @Nested
  @DisplayName("errors")
  class Errors {
    @Test
    @DisplayName("a stream that fails midway is a StorageException, and nothing is stored")
    void failingStream() {
      InputStream failing =
          new InputStream() {
            private int left = 3 * (1 << 20); // fails after a few chunks

            @Override
            public int read() throws IOException {
              if (left-- == 0) {
                throw new IOException("connection reset");
              }
              return 7;
            }
          };

      assertThatThrownBy(() -> store.put(failing))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("connection reset")
          .hasMessageContaining("nothing was stored");
      assertThat(store.digests()).isEmpty();
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    @DisplayName("a store that cannot create a blob's directory fails with StorageException")
    void unwritableStore() throws IOException {
      Files.writeString(dir.resolve("sha256/2c"), "a file where a directory belongs");

      assertThatThrownBy(() -> store.put(stream("hello"), Digest.parse(HELLO_HEX)))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(dir.resolve("sha256").toString())
          .hasMessageContaining("nothing was stored");
      assertThatThrownBy(() -> store.put(stream("hello")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("free space");
      assertThat(tempFiles()).isEmpty();
    }
  }

  @Nested
  @DisplayName("corruption on disk")
  class Corruption {
    @Test
    @DisplayName("a flipped byte in the stored file is detected at the end of the read")
    void flippedByte() throws IOException {
      byte[] bytes = randomBytes(3 * (1 << 20) + 11, 3);
      Digest d = store.put(new ByteArrayInputStream(bytes));
      Path file = dir.resolve("sha256").resolve(d.hex().substring(0, 2));
      file = file.resolve(d.hex().substring(2, 4)).resolve(d.hex());
      bytes[2_000_000] ^= 0x10;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(bytes, 2_000_000, 1), 2_000_000);
      }
      String actual = Digest.fromBytes(sha256(bytes)).toString();

      try (InputStream in = store.open(d)) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOfSatisfying(
                CorruptArtifactException.class,
                e -> {
                  assertThat(e.digestExpected()).isEqualTo(d.toString());
                  assertThat(e.digestActual()).isEqualTo(actual);
                  assertThat(e.getMessage()).contains(d.toString(), actual);
                });
        assertThatThrownBy(in::read).isInstanceOf(CorruptArtifactException.class);
      }
    }

    @Test
    @DisplayName("a truncated file is detected, also when read byte by byte or skipped")
    void truncatedFile() throws IOException {
      Digest d = store.put(stream("hello"));
      Path file = dir.resolve("sha256/2c/f2").resolve(HELLO_HEX);
      Files.writeString(file, "hell");

      try (InputStream in = store.open(d)) {
        assertThat(in.skip(2)).isEqualTo(2);
        assertThat(in.read()).isEqualTo('l');
        assertThat(in.read()).isEqualTo('l');
        assertThatThrownBy(in::read)
            .isInstanceOf(CorruptArtifactException.class)
            .hasMessageContaining(Digest.of("hell".getBytes(StandardCharsets.UTF_8)).toString());
      }
    }
  }

  @Nested
  @DisplayName("removeStaleTempFiles")
  class StaleTempFiles {
    @Test
    @DisplayName("removes temp files older than the threshold by the injected clock, nothing else")
    void removesOnlyOldTempFiles() throws IOException {
      Digest hello = store.put(stream("hello"));
      Path top = dir.resolve("sha256");
      Path level2 = top.resolve("2c/f2");
      Path oldTop = temp(top.resolve(".tmp-old-top"), NOW.minus(Duration.ofHours(2)));
      Path oldDeep = temp(level2.resolve(".tmp-old-deep"), NOW.minus(Duration.ofMinutes(61)));
      Path fresh = temp(level2.resolve(".tmp-fresh"), NOW.minus(Duration.ofMinutes(59)));
      Path future = temp(top.resolve(".tmp-future"), NOW.plus(Duration.ofMinutes(5)));
      Path oldForeign = temp(level2.resolve("notes.txt"), NOW.minus(Duration.ofDays(3)));
      Files.setLastModifiedTime(
          level2.resolve(HELLO_HEX), FileTime.from(NOW.minus(Duration.ofDays(3))));

      int removed = store.removeStaleTempFiles(Duration.ofHours(1));

      assertThat(removed).isEqualTo(2);
      assertThat(oldTop).doesNotExist();
      assertThat(oldDeep).doesNotExist();
      assertThat(fresh).exists();
      assertThat(future).exists();
      assertThat(oldForeign).exists();
      assertThat(store.exists(hello)).isTrue();
    }

    @Test
    @DisplayName("a negative age is rejected")
    void negativeAge() {
      assertThatThrownBy(() -> store.removeStaleTempFiles(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("olderThan");
    }
  }

  @Nested
  @DisplayName("several processes")
  class SeveralProcesses {
    @Test
    @DisplayName(
        "3 JVMs putting the same 8 MiB at once, by stream, by stream with digest and by path,"
            + " all succeed and leave one correct file")
    void sameDigestFromSeveralJvms() throws Exception {
      int processes = 3;
      int size = 8 << 20;
      long seed = 42;
      byte[] expectedBytes = randomBytes(size, seed);
      Digest expected = Digest.fromBytes(sha256(expectedBytes));
      List<Process> children = new ArrayList<>();
      List<Path> outputs = new ArrayList<>();
      for (int i = 0; i < processes; i++) {
        Path out = dir.resolveSibling(dir.getFileName() + "-child-" + i + ".txt");
        outputs.add(out);
        children.add(
            new ProcessBuilder(
                    javaBinary(),
                    "-Xmx128m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ConcurrentPutChild.class.getName(),
                    dir.toString(),
                    Integer.toString(size),
                    Long.toString(seed),
                    Integer.toString(i))
                .redirectOutput(out.toFile())
                .redirectErrorStream(true)
                .start());
      }
      for (Process child : children) { // all are started: let them go at once
        child.getOutputStream().write('\n');
        child.getOutputStream().close();
      }
      for (int i = 0; i < processes; i++) {
        Process child = children.get(i);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child %d finished", i).isTrue();
        assertThat(child.exitValue())
            .as("child %d exit code; output:%n%s", i, Files.readString(outputs.get(i)))
            .isZero();
        assertThat(Files.readString(outputs.get(i))).contains("put=" + expected);
      }

      try (Stream<Path> files = Files.walk(dir)) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .containsExactly(expected.hex());
      }
      try (InputStream in = store.open(expected)) {
        assertThat(in.readAllBytes()).isEqualTo(expectedBytes);
      }
    }
  }

  private List<Path> tempFiles() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(TempFile.PREFIX))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path temp(Path path, Instant modified) throws IOException {
    Files.writeString(path, "partial");
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }

  private static void writeString(Path path, String text) {
    try {
      Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path newTempDirectory() throws IOException {
    Path base = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    return Files.createTempDirectory(base, "blobs-");
  }

  static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
