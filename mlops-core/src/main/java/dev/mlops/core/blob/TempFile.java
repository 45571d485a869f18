package dev.mlops.core.blob;

import dev.mlops.api.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blob's temp file, written beside (or on the same file system as) its final place and renamed
 * into place when complete. Closing it without {@link #moveTo(Path)} deletes it.
 *
 * <p>{@link #copyFrom} hashes each chunk on the caller's thread while the previous chunk is written
 * on an I/O thread, and every {@link #FLUSH_EVERY} bytes it starts an early flush ({@code
 * fdatasync}) on another I/O thread, so that the disk works while the caller hashes and the final
 * {@link #force()} has little left to do.
 *
 * <p>Not thread-safe: one caller thread drives it; the I/O threads only run the tasks it submits.
 */
final class TempFile implements AutoCloseable {
  /** The name prefix of every temp file; no blob name starts with it. */
  static final String PREFIX = ".tmp-";

  /**
   * Bytes written between two early flushes: 8 MiB. At most one flush runs at a time, so on a slow
   * disk they space themselves out. Measured on ext4 (BENCHMARKS.md): no early flush made {@code
   * put(InputStream)} of 256 MiB about 30% slower, 32 MiB about 6% slower than 8 MiB.
   */
  static final long FLUSH_EVERY = 8L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(TempFile.class);

  private final Path path;
  private final FileChannel channel;
  private final ExecutorService io;
  private @Nullable Future<?> pendingWrite;
  private @Nullable Future<?> pendingFlush;
  private long submitted;
  private long flushRequestedAt;
  private boolean moved;

  private TempFile(Path path, FileChannel channel, ExecutorService io) {
    this.path = path;
    this.channel = channel;
    this.io = io;
  }

  /**
   * Creates a new, empty temp file with a random name that no other process can pick.
   *
   * @param directory where to create it
   * @param io the executor for writes and early flushes
   * @return the temp file
   * @throws IOException if it cannot be created
   */
  static TempFile create(Path directory, ExecutorService io) throws IOException {
    Path path = directory.resolve(PREFIX + UUID.randomUUID());
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new TempFile(path, channel, io);
  }

  /** Returns whether a file name is a temp file's. */
  static boolean isTempName(String name) {
    return name.startsWith(PREFIX);
  }

  Path path() {
    return path;
  }

  /**
   * Copies a source to its end into this file, hashing every byte on the calling thread. The bytes
   * are written (to the page cache) but not yet fsynced when this returns.
   *
   * @param source the bytes
   * @param hash receives every byte read
   * @return the number of bytes copied
   * @throws IOException if the file cannot be written
   * @throws StorageException if the source cannot be read, or the thread is interrupted
   * @throws IllegalStateException if the store was closed meanwhile
   */
  long copyFrom(ChunkSource source, MessageDigest hash) throws IOException {
    byte[][] buffers = new byte[2][];
    int current = 0;
    long total = 0;
    while (true) {
      byte[] buffer = buffers[current];
      if (buffer == null) {
        buffer = new byte[ChunkSource.CHUNK];
        buffers[current] = buffer;
      }
      int n = source.fill(buffer);
      hash.update(buffer, 0, n);
      boolean last = n < buffer.length;
      if (n > 0) {
        if (last && pendingWrite == null) {
          writeFully(buffer, n, total); // a small blob: no hand-off
        } else {
          submitWrite(buffer, n, total);
        }
        total += n;
      }
      if (last) {
        break;
      }
      current ^= 1; // the other buffer is free: submitWrite waited for its write
    }
    await(pendingWrite);
    pendingWrite = null;
    return total;
  }

  /**
   * Waits for the writes and flushes started, then fsyncs the file's data and metadata.
   *
   * @throws IOException if the file cannot be written or synced
   */
  void force() throws IOException {
    await(pendingWrite);
    pendingWrite = null;
    await(pendingFlush);
    pendingFlush = null;
    channel.force(true);
  }

  /**
   * Closes the file and renames it to {@code target} atomically. When {@code target} already exists
   * (another writer stored the same bytes first), this file is deleted instead.
   *
   * @param target the final path, in the same file system
   * @return true if this file became {@code target}, false if {@code target} already existed
   * @throws IOException if the rename fails
   */
  boolean moveTo(Path target) throws IOException {
    channel.close();
    if (Files.exists(target)) {
      return false;
    }
    try {
      // On POSIX systems rename(2) replaces a target created since the check above: it holds the
      // same bytes, so either file may win. Elsewhere the move fails and we keep the existing one.
      Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      return false;
    }
    moved = true;
    return true;
  }

  /** Deletes the file unless it was moved into place. Never throws. */
  @Override
  public void close() {
    if (moved) {
      return;
    }
    awaitQuietly(pendingWrite);
    awaitQuietly(pendingFlush);
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("cannot close temp file {}", path, e);
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn(
          "cannot delete temp file {}; removeStaleTempFiles (fsck) will remove it later", path, e);
    }
  }

  private void submitWrite(byte[] buffer, int length, long position) throws IOException {
    await(pendingWrite); // it wrote the other buffer, which the caller fills next
    try {
      pendingWrite =
          io.submit(
              () -> {
                writeFully(buffer, length, position);
                return null;
              });
    } catch (RejectedExecutionException e) {
      pendingWrite = null;
      throw closedDuringPut(e);
    }
    submitted = position + length;
    if (submitted - flushRequestedAt >= FLUSH_EVERY
        && (pendingFlush == null || pendingFlush.isDone())) {
      await(pendingFlush); // reports a failed flush now rather than at force()
      flushRequestedAt = submitted;
      try {
        pendingFlush =
            io.submit(
                () -> {
                  channel.force(false);
                  return null;
                });
      } catch (RejectedExecutionException e) {
        pendingFlush = null;
        throw closedDuringPut(e);
      }
    }
  }

  private void writeFully(byte[] buffer, int length, long position) throws IOException {
    ByteBuffer source = ByteBuffer.wrap(buffer, 0, length);
    long at = position;
    while (source.hasRemaining()) {
      at += channel.write(source, at);
    }
  }

  private static void await(@Nullable Future<?> task) throws IOException {
    if (task == null) {
      return;
    }
    try {
      task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "interrupted while storing a blob; nothing was stored; retry the put", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new StorageException("a blob write failed: " + cause + "; retry the put", cause);
    }
  }

  private void awaitQuietly(@Nullable Future<?> task) {
    if (task == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        task.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting: the task must not write after the file is deleted
      } catch (ExecutionException | CancellationException e) {
        LOG.debug("an abandoned write to temp file {} failed", path, e);
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static IllegalStateException closedDuringPut(RejectedExecutionException e) {
    return new IllegalStateException(
        "the blob store was closed while a blob was being stored; nothing was stored", e);
  }
}
