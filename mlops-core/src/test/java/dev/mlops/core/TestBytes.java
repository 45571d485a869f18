package dev.mlops.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Test helpers: seeded bytes, an independent SHA-256, and finding a blob's file on disk. */
final class TestBytes {
  private TestBytes() {}

  /**
   * Creates the directory {@code java.io.tmpdir} names. The build points it at {@code target/tmp}
   * after the JVM started (so {@code @TempDir} still uses the old one), and SQLite's JDBC driver,
   * which extracts its native library there, fails with {@link UnsatisfiedLinkError} when it is
   * missing.
   */
  static void ensureTempDirectory() {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] random(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static InputStream stream(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }

  /** SHA-256 with the JDK directly, independent of the code under test. */
  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Finds the regular files under a directory whose content equals the given bytes. */
  static List<Path> filesWithContent(Path dir, byte[] content) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(
              p -> {
                try {
                  return Files.size(p) == content.length
                      && java.util.Arrays.equals(Files.readAllBytes(p), content);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
