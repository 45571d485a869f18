package dev.mlops.core;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.audit.AuditLog;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.pipeline.Pipelines;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.tracking.Tracking;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.core.pipeline.PipelineEngine;
import dev.mlops.core.storage.FileStorageProvider;
import dev.mlops.core.storage.StorageProviders;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one metadata store and one blob store, and the facades over them, starting with
 * {@link #artifacts()}.
 *
 * <p>Thread-safe; share one instance per store in a process. Several processes may open the same
 * embedded directory at once. Close it when done: {@link #close()} closes the stores this instance
 * opened itself (from a directory or a URI), and never the stores handed to the {@link Builder} as
 * objects, which stay the caller's to close.
 *
 * <pre>{@code
 * try (Mlops mlops = Mlops.open(Path.of(".mlops"))) {
 *   ArtifactVersion v = mlops.artifacts().put("training-data", "dataset", "text/csv",
 *       Path.of("train.csv"), Map.of());
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Mlops implements AutoCloseable {
  /** The clock when {@link Builder#clock(InstantSource)} is not called: the system clock. */
  public static final InstantSource DEFAULT_CLOCK = InstantSource.system();

  /**
   * The system property naming the actor when {@link Builder#actor(String)} is not called: {@code
   * user.name}.
   */
  public static final String DEFAULT_ACTOR_PROPERTY = "user.name";

  /** The actor when {@link #DEFAULT_ACTOR_PROPERTY} is unset, blank or not legal text. */
  public static final String DEFAULT_ACTOR_FALLBACK = "unknown";

  private static final Logger LOG = LoggerFactory.getLogger(Mlops.class);

  private final MetadataStore metadata;
  private final boolean ownsMetadata;
  private final BlobStore blobs;
  private final boolean ownsBlobs;
  private final InstantSource clock;
  private final String actor;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ArtifactRepository artifacts;
  private final Tracking tracking;
  private final ModelRegistry registry;
  private final Lineage lineage;
  private final AuditChain auditChain;
  private final AuditLog audit;
  private final PipelineEngine pipelines;

  private Mlops(
      MetadataStore metadata,
      boolean ownsMetadata,
      BlobStore blobs,
      boolean ownsBlobs,
      InstantSource clock,
      String actor,
      AuditChain auditChain) {
    this.metadata = metadata;
    this.ownsMetadata = ownsMetadata;
    this.blobs = blobs;
    this.ownsBlobs = ownsBlobs;
    this.clock = clock;
    this.actor = actor;
    this.auditChain = auditChain;
    this.audit = new DefaultAuditLog(metadata, auditChain, clock, actor, this::ensureOpen);
    StoreArtifactRepository repository =
        new StoreArtifactRepository(metadata, blobs, clock, this::ensureOpen, auditChain, actor);
    this.artifacts = repository;
    this.tracking =
        new DefaultTracking(
            metadata,
            clock,
            actor,
            auditChain,
            this::ensureOpen,
            repository,
            DefaultTracking.randomIds());
    this.registry =
        new DefaultModelRegistry(metadata, blobs, clock, this::ensureOpen, auditChain, actor);
    this.lineage = new DefaultLineage(metadata, clock, this::ensureOpen, auditChain, actor);
    this.pipelines =
        PipelineEngine.create(
            metadata,
            artifacts,
            tracking,
            clock,
            (tx, action, subject, details) ->
                auditChain.append(tx, clock.instant(), actor, action, subject, details));
  }

  /**
   * Opens the embedded default store in a directory, creating it when missing: SQLite metadata in
   * {@code <directory>/}{@value FileStorageProvider#METADATA_FILE_NAME} (durability {@link
   * Durability#PROCESS}) and blobs under {@code <directory>/}{@value
   * FileStorageProvider#BLOB_DIRECTORY_NAME} (durability {@link Durability#POWER_LOSS}), with the
   * system clock. The same as {@code builder().store(directory.toUri()).build()}, except that the
   * built-in {@code file} provider is used without discovery.
   *
   * @param directory the store directory
   * @return the open instance, owning both stores
   * @throws dev.mlops.api.StorageException if the directory or the stores cannot be opened
   * @throws NullPointerException if {@code directory} is null
   */
  public static Mlops open(Path directory) {
    Objects.requireNonNull(directory, "directory");
    return builder()
        .provider(new FileStorageProvider())
        .store(directory.toAbsolutePath().normalize().toUri())
        .build();
  }

  /**
   * Opens fresh, private in-memory stores (durability {@link Durability#NONE}), with the system
   * clock; everything is gone when it is closed.
   *
   * @return the open instance, owning both stores
   */
  public static Mlops inMemory() {
    return new Mlops(
        InMemoryMetadataStore.create(),
        true,
        InMemoryBlobStore.create(),
        true,
        DEFAULT_CLOCK,
        defaultActor(),
        new AuditChain(null));
  }

  /**
   * Returns a builder for any combination of stores, clock and actor.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the artifact repository over this instance's stores.
   *
   * @return the repository; its calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public ArtifactRepository artifacts() {
    ensureOpen();
    return artifacts;
  }

  /**
   * Returns the tracking service: experiments, runs, parameters, metrics and tags, with the run
   * context captured automatically.
   *
   * @return the tracking service; its calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public Tracking tracking() {
    ensureOpen();
    return tracking;
  }

  /**
   * Returns the model registry over this instance's stores. Its guards belong to this instance.
   *
   * @return the registry; its calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public ModelRegistry registry() {
    ensureOpen();
    return registry;
  }

  /**
   * Returns the lineage recorder and queries over this instance's metadata store.
   *
   * @return the lineage; its calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public Lineage lineage() {
    ensureOpen();
    return lineage;
  }

  /**
   * Returns the pipeline engine: runs, plans, resumes and reproduces {@link
   * dev.mlops.api.pipeline.Pipeline}s on this instance's stores. Its threads end when this instance
   * is closed.
   *
   * @return the pipelines; their calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public Pipelines pipelines() {
    ensureOpen();
    return pipelines;
  }

  /**
   * Returns the tamper-evident audit log of this store: checkpoints, verification, export.
   *
   * @return the audit log; its calls throw {@link IllegalStateException} once this is closed
   * @throws IllegalStateException if this instance is closed
   */
  public AuditLog audit() {
    ensureOpen();
    return audit;
  }

  /**
   * Returns the blob store.
   *
   * @return the blob store
   * @throws IllegalStateException if this instance is closed
   */
  public BlobStore blobs() {
    ensureOpen();
    return blobs;
  }

  /**
   * Returns the metadata store.
   *
   * @return the metadata store
   * @throws IllegalStateException if this instance is closed
   */
  public MetadataStore metadata() {
    ensureOpen();
    return metadata;
  }

  /**
   * Returns the clock every timestamp comes from.
   *
   * @return the clock
   */
  public InstantSource clock() {
    return clock;
  }

  /**
   * Returns who this instance acts for, as recorded in the audit log.
   *
   * @return the actor
   */
  public String actor() {
    return actor;
  }

  /**
   * Checks the stores: re-hashes every blob, and reports corrupt and missing blobs, unreferenced
   * blobs and removed stale temporary files. See {@link Fsck}.
   *
   * @return the report
   * @throws IllegalStateException if this instance is closed
   * @throws dev.mlops.api.StorageException if a store fails
   */
  public FsckReport fsck() {
    ensureOpen();
    return Fsck.check(metadata, blobs);
  }

  /**
   * Closes the stores this instance opened itself; stores given to the builder as objects are left
   * open. Idempotent.
   *
   * @throws dev.mlops.api.StorageException if a store fails to close (the other is closed anyway)
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pipelines.close();
    closeAll(ownsMetadata ? metadata : null, ownsBlobs ? blobs : null);
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this Mlops instance is closed; open a new one");
    }
  }

  private static void closeAll(@Nullable AutoCloseable first, @Nullable AutoCloseable second) {
    RuntimeException failure = null;
    for (AutoCloseable c : new AutoCloseable[] {first, second}) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        RuntimeException r =
            e instanceof RuntimeException
                ? (RuntimeException) e
                : new IllegalStateException("closing " + c + " failed", e);
        if (failure == null) {
          failure = r;
        } else {
          failure.addSuppressed(r);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  static String defaultActor() {
    String user = System.getProperty(DEFAULT_ACTOR_PROPERTY);
    if (user == null || user.isBlank()) {
      return DEFAULT_ACTOR_FALLBACK;
    }
    try {
      return Names.requireValue(user, "actor", Names.MAX_NAME_LENGTH);
    } catch (InvalidInputException e) {
      return DEFAULT_ACTOR_FALLBACK;
    }
  }

  /**
   * Configures and opens an {@link Mlops}. Give the stores either as one URI ({@link #store(URI)})
   * or separately, each as a URI or as an object; everything else has a default.
   *
   * <p>Not thread-safe: configure on one thread. Each setter checks its argument at once, and may
   * be called once: calling it again, or setting an option that conflicts with one set before (such
   * as {@link #store(URI)} and {@link #metadata(MetadataStore)}), throws {@link
   * IllegalStateException} naming both. Defaults: clock {@link #DEFAULT_CLOCK}; actor the system
   * property {@value #DEFAULT_ACTOR_PROPERTY} (else {@value #DEFAULT_ACTOR_FALLBACK}); durability
   * each backend's own ({@link FileStorageProvider#DEFAULT_DURABILITY} for the embedded default);
   * providers discovered with the class loader of mlops-core. {@link #build()} may be called more
   * than once; each call opens new stores from the URIs.
   *
   * <pre>{@code
   * Mlops mlops = Mlops.builder()
   *     .metadata(URI.create("postgresql://db:5432/mlops?user=app&password=secret"))
   *     .blobs(URI.create("file:/mnt/shared/.mlops"))
   *     .clock(clock)
   *     .build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable MetadataStore metadataStore;
    private @Nullable URI metadataUri;
    private @Nullable String metadataSetBy;
    private @Nullable BlobStore blobStore;
    private @Nullable URI blobsUri;
    private @Nullable String blobsSetBy;
    private @Nullable InstantSource clock;
    private @Nullable Durability durability;
    private final Map<String, StorageProvider> providers = new LinkedHashMap<>();
    private final List<StorageProvider> providerList = new ArrayList<>();
    private @Nullable ClassLoader classLoader;
    private @Nullable String actor;
    private byte @Nullable [] auditKey;

    private Builder() {}

    /**
     * Uses a metadata store object. It is not closed by {@link Mlops#close()}.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if the metadata store was set before (here, by URI or by {@link
     *     #store(URI)})
     */
    public Builder metadata(MetadataStore store) {
      Objects.requireNonNull(store, "store");
      setMetadata("metadata(MetadataStore)");
      this.metadataStore = store;
      return this;
    }

    /**
     * Opens the metadata store from a URI, e.g. {@code sqlite:/var/lib/app/metadata.db} or {@code
     * postgresql://host:5432/mlops?user=app}. It is closed by {@link Mlops#close()}.
     *
     * @param uri the location; its scheme selects the provider
     * @return this builder
     * @throws IllegalArgumentException if the URI has no scheme
     * @throws IllegalStateException if the metadata store was set before
     */
    public Builder metadata(URI uri) {
      requireScheme(uri);
      setMetadata("metadata(URI)");
      this.metadataUri = uri;
      return this;
    }

    /**
     * Uses a blob store object. It is not closed by {@link Mlops#close()}.
     *
     * @param store the store
     * @return this builder
     * @throws IllegalStateException if the blob store was set before
     */
    public Builder blobs(BlobStore store) {
      Objects.requireNonNull(store, "store");
      setBlobs("blobs(BlobStore)");
      this.blobStore = store;
      return this;
    }

    /**
     * Opens the blob store from a URI, e.g. {@code file:/mnt/shared/.mlops} (blobs in its {@value
     * FileStorageProvider#BLOB_DIRECTORY_NAME}/ directory). It is closed by {@link Mlops#close()}.
     *
     * @param uri the location; its scheme selects the provider
     * @return this builder
     * @throws IllegalArgumentException if the URI has no scheme
     * @throws IllegalStateException if the blob store was set before
     */
    public Builder blobs(URI uri) {
      requireScheme(uri);
      setBlobs("blobs(URI)");
      this.blobsUri = uri;
      return this;
    }

    /**
     * Opens both stores from one URI whose provider holds both: {@code file:/dir} (the embedded
     * default), {@code mem:/} (private, in memory; {@code mem:} alone is not a legal URI) or {@code
     * mem:name} (in memory, shared by name in this JVM). Both are closed by {@link Mlops#close()}.
     *
     * @param uri the location
     * @return this builder
     * @throws IllegalArgumentException if the URI has no scheme
     * @throws IllegalStateException if a store was set before
     */
    public Builder store(URI uri) {
      requireScheme(uri);
      String by = "store(URI)";
      if (metadataSetBy != null || blobsSetBy != null) {
        throw conflict(by, metadataSetBy != null ? metadataSetBy : blobsSetBy);
      }
      metadataSetBy = by;
      blobsSetBy = by;
      this.metadataUri = uri;
      this.blobsUri = uri;
      return this;
    }

    /**
     * Sets the clock every timestamp comes from. Default: {@link Mlops#DEFAULT_CLOCK}.
     *
     * @param source the clock
     * @return this builder
     * @throws IllegalStateException if the clock was set before
     */
    public Builder clock(InstantSource source) {
      Objects.requireNonNull(source, "source");
      if (clock != null) {
        throw twice("clock(InstantSource)");
      }
      this.clock = source;
      return this;
    }

    /**
     * Sets the durability asked of the stores opened from URIs. A backend that cannot give it
     * refuses to open ({@code mem:} gives only {@link Durability#NONE}); one that gives more is
     * fine. Default: each backend's own ({@link FileStorageProvider#DEFAULT_DURABILITY} for SQLite
     * metadata; file blobs are always {@link Durability#POWER_LOSS}).
     *
     * @param level the durability
     * @return this builder
     * @throws IllegalStateException if it was set before
     */
    public Builder durability(Durability level) {
      Objects.requireNonNull(level, "level");
      if (durability != null) {
        throw twice("durability(Durability)");
      }
      this.durability = level;
      return this;
    }

    /**
     * Registers a storage provider for its schemes; it wins over any discovered provider of those
     * schemes. May be called once per scheme.
     *
     * @param provider the provider
     * @return this builder
     * @throws IllegalArgumentException if it claims no scheme
     * @throws IllegalStateException if a provider was registered before for one of its schemes (the
     *     message names both classes)
     */
    public Builder provider(StorageProvider provider) {
      Objects.requireNonNull(provider, "provider");
      for (String scheme : StorageProviders.schemesOf(provider)) {
        StorageProvider before = providers.get(scheme);
        if (before != null) {
          throw new IllegalStateException(
              "provider("
                  + provider.getClass().getName()
                  + ") conflicts with provider("
                  + before.getClass().getName()
                  + "), registered before for URI scheme '"
                  + scheme
                  + "'; register one provider per scheme");
        }
      }
      for (String scheme : StorageProviders.schemesOf(provider)) {
        providers.put(scheme, provider);
      }
      providerList.add(provider);
      return this;
    }

    /**
     * Sets the class loader that discovers storage providers with {@link java.util.ServiceLoader}
     * (pass {@code Thread.currentThread().getContextClassLoader()} to use the context class
     * loader). Default: the class loader of mlops-core.
     *
     * @param loader the class loader
     * @return this builder
     * @throws IllegalStateException if it was set before
     */
    public Builder classLoader(ClassLoader loader) {
      Objects.requireNonNull(loader, "loader");
      if (classLoader != null) {
        throw twice("classLoader(ClassLoader)");
      }
      this.classLoader = loader;
      return this;
    }

    /**
     * Sets who this instance acts for, as recorded in the audit log. Default: the system property
     * {@value Mlops#DEFAULT_ACTOR_PROPERTY}, else {@value Mlops#DEFAULT_ACTOR_FALLBACK}.
     *
     * @param name the actor, 1 to {@value Names#MAX_NAME_LENGTH} characters of text
     * @return this builder
     * @throws IllegalArgumentException if it is blank, too long, or contains NUL or an unpaired
     *     surrogate
     * @throws IllegalStateException if it was set before
     */
    public Builder actor(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("actor must not be blank");
      }
      try {
        Names.requireValue(name, "actor", Names.MAX_NAME_LENGTH);
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (actor != null) {
        throw twice("actor(String)");
      }
      this.actor = name;
      return this;
    }

    /**
     * Keys the audit log with HMAC-SHA-256 under a secret the host keeps outside the store (a
     * secrets manager, an environment variable); the key is never stored. Without the key, nobody
     * who can write to the database can recompute a valid chain, so {@link AuditLog#verify()} finds
     * a rewritten one. Use the same key for the whole life of a store, from its first event on: a
     * log written with another key, or none, fails verification at event 1. Default: no key (plain
     * SHA-256), and {@link AuditLog} documents what that cannot detect.
     *
     * @param key the key, at least 16 bytes (32 random bytes recommended); copied
     * @return this builder
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     * @throws IllegalStateException if it was set before
     */
    public Builder auditKey(byte[] key) {
      Objects.requireNonNull(key, "key");
      if (key.length < 16) {
        throw new IllegalArgumentException(
            "an audit key needs at least 16 bytes (32 random bytes recommended), but has "
                + key.length);
      }
      if (auditKey != null) {
        throw twice("auditKey(byte[])");
      }
      this.auditKey = key.clone();
      return this;
    }

    /**
     * Opens the stores given by URI and returns the instance.
     *
     * @return the open instance
     * @throws IllegalStateException if no store or only one of the two was given, if {@link
     *     #durability(Durability)} was set but both stores were given as objects, or if discovery
     *     finds two providers for one scheme (the message names both classes)
     * @throws InvalidInputException if no provider owns a URI's scheme (the message lists the known
     *     schemes), the provider does not hold that kind of store, or the URI or an option is
     *     malformed
     * @throws dev.mlops.api.StorageException if a store cannot be opened
     */
    public Mlops build() {
      if (metadataSetBy == null && blobsSetBy == null) {
        throw new IllegalStateException(
            "no store was configured: call store(URI), e.g."
                + " store(URI.create(\"file:/var/lib/app/.mlops\")), or metadata(..) and blobs(..);"
                + " or use Mlops.open(dir) or Mlops.inMemory()");
      }
      if (metadataSetBy == null) {
        throw new IllegalStateException(
            "no metadata store was configured, only blobs ("
                + blobsSetBy
                + "); call metadata(URI) or metadata(MetadataStore) too");
      }
      if (blobsSetBy == null) {
        throw new IllegalStateException(
            "no blob store was configured, only metadata ("
                + metadataSetBy
                + "); call blobs(URI) or blobs(BlobStore) too");
      }
      if (durability != null && metadataUri == null && blobsUri == null) {
        throw new IllegalStateException(
            "durability(Durability) conflicts with metadata(MetadataStore) and blobs(BlobStore):"
                + " it applies only to stores the builder opens from URIs; drop it, the given"
                + " stores keep their own");
      }
      InstantSource c = clock != null ? clock : DEFAULT_CLOCK;
      String a = actor != null ? actor : defaultActor();
      StorageProviders registry = StorageProviders.create(providerList, classLoader);

      MetadataStore m = metadataStore;
      boolean ownsM = false;
      if (metadataUri != null) {
        m = registry.openMetadata(new StorageConfig(metadataUri, Map.of(), durability, c));
        ownsM = true;
      }
      BlobStore b = blobStore;
      boolean ownsB = false;
      if (blobsUri != null) {
        try {
          b = registry.openBlobs(new StorageConfig(blobsUri, Map.of(), durability, c));
          ownsB = true;
        } catch (RuntimeException e) {
          if (ownsM) {
            try {
              closeAll(m, null);
            } catch (RuntimeException closing) {
              e.addSuppressed(closing);
            }
          }
          throw e;
        }
      }
      LOG.debug(
          "opened mlops: metadata {} ({}), blobs {} ({})",
          metadataUri != null ? metadataUri : "given",
          Objects.requireNonNull(m).durability(),
          blobsUri != null ? blobsUri : "given",
          Objects.requireNonNull(b).durability());
      return new Mlops(m, ownsM, b, ownsB, c, a, new AuditChain(auditKey));
    }

    private void setMetadata(String by) {
      if (metadataSetBy != null) {
        throw conflict(by, metadataSetBy);
      }
      metadataSetBy = by;
    }

    private void setBlobs(String by) {
      if (blobsSetBy != null) {
        throw conflict(by, blobsSetBy);
      }
      blobsSetBy = by;
    }

    private static IllegalStateException conflict(String now, @Nullable String before) {
      if (now.equals(before)) {
        return twice(now);
      }
      return new IllegalStateException(
          now
              + " conflicts with "
              + before
              + ", called before: "
              + (now.startsWith("store") || "store(URI)".equals(before)
                  ? "store(URI) opens both stores; use store(URI) alone, or metadata(..) and"
                      + " blobs(..)"
                  : "set each store once"));
    }

    private static IllegalStateException twice(String option) {
      return new IllegalStateException(option + " was already called; set each option once");
    }

    private static void requireScheme(URI uri) {
      Objects.requireNonNull(uri, "uri");
      if (uri.getScheme() == null) {
        throw new IllegalArgumentException(
            "URI '"
                + uri
                + "' has no scheme; use e.g. file:/var/lib/app/.mlops, mem:/,"
                + " sqlite:/var/lib/app/metadata.db or postgresql://host:5432/mlops");
      }
    }
  }
}
