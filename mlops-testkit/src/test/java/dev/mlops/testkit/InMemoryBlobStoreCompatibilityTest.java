package dev.mlops.testkit;

import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.spi.BlobStore;

/**
 * {@link InMemoryBlobStore} against the blob store contract. It cannot be damaged from outside, so
 * the kit's corruption checks are skipped here; core's {@code InMemoryBlobStoreTest} damages its
 * map directly.
 */
public class InMemoryBlobStoreCompatibilityTest extends BlobStoreCompatibilityKit {
  @Override
  protected BlobStore newStore() {
    return InMemoryBlobStore.create();
  }

  /** Blobs live in the heap: 64 MiB, read into a growing buffer then copied, fits 256 MiB. */
  @Override
  protected long largeBlobBytes() {
    return 64L << 20;
  }

  @Override
  protected String largeBlobChildHeap() {
    return "256m";
  }
}
