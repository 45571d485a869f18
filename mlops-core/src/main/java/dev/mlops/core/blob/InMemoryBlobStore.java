package dev.mlops.core.blob;

import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A {@link BlobStore} in this process's memory, for tests and short-lived jobs. Durability {@link
 * Durability#NONE}: the blobs are gone when the process ends or the store is closed.
 *
 * <p>Thread-safe; share one instance. Identical bytes are stored once. A blob is visible only once
 * it is complete, and reads are verified against the digest like every other store's, so code
 * tested against this store meets the same contract in production. Blobs are limited to what one
 * Java array holds (just under 2 GiB).
 *
 * <pre>{@code
 * BlobStore blobs = InMemoryBlobStore.create();
 * Digest d = blobs.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InMemoryBlobStore implements BlobStore {
  /** The largest array most JVMs allocate. */
  private static final int MAX_BLOB_BYTES = Integer.MAX_VALUE - 8;

  private final ConcurrentMap<Digest, byte[]> blobs;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Uses {@code blobs} as its storage; core's tests pass a map they can damage. */
  InMemoryBlobStore(ConcurrentMap<Digest, byte[]> blobs) {
    this.blobs = blobs;
  }

  /**
   * Creates an empty store.
   *
   * @return the store
   */
  public static InMemoryBlobStore create() {
    return new InMemoryBlobStore(new ConcurrentHashMap<>());
  }

  /**
   * {@inheritDoc}
   *
   * @throws StorageException if the stream cannot be read or holds more than about 2 GiB
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Digest put(InputStream in) {
    Objects.requireNonNull(in, "in");
    ensureOpen();
    return store(ChunkSource.of(in));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if an argument is null
   */
  @Override
  public Digest put(InputStream in, Digest expected) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(expected, "expected");
    ensureOpen();
    if (blobs.containsKey(expected)) {
      Digest actual = ChunkSource.hash(ChunkSource.of(in));
      if (!actual.equals(expected)) {
        throw ChunkSource.mismatch(expected, actual);
      }
      return expected;
    }
    MessageDigest hash = Digest.newMessageDigest();
    byte[] bytes = readAll(ChunkSource.of(in), hash);
    Digest actual = Digest.fromBytes(hash.digest());
    if (!actual.equals(expected)) {
      throw ChunkSource.mismatch(expected, actual);
    }
    blobs.putIfAbsent(expected, bytes);
    return expected;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The file is read once, into memory, so it cannot change between hashing and storing.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Digest put(Path file) {
    Objects.requireNonNull(file, "file");
    ensureOpen();
    try (FileChannel channel = ChunkSource.openRegularFile(file)) {
      return store(ChunkSource.of(channel, file));
    } catch (IOException e) {
      throw new StorageException("cannot close file " + file + ": " + e, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public InputStream open(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    byte[] bytes = blobs.get(digest);
    if (bytes == null) {
      throw NotFoundException.blob(digest.toString());
    }
    return new VerifyingInputStream(new ByteArrayInputStream(bytes), digest);
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
    return blobs.containsKey(digest);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public long size(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    byte[] bytes = blobs.get(digest);
    if (bytes == null) {
      throw NotFoundException.blob(digest.toString());
    }
    return bytes.length;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A stream already open keeps reading the deleted bytes.
   *
   * @throws IllegalStateException if the store is closed
   * @throws NullPointerException if {@code digest} is null
   */
  @Override
  public boolean delete(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    ensureOpen();
    return blobs.remove(digest) != null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A snapshot taken when this is called.
   *
   * @throws IllegalStateException if the store is closed
   */
  @Override
  public Stream<Digest> digests() {
    ensureOpen();
    return List.copyOf(blobs.keySet()).stream();
  }

  /**
   * Returns {@link Durability#NONE}.
   *
   * @return {@link Durability#NONE}
   */
  @Override
  public Durability durability() {
    return Durability.NONE;
  }

  /** Drops every blob; idempotent. Later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      blobs.clear();
    }
  }

  @Override
  public String toString() {
    return "InMemoryBlobStore[" + blobs.size() + " blobs]";
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the in-memory blob store is closed; create a new one");
    }
  }

  private Digest store(ChunkSource source) {
    MessageDigest hash = Digest.newMessageDigest();
    byte[] bytes = readAll(source, hash);
    Digest digest = Digest.fromBytes(hash.digest());
    blobs.putIfAbsent(digest, bytes);
    return digest;
  }

  private static byte[] readAll(ChunkSource source, MessageDigest hash) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    do {
      n = source.fill(buffer);
      total += n;
      if (total > MAX_BLOB_BYTES) {
        throw new StorageException(
            "a blob larger than "
                + MAX_BLOB_BYTES
                + " bytes does not fit in the in-memory blob store; nothing was stored;"
                + " use FileBlobStore for large blobs");
      }
      hash.update(buffer, 0, n);
      out.write(buffer, 0, n);
    } while (n == buffer.length);
    return out.toByteArray();
  }
}
