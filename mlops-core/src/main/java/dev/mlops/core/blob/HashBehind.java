package dev.mlops.core.blob;

import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes a source without storing it, reading on the caller's thread while an I/O thread hashes the
 * chunks already read: the re-put of a stream whose digest is stored. The caller's stream is only
 * ever touched by the caller's thread; reading and hashing overlap, so the re-put runs at the speed
 * of the slower of the two instead of their sum.
 *
 * <p>Not thread-safe: one caller drives it.
 */
final class HashBehind {
  private static final Logger LOG = LoggerFactory.getLogger(HashBehind.class);

  /** The end mark on the full queue. */
  private static final Chunk END = new Chunk(new byte[0], 0);

  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(TempFile.DEPTH + 1);
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(TempFile.DEPTH);
  private final MessageDigest hash = Digest.newMessageDigest();
  private long size;
  private @Nullable String firstChunkHex;

  private HashBehind() {}

  /**
   * Hashes a source to its end.
   *
   * @param source the bytes, read on the caller's thread
   * @param io runs the hashing task
   * @return the digest, size and first-chunk hash
   * @throws StorageException if the source cannot be read, or the thread is interrupted
   * @throws IllegalStateException if the store was closed meanwhile
   */
  static ChunkSource.Hashed hash(ChunkSource source, ExecutorService io) {
    byte[] first = new byte[ChunkSource.CHUNK];
    int n = source.fill(first);
    if (n < first.length) { // one chunk: nothing to overlap
      MessageDigest hash = Digest.newMessageDigest();
      hash.update(first, 0, n);
      return new ChunkSource.Hashed(Digest.fromBytes(hash.digest()), n, null);
    }
    HashBehind h = new HashBehind();
    Future<?> task;
    try {
      task = io.submit(h::hashLoop);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException(
          "the blob store was closed while a blob was being stored; nothing was stored", e);
    }
    boolean ended = false;
    try {
      int allocated = 1;
      byte[] buffer = first;
      while (true) {
        h.full.offer(new Chunk(buffer, n)); // never blocks: at most DEPTH buffers exist
        if (n < buffer.length) {
          break;
        }
        byte[] next = h.free.poll();
        if (next == null && allocated < TempFile.DEPTH) {
          allocated++;
          next = new byte[ChunkSource.CHUNK];
        }
        buffer = next != null ? next : h.free.take();
        n = source.fill(buffer);
      }
      h.full.offer(END);
      ended = true;
      task.get();
      return new ChunkSource.Hashed(Digest.fromBytes(h.hash.digest()), h.size, h.firstChunkHex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "interrupted while hashing the bytes to store; nothing was stored; retry the put", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("hashing a blob failed: " + e.getCause(), e.getCause());
    } finally {
      if (!ended) {
        h.full.offer(END); // room is always left for it
        awaitQuietly(task);
      }
    }
  }

  /** The I/O thread: hashes each chunk and gives its buffer back. */
  private @Nullable Void hashLoop() throws InterruptedException {
    while (true) {
      Chunk chunk = full.take();
      if (chunk == END) {
        return null;
      }
      hash.update(chunk.bytes, 0, chunk.length);
      if (size == 0 && chunk.length == ChunkSource.CHUNK) {
        firstChunkHex = Hints.Fingerprint.of(0, hash).prefixHex();
      }
      size += chunk.length;
      free.offer(chunk.bytes);
    }
  }

  private static void awaitQuietly(Future<?> task) {
    boolean interrupted = false;
    while (true) {
      try {
        task.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | CancellationException e) {
        LOG.debug("an abandoned hashing task failed", e);
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Chunk {
    final byte[] bytes;
    final int length;

    Chunk(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }
  }
}
