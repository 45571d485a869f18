package dev.mlops.testkit;

import dev.mlops.api.artifact.Digest;
import dev.mlops.core.blob.FileBlobStore;
import dev.mlops.spi.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** {@link FileBlobStore} against the blob store contract, in a fresh temp directory per test. */
public class FileBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
  private @Nullable Path directory;

  @Override
  protected BlobStore newStore() {
    try {
      directory = Files.createTempDirectory("file-blob-store-");
      return FileBlobStore.open(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips one bit of the first byte of the blob's file. */
  @Override
  protected boolean corrupt(BlobStore store, Digest digest) {
    String hex = digest.hex();
    Path file =
        ((FileBlobStore) store)
            .directory()
            .resolve("sha256")
            .resolve(hex.substring(0, 2))
            .resolve(hex.substring(2, 4))
            .resolve(hex);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer first = ByteBuffer.allocate(1);
      channel.read(first, 0);
      first.put(0, (byte) (first.get(0) ^ 1));
      channel.write(first.rewind(), 0);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the store's directory (the kit closes the store afterwards; POSIX allows that). */
  @AfterEach
  void deleteDirectory() throws IOException {
    Path dir = directory;
    if (dir != null) {
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
