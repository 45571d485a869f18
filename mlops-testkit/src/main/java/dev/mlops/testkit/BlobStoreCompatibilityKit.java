package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link BlobStore}, as a JUnit 5 suite that every backend runs. A backend author
 * extends it with a public class that has a public no-argument constructor and implements one
 * factory method; the suite does the rest.
 *
 * <p>Not thread-safe; JUnit creates one instance per test and calls {@link #newStore()} before each
 * test and {@link BlobStore#close()} after it. The large-blob test ({@code @Tag("long")}) creates
 * the subclass again, by name, in a child JVM with a small heap ({@link #largeBlobChildHeap()}), to
 * prove that puts and reads stream; the child's {@code java.io.tmpdir} is a scratch directory that
 * the kit deletes after the test, so a store created under it is cleaned up too.
 *
 * <pre>{@code
 * public class MyBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
 *   @Override
 *   protected BlobStore newStore() {
 *     return MyBlobStore.connect(...);   // a fresh, empty store
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class BlobStoreCompatibilityKit {
  /** SHA-256 of no bytes: the published test vector. */
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** SHA-256 of the 5 ASCII bytes "hello": the published test vector. */
  private static final String HELLO_SHA256 =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private static final long GIB = 1L << 30;
  private static final long LARGE_BLOB_SEED = 20_260_301L;

  private @Nullable BlobStore store;
  private @Nullable Path scratch;

  /** For subclasses. */
  protected BlobStoreCompatibilityKit() {}

  /**
   * Creates a fresh, empty store. Called once before each test, and once in the child JVM of the
   * large-blob test.
   *
   * @return a new store with no blobs
   */
  protected abstract BlobStore newStore();

  /**
   * Returns the size of the blob the large-blob test streams through the store. Defaults to 1 GiB;
   * a store that keeps blobs in memory overrides it with what fits {@link #largeBlobChildHeap()}.
   *
   * @return the size in bytes
   */
  protected long largeBlobBytes() {
    return GIB;
  }

  /**
   * Returns the maximum heap ({@code -Xmx}) of the child JVM of the large-blob test. Defaults to
   * {@code "64m"}, far below {@link #largeBlobBytes()}, so a store that buffers whole blobs fails.
   *
   * @return a value for {@code -Xmx}, such as {@code "64m"}
   */
  protected String largeBlobChildHeap() {
    return "64m";
  }

  /**
   * Damages the stored bytes of a blob behind the store's back (flips a bit in its file, say), so
   * the suite can check that reading it fails. Defaults to returning false: a backend that cannot
   * be damaged from a test returns false, and the corruption tests are then aborted with a message
   * (reported as skipped).
   *
   * @param store the store, as returned by {@link #newStore()}
   * @param digest a blob stored in it
   * @return true if the blob's bytes are now damaged, false if this backend cannot do it
   */
  protected boolean corrupt(BlobStore store, Digest digest) {
    return false;
  }

  @BeforeEach
  final void createStore() {
    store = newStore();
  }

  @AfterEach
  final void closeStoreAndScratch() throws IOException {
    BlobStore s = store;
    if (s != null) {
      s.close();
    }
    Path dir = scratch;
    if (dir != null) {
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Nested
  @DisplayName("round trips")
  class RoundTrips {
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 255, 65_536, 1_048_575, 1_048_576, 1_048_577, 3_145_745})
    @DisplayName("bytes read back exactly, under their independently computed SHA-256")
    void bytesRoundTrip(int size) throws IOException {
      byte[] bytes = randomBytes(size, size);

      Digest d = store().put(new ByteArrayInputStream(bytes));

      assertThat(d.hex()).isEqualTo(sha256Hex(bytes));
      assertThat(readAll(d)).isEqualTo(bytes);
      assertThat(store().size(d)).isEqualTo(size);
      assertThat(store().exists(d)).isTrue();
    }

    @Test
    @DisplayName("the empty blob has the published SHA-256 e3b0c442...")
    void emptyBlob() throws IOException {
      Digest d = store().put(new ByteArrayInputStream(new byte[0]));

      assertThat(d.hex()).isEqualTo(EMPTY_SHA256);
      assertThat(readAll(d)).isEmpty();
      assertThat(store().size(d)).isZero();
    }

    @Test
    @DisplayName("'hello' has the published SHA-256 2cf24dba...")
    void helloVector() {
      assertThat(store().put(utf8("hello")).hex()).isEqualTo(HELLO_SHA256);
    }

    @Test
    @DisplayName("all 256 byte values survive, ascending and descending")
    void allByteValues() throws IOException {
      byte[] bytes = new byte[512];
      for (int i = 0; i < 256; i++) {
        bytes[i] = (byte) i;
        bytes[511 - i] = (byte) i;
      }

      Digest d = store().put(new ByteArrayInputStream(bytes));

      assertThat(readAll(d)).isEqualTo(bytes);
      assertThat(d.hex()).isEqualTo(sha256Hex(bytes));
    }

    @Test
    @DisplayName("reading one byte at a time returns the same bytes and verifies them")
    void byteByByte() throws IOException {
      byte[] bytes = randomBytes(10_000, 1);
      Digest d = store().put(new ByteArrayInputStream(bytes));

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = store().open(d)) {
        int b;
        while ((b = in.read()) >= 0) {
          out.write(b);
        }
      }

      assertThat(out.toByteArray()).isEqualTo(bytes);
    }

    @Test
    @DisplayName("put reads the given stream to its end and does not close it")
    void streamReadToEndNotClosed() {
      byte[] bytes = randomBytes(2_100_000, 2);
      TrackingInputStream in = new TrackingInputStream(bytes);

      store().put(in);

      assertThat(in.atEnd()).as("read to its end").isTrue();
      assertThat(in.closed).as("closed by the store").isFalse();
    }
  }

  @Nested
  @DisplayName("idempotent puts")
  class IdempotentPuts {
    @Test
    @DisplayName("the same bytes put twice give the same digest and are stored once")
    void samePutTwice() throws IOException {
      byte[] bytes = randomBytes(1_500_000, 3);

      Digest first = store().put(new ByteArrayInputStream(bytes));
      Digest second = store().put(new ByteArrayInputStream(bytes));

      assertThat(second).isEqualTo(first);
      assertThat(listed()).containsExactly(first);
      assertThat(readAll(first)).isEqualTo(bytes);
    }

    @Test
    @DisplayName("the same bytes by stream, by stream with digest and by path are stored once")
    void everyPutAgrees() throws IOException {
      byte[] bytes = randomBytes(1_200_000, 4);
      Digest expected = Digest.parse(sha256Hex(bytes));
      Path file = Files.write(scratchDirectory().resolve("input.bin"), bytes);

      assertThat(store().put(file)).isEqualTo(expected);
      assertThat(store().put(new ByteArrayInputStream(bytes))).isEqualTo(expected);
      assertThat(store().put(new ByteArrayInputStream(bytes), expected)).isEqualTo(expected);

      assertThat(listed()).containsExactly(expected);
      assertThat(readAll(expected)).isEqualTo(bytes);
    }
  }

  @Nested
  @DisplayName("put with an expected digest")
  class PutWithExpectedDigest {
    @Test
    @DisplayName("matching bytes are stored and the digest returned")
    void matching() throws IOException {
      byte[] bytes = randomBytes(1_048_577, 5);
      Digest expected = Digest.parse(sha256Hex(bytes));

      assertThat(store().put(new ByteArrayInputStream(bytes), expected)).isEqualTo(expected);

      assertThat(readAll(expected)).isEqualTo(bytes);
      assertThat(listed()).containsExactly(expected);
    }

    @Test
    @DisplayName("bytes that hash otherwise are rejected naming both digests; nothing is stored")
    void mismatchStoresNothing() {
      byte[] bytes = randomBytes(1_048_577, 6);
      Digest actual = Digest.parse(sha256Hex(bytes));
      Digest wrong = Digest.parse(HELLO_SHA256);

      assertThatThrownBy(() -> store().put(new ByteArrayInputStream(bytes), wrong))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(wrong.toString())
          .hasMessageContaining(actual.toString());

      assertThat(store().exists(wrong)).isFalse();
      assertThat(store().exists(actual)).isFalse();
      assertThat(listed()).isEmpty();
    }

    @Test
    @DisplayName("re-putting stored bytes with their digest returns it and keeps one copy")
    void rePutExisting() throws IOException {
      byte[] bytes = randomBytes(300_000, 7);
      Digest d = store().put(new ByteArrayInputStream(bytes));

      assertThat(store().put(new ByteArrayInputStream(bytes), d)).isEqualTo(d);

      assertThat(listed()).containsExactly(d);
      assertThat(readAll(d)).isEqualTo(bytes);
    }

    @Test
    @DisplayName("other bytes under a stored digest are rejected and the stored blob is unchanged")
    void rePutOtherBytesUnderExistingDigest() throws IOException {
      Digest hello = store().put(utf8("hello"));

      assertThatThrownBy(() -> store().put(utf8("hellO"), hello))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(hello.toString());

      assertThat(readAll(hello)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
      assertThat(listed()).containsExactly(hello);
    }
  }

  @Nested
  @DisplayName("put of a file")
  class PutPath {
    @Test
    @DisplayName("a file's bytes are stored under their digest")
    void file() throws IOException {
      byte[] bytes = randomBytes(2_500_000, 8);
      Path file = Files.write(scratchDirectory().resolve("model.bin"), bytes);

      Digest d = store().put(file);

      assertThat(d.hex()).isEqualTo(sha256Hex(bytes));
      assertThat(readAll(d)).isEqualTo(bytes);
      assertThat(file).exists().hasBinaryContent(bytes);
    }

    @Test
    @DisplayName("a missing file is rejected naming its path; nothing is stored")
    void missingFile() {
      Path missing = scratchDirectory().resolve("no-such-model.bin");

      assertThatThrownBy(() -> store().put(missing))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(missing.toString());
      assertThat(listed()).isEmpty();
    }

    @Test
    @DisplayName("a directory is rejected naming its path; nothing is stored")
    void directory() {
      Path dir = scratchDirectory();

      assertThatThrownBy(() -> store().put(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining(dir.toString());
      assertThat(listed()).isEmpty();
    }
  }

  @Nested
  @DisplayName("corruption")
  class Corruption {
    @Test
    @DisplayName("reading a damaged blob to its end throws CorruptArtifactException naming both")
    void damagedBlobIsDetected() throws IOException {
      Digest d = putDamaged(randomBytes(1_100_000, 9));

      try (InputStream in = store().open(d)) {
        assertThatThrownBy(in::readAllBytes)
            .isInstanceOfSatisfying(
                CorruptArtifactException.class,
                e -> {
                  assertThat(e.digestExpected()).isEqualTo(d.toString());
                  assertThat(e.digestActual()).isNotEqualTo(d.toString()).isNotBlank();
                  assertThat(e.getMessage()).contains(d.toString(), e.digestActual());
                });
      }
    }

    @Test
    @DisplayName("transferTo a damaged blob throws too")
    void transferToDetects() throws IOException {
      Digest d = putDamaged(randomBytes(70_000, 10));

      try (InputStream in = store().open(d)) {
        assertThatThrownBy(() -> in.transferTo(new ByteArrayOutputStream()))
            .isInstanceOf(CorruptArtifactException.class);
      }
    }

    private Digest putDamaged(byte[] bytes) {
      Digest d = store().put(new ByteArrayInputStream(bytes));
      if (!corrupt(store(), d)) {
        Assumptions.abort(
            BlobStoreCompatibilityKit.this.getClass().getSimpleName()
                + ": this backend cannot damage a stored blob from a test (corrupt(..) returned"
                + " false); override corrupt(BlobStore, Digest) to run the corruption checks");
      }
      return d;
    }
  }

  @Nested
  @DisplayName("unknown digests")
  class UnknownDigests {
    private final Digest unknown = Digest.parse(HELLO_SHA256);

    @Test
    @DisplayName("open and size of an unknown digest throw NotFoundException naming it")
    void notFound() {
      assertThatThrownBy(() -> store().open(unknown))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(unknown.toString());
      assertThatThrownBy(() -> store().size(unknown))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining(unknown.toString());
    }

    @Test
    @DisplayName("an unknown digest does not exist and deleting it returns false")
    void existsAndDelete() {
      store().put(utf8("something else"));

      assertThat(store().exists(unknown)).isFalse();
      assertThat(store().delete(unknown)).isFalse();
      assertThat(listed()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @DisplayName("null arguments are rejected with NullPointerException")
    void nulls() {
      Digest d = Digest.parse(HELLO_SHA256);
      BlobStore s = store();
      assertThatThrownBy(() -> s.put((InputStream) null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.put((Path) null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.put(null, d)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.put(utf8("hello"), null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.open(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.exists(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.size(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> s.delete(null)).isInstanceOf(NullPointerException.class);
      assertThat(listed()).isEmpty();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(
        strings = {
          "",
          "sha256:",
          "sha256:2cf24dba",
          "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
          "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98245",
          "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
          "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982g",
          "md5:5d41402abc4b2a76b9719d911017c592",
          "../../../../../../../../../../../../../../../../../../../etc/passwd",
          "sha256:../2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938"
        })
    @DisplayName("malformed digest text never reaches the store: Digest.parse rejects it")
    void malformedDigests(String text) {
      assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("a stream that fails midway is a StorageException; nothing is stored")
    void failingStream() {
      InputStream failing = new FailingInputStream(1_500_000);

      assertThatThrownBy(() -> store().put(failing))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining(FailingInputStream.MESSAGE);
      assertThatThrownBy(() -> store().put(new FailingInputStream(10), Digest.parse(HELLO_SHA256)))
          .isInstanceOf(StorageException.class);
      assertThat(listed()).isEmpty();
    }

    @Test
    @DisplayName("after close every operation throws IllegalStateException; close is idempotent")
    void closedStore() {
      BlobStore s = store();
      Digest d = s.put(utf8("hello"));
      s.close();

      assertThatCode(s::close).doesNotThrowAnyException();
      assertThatThrownBy(() -> s.open(d)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.put(utf8("x"))).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.put(utf8("hello"), d)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.put(scratchDirectory())).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.exists(d)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.size(d)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> s.delete(d)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(s::digests).isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  @DisplayName("listing and deleting")
  class Listing {
    @Test
    @DisplayName("digests() lists exactly the blobs put, each once")
    void listsWhatWasPut() {
      Set<Digest> put =
          Stream.of("a", "b", "c", "", "hello")
              .map(text -> store().put(utf8(text)))
              .collect(Collectors.toSet());

      assertThat(listed()).containsExactlyInAnyOrderElementsOf(put);
    }

    @Test
    @DisplayName("a deleted blob is no longer listed, found or readable, and can be put again")
    void deleteRemoves() throws IOException {
      Digest keep = store().put(utf8("keep"));
      Digest gone = store().put(utf8("gone"));

      assertThat(store().delete(gone)).isTrue();

      assertThat(listed()).containsExactly(keep);
      assertThat(store().exists(gone)).isFalse();
      assertThat(store().delete(gone)).isFalse();
      assertThatThrownBy(() -> store().open(gone)).isInstanceOf(NotFoundException.class);
      assertThat(store().put(utf8("gone"))).isEqualTo(gone);
      assertThat(readAll(gone)).isEqualTo("gone".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("the store states its durability")
    void durability() {
      assertThat(store().durability()).isNotNull();
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("8 writers of the same bytes and 8 of different bytes at once lose nothing")
    void sixteenWriters() throws Exception {
      int writers = 16;
      byte[] same = randomBytes(1_048_576 + 4_097, 100);
      List<byte[]> inputs = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        inputs.add(i < 8 ? same : randomBytes(1_048_576 + 4_097 + i, 200 + i));
      }
      Path files = scratchDirectory(); // created before the threads start: not thread-safe
      CyclicBarrier start = new CyclicBarrier(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<Digest>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
          byte[] bytes = inputs.get(i);
          int kind = i % 3;
          results.add(
              pool.submit(
                  () -> {
                    start.await(1, TimeUnit.MINUTES);
                    return put(bytes, kind, files);
                  }));
        }
        for (int i = 0; i < writers; i++) {
          assertThat(results.get(i).get(2, TimeUnit.MINUTES).hex())
              .as("digest returned to writer %d", i)
              .isEqualTo(sha256Hex(inputs.get(i)));
        }
      } finally {
        pool.shutdownNow();
      }

      List<Digest> listed = listed();
      assertThat(listed).doesNotHaveDuplicates().hasSize(9);
      for (byte[] bytes : inputs) {
        Digest d = Digest.parse(sha256Hex(bytes));
        assertThat(listed).contains(d);
        assertThat(readAll(d)).isEqualTo(bytes);
      }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a reader sees either no blob or the whole blob while it is being written")
    void noPartialBlobs() throws Exception {
      byte[] bytes = randomBytes(6 * 1_048_576 + 1, 300);
      Digest d = Digest.parse(sha256Hex(bytes));
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean written = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Digest> writer =
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return store().put(new ByteArrayInputStream(bytes));
                  } finally {
                    written.set(true);
                  }
                });
        Future<Integer> reader =
            pool.submit(
                () -> {
                  start.await();
                  int wholeReads = 0;
                  boolean last = false;
                  while (!last) {
                    last = written.get(); // one more look after the writer finished
                    if (store().exists(d)) {
                      assertThat(store().size(d)).isEqualTo(bytes.length);
                      assertThat(readAll(d)).isEqualTo(bytes);
                      wholeReads++;
                    }
                  }
                  return wholeReads;
                });
        start.countDown();

        assertThat(writer.get(2, TimeUnit.MINUTES)).isEqualTo(d);
        assertThat(reader.get(2, TimeUnit.MINUTES)).as("whole reads").isPositive();
      } finally {
        pool.shutdownNow();
      }
    }

    private Digest put(byte[] bytes, int kind, Path files) throws IOException {
      switch (kind) {
        case 0:
          return store().put(new ByteArrayInputStream(bytes));
        case 1:
          return store().put(new ByteArrayInputStream(bytes), Digest.parse(sha256Hex(bytes)));
        default:
          Path file = Files.createTempFile(files, "writer-", ".bin");
          Files.write(file, bytes);
          return store().put(file);
      }
    }
  }

  @Nested
  @DisplayName("large blobs")
  class LargeBlobs {
    @Test
    @Tag("long")
    @Timeout(value = 11, unit = TimeUnit.MINUTES)
    @DisplayName("a large blob streams through put and open in a child JVM with a small heap")
    void largeBlobStreams() throws Exception {
      long bytes = largeBlobBytes();
      String heap = largeBlobChildHeap();
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      long needed = Math.max(3 * GIB, 3 * bytes);
      long free = Files.getFileStore(tmp).getUsableSpace();
      if (free < needed) {
        fail(
            "the large-blob test needs %d MiB free in java.io.tmpdir (%s), but only %d MiB are"
                + " free; free space or point java.io.tmpdir elsewhere",
            needed >> 20, tmp, free >> 20);
      }
      Class<?> testClass = BlobStoreCompatibilityKit.this.getClass();
      try {
        testClass.getConstructor();
      } catch (NoSuchMethodException e) {
        fail(
            "%s needs a public no-argument constructor: the large-blob test creates it in a child"
                + " JVM",
            testClass.getName());
      }
      Path work = scratchDirectory();
      Path result = work.resolve("result.txt");
      Path out = work.resolve("child-stdout.txt");
      Path err = work.resolve("child-stderr.txt");
      Process child =
          new ProcessBuilder(
                  javaBinary(),
                  "-Xmx" + heap,
                  "-Djava.io.tmpdir=" + work, // what the child creates goes when the test ends
                  "-cp",
                  System.getProperty("java.class.path"),
                  LargeBlobChild.class.getName(),
                  testClass.getName(),
                  Long.toString(bytes),
                  Long.toString(LARGE_BLOB_SEED),
                  result.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      String expected = expectedLargeBlobDigest(LARGE_BLOB_SEED, bytes); // while the child runs

      if (!child.waitFor(10, TimeUnit.MINUTES)) {
        child.destroyForcibly();
        fail("the child JVM did not finish within 10 minutes; stderr:%n%s", Files.readString(err));
      }
      assertThat(child.exitValue())
          .as(
              "exit code of the child JVM (-Xmx%s, %d bytes); stderr:%n%s",
              heap, bytes, Files.readString(err))
          .isZero();
      List<String> lines = Files.readAllLines(result);
      assertThat(lines).containsExactly("put=" + expected, "read=" + expected);
    }
  }

  /**
   * The digest of the large blob, computed independently of the child's generating stream: a plain
   * loop over the same seeded 64 KiB blocks.
   */
  private static String expectedLargeBlobDigest(long seed, long bytes) {
    MessageDigest hash = sha256();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[LargeBlobChild.BLOCK];
    for (long done = 0; done < bytes; done += block.length) {
      for (int i = 0; i < block.length; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8; j++) {
          block[i + j] = (byte) (v >>> (8 * j));
        }
      }
      hash.update(block, 0, (int) Math.min(block.length, bytes - done));
    }
    return Digest.PREFIX + HexFormat.of().formatHex(hash.digest());
  }

  private BlobStore store() {
    BlobStore s = store;
    if (s == null) {
      throw new IllegalStateException("newStore() has not run; the kit creates the store");
    }
    return s;
  }

  private Path scratchDirectory() {
    try {
      Path dir = scratch;
      if (dir == null) {
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        dir = Files.createTempDirectory(tmp, "blob-kit-");
        scratch = dir;
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Digest> listed() {
    try (Stream<Digest> digests = store().digests()) {
      return digests.collect(Collectors.toList());
    }
  }

  private byte[] readAll(Digest d) throws IOException {
    try (InputStream in = store().open(d)) {
      return in.readAllBytes();
    }
  }

  private static InputStream utf8(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Serves bytes, then reports whether it was read to the end and whether it was closed. */
  private static final class TrackingInputStream extends FilterInputStream {
    private boolean closed;

    TrackingInputStream(byte[] bytes) {
      super(new ByteArrayInputStream(bytes));
    }

    boolean atEnd() {
      try {
        return in.available() == 0;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  /** Serves some bytes, then fails like a broken connection. */
  private static final class FailingInputStream extends InputStream {
    static final String MESSAGE = "connection reset by the kit";
    private long left;

    FailingInputStream(long bytesBeforeFailure) {
      this.left = bytesBeforeFailure;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        throw new IOException(MESSAGE);
      }
      left--;
      return 42;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException(MESSAGE);
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 42);
      left -= n;
      return n;
    }
  }
}
