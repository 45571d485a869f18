package dev.mlops.core.storage;

import dev.mlops.core.blob.FileBlobStore;
import dev.mlops.core.metadata.JdbcMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.nio.file.Path;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code file} scheme: the embedded default, one directory holding SQLite metadata in {@value
 * #METADATA_FILE_NAME} and a file-system blob store in {@value #BLOB_DIRECTORY_NAME}/. {@code
 * file:/var/lib/app/.mlops} (or {@code file:///var/lib/app/.mlops}) names the directory, which is
 * created when missing; only the URI's path is used. The metadata's durability is the one asked
 * for, {@link #DEFAULT_DURABILITY} by default ({@link Durability#NONE} is raised to it, since
 * SQLite never gives less); blobs are always {@link Durability#POWER_LOSS}. Takes no options.
 * Several threads and processes may use one directory at once.
 *
 * <p>Thread-safe; cheap to construct.
 *
 * <pre>{@code
 * Mlops mlops = Mlops.builder().store(URI.create("file:/var/lib/app/.mlops")).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FileStorageProvider implements StorageProvider {
  /** The scheme. */
  public static final String SCHEME = "file";

  /** The name of the SQLite metadata file inside the store directory. */
  public static final String METADATA_FILE_NAME = "metadata.db";

  /** The name of the blob directory inside the store directory. */
  public static final String BLOB_DIRECTORY_NAME = "blobs";

  /** The metadata durability when none is asked for: survives the process being killed. */
  public static final Durability DEFAULT_DURABILITY = Durability.PROCESS;

  static final String EXAMPLE = "file:/var/lib/app/.mlops";

  /** Creates the provider (ServiceLoader calls this). */
  public FileStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public MetadataStore openMetadata(StorageConfig config) {
    Path dir = directory(config);
    return JdbcMetadataStore.sqlite(dir.resolve(METADATA_FILE_NAME), sqliteDurability(config));
  }

  @Override
  public BlobStore openBlobs(StorageConfig config) {
    Path dir = directory(config);
    return FileBlobStore.open(dir.resolve(BLOB_DIRECTORY_NAME), config.clock());
  }

  private static Path directory(StorageConfig config) {
    StorageUris.options(config, Set.of());
    Path dir = StorageUris.path(config.uri(), EXAMPLE);
    StorageUris.createDirectories(dir, "store");
    return dir;
  }

  /**
   * Returns the SQLite durability for a configuration: the one asked for, at least PROCESS.
   *
   * @param config the configuration
   * @return the durability to open SQLite with
   */
  static Durability sqliteDurability(StorageConfig config) {
    Durability asked = config.requestedDurability().orElse(DEFAULT_DURABILITY);
    return asked == Durability.NONE ? Durability.PROCESS : asked;
  }
}
