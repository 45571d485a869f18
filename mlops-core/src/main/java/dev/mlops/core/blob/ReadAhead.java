package dev.mlops.core.blob;

import dev.mlops.api.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
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
 * Reads a file ahead on an I/O thread while the caller hashes it: the one pass of {@code
 * put(Path)}. The I/O thread reads each chunk into a direct buffer of its own and, when there is a
 * temp file, writes the buffer there (starting early flushes) before it hands the buffer to the
 * caller, who hashes it and gives it back. The bytes hashed are therefore exactly the bytes
 * written, even if the file changes meanwhile; and the caller's thread does nothing but hash.
 *
 * <p>Not thread-safe: one caller drives it; the I/O thread only runs its own task.
 */
final class ReadAhead {
  /** Chunks of {@link ChunkSource#CHUNK} in flight between the I/O thread and the caller. */
  static final int DEPTH = TempFile.DEPTH;

  private static final Logger LOG = LoggerFactory.getLogger(ReadAhead.class);

  /** Put on the free queue by a caller that stops early; put on the full queue after a failure. */
  private static final ByteBuffer STOP = ByteBuffer.allocate(0);

  private final FileChannel source;
  private final Path file;
  private final @Nullable TempFile sink;
  private final DirectBuffers buffers;

  /** At most DEPTH buffers plus STOP: offering never blocks. */
  private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(DEPTH + 1);

  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(DEPTH + 1);
  private final List<ByteBuffer> allocated = new ArrayList<>(DEPTH);

  /** Set by the I/O thread before it offers STOP; read by the caller after taking STOP. */
  private volatile @Nullable Exception failure;

  private ReadAhead(FileChannel source, Path file, @Nullable TempFile sink, DirectBuffers buffers) {
    this.source = source;
    this.file = file;
    this.sink = sink;
    this.buffers = buffers;
  }

  /**
   * Hashes (and, with a temp file, copies) the rest of a file whose first, full chunk the caller
   * has already read and hashed.
   *
   * @param source the file, positioned after its first chunk
   * @param file its path, for messages
   * @param first the first chunk, position 0, limit {@link ChunkSource#CHUNK}; a direct buffer
   * @param hash has been fed the first chunk; receives every other byte
   * @param sink where to copy every byte (the first chunk included), or null to hash only
   * @param io runs the I/O thread when there is no temp file (a temp file uses its own)
   * @param buffers where the other buffers come from; the first and the others go back there
   * @return the number of bytes, the first chunk included
   * @throws IOException if the temp file cannot be written
   * @throws StorageException if the file cannot be read, or the thread is interrupted
   * @throws IllegalStateException if the store was closed meanwhile
   */
  static long run(
      FileChannel source,
      Path file,
      ByteBuffer first,
      MessageDigest hash,
      @Nullable TempFile sink,
      ExecutorService io,
      DirectBuffers buffers)
      throws IOException {
    long total = first.limit(); // before the I/O thread recycles the buffer
    ReadAhead r = new ReadAhead(source, file, sink, buffers);
    r.allocated.add(first);
    Future<?> task;
    try {
      task = sink != null ? sink.track(() -> r.ioLoop(first)) : io.submit(() -> r.ioLoop(first));
    } catch (RejectedExecutionException | IllegalStateException e) {
      buffers.give(first);
      throw new IllegalStateException(
          "the blob store was closed while a blob was being stored; nothing was stored", e);
    }
    boolean done = false;
    try {
      while (true) {
        ByteBuffer chunk = r.full.take();
        if (chunk == STOP) {
          throw r.failure();
        }
        int n = chunk.remaining();
        hash.update(chunk);
        total += n;
        if (n < ChunkSource.CHUNK) {
          done = true;
          return total;
        }
        r.free.offer(chunk);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "interrupted while storing " + file + "; nothing was stored; retry the put", e);
    } finally {
      if (!done) {
        r.free.offer(STOP); // the I/O thread stops at its next buffer
      }
      awaitQuietly(task); // it must not touch the file or the temp file after the put
      r.allocated.forEach(buffers::give); // the I/O thread is done with them
    }
  }

  /** The I/O thread: writes the first chunk, then reads (and writes) the others. */
  private @Nullable Void ioLoop(ByteBuffer first) throws InterruptedException {
    long position = 0;
    try {
      if (sink != null) {
        sink.writeAt(first.duplicate(), 0);
      }
      position = first.limit();
      free.offer(first);
      while (true) {
        ByteBuffer buffer = freeBuffer();
        if (buffer == STOP) {
          return null;
        }
        buffer.clear();
        int n = readFully(buffer);
        buffer.flip();
        if (sink != null) {
          sink.writeAt(buffer.duplicate(), position);
        }
        position += n;
        full.offer(buffer);
        if (n < ChunkSource.CHUNK) {
          return null;
        }
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
      full.offer(STOP);
      return null;
    }
  }

  private ByteBuffer freeBuffer() throws InterruptedException {
    ByteBuffer buffer = free.poll();
    if (buffer != null) {
      return buffer;
    }
    if (allocated.size() < DEPTH) {
      ByteBuffer fresh = buffers.take();
      allocated.add(fresh);
      return fresh;
    }
    return free.take();
  }

  private int readFully(ByteBuffer buffer) {
    try {
      return readFully(source, buffer);
    } catch (IOException e) {
      throw new StorageException(
          "cannot read file " + file + ": " + e + "; nothing was stored; check the file and retry",
          e);
    }
  }

  /**
   * Reads from a channel until the buffer is full or the channel ends.
   *
   * @return the number of bytes read
   */
  static int readFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    int start = buffer.position();
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        break;
      }
    }
    return buffer.position() - start;
  }

  private RuntimeException failure() throws IOException {
    Exception e = failure;
    if (e instanceof IOException) {
      throw (IOException) e;
    }
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    return new IllegalStateException("the read-ahead stopped without a failure; a bug", e);
  }

  private static void awaitQuietly(Future<?> task) {
    boolean interrupted = false;
    while (true) {
      try {
        task.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting all the same: the task must not outlive the put
      } catch (ExecutionException | CancellationException e) {
        LOG.debug("a read-ahead task failed", e);
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
