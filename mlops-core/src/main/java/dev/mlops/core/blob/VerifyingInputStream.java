package dev.mlops.core.blob;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Hashes the bytes of a stored blob as they are read and, at the end of the stream, throws {@link
 * CorruptArtifactException} if they do not hash to the digest the blob is stored under. Every way
 * of reading ({@code read}, {@code skip}, {@code transferTo}, {@code readAllBytes}) goes through
 * {@link #read(byte[], int, int)}, so skipped bytes are hashed too.
 *
 * <p>Not thread-safe, like any stream.
 */
final class VerifyingInputStream extends InputStream {
  private final InputStream in;
  private final Digest expected;
  private final MessageDigest hash = Digest.newMessageDigest();
  private @Nullable Digest actual;

  VerifyingInputStream(InputStream in, Digest expected) {
    this.in = in;
    this.expected = expected;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      return endOfStream();
    }
    hash.update((byte) b);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n = in.read(b, off, len);
    if (n < 0) {
      return endOfStream();
    }
    hash.update(b, off, n);
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Checks the digest once; every read at the end of a corrupt blob throws again. */
  private int endOfStream() {
    Digest read = actual;
    if (read == null) {
      read = Digest.fromBytes(hash.digest());
      actual = read;
    }
    if (!read.equals(expected)) {
      throw CorruptArtifactException.blob(expected.toString(), read.toString());
    }
    return -1;
  }
}
