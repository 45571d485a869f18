package dev.mlops.core.storage;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.artifact.Digest;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.Durability;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StorageConfig;
import dev.mlops.spi.StorageProvider;
import dev.mlops.spi.TransactionWork;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The {@code mem} scheme: both stores in this process's memory (durability {@link
 * Durability#NONE}). {@code mem:/} opens fresh, private stores every time; {@code mem:name} opens
 * the stores of that name, shared by every opener in this JVM until the last one is closed (then
 * they are dropped). {@code mem:} alone is not a legal {@link URI}; {@code mem:/} stands for it.
 * Takes no options; asking for more durability than NONE is refused.
 *
 * <p>Thread-safe; cheap to construct.
 *
 * <pre>{@code
 * Mlops mlops = Mlops.builder().store(URI.create("mem:shared-test-store")).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MemoryStorageProvider implements StorageProvider {
  /** The scheme. */
  public static final String SCHEME = "mem";

  private static final Object LOCK = new Object();
  private static final Map<String, Shared> SHARED = new HashMap<>();

  /** Creates the provider (ServiceLoader calls this). */
  public MemoryStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of(SCHEME);
  }

  @Override
  public MetadataStore openMetadata(StorageConfig config) {
    String name = parse(config);
    if (name.isEmpty()) {
      return InMemoryMetadataStore.create();
    }
    Shared shared = acquire(name);
    return new SharedMetadata(shared);
  }

  @Override
  public BlobStore openBlobs(StorageConfig config) {
    String name = parse(config);
    if (name.isEmpty()) {
      return InMemoryBlobStore.create();
    }
    Shared shared = acquire(name);
    return new SharedBlobs(shared);
  }

  /** Returns the store name, or "" for the anonymous {@code mem:/}. */
  private static String parse(StorageConfig config) {
    URI uri = config.uri();
    StorageUris.options(config, Set.of());
    StorageUris.requireDurabilityAtMost(
        config,
        Durability.NONE,
        "use file:/dir (the embedded default) for a store that survives the process");
    if (uri.getRawFragment() != null) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' has a fragment ('#...'), which means nothing here; remove it");
    }
    if (uri.isOpaque()) {
      String name = uri.getRawSchemeSpecificPart();
      return Names.requireName(name, "in-memory store name");
    }
    if ("/".equals(uri.getRawPath()) && uri.getRawAuthority() == null) {
      return "";
    }
    throw InvalidInputException.of(
        "uri",
        "'"
            + uri
            + "' is not an in-memory store URI; use mem:/ for a private store or mem:name for one"
            + " shared by name in this JVM");
  }

  private static Shared acquire(String name) {
    synchronized (LOCK) {
      Shared shared =
          SHARED.computeIfAbsent(
              name, n -> new Shared(n, InMemoryMetadataStore.create(), InMemoryBlobStore.create()));
      shared.references++;
      return shared;
    }
  }

  private static void release(Shared shared) {
    synchronized (LOCK) {
      shared.references--;
      if (shared.references == 0 && SHARED.get(shared.name) == shared) {
        SHARED.remove(shared.name);
        shared.metadata.close();
        shared.blobs.close();
      }
    }
  }

  /** The stores of one name and how many open handles use them; guarded by LOCK. */
  private static final class Shared {
    final String name;
    final MetadataStore metadata;
    final BlobStore blobs;
    int references;

    Shared(String name, MetadataStore metadata, BlobStore blobs) {
      this.name = name;
      this.metadata = metadata;
      this.blobs = blobs;
    }
  }

  /** One handle on a shared metadata store; closing it releases the handle. */
  private static final class SharedMetadata implements MetadataStore {
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedMetadata(Shared shared) {
      this.shared = shared;
    }

    private MetadataStore delegate() {
      if (closed.get()) {
        throw new IllegalStateException(
            "the in-memory metadata store 'mem:" + shared.name + "' was closed");
      }
      return shared.metadata;
    }

    @Override
    public <T> T inTransaction(TransactionWork<T> work) {
      return delegate().inTransaction(work);
    }

    @Override
    public <T> T read(TransactionWork<T> work) {
      return delegate().read(work);
    }

    @Override
    public Durability durability() {
      return shared.metadata.durability();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(shared);
      }
    }
  }

  /** One handle on a shared blob store; closing it releases the handle. */
  private static final class SharedBlobs implements BlobStore {
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    SharedBlobs(Shared shared) {
      this.shared = shared;
    }

    private BlobStore delegate() {
      if (closed.get()) {
        throw new IllegalStateException(
            "the in-memory blob store 'mem:" + shared.name + "' was closed");
      }
      return shared.blobs;
    }

    @Override
    public Digest put(InputStream in) {
      return delegate().put(in);
    }

    @Override
    public Digest put(InputStream in, Digest expected) {
      return delegate().put(in, expected);
    }

    @Override
    public Digest put(Path file) {
      return delegate().put(file);
    }

    @Override
    public InputStream open(Digest digest) {
      return delegate().open(digest);
    }

    @Override
    public boolean exists(Digest digest) {
      return delegate().exists(digest);
    }

    @Override
    public long size(Digest digest) {
      return delegate().size(digest);
    }

    @Override
    public boolean delete(Digest digest) {
      return delegate().delete(digest);
    }

    @Override
    public Stream<Digest> digests() {
      return delegate().digests();
    }

    @Override
    public Durability durability() {
      return shared.blobs.durability();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(shared);
      }
    }
  }
}
