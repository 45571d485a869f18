package dev.mlops.spi;

import java.net.URI;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StorageProvider} gets to open a store: the location, options, the durability the
 * host asks for, and the clock. Nothing of the engine leaks through it.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * StorageConfig config = StorageConfig.of(URI.create("file:/var/lib/app/.mlops"));
 * MetadataStore store = provider.openMetadata(config);
 * }</pre>
 *
 * @param uri the location; its scheme selects the provider
 * @param options backend options (e.g. {@code user}, {@code password}, {@code busyTimeoutMillis});
 *     a provider rejects keys it does not know
 * @param durability the durability asked for, or null for the backend's default
 * @param clock the clock a backend uses for its own timestamps (e.g. migration times)
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record StorageConfig(
    URI uri, Map<String, String> options, @Nullable Durability durability, InstantSource clock) {
  /** Copies the options and checks for null. */
  public StorageConfig {
    Objects.requireNonNull(uri, "uri");
    options = Map.copyOf(options);
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * A configuration with no options, the backend's default durability and the system clock.
   *
   * @param uri the location
   * @return the configuration
   */
  public static StorageConfig of(URI uri) {
    return new StorageConfig(uri, Map.of(), null, InstantSource.system());
  }

  /**
   * Returns the scheme of the URI, lower-cased; {@code jdbc:postgresql:...} gives {@code jdbc}.
   *
   * @return the scheme, or the empty string for a URI without one
   */
  public String scheme() {
    String s = uri.getScheme();
    return s == null ? "" : s.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Returns the durability asked for.
   *
   * @return the durability, if the host chose one
   */
  public Optional<Durability> requestedDurability() {
    return Optional.ofNullable(durability);
  }

  /**
   * Returns this configuration with another durability.
   *
   * @param level the durability
   * @return the changed configuration
   */
  public StorageConfig withDurability(Durability level) {
    return new StorageConfig(uri, options, level, clock);
  }
}
