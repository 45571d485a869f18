package dev.mlops.testkit;

import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.BlobStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The child JVM of the large-blob test of {@link BlobStoreCompatibilityKit}. It creates the
 * concrete compatibility test by name, asks it for a store, puts a generated blob through {@code
 * put(InputStream)} (no file, nothing held in memory), reads it back through {@code open} while
 * hashing it, deletes it, and writes {@code put=<digest>} and {@code read=<digest>} to a result
 * file. It writes a file rather than standard output because library code never prints.
 *
 * <p>Arguments: the test class name, the blob size in bytes, the generator seed, the result file.
 * Not thread-safe; runs once per process.
 */
final class LargeBlobChild {
  /** The generator's block: 64 KiB of little-endian {@code SplittableRandom.nextLong()} values. */
  static final int BLOCK = 64 * 1024;

  private LargeBlobChild() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: LargeBlobChild <test class> <bytes> <seed> <result file>, got " + List.of(args));
    }
    BlobStoreCompatibilityKit kit =
        Class.forName(args[0])
            .asSubclass(BlobStoreCompatibilityKit.class)
            .getConstructor()
            .newInstance();
    long bytes = Long.parseLong(args[1]);
    long seed = Long.parseLong(args[2]);
    Path result = Path.of(args[3]);

    try (BlobStore store = kit.newStore()) {
      Digest put = store.put(new GeneratedInputStream(seed, bytes));
      MessageDigest hash = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[BLOCK];
      try (InputStream in = store.open(put)) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          hash.update(buffer, 0, n);
        }
      }
      String read = Digest.PREFIX + HexFormat.of().formatHex(hash.digest());
      store.delete(put);
      Files.write(result, List.of("put=" + put, "read=" + read), StandardCharsets.UTF_8);
    }
  }

  /** A stream of {@code size} seeded pseudo-random bytes, generated as they are read. */
  private static final class GeneratedInputStream extends InputStream {
    private final SplittableRandom random;
    private final byte[] block = new byte[BLOCK];
    private long left;
    private int position = BLOCK; // no block generated yet

    GeneratedInputStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      Objects.checkFromIndexSize(off, len, b.length);
      if (left == 0) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (position == BLOCK) {
        nextBlock();
      }
      int n = (int) Math.min(Math.min(len, BLOCK - position), left);
      System.arraycopy(block, position, b, off, n);
      position += n;
      left -= n;
      return n;
    }

    private void nextBlock() {
      for (int i = 0; i < BLOCK; i += Long.BYTES) {
        long v = random.nextLong();
        for (int j = 0; j < Long.BYTES; j++) {
          block[i + j] = (byte) (v >>> (8 * j));
        }
      }
      position = 0;
    }
  }
}
