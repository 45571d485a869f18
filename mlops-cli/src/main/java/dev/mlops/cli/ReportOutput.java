package dev.mlops.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code mlops report} writes its page: a file, replaced atomically (the page goes to a
 * temporary file in the target's directory first and is then moved over the target, so a failed run
 * leaves neither a half-written report nor a temporary file), or standard output for {@code --out
 * -}.
 *
 * <p>Immutable and thread-safe.
 */
final class ReportOutput {
  private static final Logger LOG = LoggerFactory.getLogger(ReportOutput.class);

  /** The {@code --out} value that means standard output. */
  static final String STDOUT = "-";

  private final String given;
  private final @Nullable Path file;

  private ReportOutput(String given, @Nullable Path file) {
    this.given = given;
    this.file = file;
  }

  /** Renders a page into a stream. */
  @FunctionalInterface
  interface Page {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Checks an {@code --out} value before any input is read.
   *
   * @throws UsageException if it names a directory or a file in a directory that does not exist
   */
  static ReportOutput of(String out) {
    Objects.requireNonNull(out, "out");
    if (out.equals(STDOUT)) {
      return new ReportOutput(out, null);
    }
    if (out.isBlank()) {
      throw new UsageException("--out is empty; give a file name such as report.html, or -");
    }
    Path p;
    try {
      p = Path.of(out);
    } catch (InvalidPathException e) {
      throw new UsageException("--out " + out + ": not a file name: " + e.getReason());
    }
    if (Files.isDirectory(p)) {
      throw new UsageException(
          "--out "
              + out
              + ": is a directory; give a file name such as "
              + p.resolve("report.html"));
    }
    Path parent = p.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new UsageException(
          "--out " + out + ": the directory " + parent + " does not exist; create it first");
    }
    return new ReportOutput(out, p);
  }

  /** Whether the page goes to standard output. */
  boolean isStdout() {
    return file == null;
  }

  /** The {@code --out} value as given. */
  String name() {
    return given;
  }

  /**
   * Renders the page in memory and writes it.
   *
   * @param page the page
   * @param command prints to standard output for {@code --out -}
   * @throws UsageException if the file cannot be written (nothing is left behind)
   * @throws IOException if rendering fails
   */
  void write(Page page, CliCommand command) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    page.write(buffer);
    Path target = file;
    if (target == null) {
      command.print(buffer.toString(StandardCharsets.UTF_8));
      return;
    }
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalStateException("a checked --out path has no directory");
    }
    Path temp = dir.resolve(".mlops-report-" + UUID.randomUUID() + ".tmp");
    try {
      // on disk before the move, so that a crash cannot leave an empty report behind the name
      try (FileChannel ch =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
        while (bytes.hasRemaining()) {
          ch.write(bytes);
        }
        ch.force(true);
      }
      if (Files.isDirectory(target)) {
        throw new UsageException("--out " + given + ": is a directory; give a file name");
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UsageException("--out " + given + ": cannot be written: " + reason(e));
    } finally {
      deleteQuietly(temp);
    }
  }

  /** Removes the temporary file when the move did not happen; a failure here changes nothing. */
  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.debug("could not remove the temporary file {}", temp, e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return CliCommand.oneLine(e.getMessage());
  }
}
