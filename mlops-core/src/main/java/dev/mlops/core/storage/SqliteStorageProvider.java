package dev.mlops.core.storage;

import dev.mlops.api.InvalidInputException;
import dev.mlops.core.metadata.JdbcMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.nio.file.Path;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code sqlite} scheme: metadata only, in the SQLite file the URI's path names ({@code
 * sqlite:/var/lib/app/metadata.db}); its directory is created when missing. Durability as for
 * {@link FileStorageProvider}: the one asked for, {@link FileStorageProvider#DEFAULT_DURABILITY} by
 * default. Takes no options. Blobs come from elsewhere, e.g. {@code file:/dir}.
 *
 * <p>Thread-safe; cheap to construct.
 *
 * <pre>{@code
 * Mlops mlops = Mlops.builder()
 *     .metadata(URI.create("sqlite:/var/lib/app/metadata.db"))
 *     .blobs(URI.create("file:/mnt/shared/.mlops"))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SqliteStorageProvider implements StorageProvider {
  /** The scheme. */
  public static final String SCHEME = "sqlite";

  private static final String EXAMPLE = "sqlite:/var/lib/app/metadata.db";

  /** Creates the provider (ServiceLoader calls this). */
  public SqliteStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public boolean providesBlobs() {
    return false;
  }

  @Override
  public MetadataStore openMetadata(StorageConfig config) {
    StorageUris.options(config, Set.of());
    Path file = StorageUris.path(config.uri(), EXAMPLE);
    Path parent = file.getParent();
    if (parent == null) {
      throw InvalidInputException.of(
          "uri", "'" + config.uri() + "' names no file; give the database file, like " + EXAMPLE);
    }
    StorageUris.createDirectories(parent, "metadata");
    return JdbcMetadataStore.sqlite(file, FileStorageProvider.sqliteDurability(config));
  }

  /**
   * Always refuses: an SQLite file holds metadata only.
   *
   * @throws InvalidInputException always
   */
  @Override
  public BlobStore openBlobs(StorageConfig config) {
    throw InvalidInputException.of(
        "blobs",
        "sqlite: holds metadata only, but '"
            + config.uri()
            + "' was given for blobs; give blobs with file:, e.g. blobs(URI.create(\""
            + FileStorageProvider.EXAMPLE
            + "\"))");
  }
}
