package dev.mlops.benchmarks;

import dev.mlops.api.artifact.Digest;
import dev.mlops.core.blob.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link FileBlobStore} beside the two limits it works against, measured in the same
 * run: SHA-256 of {@link MessageDigest} over 1 MiB buffers, and a sequential write with 1 MiB
 * buffers followed by {@code FileChannel.force(true)}. Every operation handles {@value #FILE_MIB}
 * MiB; the secondary metric {@code mebibytes} is the throughput in MiB/s.
 *
 * <ul>
 *   <li>{@code sha256}: hashes 256 MiB from one 1 MiB buffer in memory.
 *   <li>{@code fsyncWrite}: writes a new 256 MiB file and fsyncs it.
 *   <li>{@code putPathNew}: {@code put(Path)} of a file whose first 8 bytes change before every
 *       invocation, so its bytes are new each time (the blob is deleted after each invocation): no
 *       hint names its first MiB, so it is copied in one pass.
 *   <li>{@code putPathNewHintCollision}: {@code put(Path)} of new bytes whose size and first MiB
 *       are those of a stored blob (only the last 8 bytes change): the hint sends it down the
 *       hash-only path, and it is then copied in a second pass. The worst case of the hints.
 *   <li>{@code putPathNewPaired}: {@code sha256}, {@code fsyncWrite} and {@code putPathNew} back to
 *       back in each invocation, so that the three see the same load on a shared machine; its
 *       secondary metrics are their throughputs and the ratio of {@code put(Path)} to min(S, W).
 *   <li>{@code putStreamNew}: the same as {@code putPathNew} through {@code put(InputStream)}.
 *   <li>{@code putPathExisting}, {@code putStreamExpectedExisting}: re-put of stored bytes through
 *       {@code put(Path)} and {@code put(InputStream, Digest)}: hashed only, never written.
 *   <li>{@code putStreamExisting}: re-put through {@code put(InputStream)}, which cannot know the
 *       digest in advance and writes a temp file it then deletes.
 * </ul>
 *
 * <p>Targets: {@code putPathNew} at least 0.8 × min(sha256, fsyncWrite); {@code putPathExisting}
 * and {@code putStreamExpectedExisting} at least 0.8 × sha256. The files and the store live in one
 * temp directory under {@code -Dmlops.bench.dir} (default {@code java.io.tmpdir}), so on one disk.
 *
 * <pre>{@code
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar BlobStoreBenchmark -rf json -rff blob.json
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Thread)
public class BlobStoreBenchmark {
  /** The size of every file and blob, in MiB. */
  static final int FILE_MIB = 256;

  private static final int MIB = 1 << 20;

  private @Nullable Path base;
  private @Nullable FileBlobStore store;
  private @Nullable Path existing;
  private @Nullable Digest existingDigest;
  private @Nullable Path fresh;
  private @Nullable Path colliding;
  private @Nullable Digest collidingDigest;
  private final byte[] buffer = new byte[MIB];
  private long counter;

  /** Counts the bytes handled; JMH reports it as MiB per second. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Bytes {
    /** MiB handled; reported as MiB/s. */
    public long mebibytes;

    /** Resets the count before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      mebibytes = 0;
    }
  }

  /**
   * The paired measurement of {@code putPathNewPaired}: in every invocation the two limits and
   * {@code put(Path)} of new bytes are taken back to back, so they see the same load. JMH divides
   * these counters by the iteration's time, so each invocation adds its value times its duration:
   * each reported figure is a time-weighted mean over the iteration's invocations (and JMH averages
   * the iterations).
   */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Paired {
    /** SHA-256 in memory (S), MiB/s. */
    public double pairedSha256;

    /** Write and fsync (W), MiB/s. */
    public double pairedFsyncWrite;

    /** {@code put(Path)} of new bytes, MiB/s. */
    public double pairedPutPathNew;

    /** {@code put(Path)} of new bytes / min(S, W), in the same invocation. */
    public double pairedRatio;

    /** Resets the counters before each iteration. */
    @Setup(Level.Iteration)
    public void reset() {
      pairedSha256 = 0;
      pairedFsyncWrite = 0;
      pairedPutPathNew = 0;
      pairedRatio = 0;
    }

    void add(long shaNanos, long writeNanos, long putNanos, long invocationNanos) {
      double seconds = invocationNanos / 1e9;
      double mebibyteNanos = FILE_MIB * 1e9;
      pairedSha256 += mebibyteNanos / shaNanos * seconds;
      pairedFsyncWrite += mebibyteNanos / writeNanos * seconds;
      pairedPutPathNew += mebibyteNanos / putNanos * seconds;
      pairedRatio += (double) Math.max(shaNanos, writeNanos) / putNanos * seconds;
    }
  }

  /** Creates the store, a stored file and a file to be stored. */
  @Setup(Level.Trial)
  public void createFiles() throws IOException {
    Path parent =
        Files.createDirectories(
            Path.of(System.getProperty("mlops.bench.dir", System.getProperty("java.io.tmpdir"))));
    base = Files.createTempDirectory(parent, "mlops-blob-bench-");
    new SplittableRandom(1).nextBytes(buffer);
    store = FileBlobStore.open(base.resolve("store"));
    existing = writeRandomFile(base.resolve("existing.bin"), 2);
    existingDigest = store.put(existing);
    fresh = writeRandomFile(base.resolve("fresh.bin"), 3);
    colliding = writeRandomFile(base.resolve("colliding.bin"), 4);
    collidingDigest = store.put(colliding);
  }

  /**
   * Changes the first 8 bytes of the file {@code putPathNew} stores and the last 8 of the one
   * {@code putPathNewHintCollision} stores, so their bytes are new.
   */
  @Setup(Level.Invocation)
  public void changeFreshFiles() throws IOException {
    counter++;
    try (FileChannel channel = FileChannel.open(fresh(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8).putLong(0, counter), 0);
    }
    try (FileChannel channel = FileChannel.open(colliding(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(8).putLong(0, counter), (long) FILE_MIB * MIB - 8);
    }
  }

  /** Deletes the blobs and files a new-bytes invocation created, to bound disk use. */
  @TearDown(Level.Invocation)
  public void deleteNewBytes() throws IOException {
    try (Stream<Digest> digests = store().digests()) {
      digests
          .filter(d -> !d.equals(existingDigest) && !d.equals(collidingDigest))
          .forEach(store()::delete);
    }
    Files.deleteIfExists(base().resolve("written.bin"));
  }

  /** Removes everything. */
  @TearDown(Level.Trial)
  public void deleteFiles() throws IOException {
    store().close();
    try (Stream<Path> tree = Files.walk(base())) {
      for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** SHA-256 of 256 MiB in memory: the hashing limit. */
  @Benchmark
  public byte[] sha256(Bytes bytes) {
    bytes.mebibytes += FILE_MIB;
    return hashInMemory();
  }

  /** Writes 256 MiB with 1 MiB buffers and fsyncs: the disk limit. */
  @Benchmark
  public long fsyncWrite(Bytes bytes) throws IOException {
    bytes.mebibytes += FILE_MIB;
    return writeAndFsync();
  }

  /**
   * The two limits and {@code put(Path)} of new bytes back to back in each invocation (see {@link
   * Paired}); the primary score counts invocations of all three.
   */
  @Benchmark
  public Digest putPathNewPaired(Paired paired, Blackhole blackhole) throws IOException {
    long start = System.nanoTime();
    blackhole.consume(hashInMemory());
    long hashed = System.nanoTime();
    blackhole.consume(writeAndFsync());
    long written = System.nanoTime();
    Files.delete(base().resolve("written.bin"));
    long putStart = System.nanoTime();
    Digest digest = store().put(fresh());
    long putEnd = System.nanoTime();
    paired.add(hashed - start, written - hashed, putEnd - putStart, putEnd - start);
    return digest;
  }

  private byte[] hashInMemory() {
    MessageDigest hash = Digest.newMessageDigest();
    for (int i = 0; i < FILE_MIB; i++) {
      hash.update(buffer);
    }
    return hash.digest();
  }

  private long writeAndFsync() throws IOException {
    Path file = base().resolve("written.bin");
    long written = 0;
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer source = ByteBuffer.wrap(buffer);
      for (int i = 0; i < FILE_MIB; i++) {
        source.clear();
        while (source.hasRemaining()) {
          written += channel.write(source);
        }
      }
      channel.force(true);
    }
    return written;
  }

  /** {@code put(Path)} of new bytes: one pass, hashing while copying, then fsync and rename. */
  @Benchmark
  public Digest putPathNew(Bytes bytes) {
    bytes.mebibytes += FILE_MIB;
    return store().put(fresh());
  }

  /**
   * {@code put(Path)} of new bytes with the size and first MiB of a stored blob: hash pass, then
   * copy pass with fsync and rename.
   */
  @Benchmark
  public Digest putPathNewHintCollision(Bytes bytes) {
    bytes.mebibytes += FILE_MIB;
    return store().put(colliding());
  }

  /** {@code put(InputStream)} of new bytes: one pass, hashing while writing. */
  @Benchmark
  public Digest putStreamNew(Bytes bytes) throws IOException {
    try (InputStream in = Files.newInputStream(fresh())) {
      bytes.mebibytes += FILE_MIB;
      return store().put(in);
    }
  }

  /** {@code put(Path)} of stored bytes: hashed, never written. */
  @Benchmark
  public Digest putPathExisting(Bytes bytes) {
    bytes.mebibytes += FILE_MIB;
    return store().put(existing());
  }

  /** {@code put(InputStream, Digest)} of stored bytes: hashed, never written. */
  @Benchmark
  public Digest putStreamExpectedExisting(Bytes bytes) throws IOException {
    try (InputStream in = Files.newInputStream(existing())) {
      bytes.mebibytes += FILE_MIB;
      return store().put(in, existingDigest());
    }
  }

  /** {@code put(InputStream)} of stored bytes: written to a temp file, which is then deleted. */
  @Benchmark
  public Digest putStreamExisting(Bytes bytes) throws IOException {
    try (InputStream in = Files.newInputStream(existing())) {
      bytes.mebibytes += FILE_MIB;
      return store().put(in);
    }
  }

  private Path writeRandomFile(Path file, long seed) throws IOException {
    byte[] chunk = new byte[MIB];
    SplittableRandom random = new SplittableRandom(seed);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < FILE_MIB; i++) {
        random.nextBytes(chunk);
        ByteBuffer source = ByteBuffer.wrap(chunk);
        while (source.hasRemaining()) {
          channel.write(source);
        }
      }
    }
    return file;
  }

  private Path base() {
    return require(base);
  }

  private FileBlobStore store() {
    return require(store);
  }

  private Path existing() {
    return require(existing);
  }

  private Digest existingDigest() {
    return require(existingDigest);
  }

  private Path fresh() {
    return require(fresh);
  }

  private Path colliding() {
    return require(colliding);
  }

  private static <T> T require(@Nullable T value) {
    if (value == null) {
      throw new UncheckedIOException(new IOException("the trial setup has not run"));
    }
    return value;
  }
}
