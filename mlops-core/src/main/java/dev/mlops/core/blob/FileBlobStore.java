package dev.mlops.core.blob;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.core.internal.CrashPoints;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in a directory: each blob is one file named by its digest. Durability {@link
 * Durability#POWER_LOSS}: a put that returned survives an OS crash or a power cut.
 *
 * <p>Thread-safe, and safe for several processes (on one machine or on a shared file system with
 * atomic rename) using the same directory at once: several writers of the same bytes all succeed
 * and leave exactly one correct file. Share one instance per directory within a process.
 *
 * <pre>{@code
 * try (FileBlobStore blobs = FileBlobStore.open(Path.of(".mlops/blobs"))) {
 *   Digest d = blobs.put(Path.of("model.bin"));
 *   try (InputStream in = blobs.open(d)) { // verifies the digest while reading
 *     in.transferTo(out);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Layout.</b> A blob lives at {@code <directory>/sha256/ab/cd/<64 hex digits>}, where {@code
 * ab} and {@code cd} are the first four hex digits. Paths are built only from validated {@link
 * Digest}s, never from caller text. Directories are created on demand and never removed.
 *
 * <p><b>Writing.</b> Bytes go to a temp file named {@code .tmp-<random UUID>} (a name no other
 * process can pick), on the same file system as the final file: beside it when the digest is known
 * in advance ({@link #put(InputStream, Digest)}, a small file given to {@link #put(Path)}), in
 * {@code sha256/} otherwise. The temp file is written in 1 MiB chunks while the bytes are hashed,
 * fsynced, renamed into place atomically, and the directory is fsynced. A reader therefore never
 * sees a partly written blob, and temp files are never listed or served. When the digest is already
 * stored, nothing is written (or the temp file is deleted before it is fsynced).
 *
 * <p><b>Fingerprint hints.</b> {@link #put(Path)} cannot know a file's digest before reading all of
 * it, yet must neither copy stored bytes nor read new bytes twice. So for every blob of at least 1
 * MiB, once it is durable, each put records a hint: the file {@code <directory>/hints/ab/<hex
 * SHA-256 of the first MiB>-<size>} lists the digests of the stored blobs with that size and first
 * MiB. {@code put(Path)} reads a file's first MiB and, when the hint names a stored blob, only
 * hashes the file (and copies it in a second pass only if its digest is new after all); otherwise
 * it copies the file in one pass while hashing it. Hints are written atomically but not fsynced and
 * may be lost, stale, garbled or raced by other writers: that costs speed, never correctness, since
 * every decision is checked against the blob files. So a re-put through {@code put(Path)} only
 * hashes a file under 1 MiB, or a file whose hint survived; without one (a store written before
 * hints existed, hints removed, a crash right after the rename) it copies the file once into a temp
 * file that it deletes unsynced, and restores the hint. {@link #delete(Digest)} removes a blob from
 * its hint; {@link #digests()} never lists hints.
 *
 * <p><b>Reading.</b> {@link #open(Digest)} returns a stream that hashes what it reads and throws
 * {@link dev.mlops.api.CorruptArtifactException} at the end if the bytes on disk no longer match
 * their name.
 *
 * <p><b>Concurrent delete.</b> {@link #delete(Digest)} racing a put of the same digest may leave
 * the blob absent although the put returned (the put saw the blob, then the delete removed it). The
 * artifact layer deletes only digests that no artifact version names, under its own lock; other
 * callers must do the same. Delete never affects a temp file, and a stream already open keeps
 * reading the deleted bytes.
 *
 * <p><b>Crash leftovers.</b> A process killed while writing leaves a temp file behind (of a blob or
 * of a hint); it is never visible as a blob. {@link #removeStaleTempFiles(Duration)} (called by
 * fsck) removes old ones.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FileBlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
  private static final String ALGORITHM_DIRECTORY = "sha256";
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final boolean DIRECTORY_FSYNC =
      !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final Path directory;
  private final Path root;
  private final InstantSource clock;
  private final Hints hints;
  private final DirectBuffers buffers = new DirectBuffers();
  private final ExecutorService io;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Opens the files given to {@link #put(Path)}; core's tests pass one that edits the file. */
  private final Function<Path, FileChannel> reader;

  /** The {@code ab/cd} prefixes whose directories this process created or saw and fsynced. */
  private final Set<String> durableDirectories = ConcurrentHashMap.newKeySet();

  private FileBlobStore(
      Path directory, Path root, InstantSource clock, Function<Path, FileChannel> reader) {
    this.directory = directory;
    this.root = root;
    this.clock = clock;
    this.reader = reader;
    this.hints = new Hints(directory);
    this.io = Executors.newCachedThreadPool(FileBlobStore::newIoThread);
  }

  /**
   * Opens the store in a directory, creating the directory if it is missing. Stale temp files are
   * judged by the system clock.
   *
   * @param directory the store's directory
   * @return the store; close it
   * @throws InvalidInputException if {@code directory} exists and is not a directory
   * @throws StorageException if the directory cannot be created
   */
  public static FileBlobStore open(Path directory) {
    return open(directory, InstantSource.system());
  }

  /**
   * Opens the store in a directory, creating the directory if it is missing.
   *
   * @param directory the store's directory
   * @param clock the clock that {@link #removeStaleTempFiles(Duration)} compares file times with
   * @return the store; close it
   * @throws InvalidInputException if {@code directory} exists and is not a directory
   * @throws StorageException if the directory cannot be created
   */
  public static FileBlobStore open(Path directory, InstantSource clock) {
    return open(directory, clock, ChunkSource::openRegularFile);
  }

  /** Opens a store that opens the files given to {@code put(Path)} with {@code reader}. */
  static FileBlobStore open(
      Path directory, InstantSource clock, Function<Path, FileChannel> reader) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(clock, "clock");
    Path dir = directory.toAbsolutePath().normalize();
    Path root = dir.resolve(ALGORITHM_DIRECTORY);
    for (Path p : List.of(dir, root)) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw InvalidInputException.of(
            "directory",
            "cannot open a blob store in "
                + dir
                + ": "
                + p
                + " exists and is not a directory; pass a directory");
      }
    }
    try {
      if (!Files.isDirectory(root)) {
        Files.createDirectories(root);
        fsyncDirectory(dir);
        Path parent = dir.getParent();
        if (parent != null) {
          fsyncDirectory(parent);
        }
      }
    } catch (IOException e) {
      throw new StorageException(
          "cannot create the blob store directory " + root + ": " + e + "; check permissions", e);
    }
    return new FileBlobStore(dir, root, clock, reader);
  }

  /**
   * Returns the store's directory.
   *
   * @return the absolute directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One pass: the bytes are written to a temp file while they are hashed. If the digest turns
   * out to be stored already, the temp file is deleted before it is fsynced.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Digest put(InputStream in) {
    Objects.requireNonNull(in, "in");
    ensureOpen();
    MessageDigest hash = Digest.newMessageDigest();
    try (TempFile temp = TempFile.create(root, io)) {
      long size = temp.copyFrom(ChunkSource.of(in), hash);
      CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
      Digest digest = Digest.fromBytes(hash.digest());
      if (!isStored(digest)) {
        install(temp, digest);
      }
      addHint(size, temp.firstChunkHex(), digest);
      return digest;
    } catch (IOException e) {
      throw writeFailure(e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>When {@code expected} is stored, the stream is only hashed: the caller's thread reads it
   * while an I/O thread hashes the chunks already read. Otherwise it is written to a temp file
   * while it is hashed and the digest is compared before the file is renamed into place.
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Digest put(InputStream in, Digest expected) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(expected, "expected");
    ensureOpen();
    if (isStored(expected)) {
      ChunkSource.Hashed hashed = HashBehind.hash(ChunkSource.of(in), io);
      if (!hashed.digest().equals(expected)) {
        throw ChunkSource.mismatch(expected, hashed.digest());
      }
      addHint(hashed.size(), hashed.firstChunkHex(), expected);
      return expected;
    }
    MessageDigest hash = Digest.newMessageDigest();
    try (TempFile temp = TempFile.create(blobDirectory(expected), io)) {
      long size = temp.copyFrom(ChunkSource.of(in), hash);
      CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
      Digest actual = Digest.fromBytes(hash.digest());
      if (!actual.equals(expected)) {
        throw ChunkSource.mismatch(expected, actual);
      }
      install(temp, expected);
      addHint(size, temp.firstChunkHex(), expected);
      return expected;
    } catch (IOException e) {
      throw writeFailure(e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the file's first 1 MiB and looks up its fingerprint (size and SHA-256 of that MiB) in
   * the store's hints (see the class documentation). A file of less than 1 MiB is hashed, and
   * copied only when its digest is new. When the hint names a stored blob, the rest of the file is
   * only hashed, and if the digest then turns out to be new after all (another file with the same
   * fingerprint), the file is copied in a second pass that hashes it again; both digests must
   * agree. Otherwise the file is copied into a temp file while it is hashed, in one pass: an I/O
   * thread reads each chunk into a buffer, writes the buffer and hands it to the caller's thread,
   * which hashes it, so the stored bytes always match their digest. At the end the temp file is
   * renamed into place if the digest is new, or deleted unsynced if it is stored already. That one
   * pass detects a file changing under it by its size, modification time and file key, read before
   * and after the copy.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Digest put(Path file) {
    Objects.requireNonNull(file, "file");
    ensureOpen();
    ByteBuffer first = buffers.take();
    boolean handedOver = false; // to a read-ahead, which gives it back
    try (FileChannel channel = reader.apply(file)) {
      FileStamp before = FileStamp.of(file);
      int n = readFirstChunk(channel, file, first);
      first.flip();
      MessageDigest hash = Digest.newMessageDigest();
      hash.update(first.duplicate());
      if (n < ChunkSource.CHUNK) {
        return putSmallFile(file, before, first, hash);
      }
      Hints.Fingerprint fingerprint = Hints.Fingerprint.of(before.size(), hash);
      if (hints.namesStoredBlob(fingerprint, this::isStored)) {
        handedOver = true;
        ReadAhead.run(channel, file, first, hash, null, io, buffers);
        Digest digest = Digest.fromBytes(hash.digest());
        return isStored(digest) ? digest : copyInSecondPass(file, digest);
      }
      try (TempFile temp = TempFile.create(root, io)) {
        handedOver = true;
        long size = ReadAhead.run(channel, file, first, hash, temp, io, buffers);
        CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
        Digest digest = Digest.fromBytes(hash.digest());
        before.requireUnchanged(file, size);
        if (!isStored(digest)) {
          install(temp, digest);
        }
        addHint(size, fingerprint.prefixHex(), digest);
        return digest;
      }
    } catch (IOException e) {
      throw writeFailure(e);
    } finally {
      if (!handedOver) {
        buffers.give(first);
      }
    }
  }

  /** Stores a file of less than one chunk, all of which is in {@code bytes} and hashed. */
  private Digest putSmallFile(Path file, FileStamp before, ByteBuffer bytes, MessageDigest hash)
      throws IOException {
    Digest digest = Digest.fromBytes(hash.digest());
    if (isStored(digest)) {
      return digest;
    }
    try (TempFile temp = TempFile.create(blobDirectory(digest), io)) {
      temp.writeAt(bytes.duplicate(), 0);
      CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
      before.requireUnchanged(file, bytes.limit());
      install(temp, digest);
      return digest;
    }
  }

  /**
   * Copies a file that a hint wrongly took for stored: it hashed to {@code first}, which is new.
   * The copy hashes it again, and the two digests must agree.
   */
  private Digest copyInSecondPass(Path file, Digest first) throws IOException {
    MessageDigest hash = Digest.newMessageDigest();
    try (FileChannel channel = reader.apply(file);
        TempFile temp = TempFile.create(blobDirectory(first), io)) {
      long size = temp.copyFrom(ChunkSource.of(channel, file), hash);
      CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
      Digest second = Digest.fromBytes(hash.digest());
      if (!second.equals(first)) {
        throw InvalidInputException.of(
            "file",
            "file "
                + file
                + " changed while being stored (it hashed to "
                + first
                + ", then to "
                + second
                + "); nothing was stored; retry when nothing writes to it");
      }
      install(temp, first);
      addHint(size, temp.firstChunkHex(), first);
      return first;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Temp files are never served: only a file named by the digest is opened.
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public InputStream open(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    Path path = pathOf(digest);
    try {
      return new VerifyingInputStream(Files.newInputStream(path), digest);
    } catch (NoSuchFileException e) {
      throw NotFoundException.blob(digest.toString());
    } catch (IOException e) {
      throw new StorageException(
          "cannot open blob " + digest + " at " + path + ": " + e + "; check its permissions", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public boolean exists(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    return Files.isRegularFile(pathOf(digest));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   * @throws StorageException if the file's size cannot be read
   */
  @Override
  public long size(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    Path path = pathOf(digest);
    try {
      return Files.size(path);
    } catch (NoSuchFileException e) {
      throw NotFoundException.blob(digest.toString());
    } catch (IOException e) {
      throw new StorageException("cannot read the size of blob " + digest + " at " + path, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The directory is fsynced after the file is removed. A blob of at least 1 MiB is then removed
   * from its hint (its first MiB is read to find the hint before the file is removed). See the
   * class documentation for a delete racing a put of the same digest.
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public boolean delete(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    Path path = pathOf(digest);
    Hints.@Nullable Fingerprint fingerprint = fingerprintOf(path);
    try {
      if (!Files.deleteIfExists(path)) {
        return false;
      }
      fsyncDirectory(path.getParent());
    } catch (IOException e) {
      throw new StorageException(
          "cannot delete blob " + digest + " at " + path + ": " + e + "; check permissions", e);
    }
    if (fingerprint != null) {
      hints.remove(fingerprint, digest);
    }
    return true;
  }

  /** Returns a stored blob's fingerprint; null if it is smaller than a chunk or unreadable. */
  private Hints.@Nullable Fingerprint fingerprintOf(Path blob) {
    try (FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < ChunkSource.CHUNK) {
        return null;
      }
      byte[] first = new byte[ChunkSource.CHUNK];
      if (ReadAhead.readFully(channel, ByteBuffer.wrap(first)) < first.length) {
        return null;
      }
      return Hints.Fingerprint.of(size, first);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.debug("cannot read the first chunk of blob {}; its hint stays", blob, e);
      return null;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks {@code sha256/ab/cd/} lazily. Only files named by 64 hex digits in the directories
   * their name belongs in are listed; temp files and anything else are skipped. Blobs put or
   * deleted during the walk may or may not appear.
   *
   * @throws IllegalStateException if the store is closed
   * @throws StorageException (also while the stream is consumed) if a directory cannot be read
   */
  @Override
  public Stream<Digest> digests() {
    ensureOpen();
    return listNames(root)
        .filter(FileBlobStore::isHexPair)
        .flatMap(
            first ->
                listNames(root.resolve(first))
                    .filter(FileBlobStore::isHexPair)
                    .flatMap(
                        second ->
                            listNames(root.resolve(first).resolve(second))
                                .filter(name -> name.startsWith(first + second))
                                .filter(FileBlobStore::isHexDigest)
                                .map(Digest::new)));
  }

  /**
   * Returns {@link Durability#POWER_LOSS}: files and their directories are fsynced before a put
   * returns.
   *
   * @return {@link Durability#POWER_LOSS}
   */
  @Override
  public Durability durability() {
    return Durability.POWER_LOSS;
  }

  /**
   * Removes the temp files that crashed writers left behind: every temp file (of a blob or of a
   * hint) whose last modification is older than {@code olderThan} by the store's clock. A writer
   * updates its temp file's modification time with every 1 MiB it writes, so a temp file still
   * being written is never removed as long as {@code olderThan} exceeds the longest pause of a
   * writer (a put reading a stalled network stream, for instance). One hour is a safe choice; a
   * removed temp file's writer fails with a {@link StorageException} and stores nothing, never a
   * damaged blob.
   *
   * <pre>{@code
   * int removed = blobs.removeStaleTempFiles(Duration.ofHours(1));
   * }</pre>
   *
   * @param olderThan the minimum age of a removed temp file
   * @return the number of temp files removed
   * @throws IllegalArgumentException if {@code olderThan} is negative
   * @throws IllegalStateException if the store is closed
   * @throws StorageException if a directory cannot be read or a temp file cannot be removed
   */
  public int removeStaleTempFiles(Duration olderThan) {
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, but is " + olderThan);
    }
    ensureOpen();
    Instant cutoff = clock.instant().minus(olderThan);
    int removed = removeStaleTempFiles(root, cutoff);
    try {
      removed += hints.removeStaleTempFiles(cutoff);
    } catch (IOException e) {
      throw new StorageException(
          "cannot remove stale temp files of the blob hints in "
              + directory
              + ": "
              + e
              + "; check permissions",
          e);
    }
    try (Stream<String> firsts = listNames(root)) {
      for (String first : (Iterable<String>) firsts.filter(FileBlobStore::isHexPair)::iterator) {
        try (Stream<String> seconds = listNames(root.resolve(first))) {
          for (String second :
              (Iterable<String>) seconds.filter(FileBlobStore::isHexPair)::iterator) {
            removed += removeStaleTempFiles(root.resolve(first).resolve(second), cutoff);
          }
        }
      }
    }
    return removed;
  }

  /** Closes the store; idempotent. Puts still running finish or fail; later calls throw. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      io.shutdown();
    }
  }

  @Override
  public String toString() {
    return "FileBlobStore[" + directory + "]";
  }

  private int removeStaleTempFiles(Path dir, Instant cutoff) {
    int removed = 0;
    try (DirectoryStream<Path> temps =
        Files.newDirectoryStream(dir, p -> TempFile.isTempName(p.getFileName().toString()))) {
      for (Path temp : temps) {
        Instant modified;
        try {
          modified = Files.getLastModifiedTime(temp).toInstant();
        } catch (NoSuchFileException e) {
          continue; // renamed into place or removed meanwhile
        }
        if (modified.isBefore(cutoff) && Files.deleteIfExists(temp)) {
          LOG.info("removed stale temp file {}, last modified {}", temp, modified);
          removed++;
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return removed;
    } catch (IOException e) {
      throw new StorageException(
          "cannot remove stale temp files in " + dir + ": " + e + "; check permissions", e);
    }
    return removed;
  }

  /** Renames a complete temp file into place: fsync, rename, directory fsync. */
  private void install(TempFile temp, Digest digest) throws IOException {
    Path dir = blobDirectory(digest);
    temp.force();
    CrashPoints.reach(CrashPoints.BLOB_AFTER_FSYNC);
    if (temp.moveTo(dir.resolve(digest.hex()))) {
      CrashPoints.reach(CrashPoints.BLOB_AFTER_RENAME);
    }
    // Also when another writer renamed the same bytes first: its directory fsync may not have run
    // yet, and this put must not return before the entry is durable. (A put that finds the blob
    // already stored returns without this fsync, which costs a device flush; a writer that renamed
    // it fsyncs the directory within a moment, and on journaling file systems the caller's next
    // fsync, such as the metadata commit naming the blob, commits the rename with it.)
    fsyncDirectory(dir);
  }

  /**
   * Returns the directory of a digest's blob, creating it if needed. The first time this process
   * uses a directory, its parents are fsynced too, so that the directory entries survive a power
   * cut even when another process created them and has not fsynced them yet.
   */
  private Path blobDirectory(Digest digest) throws IOException {
    String hex = digest.hex();
    Path first = root.resolve(hex.substring(0, 2));
    Path second = first.resolve(hex.substring(2, 4));
    String prefix = hex.substring(0, 4);
    if (!durableDirectories.contains(prefix)) {
      Files.createDirectories(second);
      fsyncDirectory(first);
      fsyncDirectory(root);
      durableDirectories.add(prefix);
    }
    return second;
  }

  /** Records a stored blob's fingerprint in the hints, for a blob of at least one chunk. */
  private void addHint(long size, @Nullable String firstChunkHex, Digest digest) {
    if (firstChunkHex != null) {
      hints.add(new Hints.Fingerprint(size, firstChunkHex), digest, this::isStored);
    }
  }

  private boolean isStored(Digest digest) {
    return Files.exists(pathOf(digest));
  }

  private static int readFirstChunk(FileChannel channel, Path file, ByteBuffer buffer) {
    try {
      return ReadAhead.readFully(channel, buffer);
    } catch (IOException e) {
      throw new StorageException(
          "cannot read file " + file + ": " + e + "; nothing was stored; check the file and retry",
          e);
    }
  }

  private Path pathOf(Digest digest) {
    String hex = digest.hex();
    return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(
          "the blob store in " + directory + " is closed; open a new one");
    }
  }

  private StorageException writeFailure(IOException e) {
    return new StorageException(
        "cannot write a blob into "
            + root
            + ": "
            + e
            + "; nothing was stored; is the disk full or the directory read-only? free space or"
            + " fix permissions and retry",
        e);
  }

  /** Lists the names in a directory without reading attributes; empty when it is missing. */
  private static Stream<String> listNames(Path dir) {
    try {
      return Files.list(dir).map(p -> p.getFileName().toString());
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Stream.empty();
    } catch (IOException e) {
      throw new StorageException(
          "cannot list blobs in " + dir + ": " + e + "; check permissions", e);
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    if (!DIRECTORY_FSYNC) {
      return; // Windows cannot open a directory as a channel; NTFS journals its metadata
    }
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static boolean isHexPair(String name) {
    return name.length() == 2 && isLowerHex(name);
  }

  private static boolean isHexDigest(String name) {
    return name.length() == 64 && isLowerHex(name);
  }

  private static boolean isLowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static Thread newIoThread(Runnable task) {
    Thread thread = new Thread(task, "mlops-blob-io-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }
}
