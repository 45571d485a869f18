package dev.mlops.core.blob;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code put(Path)} knows of a file before it copies it in one pass: its size, modification
 * time and file key (the inode on POSIX systems). Compared again after the copy, it detects a file
 * that was written, truncated or replaced meanwhile, as far as the file system's timestamps allow
 * (a same-size rewrite within one timestamp tick goes unnoticed; the stored blob still matches its
 * digest, since the bytes hashed are the bytes written).
 *
 * <p>Immutable and thread-safe.
 *
 * @param size the size in bytes
 * @param modified the last modification time
 * @param key the file key, or null where the file system has none
 */
record FileStamp(long size, FileTime modified, @Nullable Object key) {
  /**
   * Reads a file's stamp.
   *
   * @throws StorageException if its attributes cannot be read
   */
  static FileStamp of(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey());
    } catch (NoSuchFileException e) {
      throw changed(file, "it was removed");
    } catch (IOException e) {
      throw new StorageException(
          "cannot read the attributes of file "
              + file
              + ": "
              + e
              + "; nothing was stored; check the file and retry",
          e);
    }
  }

  /**
   * Checks that a file still has this stamp and that {@code copied} bytes, all of it, were copied.
   *
   * @throws InvalidInputException if it changed
   */
  void requireUnchanged(Path file, long copied) {
    FileStamp after = of(file);
    if (copied != size) {
      throw changed(file, "it was " + size + " bytes long, but " + copied + " bytes were read");
    }
    if (after.size != size) {
      throw changed(file, "its size went from " + size + " to " + after.size + " bytes");
    }
    if (!after.modified.equals(modified)) {
      throw changed(file, "its modification time went from " + modified + " to " + after.modified);
    }
    if (!Objects.equals(after.key, key)) {
      throw changed(file, "it was replaced by another file");
    }
  }

  private static InvalidInputException changed(Path file, String how) {
    return InvalidInputException.of(
        "file",
        "file "
            + file
            + " changed while being stored ("
            + how
            + "); nothing was stored; retry when nothing writes to it");
  }
}
