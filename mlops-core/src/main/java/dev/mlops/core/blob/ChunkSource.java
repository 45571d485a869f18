package dev.mlops.core.blob;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The bytes a put reads, in chunks. A failure to read them is the caller's input failing, so it is
 * reported as a {@link StorageException} that names the input and says nothing was stored.
 *
 * <p>Not thread-safe: one put reads one source.
 */
@FunctionalInterface
interface ChunkSource {
  /** The chunk size of every copy and hash loop: 1 MiB. */
  int CHUNK = 1 << 20;

  /**
   * Fills {@code buffer} from its start.
   *
   * @param buffer the buffer
   * @return the number of bytes read; less than {@code buffer.length} only at the end
   * @throws StorageException if the input cannot be read
   */
  int fill(byte[] buffer);

  /** Reads a stream, which stays open. */
  static ChunkSource of(InputStream in) {
    return buffer -> {
      try {
        return in.readNBytes(buffer, 0, buffer.length);
      } catch (IOException e) {
        throw new StorageException(
            "cannot read the bytes to store: "
                + e
                + "; nothing was stored; fix the input and retry",
            e);
      }
    };
  }

  /** Reads a file through an open channel, from its current position. */
  static ChunkSource of(FileChannel channel, Path file) {
    return buffer -> {
      try {
        ByteBuffer target = ByteBuffer.wrap(buffer);
        while (target.hasRemaining()) {
          if (channel.read(target) < 0) {
            break;
          }
        }
        return target.position();
      } catch (IOException e) {
        throw new StorageException(
            "cannot read file "
                + file
                + ": "
                + e
                + "; nothing was stored; check the file and retry",
            e);
      }
    };
  }

  /**
   * Hashes a source to its end without storing it.
   *
   * @return the digest of every byte read
   */
  static Digest hash(ChunkSource source) {
    MessageDigest hash = Digest.newMessageDigest();
    byte[] buffer = new byte[CHUNK];
    int n;
    do {
      n = source.fill(buffer);
      hash.update(buffer, 0, n);
    } while (n == buffer.length);
    return Digest.fromBytes(hash.digest());
  }

  /**
   * A source hashed without being stored.
   *
   * @param digest the digest of all bytes
   * @param size their number
   * @param firstChunkHex the hex SHA-256 of the first {@link #CHUNK} bytes, or null if fewer
   */
  record Hashed(Digest digest, long size, @Nullable String firstChunkHex) {}

  /**
   * Opens a file given to {@code put(Path)} for reading.
   *
   * @throws InvalidInputException if it does not exist or is not a regular file
   * @throws StorageException if it cannot be opened
   */
  static FileChannel openRegularFile(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw InvalidInputException.of(
            "file",
            "cannot store "
                + file
                + ": it is "
                + (attributes.isDirectory() ? "a directory" : "not a regular file")
                + "; pass a regular file");
      }
      return FileChannel.open(file);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of(
          "file", "cannot store " + file + ": it does not exist; check the path");
    } catch (IOException e) {
      throw new StorageException(
          "cannot read file " + file + ": " + e + "; nothing was stored; check its permissions", e);
    }
  }

  /**
   * The failure of a put whose bytes do not hash to the digest they must have.
   *
   * @param expected the digest the caller gave
   * @param actual the digest of the bytes read
   * @return the exception
   */
  static InvalidInputException mismatch(Digest expected, Digest actual) {
    return InvalidInputException.of(
        "expected",
        "the bytes hash to "
            + actual
            + ", not to the expected "
            + expected
            + "; nothing was stored; check the digest or the source of the bytes");
  }
}
