package dev.mlops.core.blob;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A small pool of direct buffers of {@link ChunkSource#CHUNK} bytes for {@code put(Path)}, so that
 * puts do not allocate direct memory (which only a garbage collection frees) every time. At most
 * {@link #RETAINED} idle buffers are kept; more are allocated when needed and left to the
 * collector.
 *
 * <p>Thread-safe.
 */
final class DirectBuffers {
  /** Idle buffers kept: enough for two puts at once. */
  static final int RETAINED = 2 * (TempFile.DEPTH + 1);

  private final BlockingQueue<ByteBuffer> idle = new ArrayBlockingQueue<>(RETAINED);

  /** Returns a cleared buffer, pooled or new. */
  ByteBuffer take() {
    ByteBuffer buffer = idle.poll();
    return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(ChunkSource.CHUNK);
  }

  /** Gives a buffer back; no thread may use it any more. */
  void give(ByteBuffer buffer) {
    idle.offer(buffer);
  }
}
