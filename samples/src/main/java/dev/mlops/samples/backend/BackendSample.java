package dev.mlops.samples.backend;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.core.Mlops;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A custom storage backend in use: opens an {@link Mlops} whose metadata is in SQLite and whose
 * blobs are in a {@link DirectoryBlobStore}, found by its URI scheme {@value
 * DirectoryBlobStorageProvider#SCHEME}; stores an artifact, reads it back, and prints the file the
 * blob landed in.
 *
 * <p>Run it with {@code java -cp ... dev.mlops.samples.backend.BackendSample [dir]} (see the
 * README's "Samples" table); the directory defaults to {@code target/backend-sample}.
 *
 * <p>Not thread-safe; a program's entry point.
 *
 * @since 0.1
 */
public final class BackendSample {
  /** The artifact the sample stores. */
  public static final String ARTIFACT = "greeting";

  private BackendSample() {}

  /**
   * Runs the sample.
   *
   * @param args the directory, optional
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/backend-sample").toAbsolutePath();
    URI metadata = URI.create("sqlite:" + dir.resolve("metadata.db").toUri().getPath());
    URI blobs =
        URI.create(
            DirectoryBlobStorageProvider.SCHEME + ":" + dir.resolve("blobs").toUri().getPath());
    System.out.println("backend sample: metadata " + metadata + ", blobs " + blobs);
    try (Mlops mlops = Mlops.builder().metadata(metadata).blobs(blobs).build()) {
      byte[] bytes = "hello from a custom blob store\n".getBytes(StandardCharsets.UTF_8);
      ArtifactVersion v =
          mlops
              .artifacts()
              .put(
                  ARTIFACT,
                  ArtifactVersion.KIND_FILE,
                  "text/plain",
                  new ByteArrayInputStream(bytes),
                  Map.of("backend", DirectoryBlobStorageProvider.SCHEME));
      System.out.printf("stored %s  %d bytes  %s%n", v.ref(), v.size(), v.digest());
      System.out.println("blob store: " + mlops.blobs());
      System.out.println("the blob's file: " + dir.resolve("blobs").resolve(v.digest().hex()));
      try (InputStream in = mlops.artifacts().open(ARTIFACT, v.version())) {
        System.out.print("read back: " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      System.out.println("fsck: " + (mlops.fsck().isClean() ? "clean" : "PROBLEMS"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
