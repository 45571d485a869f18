package dev.mlops.testkit;

import dev.mlops.core.blob.FileBlobStore;
import dev.mlops.spi.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * {@link FileBlobStore} against the blob store contract with its fingerprint hints broken: {@code
 * hints} is a regular file, so no hint can be read or written. Hints may only cost speed, so the
 * whole kit must pass all the same.
 */
public class FileBlobStoreBrokenHintsCompatibilityTest extends FileBlobStoreCompatibilityTest {
  @Override
  protected BlobStore newStore() {
    FileBlobStore store = (FileBlobStore) super.newStore();
    try {
      Files.writeString(store.directory().resolve("hints"), "not a directory");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return store;
  }
}
