package dev.mlops.core.blob;

import dev.mlops.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fingerprint hints of a {@link FileBlobStore}: for each fingerprint (size and SHA-256 of the
 * first {@link ChunkSource#CHUNK} bytes) of a stored blob of at least one chunk, the digests of the
 * stored blobs with that fingerprint. {@code put(Path)} reads the hint of a file after its first
 * chunk: when it names a stored blob, the file is probably stored already and is only hashed;
 * otherwise it is copied while it is hashed, in one pass.
 *
 * <p>Hints are only hints. A missing, stale (naming a deleted blob), colliding (same fingerprint,
 * other bytes) or garbled hint costs speed, never correctness: every decision is checked against
 * the blob files. They are written after the blob is durable, atomically (temp file and rename) but
 * without fsync, and several writers may race: the last rename wins and a lost entry only costs
 * speed. Every failure to read or write a hint is logged at debug level and ignored.
 *
 * <p>Layout: {@code <directory>/hints/ab/<64 hex digits of the prefix hash>-<size>}, where {@code
 * ab} are the first two hex digits; a text file whose first line is {@link #HEADER} and whose other
 * lines are digests ({@code sha256:<hex>}), at most {@link #MAX_ENTRIES}, oldest first. Names are
 * built only from computed hashes and sizes, never from caller text.
 *
 * <p>Thread-safe: no state besides the directory.
 */
final class Hints {
  /** The folder of the hints inside the store's directory. */
  static final String DIRECTORY = "hints";

  /** The first line of every hint file; a file without it is ignored. */
  static final String HEADER = "mlops-blob-hints 1";

  /** Digests kept per fingerprint; the oldest are dropped first. */
  static final int MAX_ENTRIES = 8;

  /** Hint files longer than this are garbage and ignored. */
  private static final int MAX_BYTES = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(Hints.class);
  private static final HexFormat HEX = HexFormat.of();

  private final Path directory;

  Hints(Path storeDirectory) {
    this.directory = storeDirectory.resolve(DIRECTORY);
  }

  /**
   * The fingerprint of a blob or file of at least one chunk.
   *
   * @param size its length in bytes
   * @param prefixHex the hex SHA-256 of its first {@link ChunkSource#CHUNK} bytes
   */
  record Fingerprint(long size, String prefixHex) {
    /**
     * Computes a fingerprint from a hash that has been fed exactly the first chunk, which stays
     * usable (it is cloned).
     */
    static Fingerprint of(long size, MessageDigest afterFirstChunk) {
      return new Fingerprint(size, HEX.formatHex(prefixHash(afterFirstChunk)));
    }

    /** Computes a fingerprint from the first chunk's bytes. */
    static Fingerprint of(long size, byte[] firstChunk) {
      return new Fingerprint(size, HEX.formatHex(Digest.newMessageDigest().digest(firstChunk)));
    }

    private static byte[] prefixHash(MessageDigest hash) {
      try {
        return ((MessageDigest) hash.clone()).digest();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("the SHA-256 MessageDigest cannot be cloned", e);
      }
    }
  }

  /**
   * Returns whether the hint of a fingerprint names a stored blob.
   *
   * @param fingerprint the fingerprint of the bytes to store
   * @param stored tells whether a digest is stored
   */
  boolean namesStoredBlob(Fingerprint fingerprint, Predicate<Digest> stored) {
    for (Digest d : read(fingerprint)) {
      if (stored.test(d)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records that a blob with this fingerprint is stored, dropping entries that name blobs no longer
   * stored. Does nothing when the hint already names it. Call only after the blob is durable.
   */
  void add(Fingerprint fingerprint, Digest digest, Predicate<Digest> stored) {
    Set<Digest> current = read(fingerprint);
    if (current.contains(digest)) {
      return;
    }
    List<Digest> kept = new ArrayList<>();
    for (Digest d : current) {
      if (stored.test(d)) {
        kept.add(d);
      }
    }
    kept.add(digest);
    while (kept.size() > MAX_ENTRIES) {
      kept.remove(0);
    }
    write(fingerprint, kept);
  }

  /** Removes a digest from the hint of a fingerprint (after the blob was deleted). */
  void remove(Fingerprint fingerprint, Digest digest) {
    Set<Digest> current = read(fingerprint);
    if (!current.remove(digest)) {
      return;
    }
    write(fingerprint, new ArrayList<>(current));
  }

  /**
   * Reads the digests a hint names; empty when it is missing, unreadable or garbled.
   *
   * @return the digests, oldest first
   */
  Set<Digest> read(Fingerprint fingerprint) {
    Path file = fileOf(fingerprint);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new LinkedHashSet<>();
    } catch (IOException e) {
      LOG.debug("cannot read blob hint {}; ignored", file, e);
      return new LinkedHashSet<>();
    }
    Set<Digest> digests = new LinkedHashSet<>();
    if (bytes.length > MAX_BYTES) {
      LOG.debug("blob hint {} is too long; ignored", file);
      return digests;
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      LOG.debug("blob hint {} has no header; ignored", file);
      return digests;
    }
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && i == lines.length - 1) {
        break; // the final newline
      }
      if (!isDigestLine(line)) {
        LOG.debug("blob hint {} has a garbled line {}; ignored", file, i + 1);
        return new LinkedHashSet<>();
      }
      digests.add(Digest.parse(line));
    }
    return digests;
  }

  /**
   * Removes the temp files of hint writers that crashed, older than {@code cutoff}.
   *
   * @return the number removed
   * @throws IOException if a directory cannot be read or a file removed
   */
  int removeStaleTempFiles(Instant cutoff) throws IOException {
    int removed = 0;
    List<Path> folders = new ArrayList<>();
    try (DirectoryStream<Path> all = Files.newDirectoryStream(directory)) {
      for (Path p : all) {
        if (isHexPair(p.getFileName().toString())) {
          folders.add(p);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return 0;
    }
    for (Path folder : folders) {
      try (DirectoryStream<Path> temps =
          Files.newDirectoryStream(folder, p -> TempFile.isTempName(p.getFileName().toString()))) {
        for (Path temp : temps) {
          try {
            if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)
                && Files.deleteIfExists(temp)) {
              LOG.info("removed stale blob hint temp file {}", temp);
              removed++;
            }
          } catch (NoSuchFileException e) {
            // renamed into place or removed meanwhile
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        // removed meanwhile
      }
    }
    return removed;
  }

  /** Returns the hint file of a fingerprint. */
  Path fileOf(Fingerprint fingerprint) {
    String hex = fingerprint.prefixHex();
    return directory.resolve(hex.substring(0, 2)).resolve(hex + "-" + fingerprint.size());
  }

  private void write(Fingerprint fingerprint, List<Digest> digests) {
    Path file = fileOf(fingerprint);
    Path folder = file.getParent();
    Path temp = folder.resolve(TempFile.PREFIX + UUID.randomUUID());
    try {
      if (digests.isEmpty()) {
        Files.deleteIfExists(file);
        return;
      }
      StringBuilder text = new StringBuilder(HEADER).append('\n');
      for (Digest d : digests) {
        text.append(d).append('\n');
      }
      Files.createDirectories(folder);
      Files.writeString(temp, text);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.debug("cannot write blob hint {}; ignored", file, e);
      try {
        Files.deleteIfExists(temp);
      } catch (IOException again) {
        LOG.debug("cannot delete blob hint temp file {}", temp, again);
      }
    }
  }

  private static boolean isDigestLine(String line) {
    String prefix = "sha256:";
    if (line.length() != prefix.length() + 64 || !line.startsWith(prefix)) {
      return false;
    }
    for (int i = prefix.length(); i < line.length(); i++) {
      char c = line.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexPair(String name) {
    return name.length() == 2
        && Character.digit(name.charAt(0), 16) >= 0
        && Character.digit(name.charAt(1), 16) >= 0;
  }
}
