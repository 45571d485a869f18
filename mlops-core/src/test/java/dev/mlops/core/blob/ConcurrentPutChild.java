package dev.mlops.core.blob;

import dev.mlops.api.artifact.Digest;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM of {@link FileBlobStoreTest}: waits for a line on stdin (the parent's "go" once every
 * child runs), puts the same seeded bytes as its siblings, and prints {@code put=<digest>}. Child 0
 * uses {@code put(InputStream)}, child 1 {@code put(InputStream, Digest)}, child 2 {@code
 * put(Path)}.
 */
final class ConcurrentPutChild {
  private ConcurrentPutChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    int index = Integer.parseInt(args[3]);
    byte[] bytes = FileBlobStoreTest.randomBytes(size, seed);
    Path input = Files.write(dir.resolveSibling(dir.getFileName() + "-input-" + index), bytes);
    if (System.in.read() < 0) {
      throw new IllegalStateException("the parent closed stdin without the go signal");
    }
    try (FileBlobStore store = FileBlobStore.open(dir)) {
      Digest digest;
      switch (index % 3) {
        case 0:
          digest = store.put(new ByteArrayInputStream(bytes));
          break;
        case 1:
          digest = store.put(new ByteArrayInputStream(bytes), Digest.of(bytes));
          break;
        default:
          digest = store.put(input);
          break;
      }
      System.out.println("put=" + digest);
    }
  }
}
