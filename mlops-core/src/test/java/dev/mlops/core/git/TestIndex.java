package dev.mlops.core.git;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Writes index files by hand, from git's Documentation/gitformat-index.txt (independently of {@link
 * GitIndex}), for entries git itself refuses to write.
 */
final class TestIndex {
  private TestIndex() {}

  /** A version 2 index with one stage-0 regular-file entry. */
  static byte[] v2(String path, byte[] id) {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer header = ByteBuffer.allocate(12).put("DIRC".getBytes(StandardCharsets.US_ASCII));
    header.putInt(2).putInt(1);
    out.writeBytes(header.array());
    int fixed = 40 + id.length + 2;
    int len = (fixed + name.length + 8) & ~7;
    ByteBuffer e = ByteBuffer.allocate(len);
    e.putInt(1).putInt(0).putInt(1).putInt(0); // ctime, mtime
    e.putInt(0)
        .putInt(0)
        .putInt(0100644)
        .putInt(0)
        .putInt(0)
        .putInt(1); // dev ino mode uid gid size
    e.put(id);
    e.putShort((short) Math.min(name.length, 0xfff));
    e.put(name);
    out.writeBytes(e.array()); // the rest is NUL padding
    return rehash(out.toByteArray(), false);
  }

  /** Replaces (or with {@code hasTrailer} false, appends) the SHA-1 trailer. */
  static byte[] rehash(byte[] index, boolean hasTrailer) {
    byte[] body = hasTrailer ? Arrays.copyOf(index, index.length - 20) : index;
    try {
      byte[] sum = MessageDigest.getInstance("SHA-1").digest(body);
      byte[] all = Arrays.copyOf(body, body.length + 20);
      System.arraycopy(sum, 0, all, body.length, 20);
      return all;
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static byte[] rehash(byte[] index) {
    return rehash(index, true);
  }
}
