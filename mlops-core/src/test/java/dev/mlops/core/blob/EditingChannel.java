package dev.mlops.core.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read-only {@link FileChannel} over a real one that runs an edit of the file after its n-th
 * {@code read}: a file that changes while {@code put(Path)} copies it. Not thread-safe beyond what
 * the wrapped channel offers.
 */
final class EditingChannel extends FileChannel {
  /** An edit of the file. */
  interface Edit {
    void run() throws IOException;
  }

  private final FileChannel delegate;
  private final int afterReads;
  private final Edit edit;
  private final AtomicInteger reads = new AtomicInteger();

  EditingChannel(FileChannel delegate, int afterReads, Edit edit) {
    this.delegate = delegate;
    this.afterReads = afterReads;
    this.edit = edit;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int n = delegate.read(dst);
    if (reads.incrementAndGet() == afterReads) {
      edit.run();
    }
    return n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public long position() throws IOException {
    return delegate.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    delegate.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public void force(boolean metaData) throws IOException {
    delegate.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new IOException("read-only");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    throw new IOException("not used by the blob store");
  }

  @Override
  protected void implCloseChannel() throws IOException {
    delegate.close();
  }
}
