package dev.mlops.samples.backend;

import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.testkit.BlobStoreCompatibilityKit;
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
import org.junit.jupiter.api.DisplayName;

/** {@link DirectoryBlobStore} against the blob store contract, in a fresh directory per test. */
@DisplayName("DirectoryBlobStore passes the blob store compatibility kit")
public class DirectoryBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
  private @Nullable Path directory;

  /** For JUnit and for the kit's child JVM. */
  public DirectoryBlobStoreCompatibilityTest() {}

  @Override
  protected BlobStore newStore() {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      directory = Files.createTempDirectory(tmp, "directory-blob-store-");
      return DirectoryBlobStore.open(directory, Durability.POWER_LOSS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flips one bit of the first byte of the blob's file. */
  @Override
  protected boolean corrupt(BlobStore store, Digest digest) {
    Path file = ((DirectoryBlobStore) store).file(digest);
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
