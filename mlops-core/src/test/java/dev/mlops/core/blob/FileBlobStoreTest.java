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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"appended", "rewritten with a later time", "replaced"})
    @DisplayName("a file that changes while it is copied in one pass is rejected; nothing stored")
    void fileChangedDuringOnePass(String how) throws IOException {
      Path file = Files.write(sibling("changing.bin"), randomBytes(3 * MIB, 11));
      EditingChannel.Edit edit =
          switch (how) {
            case "appended" -> () -> Files.write(file, new byte[] {1}, StandardOpenOption.APPEND);
            case "rewritten with a later time" ->
                () -> {
                  Files.write(file, randomBytes(3 * MIB, 12));
                  Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(3600)));
                };
            default ->
                () -> {
                  Path other = Files.write(sibling("other.bin"), randomBytes(3 * MIB, 13));
                  Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
                };
          };
      try (FileBlobStore editing =
          FileBlobStore.open(
              dir,
              () -> NOW,
              path -> new EditingChannel(ChunkSource.openRegularFile(path), 1, edit))) {

        assertThatThrownBy(() -> editing.put(file))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("file " + file + " changed while being stored")
            .hasMessageContaining("nothing was stored");
        assertThat(editing.digests()).isEmpty();
      }
      assertThat(tempFiles()).isEmpty();
    }

    @Test
    @DisplayName("a file that a hint took for stored and that changes before its copy is rejected")
    void fileChangedBetweenPasses() throws IOException {
      byte[] stored = collidingBytes(1);
      byte[] hashed = collidingBytes(2);
      byte[] copied = collidingBytes(3);
      Path file = Files.write(sibling("in.bin"), hashed);
      store.put(new ByteArrayInputStream(stored));
      AtomicInteger opens = new AtomicInteger();
      try (FileBlobStore editing =
          FileBlobStore.open(
              dir,
              () -> NOW,
              path -> {
                if (opens.incrementAndGet() == 2) { // the copy pass
                  write(path, copied);
                }
                return ChunkSource.openRegularFile(path);
              })) {

        assertThatThrownBy(() -> editing.put(file))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("file " + file + " changed while being stored")
            .hasMessageContaining(Digest.fromBytes(sha256(hashed)).toString())
            .hasMessageContaining(Digest.fromBytes(sha256(copied)).toString())
            .hasMessageContaining("retry");
        assertThat(editing.digests()).containsExactly(Digest.fromBytes(sha256(stored)));
      }
      assertThat(opens).hasValue(2);
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
  @DisplayName("fingerprint hints")
  class FingerprintHints {
    /** Temp files written and brought to their end: the copies a put made. */
    private final AtomicInteger copies = new AtomicInteger();

    @BeforeEach
    void countCopies() {
      CrashPoints.install(
          point -> {
            if (point.equals(CrashPoints.BLOB_AFTER_TEMP_WRITE)) {
              copies.incrementAndGet();
            }
          });
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 5, MIB - 1, MIB, MIB + 1, 3 * MIB + 5})
    @DisplayName("a re-put of a stored file is only hashed: no temp file is written")
    void rePutIsHashedOnly(int size) throws IOException {
      byte[] bytes = randomBytes(size, size);
      Path file = Files.write(sibling("file.bin"), bytes);
      Digest first = store.put(file);
      copies.set(0);

      Digest again = store.put(file);

      assertThat(again.toBytes()).isEqualTo(sha256(bytes)).isEqualTo(first.toBytes());
      assertThat(copies).hasValue(0);
      assertThat(blobFiles()).containsExactly(again.hex());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"put(InputStream)", "put(InputStream, Digest)"})
    @DisplayName("a blob put by stream leaves a hint, so put(Path) of its bytes does not copy")
    void streamPutsLeaveHints(String how) throws IOException {
      byte[] bytes = randomBytes(2 * MIB + 7, 21);
      Digest expected = Digest.fromBytes(sha256(bytes));
      if (how.equals("put(InputStream)")) {
        store.put(new ByteArrayInputStream(bytes));
      } else {
        store.put(new ByteArrayInputStream(bytes), expected);
      }
      assertThat(hintFile(bytes)).isRegularFile();
      assertThat(Files.readAllLines(hintFile(bytes)))
          .containsExactly(Hints.HEADER, expected.toString());
      copies.set(0);

      Digest d = store.put(Files.write(sibling("file.bin"), bytes));

      assertThat(d).isEqualTo(expected);
      assertThat(copies).hasValue(0);
    }

    @Test
    @DisplayName("a blob whose hint is missing costs one copy, which restores the hint")
    void missingHintCostsOneCopy() throws IOException {
      byte[] bytes = randomBytes(3 * MIB, 22);
      Path file = Files.write(sibling("file.bin"), bytes);
      Digest expected = Digest.fromBytes(sha256(bytes));
      store.put(file);
      deleteRecursively(dir.resolve("hints"));
      copies.set(0);

      assertThat(store.put(file)).isEqualTo(expected);
      assertThat(copies).hasValue(1);
      assertThat(tempFiles()).isEmpty();
      assertThat(blobFiles()).containsExactly(expected.hex());
      assertThat(hintFile(bytes)).isRegularFile();

      assertThat(store.put(file)).isEqualTo(expected);
      assertThat(copies).hasValue(1);
    }

    @Test
    @DisplayName("a stale hint naming a blob removed behind the store's back costs one copy")
    void staleHintCostsOneCopy() throws IOException {
      byte[] bytes = randomBytes(3 * MIB, 23);
      Path file = Files.write(sibling("file.bin"), bytes);
      Digest expected = store.put(file);
      Files.delete(blobPath(expected));
      assertThat(hintFile(bytes)).isRegularFile();
      copies.set(0);

      assertThat(store.put(file).toBytes()).isEqualTo(sha256(bytes));
      assertThat(copies).hasValue(1);
      try (InputStream in = store.open(expected)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }

    @Test
    @DisplayName("delete removes the blob from its hint, and a put after delete stores it again")
    void putAfterDelete() throws IOException {
      byte[] bytes = randomBytes(3 * MIB, 24);
      Path file = Files.write(sibling("file.bin"), bytes);
      Digest expected = Digest.fromBytes(sha256(bytes));
      assertThat(store.put(file)).isEqualTo(expected);

      assertThat(store.delete(expected)).isTrue();

      assertThat(hintFile(bytes)).doesNotExist();
      assertThat(store.exists(expected)).isFalse();
      assertThat(store.put(file)).isEqualTo(expected);
      assertThat(copies).hasValue(2);
      try (InputStream in = store.open(expected)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(Files.readAllLines(hintFile(bytes)))
          .containsExactly(Hints.HEADER, expected.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "garbage",
          "empty",
          "no header",
          "a malformed digest",
          "an upper-case digest",
          "too long",
          "a directory"
        })
    @DisplayName("a garbled hint is ignored and rewritten: it costs one copy, never a wrong blob")
    void garbledHint(String garble) throws IOException {
      byte[] bytes = randomBytes(3 * MIB, 25);
      Path file = Files.write(sibling("file.bin"), bytes);
      Digest expected = store.put(file);
      Path hint = hintFile(bytes);
      String digestLine = expected.toString();
      Files.delete(hint);
      switch (garble) {
        case "garbage" -> Files.write(hint, randomBytes(300, 26));
        case "empty" -> Files.writeString(hint, "");
        case "no header" -> Files.writeString(hint, digestLine + "\n");
        case "a malformed digest" -> Files.writeString(hint, Hints.HEADER + "\nsha256:zz\n");
        case "an upper-case digest" ->
            Files.writeString(hint, Hints.HEADER + "\n" + digestLine.toUpperCase(Locale.ROOT));
        case "too long" ->
            Files.writeString(hint, Hints.HEADER + ("\n" + digestLine).repeat(100) + "\n");
        default -> Files.createDirectory(hint);
      }
      copies.set(0);

      Digest again = store.put(file);

      assertThat(again.toBytes()).isEqualTo(sha256(bytes));
      assertThat(copies).hasValue(1);
      assertThat(blobFiles()).containsExactly(expected.hex());
      assertThat(tempFiles()).isEmpty();
      if (!garble.equals("a directory")) {
        assertThat(Files.readAllLines(hint)).containsExactly(Hints.HEADER, digestLine);
      }
    }

    @Test
    @DisplayName(
        "files with the same size and first MiB but other bytes are both stored and both hinted")
    void collidingFingerprints() throws IOException {
      byte[] a = collidingBytes(1);
      byte[] b = collidingBytes(2);
      Digest da = Digest.fromBytes(sha256(a));
      Digest db = Digest.fromBytes(sha256(b));
      assertThat(da).isNotEqualTo(db);
      Path fileA = Files.write(sibling("a.bin"), a);
      Path fileB = Files.write(sibling("b.bin"), b);
      assertThat(store.put(fileA)).isEqualTo(da);
      copies.set(0);

      assertThat(store.put(fileB)).isEqualTo(db); // hint names a: hashed, then copied

      assertThat(copies).hasValue(1);
      assertThat(blobFiles()).containsExactlyInAnyOrder(da.hex(), db.hex());
      try (InputStream in = store.open(db)) {
        assertThat(in.readAllBytes()).isEqualTo(b);
      }
      assertThat(hintFile(a)).isEqualTo(hintFile(b));
      assertThat(Files.readAllLines(hintFile(a)))
          .containsExactly(Hints.HEADER, da.toString(), db.toString());
      assertThat(store.put(fileA)).isEqualTo(da);
      assertThat(store.put(fileB)).isEqualTo(db);
      assertThat(copies).hasValue(1);
    }

    @Test
    @DisplayName("a hint names at most " + Hints.MAX_ENTRIES + " blobs, dropping the oldest")
    void hintIsBounded() throws IOException {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < Hints.MAX_ENTRIES + 2; i++) {
        byte[] bytes = collidingBytes(i);
        store.put(new ByteArrayInputStream(bytes));
        expected.add(Digest.fromBytes(sha256(bytes)).toString());
      }

      List<String> lines = Files.readAllLines(hintFile(collidingBytes(0)));

      assertThat(lines.get(0)).isEqualTo(Hints.HEADER);
      assertThat(lines.subList(1, lines.size()))
          .containsExactlyElementsOf(expected.subList(2, expected.size()));
    }

    @Test
    @DisplayName("8 threads putting the same new file at once all succeed and leave one blob")
    void eightThreadsPutOneNewFile() throws Exception {
      byte[] bytes = randomBytes(5 * MIB + 3, 27);
      Digest expected = Digest.fromBytes(sha256(bytes));
      Path file = Files.write(sibling("file.bin"), bytes);
      int threads = 8;
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Digest>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await(1, TimeUnit.MINUTES);
                    return store.put(file);
                  }));
        }
        for (Future<Digest> r : results) {
          assertThat(r.get(2, TimeUnit.MINUTES)).isEqualTo(expected);
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(blobFiles()).containsExactly(expected.hex());
      assertThat(tempFiles()).isEmpty();
      try (InputStream in = store.open(expected)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(Files.readAllLines(hintFile(bytes)))
          .containsExactly(Hints.HEADER, expected.toString());
    }

    @Test
    @DisplayName("hints are never listed as blobs, and fsck's sweep removes their stale temp files")
    void hintsAreNotBlobs() throws IOException {
      byte[] bytes = randomBytes(2 * MIB, 28);
      Digest d = store.put(new ByteArrayInputStream(bytes));
      Path folder = hintFile(bytes).getParent();
      Path old = temp(folder.resolve(".tmp-old"), NOW.minus(Duration.ofHours(2)));
      Path fresh = temp(folder.resolve(".tmp-fresh"), NOW.minus(Duration.ofMinutes(5)));

      assertThat(store.digests()).containsExactly(d);
      assertThat(store.removeStaleTempFiles(Duration.ofHours(1))).isEqualTo(1);
      assertThat(old).doesNotExist();
      assertThat(fresh).exists();
      assertThat(hintFile(bytes)).isRegularFile();
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

      assertThat(blobFiles()).containsExactly(expected.hex());
      assertThat(tempFiles()).isEmpty();
      try (InputStream in = store.open(expected)) {
        assertThat(in.readAllBytes()).isEqualTo(expectedBytes);
      }
    }
  }

  private static final int MIB = 1 << 20;

  private Path sibling(String name) {
    return dir.resolveSibling(dir.getFileName() + "-" + name);
  }

  /** The names of the blob files under sha256/. */
  private List<String> blobFiles() {
    try (Stream<Path> files = Files.walk(dir.resolve("sha256"))) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith(TempFile.PREFIX))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path blobPath(Digest d) {
    String hex = d.hex();
    return dir.resolve("sha256")
        .resolve(hex.substring(0, 2))
        .resolve(hex.substring(2, 4))
        .resolve(hex);
  }

  /** The hint file of some bytes: hints/ab/<hex SHA-256 of the first MiB>-<size>. */
  private Path hintFile(byte[] bytes) {
    String hex = HexFormat.of().formatHex(sha256(Arrays.copyOf(bytes, MIB)));
    return dir.resolve("hints").resolve(hex.substring(0, 2)).resolve(hex + "-" + bytes.length);
  }

  /** 2 MiB + 1: the same first MiB and size for every variant, other bytes after it. */
  private static byte[] collidingBytes(int variant) {
    byte[] bytes = randomBytes(2 * MIB + 1, 99);
    bytes[MIB + 17] = (byte) variant;
    bytes[2 * MIB] = (byte) (variant * 7);
    return bytes;
  }

  private static void write(Path path, byte[] bytes) {
    try {
      Files.write(path, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
