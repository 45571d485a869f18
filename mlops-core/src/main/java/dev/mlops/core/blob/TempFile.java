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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
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
 * <p>{@link #copyFrom} reads and hashes on the caller's thread and hands full chunks through a
 * queue of {@link #DEPTH} buffers to one writer task on an I/O thread, so hashing and writing
 * overlap and the caller waits only when the writer is {@link #DEPTH} chunks behind (a late wake-up
 * of the writer on a busy machine costs nothing). Every {@link #FLUSH_EVERY} bytes the writer
 * starts an early flush ({@code fdatasync}) on another I/O thread, at most one at a time, so that
 * the disk works while the caller hashes and the final {@link #force()} has little left. Blobs of
 * less than one chunk are written on the caller's thread.
 *
 * <p>Not thread-safe: one caller thread drives it; the I/O threads only run the tasks it starts.
 */
final class TempFile implements AutoCloseable {
  /** The name prefix of every temp file; no blob name starts with it. */
  static final String PREFIX = ".tmp-";

  /**
   * Bytes written between two early flushes: 8 MiB. At most one flush runs at a time, so on a slow
   * disk they space themselves out. Measured on ext4 (BENCHMARKS.md): without early flushes {@code
   * put(InputStream)} of 256 MiB was 27-31% slower; 4, 8 and 16 MiB performed alike.
   */
  static final long FLUSH_EVERY = 8L << 20;

  /** Chunks of 1 MiB in flight between the caller and the writer: 4. */
  static final int DEPTH = 4;

  private static final Logger LOG = LoggerFactory.getLogger(TempFile.class);

  private final Path path;
  private final FileChannel channel;
  private final ExecutorService io;
  private @Nullable Future<?> writerTask;

  /**
   * The last early flush, and the position it covers: written only by the thread that writes (the
   * caller for a small blob, else the writer task), read by the caller after the writer task ended.
   */
  private @Nullable Future<?> pendingFlush;

  private long flushedAt;
  private boolean moved;

  /** The hex SHA-256 of the first chunk copied by {@link #copyFrom}, when that chunk was full. */
  private @Nullable String firstChunkHex;

  private TempFile(Path path, FileChannel channel, ExecutorService io) {
    this.path = path;
    this.channel = channel;
    this.io = io;
  }

  /**
   * Creates a new, empty temp file with a random name that no other process can pick.
   *
   * @param directory where to create it
   * @param io the executor for the writer and the early flushes
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

  /**
   * Copies a source to its end into this file, hashing every byte on the calling thread. The bytes
   * are written (to the page cache, partly flushed) but not yet fsynced when this returns. Call at
   * most once.
   *
   * @param source the bytes
   * @param hash receives every byte read
   * @return the number of bytes copied
   * @throws IOException if the file cannot be written
   * @throws StorageException if the source cannot be read, or the thread is interrupted
   * @throws IllegalStateException if the store was closed meanwhile
   */
  long copyFrom(ChunkSource source, MessageDigest hash) throws IOException {
    byte[] first = new byte[ChunkSource.CHUNK];
    int n = source.fill(first);
    hash.update(first, 0, n);
    if (n == first.length) {
      firstChunkHex = Hints.Fingerprint.of(0, hash).prefixHex();
    }
    if (n < first.length) { // a small blob: no hand-off
      writeAt(ByteBuffer.wrap(first, 0, n), 0);
      return n;
    }
    Writer w = new Writer();
    track(w);
    long total = 0;
    boolean ended = false;
    try {
      byte[] buffer = first;
      while (true) {
        w.hand(buffer, n);
        total += n;
        if (n < buffer.length || w.failure != null) {
          break;
        }
        buffer = w.freeBuffer();
        n = source.fill(buffer);
        hash.update(buffer, 0, n);
      }
      w.end();
      ended = true;
      await(writerTask);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "interrupted while storing a blob; nothing was stored; retry the put", e);
    } finally {
      if (!ended) {
        w.end(); // never blocks: the queue has room for the end mark
      }
    }
    IOException failure = w.failure;
    if (failure != null) {
      throw failure;
    }
    return total;
  }

  /**
   * Returns the hex SHA-256 of the first {@link ChunkSource#CHUNK} bytes that {@link #copyFrom}
   * copied, if it copied at least that many.
   *
   * @return the hex hash, or null for a blob of less than one chunk
   */
  @Nullable String firstChunkHex() {
    return firstChunkHex;
  }

  /**
   * Waits for the writer and the last early flush, then fsyncs the file's data and metadata.
   *
   * @throws IOException if the file cannot be written or synced
   */
  void force() throws IOException {
    await(writerTask);
    await(pendingFlush);
    channel.force(true);
  }

  /**
   * Runs the task that writes this file on an I/O thread; {@link #force()} and {@link #close()}
   * wait for it. Call at most once.
   *
   * @return the running task
   * @throws IllegalStateException if the store was closed meanwhile
   */
  Future<?> track(Callable<?> task) {
    if (writerTask != null) {
      throw new IllegalStateException("a temp file has one writer task; a bug in the blob store");
    }
    try {
      Future<?> running = io.submit(task);
      writerTask = running;
      return running;
    } catch (RejectedExecutionException e) {
      throw closedDuringPut(e);
    }
  }

  /**
   * Writes bytes at a position (from the one thread that writes this file), then starts an early
   * flush if {@link #FLUSH_EVERY} bytes were written since the last one and none is running.
   *
   * @param bytes the bytes, from their position to their limit; consumed
   * @param position where they go in the file
   * @throws IOException if they cannot be written, or the last early flush failed
   */
  void writeAt(ByteBuffer bytes, long position) throws IOException {
    long at = position;
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
    if (at - flushedAt < FLUSH_EVERY) {
      return;
    }
    Future<?> previous = pendingFlush;
    if (previous != null && !previous.isDone()) {
      return;
    }
    if (previous != null) {
      await(previous); // done: does not block, but throws its failure
    }
    flushedAt = at;
    try {
      pendingFlush =
          io.submit(
              () -> {
                channel.force(false);
                return null;
              });
    } catch (RejectedExecutionException e) {
      LOG.debug("store closing: no early flush; the final fsync covers everything", e);
    }
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
    awaitQuietly(writerTask); // it must not write after the file is deleted
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
        interrupted = true; // finish waiting all the same
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

  /** A full chunk handed to the writer, or the end mark (null bytes). */
  private static final class Chunk {
    final byte @Nullable [] bytes;
    final int length;

    Chunk(byte @Nullable [] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }
  }

  /**
   * The writer task: writes the chunks it is handed in order and returns their buffers; {@link
   * #writeAt} starts the early flushes. After a write fails it keeps returning buffers, without
   * writing, until the end mark, so the caller never waits forever; the caller sees {@link
   * #failure} and stops.
   */
  private final class Writer implements Callable<Void> {
    private static final int END_LENGTH = -1;

    /** DEPTH chunks at most, plus the end mark: offering the end mark never blocks. */
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(DEPTH + 1);

    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    private int allocated = 1; // the caller's first buffer
    volatile @Nullable IOException failure;

    /** Hands a chunk to the writer (caller thread). Never blocks: buffers are at most DEPTH. */
    void hand(byte[] buffer, int length) {
      if (!full.offer(new Chunk(buffer, length))) {
        throw new IllegalStateException("more chunks in flight than buffers; a bug in TempFile");
      }
    }

    /** Returns a buffer to fill (caller thread): a new one while fewer than DEPTH exist. */
    byte[] freeBuffer() throws InterruptedException {
      byte[] buffer = free.poll();
      if (buffer != null) {
        return buffer;
      }
      if (allocated < DEPTH) {
        allocated++;
        return new byte[ChunkSource.CHUNK];
      }
      return free.take();
    }

    /** Tells the writer that no more chunks come (caller thread). */
    void end() {
      if (!full.offer(new Chunk(null, END_LENGTH))) {
        throw new IllegalStateException("no room for the end mark; a bug in TempFile");
      }
    }

    @Override
    public @Nullable Void call() throws InterruptedException {
      long position = 0;
      while (true) {
        Chunk chunk = full.take();
        byte[] bytes = chunk.bytes;
        if (bytes == null) {
          return null;
        }
        if (failure == null) {
          try {
            writeAt(ByteBuffer.wrap(bytes, 0, chunk.length), position);
          } catch (IOException e) {
            failure = e;
          }
        }
        position += chunk.length;
        free.offer(bytes);
      }
    }
  }
}
