package dev.mlops.core.storage;

import dev.mlops.api.InvalidInputException;
import dev.mlops.core.metadata.JdbcMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apiguardian.api.API;

/**
 * The {@code postgresql} and {@code jdbc} schemes: metadata only, in a PostgreSQL database ({@code
 * postgresql://host:5432/mlops?user=app&password=secret} or the JDBC form {@code
 * jdbc:postgresql://host:5432/mlops?user=app}). Options may come in the query or in {@link
 * StorageConfig#options()}; only the connection properties in {@link #KNOWN_OPTIONS} are accepted
 * (none of them names a class to load). PostgreSQL's defaults give {@link
 * dev.mlops.spi.Durability#POWER_LOSS}. Blobs come from elsewhere, e.g. {@code file:/dir} on a
 * shared file system.
 *
 * <p>Thread-safe; cheap to construct.
 *
 * <pre>{@code
 * Mlops mlops = Mlops.builder()
 *     .metadata(URI.create("postgresql://db.internal:5432/mlops?user=app&password=secret"))
 *     .blobs(URI.create("file:/mnt/shared/.mlops"))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PostgresStorageProvider implements StorageProvider {
  /** The scheme of {@code postgresql://host/db}. */
  public static final String SCHEME = "postgresql";

  /** The scheme of {@code jdbc:postgresql://host/db}. */
  public static final String JDBC_SCHEME = "jdbc";

  /** The connection properties accepted as options. */
  public static final Set<String> KNOWN_OPTIONS =
      Set.of(
          "user",
          "password",
          "ssl",
          "sslmode",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "sslpassword",
          "currentSchema",
          "ApplicationName",
          "connectTimeout",
          "socketTimeout",
          "loginTimeout",
          "tcpKeepAlive",
          "targetServerType",
          "options");

  private static final String EXAMPLE = "postgresql://host:5432/mlops?user=app&password=secret";

  /** Creates the provider (ServiceLoader calls this). */
  public PostgresStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME, JDBC_SCHEME);
  }

  @Override
  public boolean providesBlobs() {
    return false;
  }

  @Override
  public MetadataStore openMetadata(StorageConfig config) {
    return JdbcMetadataStore.postgres(jdbcUrl(config));
  }

  /**
   * Always refuses: PostgreSQL holds metadata only here.
   *
   * @throws InvalidInputException always
   */
  @Override
  public BlobStore openBlobs(StorageConfig config) {
    throw InvalidInputException.of(
        "blobs",
        config.scheme()
            + ": holds metadata only, but it was given for blobs; give blobs with file:, e.g."
            + " blobs(URI.create(\"file:/mnt/shared/.mlops\"))");
  }

  /**
   * Turns a {@code postgresql:} or {@code jdbc:postgresql:} URI and its options into a JDBC URL.
   *
   * @param config the configuration
   * @return {@code jdbc:postgresql://authority/database?options}
   * @throws InvalidInputException if the URI is malformed or an option unknown
   */
  static String jdbcUrl(StorageConfig config) {
    URI uri = config.uri();
    StorageConfig pg = config;
    if (JDBC_SCHEME.equals(config.scheme())) {
      String ssp = uri.getRawSchemeSpecificPart();
      if (!uri.isOpaque()
          || !ssp.toLowerCase(Locale.ROOT).startsWith(SCHEME + "://")
          || uri.getRawFragment() != null) {
        throw InvalidInputException.of(
            "uri",
            "'"
                + uri
                + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:5432/db, or"
                + " sqlite:/path for SQLite");
      }
      try {
        pg = new StorageConfig(new URI(ssp), config.options(), config.durability(), config.clock());
      } catch (URISyntaxException e) {
        throw new InvalidInputException(
            "uri", -1, "'" + uri + "' is malformed: " + e.getMessage(), e);
      }
    }
    URI p = pg.uri();
    if (p.isOpaque() || p.getRawAuthority() == null || p.getRawAuthority().isEmpty()) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' names no host; use " + EXAMPLE + " or jdbc:postgresql://...");
    }
    if (p.getRawFragment() != null) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' has a fragment ('#...'), which means nothing here; remove it");
    }
    String path = p.getRawPath();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' names no database (one path segment); use " + EXAMPLE);
    }
    Map<String, String> options = StorageUris.options(pg, KNOWN_OPTIONS);
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://").append(p.getRawAuthority()).append(path);
    if (!options.isEmpty()) {
      StringJoiner query = new StringJoiner("&", "?", "");
      options.forEach(
          (k, v) ->
              query.add(
                  URLEncoder.encode(k, StandardCharsets.UTF_8)
                      + "="
                      + URLEncoder.encode(v, StandardCharsets.UTF_8)));
      url.append(query);
    }
    return url.toString();
  }
}
