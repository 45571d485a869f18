package dev.mlops.core;

import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.BlobStore;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ArtifactRepository} over a blob store and a metadata store.
 *
 * <p>A put checks every argument first, then stores the bytes (durable when the blob store returns)
 * and only then creates the version in one metadata transaction, so no version ever names bytes
 * that are not stored. The same transaction appends the audit event {@code
 * artifact.version.created} (subject {@code artifact:<name>:<version>}, details digest, size and
 * kind), so the event exists exactly when the version does. When the metadata write fails, the
 * bytes stay in the blob store: they are content-addressed, so a retry reuses them, and {@link
 * Fsck} reports them as unreferenced until then. Thread-safe: it holds no mutable state of its own.
 */
final class StoreArtifactRepository implements ArtifactRepository {
  private static final Logger LOG = LoggerFactory.getLogger(StoreArtifactRepository.class);
  private static final int MEDIA_TYPE_MAX_LENGTH = 255;

  private final MetadataStore metadata;
  private final BlobStore blobs;
  private final InstantSource clock;
  private final Runnable ensureOpen;
  private final AuditChain audit;
  private final String actor;

  StoreArtifactRepository(
      MetadataStore metadata,
      BlobStore blobs,
      InstantSource clock,
      Runnable ensureOpen,
      AuditChain audit,
      String actor) {
    this.metadata = metadata;
    this.blobs = blobs;
    this.clock = clock;
    this.ensureOpen = ensureOpen;
    this.audit = audit;
    this.actor = actor;
  }

  @Override
  public ArtifactVersion put(
      String name,
      String kind,
      String mediaType,
      InputStream content,
      Map<String, String> properties) {
    Map<String, String> props = validate(name, kind, mediaType, properties);
    Objects.requireNonNull(content, "content");
    ensureOpen.run();
    Digest digest = blobs.put(content);
    return create(name, kind, mediaType, digest, props);
  }

  @Override
  public ArtifactVersion put(
      String name, String kind, String mediaType, Path file, Map<String, String> properties) {
    Map<String, String> props = validate(name, kind, mediaType, properties);
    Objects.requireNonNull(file, "file");
    ensureOpen.run();
    Digest digest = blobs.put(file);
    return create(name, kind, mediaType, digest, props);
  }

  private ArtifactVersion create(
      String name, String kind, String mediaType, Digest digest, Map<String, String> props) {
    long size = blobs.size(digest);
    ArtifactVersionDraft draft =
        new ArtifactVersionDraft(name, kind, digest, size, mediaType, props, clock.instant(), null);
    ArtifactVersion created =
        metadata.inTransaction(
            tx -> {
              ArtifactVersion v = tx.createArtifactVersion(draft);
              audit.append(
                  tx,
                  draft.createdAt(),
                  actor,
                  "artifact.version.created",
                  "artifact:" + v.name() + ":" + v.version(),
                  Map.of("digest", digest.toString(), "size", Long.toString(size), "kind", kind));
              return v;
            });
    LOG.debug("stored artifact {} ({}, {} bytes)", created.ref(), digest, size);
    return created;
  }

  /** Checks everything a put writes, before it writes anything; returns the copied properties. */
  private static Map<String, String> validate(
      String name, String kind, String mediaType, Map<String, String> properties) {
    Names.requireName(name, "artifact name");
    Names.requireName(kind, "artifact kind");
    Names.requireValue(mediaType, "media type", MEDIA_TYPE_MAX_LENGTH);
    Objects.requireNonNull(properties, "properties");
    Map<String, String> copy = Map.copyOf(properties); // a stable snapshot, null-free
    copy.forEach(
        (k, v) -> {
          Names.requireKey(k, "property key");
          Names.requireValue(v, "property '" + k + "'", Names.MAX_VALUE_LENGTH);
        });
    return copy;
  }

  private static void checkLookup(String name, long version) {
    Names.requireName(name, "artifact name");
    if (version < 1) {
      throw new IllegalArgumentException(
          "artifact version numbers start at 1, but got " + version + " for '" + name + "'");
    }
  }

  @Override
  public Optional<ArtifactVersion> find(String name, long version) {
    checkLookup(name, version);
    ensureOpen.run();
    return metadata.read(tx -> tx.findArtifactVersion(name, version));
  }

  @Override
  public ArtifactVersion get(String name, long version) {
    checkLookup(name, version);
    ensureOpen.run();
    Lookup lookup =
        metadata.read(
            tx -> {
              Optional<ArtifactVersion> found = tx.findArtifactVersion(name, version);
              return found.isPresent()
                  ? new Lookup(found.get(), null)
                  : new Lookup(null, greatestVersion(tx, name));
            });
    if (lookup.version == null) {
      throw NotFoundException.artifactVersion(name, version, lookup.greatest);
    }
    return lookup.version;
  }

  /** A version, or the greatest version number of the name when it was not found. */
  private record Lookup(@Nullable ArtifactVersion version, @Nullable Long greatest) {}

  /** Returns the greatest version number ever created for a name, tombstones included. */
  private static @Nullable Long greatestVersion(MetadataTransaction tx, String name) {
    long greatest = tx.findLatestArtifactVersion(name).map(ArtifactVersion::version).orElse(0L);
    while (true) {
      List<ArtifactVersion> page =
          tx.listArtifactVersions(name, greatest, MetadataTransaction.MAX_PAGE);
      if (page.isEmpty()) {
        break;
      }
      greatest = page.get(page.size() - 1).version();
      if (page.size() < MetadataTransaction.MAX_PAGE) {
        break;
      }
    }
    return greatest == 0 ? null : greatest;
  }

  @Override
  public Optional<ArtifactVersion> latest(String name) {
    Names.requireName(name, "artifact name");
    ensureOpen.run();
    return metadata.read(tx -> tx.findLatestArtifactVersion(name));
  }

  @Override
  public InputStream open(String name, long version) {
    ArtifactVersion v = get(name, version);
    if (v.isDeleted()) {
      throw new NotFoundException(
          "artifact '" + name + "' version " + version,
          "artifact '"
              + name
              + "' version "
              + version
              + " was deleted at "
              + v.deletedAt()
              + "; its bytes are no longer served; open another version (see versions(\""
              + name
              + "\"))");
    }
    try {
      return blobs.open(v.digest());
    } catch (NotFoundException e) {
      throw new CorruptArtifactException(
          v.digest().toString(),
          "missing",
          "artifact "
              + v.ref()
              + " names blob "
              + v.digest()
              + ", which is missing from the blob store; restore the blob store from a backup,"
              + " or put the original bytes again (run fsck to find every missing blob)");
    }
  }

  @Override
  public List<ArtifactVersion> versions(String name) {
    Names.requireName(name, "artifact name");
    ensureOpen.run();
    return metadata.read(
        tx -> {
          List<ArtifactVersion> all = new ArrayList<>();
          long after = 0;
          while (true) {
            List<ArtifactVersion> page =
                tx.listArtifactVersions(name, after, MetadataTransaction.MAX_PAGE);
            all.addAll(page);
            if (page.size() < MetadataTransaction.MAX_PAGE) {
              return List.copyOf(all);
            }
            after = page.get(page.size() - 1).version();
          }
        });
  }
}
