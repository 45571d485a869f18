package dev.mlops.spi;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * Opens storage backends for the URI schemes it owns. Found through {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.mlops.spi.StorageProvider} or in {@code provides}
 * of a module), so a backend is added by putting its jar on the class path. A provider registered
 * explicitly in the {@code Mlops} builder wins over discovery; two discovered providers for one
 * scheme are an error that names both classes.
 *
 * <p>Implementations must be thread-safe and cheap to construct (ServiceLoader instantiates them);
 * the stores they open are the expensive, closeable objects.
 *
 * <pre>{@code
 * public final class S3Provider implements StorageProvider {
 *   public Set<String> schemes() { return Set.of("s3"); }
 *   public MetadataStore openMetadata(StorageConfig c) { throw new InvalidInputException(...); }
 *   public BlobStore openBlobs(StorageConfig c) { return new S3BlobStore(c.uri()); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface StorageProvider {

  /**
   * Returns the URI schemes this provider opens, lower-case (e.g. {@code file}, {@code sqlite}).
   *
   * @return the schemes, at least one
   */
  Set<String> schemes();

  /**
   * Returns whether this provider opens metadata stores for its schemes.
   *
   * @return true by default
   */
  default boolean providesMetadata() {
    return true;
  }

  /**
   * Returns whether this provider opens blob stores for its schemes.
   *
   * @return true by default
   */
  default boolean providesBlobs() {
    return true;
  }

  /**
   * Opens a metadata store. Creates the schema, or migrates it, when needed.
   *
   * @param config the location and options
   * @return the open store, to be closed by the caller
   * @throws dev.mlops.api.InvalidInputException if the URI or an option is malformed or the
   *     provider holds no metadata
   * @throws dev.mlops.api.StorageException if the store cannot be opened
   */
  MetadataStore openMetadata(StorageConfig config);

  /**
   * Opens a blob store.
   *
   * @param config the location and options
   * @return the open store, to be closed by the caller
   * @throws dev.mlops.api.InvalidInputException if the URI or an option is malformed or the
   *     provider holds no blobs
   * @throws dev.mlops.api.StorageException if the store cannot be opened
   */
  BlobStore openBlobs(StorageConfig config);
}
