package dev.mlops.samples.backend;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A content-addressed {@link BlobStore} in one flat directory: each blob is one file whose name is
 * the 64 hex digits of its SHA-256 digest. Small enough to read in one sitting, and complete: it
 * passes {@code dev.mlops.testkit.BlobStoreCompatibilityKit}.
 *
 * <p>Thread-safe, and safe for several processes sharing the directory on a file system with atomic
 * rename: the store keeps no state but the files and a closed flag.
 *
 * <pre>{@code
 * try (DirectoryBlobStore blobs = DirectoryBlobStore.open(Path.of("/srv/blobs"), Durability.POWER_LOSS)) {
 *   Digest d = blobs.put(Path.of("model.bin"));
 *   try (InputStream in = blobs.open(d)) {   // verifies the digest while reading
 *     in.transferTo(out);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Writing.</b> Every put streams the bytes into a temp file {@code .tmp-<random UUID>} in the
 * same directory while hashing them, then, unless a blob with that digest is already there, renames
 * the temp file to the digest atomically. A reader therefore never sees a partly written blob, and
 * temp files are never listed. At {@link Durability#POWER_LOSS} the temp file is fsynced before the
 * rename and the directory after it; at {@link Durability#PROCESS} neither is. A failed put deletes
 * its temp file; a killed process leaves it behind, never visible as a blob. {@link #put(Path)}
 * cannot know a file's digest before reading it, so a re-put of stored bytes copies the file once
 * into a temp file that it then deletes; {@link #put(InputStream, Digest)} of a stored digest only
 * hashes.
 *
 * <p><b>Reading.</b> {@link #open(Digest)} hashes what it reads and throws {@link
 * CorruptArtifactException} at the end when the bytes no longer hash to their name.
 *
 * <p><b>Limits.</b> One flat directory holds every blob: fine for thousands, slow on some file
 * systems for millions (the built-in file store fans out into {@code ab/cd/} directories for that).
 *
 * @since 0.1
 */
public final class DirectoryBlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryBlobStore.class);
  private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");
  private static final String TEMP_PREFIX = ".tmp-";
  private static final int BUFFER = 64 * 1024;
  private static final boolean DIRECTORY_FSYNC =
      !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final Path directory;
  private final Durability durability;
  private final AtomicBoolean closed = new AtomicBoolean();

  private DirectoryBlobStore(Path directory, Durability durability) {
    this.directory = directory;
    this.durability = durability;
  }

  /**
   * Opens the store in a directory, creating it when missing.
   *
   * @param directory the directory
   * @param durability {@link Durability#POWER_LOSS} (fsync) or {@link Durability#PROCESS} (no
   *     fsync); {@link Durability#NONE} is served as PROCESS
   * @return the store; close it
   * @throws InvalidInputException if {@code directory} exists and is not a directory
   * @throws StorageException if the directory cannot be created
   */
  public static DirectoryBlobStore open(Path directory, Durability durability) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(durability, "durability");
    Path dir = directory.toAbsolutePath().normalize();
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw InvalidInputException.of(
          "directory",
          "cannot open a blob store in " + dir + ": it exists and is not a directory; pass one");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException(
          "cannot create the blob directory " + dir + ": " + e + "; check permissions", e);
    }
    return new DirectoryBlobStore(
        dir, durability == Durability.POWER_LOSS ? Durability.POWER_LOSS : Durability.PROCESS);
  }

  /**
   * Returns the directory the blobs are in.
   *
   * @return the absolute directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the file a blob is stored in (whether or not it is stored).
   *
   * @param digest the digest
   * @return {@code <directory>/<64 hex digits>}
   */
  public Path file(Digest digest) {
    return directory.resolve(Objects.requireNonNull(digest, "digest").hex());
  }

  @Override
  public Digest put(InputStream in) {
    Objects.requireNonNull(in, "in");
    ensureOpen();
    return write(in, null, "the stream");
  }

  @Override
  public Digest put(InputStream in, Digest expected) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(expected, "expected");
    ensureOpen();
    if (Files.isRegularFile(file(expected))) {
      // The cheap re-put: hash only, write nothing.
      Digest actual = hash(in, expected);
      requireSame(expected, actual);
      return expected;
    }
    return write(in, expected, "the stream");
  }

  @Override
  public Digest put(Path file) {
    Objects.requireNonNull(file, "file");
    ensureOpen();
    BasicFileAttributes before = regularFile(file);
    Digest digest;
    try (InputStream in = Files.newInputStream(file)) {
      digest = write(in, null, file.toString());
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e + "; check the file", e);
    }
    BasicFileAttributes after = regularFile(file);
    if (before.size() != after.size()
        || !before.lastModifiedTime().equals(after.lastModifiedTime())) {
      throw InvalidInputException.of(
          "file",
          file
              + " changed while it was being stored (size "
              + before.size()
              + " -> "
              + after.size()
              + "); put it again once it is complete");
    }
    return digest;
  }

  @Override
  public InputStream open(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    try {
      return new VerifyingInputStream(Files.newInputStream(file(digest)), digest);
    } catch (NoSuchFileException e) {
      throw NotFoundException.blob(digest.toString());
    } catch (IOException e) {
      throw new StorageException("cannot open blob " + digest + " in " + directory + ": " + e, e);
    }
  }

  @Override
  public boolean exists(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    return Files.isRegularFile(file(digest));
  }

  @Override
  public long size(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    try {
      return Files.size(file(digest));
    } catch (NoSuchFileException e) {
      throw NotFoundException.blob(digest.toString());
    } catch (IOException e) {
      throw new StorageException("cannot read the size of blob " + digest + ": " + e, e);
    }
  }

  @Override
  public boolean delete(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    try {
      boolean deleted = Files.deleteIfExists(file(digest));
      if (deleted) {
        syncDirectory();
      }
      return deleted;
    } catch (IOException e) {
      throw new StorageException("cannot delete blob " + digest + " in " + directory + ": " + e, e);
    }
  }

  @Override
  public Stream<Digest> digests() {
    ensureOpen();
    try {
      Stream<Path> files = Files.list(directory);
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> BLOB_NAME.matcher(name).matches())
          .map(name -> Digest.parse(Digest.PREFIX + name));
    } catch (IOException e) {
      throw new StorageException("cannot list the blobs in " + directory + ": " + e, e);
    }
  }

  @Override
  public Durability durability() {
    return durability;
  }

  @Override
  public void close() {
    closed.set(true);
  }

  @Override
  public String toString() {
    return "DirectoryBlobStore[" + directory + ", " + durability + "]";
  }

  /**
   * Streams the bytes into a temp file while hashing them, checks them against {@code expected}
   * when given, and renames the temp file to the digest unless that blob is already there.
   */
  private Digest write(InputStream in, @Nullable Digest expected, String source) {
    Path tmp = directory.resolve(TEMP_PREFIX + UUID.randomUUID());
    try {
      MessageDigest hash = Digest.newMessageDigest();
      try (FileChannel channel =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          OutputStream out = Channels.newOutputStream(channel)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = read(in, buffer, source)) >= 0) {
          hash.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
        out.flush();
        if (durability == Durability.POWER_LOSS) {
          channel.force(true);
        }
      }
      Digest actual = Digest.fromBytes(hash.digest());
      if (expected != null) {
        requireSame(expected, actual);
      }
      Path target = file(actual);
      if (!Files.isRegularFile(target)) {
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
          LOG.debug("blob {} was stored by another writer meanwhile", actual);
        }
        syncDirectory();
      }
      return actual;
    } catch (IOException e) {
      throw new StorageException(
          "cannot store a blob in " + directory + ": " + e + "; check space and permissions", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        LOG.warn("cannot delete the temp file {}; delete it by hand", tmp, e);
      }
    }
  }

  /** Hashes a stream without storing it. */
  private static Digest hash(InputStream in, Digest expected) {
    MessageDigest hash = Digest.newMessageDigest();
    byte[] buffer = new byte[BUFFER];
    int n;
    while ((n = read(in, buffer, "the stream for " + expected)) >= 0) {
      hash.update(buffer, 0, n);
    }
    return Digest.fromBytes(hash.digest());
  }

  /** Reads from the caller's stream, turning its failure into a StorageException. */
  private static int read(InputStream in, byte[] buffer, String source) {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw new StorageException(
          "cannot read " + source + ": " + e.getMessage() + "; nothing was stored", e);
    }
  }

  private static void requireSame(Digest expected, Digest actual) {
    if (!expected.equals(actual)) {
      throw InvalidInputException.of(
          "expected",
          "the bytes hash to "
              + actual
              + ", not to the expected "
              + expected
              + "; nothing was stored; check that the right bytes were sent");
    }
  }

  private static BasicFileAttributes regularFile(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        throw InvalidInputException.of(
            "file", file + " is not a regular file; pass the file to store, not a directory");
      }
      return a;
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("file", file + " does not exist; check the path");
    } catch (IOException e) {
      throw new StorageException("cannot read " + file + ": " + e + "; check permissions", e);
    }
  }

  private void syncDirectory() throws IOException {
    if (durability == Durability.POWER_LOSS && DIRECTORY_FSYNC) {
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      }
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the blob store in " + directory + " is closed");
    }
  }

  /** Hashes what it reads; at the end, throws when the bytes do not hash to the digest. */
  private static final class VerifyingInputStream extends InputStream {
    private final InputStream in;
    private final Digest expected;
    private final MessageDigest hash = Digest.newMessageDigest();
    private boolean checked;

    VerifyingInputStream(InputStream in, Digest expected) {
      this.in = in;
      this.expected = expected;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        check();
      } else {
        hash.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        check();
      } else {
        hash.update(b, off, n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }

    private void check() {
      if (!checked) {
        checked = true;
        Digest actual = Digest.fromBytes(hash.digest());
        if (!actual.equals(expected)) {
          throw CorruptArtifactException.blob(expected.toString(), actual.toString());
        }
      }
    }
  }
}
