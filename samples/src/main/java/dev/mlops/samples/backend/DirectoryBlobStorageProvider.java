package dev.mlops.samples.backend;

import dev.mlops.api.InvalidInputException;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens a {@link DirectoryBlobStore} for URIs of the scheme {@value #SCHEME}, such as {@code
 * sampleblob:/var/lib/app/blobs}. Listed in {@code
 * META-INF/services/dev.mlops.spi.StorageProvider}, so {@code Mlops.builder().blobs(URI)} finds it
 * on the class path with no other registration. Blobs only: the metadata goes elsewhere (SQLite,
 * PostgreSQL, memory).
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * try (Mlops mlops = Mlops.builder()
 *     .metadata(URI.create("sqlite:/var/lib/app/metadata.db"))
 *     .blobs(URI.create("sampleblob:/var/lib/app/blobs"))
 *     .build()) {
 *   mlops.artifacts().put("model", "model", "application/octet-stream", in, Map.of());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class DirectoryBlobStorageProvider implements StorageProvider {
  /** The URI scheme. */
  public static final String SCHEME = "sampleblob";

  /** The durability when none is asked for: fsync before a put returns. */
  public static final Durability DEFAULT_DURABILITY = Durability.POWER_LOSS;

  /** Creates the provider (ServiceLoader calls this). */
  public DirectoryBlobStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public boolean providesMetadata() {
    return false;
  }

  /**
   * Refuses: this backend holds blobs only.
   *
   * @throws InvalidInputException always
   */
  @Override
  public MetadataStore openMetadata(StorageConfig config) {
    throw InvalidInputException.of(
        "uri",
        config.uri()
            + ": the "
            + SCHEME
            + " backend holds blobs only; open the metadata with another URI, e.g."
            + " metadata(URI.create(\"sqlite:/var/lib/app/metadata.db\"))");
  }

  /**
   * Opens the blob store in the URI's path.
   *
   * @throws InvalidInputException if the URI has no absolute path, or has a host, query, fragment
   *     or options
   */
  @Override
  public BlobStore openBlobs(StorageConfig config) {
    URI uri = config.uri();
    String path = uri.getPath();
    if (uri.isOpaque()
        || path == null
        || !path.startsWith("/")
        || uri.getAuthority() != null
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw InvalidInputException.of(
          "uri",
          uri
              + " is not a "
              + SCHEME
              + " location; write "
              + SCHEME
              + ":/absolute/directory (no host, query or fragment)");
    }
    if (!config.options().isEmpty()) {
      throw InvalidInputException.of(
          "options",
          "the " + SCHEME + " backend takes no options, but got " + config.options().keySet());
    }
    return DirectoryBlobStore.open(
        Path.of(path), config.requestedDurability().orElse(DEFAULT_DURABILITY));
  }
}
