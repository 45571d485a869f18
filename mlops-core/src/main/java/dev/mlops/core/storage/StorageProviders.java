package dev.mlops.core.storage;

import dev.mlops.api.InvalidInputException;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link StorageProvider} for a URI scheme and opens stores with it. Providers registered
 * explicitly win over discovered ones; the others are discovered with {@link
 * ServiceLoader#load(Class, ClassLoader)} on the class loader the caller gives, or, when none is
 * given, the class loader of this class (never silently the thread's context class loader).
 * Discovery runs once, on the first lookup of a scheme that no explicit provider owns. Two
 * discovered providers for one scheme fail that discovery with both class names, unless an explicit
 * registration owns the scheme.
 *
 * <p>Thread-safe; the discovered providers are cached per instance.
 *
 * <pre>{@code
 * StorageProviders providers = StorageProviders.create(List.of(), null);
 * MetadataStore metadata = providers.openMetadata(StorageConfig.of(URI.create("file:/tmp/s")));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StorageProviders {
  private final Map<String, StorageProvider> explicit;
  private final @Nullable ClassLoader classLoader;
  private final Object lock = new Object();
  private @Nullable Map<String, StorageProvider> discovered; // guarded by lock

  private StorageProviders(
      Map<String, StorageProvider> explicit, @Nullable ClassLoader classLoader) {
    this.explicit = explicit;
    this.classLoader = classLoader;
  }

  /**
   * Returns providers found by discovery on this class's class loader, with no explicit ones.
   *
   * @return the providers
   */
  public static StorageProviders discover() {
    return create(List.of(), null);
  }

  /**
   * Returns explicit providers backed by discovery.
   *
   * @param explicitProviders providers that win over discovered ones, each owning its {@link
   *     StorageProvider#schemes()}
   * @param classLoader the class loader to discover with, or null for this class's class loader
   * @return the providers
   * @throws IllegalArgumentException if a provider has no scheme
   * @throws IllegalStateException if two explicit providers claim one scheme (names both classes)
   */
  public static StorageProviders create(
      Collection<? extends StorageProvider> explicitProviders, @Nullable ClassLoader classLoader) {
    Objects.requireNonNull(explicitProviders, "explicitProviders");
    Map<String, StorageProvider> byScheme = new LinkedHashMap<>();
    for (StorageProvider provider : explicitProviders) {
      Objects.requireNonNull(provider, "provider");
      for (String scheme : schemesOf(provider)) {
        StorageProvider before = byScheme.putIfAbsent(scheme, provider);
        if (before != null && before != provider) {
          throw new IllegalStateException(
              "two storage providers were registered for scheme '"
                  + scheme
                  + "': "
                  + before.getClass().getName()
                  + " and "
                  + provider.getClass().getName()
                  + "; register one");
        }
      }
    }
    return new StorageProviders(Collections.unmodifiableMap(byScheme), classLoader);
  }

  /**
   * Returns the lower-case schemes a provider claims, checked.
   *
   * @param provider the provider
   * @return its schemes, lower-cased
   * @throws IllegalArgumentException if it claims none, or a blank one
   */
  public static Set<String> schemesOf(StorageProvider provider) {
    Set<String> schemes = provider.schemes();
    if (schemes == null || schemes.isEmpty()) {
      throw new IllegalArgumentException(
          "storage provider " + provider.getClass().getName() + " claims no URI scheme");
    }
    Set<String> lower = new TreeSet<>();
    for (String s : schemes) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException(
            "storage provider " + provider.getClass().getName() + " claims a blank URI scheme");
      }
      lower.add(s.toLowerCase(Locale.ROOT));
    }
    return lower;
  }

  /**
   * Returns the provider for a scheme.
   *
   * @param scheme the scheme, any case
   * @return the explicit provider for it, else the discovered one
   * @throws InvalidInputException if no provider owns the scheme; the message lists the known
   *     schemes
   * @throws IllegalStateException if discovery finds two providers for one scheme, or a provider
   *     that cannot be loaded
   */
  public StorageProvider provider(String scheme) {
    Objects.requireNonNull(scheme, "scheme");
    String key = scheme.toLowerCase(Locale.ROOT);
    StorageProvider p = explicit.get(key);
    if (p != null) {
      return p;
    }
    p = discovered().get(key);
    if (p == null) {
      throw InvalidInputException.of(
          "uri",
          "no storage provider for URI scheme '"
              + key
              + "'; known schemes: "
              + String.join(", ", schemes())
              + "; put the provider's jar on the class path or register it with"
              + " Mlops.builder().provider(..)");
    }
    return p;
  }

  /**
   * Returns every scheme with a provider, explicit or discovered.
   *
   * @return the schemes, sorted
   * @throws IllegalStateException if discovery fails (see {@link #provider(String)})
   */
  public Set<String> schemes() {
    Set<String> all = new TreeSet<>(explicit.keySet());
    all.addAll(discovered().keySet());
    return Collections.unmodifiableSet(all);
  }

  /**
   * Opens a metadata store with the provider of the configuration's scheme.
   *
   * @param config the location and options
   * @return the open store, to be closed by the caller
   * @throws InvalidInputException if no provider owns the scheme, the provider holds no metadata,
   *     or the URI or an option is malformed
   * @throws dev.mlops.api.StorageException if the store cannot be opened
   */
  public MetadataStore openMetadata(StorageConfig config) {
    StorageProvider p = provider(requireScheme(config));
    if (!p.providesMetadata()) {
      throw InvalidInputException.of(
          "metadata",
          config.scheme()
              + ": ("
              + p.getClass().getName()
              + ") holds no metadata, but '"
              + config.uri()
              + "' was given for metadata; use file:, sqlite: or postgresql:");
    }
    return Objects.requireNonNull(
        p.openMetadata(config), () -> p.getClass().getName() + ".openMetadata returned null");
  }

  /**
   * Opens a blob store with the provider of the configuration's scheme.
   *
   * @param config the location and options
   * @return the open store, to be closed by the caller
   * @throws InvalidInputException if no provider owns the scheme, the provider holds no blobs, or
   *     the URI or an option is malformed
   * @throws dev.mlops.api.StorageException if the store cannot be opened
   */
  public BlobStore openBlobs(StorageConfig config) {
    StorageProvider p = provider(requireScheme(config));
    if (!p.providesBlobs()) {
      throw InvalidInputException.of(
          "blobs",
          config.scheme()
              + ": ("
              + p.getClass().getName()
              + ") holds no blobs, but '"
              + config.uri()
              + "' was given for blobs; give blobs with file:, e.g. file:/var/lib/app/.mlops");
    }
    return Objects.requireNonNull(
        p.openBlobs(config), () -> p.getClass().getName() + ".openBlobs returned null");
  }

  private static String requireScheme(StorageConfig config) {
    String scheme = config.scheme();
    if (scheme.isEmpty()) {
      throw InvalidInputException.of(
          "uri",
          "'"
              + config.uri()
              + "' has no scheme; use file:/dir, mem:/, sqlite:/file.db or"
              + " postgresql://host/db");
    }
    return scheme;
  }

  private Map<String, StorageProvider> discovered() {
    synchronized (lock) {
      if (discovered == null) {
        discovered = load();
      }
      return discovered;
    }
  }

  private Map<String, StorageProvider> load() {
    ClassLoader loader =
        classLoader != null ? classLoader : StorageProviders.class.getClassLoader();
    Map<String, StorageProvider> byScheme = new HashMap<>();
    Map<String, String> conflicts = new TreeMap<>();
    try {
      for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, loader)) {
        for (String scheme : schemesOf(provider)) {
          if (explicit.containsKey(scheme)) {
            continue; // an explicit registration owns it
          }
          StorageProvider before = byScheme.putIfAbsent(scheme, provider);
          if (before != null && !before.getClass().equals(provider.getClass())) {
            conflicts.merge(
                scheme,
                before.getClass().getName() + " and " + provider.getClass().getName(),
                (a, b) -> a + ", " + b);
          }
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "a storage provider listed in META-INF/services/"
              + StorageProvider.class.getName()
              + " cannot be loaded: "
              + e.getMessage()
              + "; fix or remove its jar",
          e);
    }
    if (!conflicts.isEmpty()) {
      StringBuilder msg = new StringBuilder();
      conflicts.forEach(
          (scheme, classes) -> {
            if (msg.length() > 0) {
              msg.append("; ");
            }
            msg.append("two storage providers claim URI scheme '")
                .append(scheme)
                .append("': ")
                .append(classes);
          });
      throw new IllegalStateException(
          msg
              + "; remove one from the class path, or register the one to use with"
              + " Mlops.builder().provider(..)");
    }
    return Collections.unmodifiableMap(byScheme);
  }
}
