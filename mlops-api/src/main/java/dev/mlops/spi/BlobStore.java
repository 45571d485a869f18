package dev.mlops.spi;

import dev.mlops.api.artifact.Digest;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Bytes addressed by their SHA-256 digest. Identical bytes are stored once; a blob is immutable
 * once stored.
 *
 * <p>Implementations must be thread-safe, and a store on shared storage (a directory) must be safe
 * for several processes writing at once. Puts stream: they never hold a whole blob in memory
 * (except the in-memory store, whose blobs live in memory by definition). A blob is visible only
 * when complete: a reader never sees a partly written blob. Listings are weakly consistent
 * snapshots.
 *
 * <pre>{@code
 * Digest d = blobs.put(Path.of("model.bin"));
 * try (InputStream in = blobs.open(d)) {   // verifies the digest while reading
 *   in.transferTo(out);
 * }
 * }</pre>
 *
 * <p>Implementers prove a store with {@code dev.mlops.testkit.BlobStoreCompatibilityKit}.
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface BlobStore extends AutoCloseable {

  /**
   * Stores the bytes of a stream and returns their digest. When the bytes are already stored,
   * nothing is written. The stream is read to its end and not closed.
   *
   * @param in the bytes
   * @return their SHA-256 digest
   * @throws dev.mlops.api.StorageException if the bytes cannot be read or written
   * @throws NullPointerException if {@code in} is null
   */
  Digest put(InputStream in);

  /**
   * Stores the bytes of a stream whose digest the caller knows. When a blob with that digest is
   * already stored, the stream is only hashed (to check it), never written: this is the cheap
   * re-put. Otherwise the bytes are written and checked before they become visible.
   *
   * @param in the bytes
   * @param expected the digest the bytes must have
   * @return {@code expected}
   * @throws dev.mlops.api.InvalidInputException if the bytes hash to something else; nothing is
   *     stored
   * @throws dev.mlops.api.StorageException if the bytes cannot be read or written
   */
  Digest put(InputStream in, Digest expected);

  /**
   * Stores the bytes of a file and returns their digest. When the bytes are already stored, nothing
   * is stored again and the stored blob is left as it is.
   *
   * <p>A re-put of stored bytes never leaves a second copy, but whether it only hashes the file or
   * also copies it into a temporary file that it then discards is the implementation's to choose
   * and to document: an implementation that cannot tell in advance that a file's bytes are stored
   * must otherwise read new files twice. A re-put may therefore need room for one copy while it
   * runs. Callers that know the digest and want a re-put that only hashes call {@link
   * #put(InputStream, Digest)}.
   *
   * @param file a regular file
   * @return its SHA-256 digest
   * @throws dev.mlops.api.InvalidInputException if the file does not exist, is not a regular file,
   *     or changed while being stored
   * @throws dev.mlops.api.StorageException if the file cannot be read or the store written
   */
  Digest put(Path file);

  /**
   * Opens a stored blob. The stream checks the digest as it is read and throws {@link
   * dev.mlops.api.CorruptArtifactException} (from {@code read}) when the bytes read do not hash to
   * {@code digest}; callers must read to the end to get that guarantee.
   *
   * @param digest the blob's digest
   * @return a stream of its bytes, to be closed by the caller
   * @throws dev.mlops.api.NotFoundException if no such blob is stored
   * @throws dev.mlops.api.StorageException if it cannot be opened
   */
  InputStream open(Digest digest);

  /**
   * Returns whether a blob is stored.
   *
   * @param digest the digest
   * @return true if stored
   */
  boolean exists(Digest digest);

  /**
   * Returns the size of a stored blob.
   *
   * @param digest the digest
   * @return its length in bytes
   * @throws dev.mlops.api.NotFoundException if no such blob is stored
   */
  long size(Digest digest);

  /**
   * Deletes a blob. Callers (the artifact layer) make sure that no live artifact version still
   * names it.
   *
   * @param digest the digest
   * @return true if it was stored and is now deleted, false if it was not stored
   * @throws dev.mlops.api.StorageException if it cannot be deleted
   */
  boolean delete(Digest digest);

  /**
   * Lists the stored digests: a weakly consistent snapshot, in no particular order. The stream may
   * hold open files; close it.
   *
   * @return the digests
   */
  Stream<Digest> digests();

  /**
   * Returns what a put that returned survives.
   *
   * @return the durability level
   */
  Durability durability();

  /** Releases the store's resources. Idempotent. */
  @Override
  void close();
}
