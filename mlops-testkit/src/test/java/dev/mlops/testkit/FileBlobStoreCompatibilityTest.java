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

/** {@link FileBlobStore} against the blob store contract, in a fresh temp directory per test. */
public class FileBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
  @Override
  protected BlobStore newStore() {
    try {
      Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      return FileBlobStore.open(Files.createTempDirectory(tmp, "file-blob-store-"));
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
}
