package dev.mlops.core;

import dev.mlops.api.ConflictException;
import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
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
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ArtifactRepository} over a blob store and a metadata store.
 *
 * <p>A put checks every argument first, then stores the bytes (durable when the blob store returns)
 * and only then creates the version in one metadata transaction, so no version ever names bytes
 * that are not stored. When the metadata write fails, the bytes stay in the blob store: they are
 * content-addressed, so a retry reuses them, and {@link Fsck} reports them as unreferenced until
 * then. Thread-safe: it holds no mutable state of its own.
 *
 * <p>Deletion removes bytes in a second transaction that holds the audit head lock while it checks
 * that no live version names the digest; a put holds the same lock while it checks that its bytes
 * still exist and creates its version. So a put racing the deletion of other bytes-equal versions
 * either commits first (and the bytes are kept) or finds the bytes gone and fails with {@link
 * ConflictException} having written nothing. The residual cost: such a put must be repeated by the
 * caller (its stream is consumed). Every put, deletion, alias change and link appends its audit
 * event in the transaction of the change.
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
    return create(name, kind, mediaType, digest, props, null);
  }

  @Override
  public ArtifactVersion put(
      String name, String kind, String mediaType, Path file, Map<String, String> properties) {
    Map<String, String> props = validate(name, kind, mediaType, properties);
    Objects.requireNonNull(file, "file");
    ensureOpen.run();
    Digest digest = blobs.put(file);
    return create(name, kind, mediaType, digest, props, null);
  }

  /**
   * The writer of a run output: the run id, and a check run inside the creating transaction (that
   * the run exists and is running), which throws to abort it.
   */
  record RunOutput(String runId, Consumer<MetadataTransaction> check) {}

  /**
   * Stores a run's output: checks the arguments, runs {@code output.check} in a read transaction
   * before storing any bytes, stores them, then in one transaction runs the check again, creates
   * the version with {@code createdByRun} set, records the OUTPUT lineage event of the run, and
   * appends the audit events of both. Either all of it commits or none.
   */
  ArtifactVersion putFromRun(
      RunOutput output,
      String name,
      String kind,
      String mediaType,
      InputStream content,
      Map<String, String> properties) {
    Map<String, String> props = validate(name, kind, mediaType, properties);
    Objects.requireNonNull(content, "content");
    ensureOpen.run();
    metadata.read(
        tx -> {
          output.check().accept(tx);
          return null;
        });
    Digest digest = blobs.put(content);
    return create(name, kind, mediaType, digest, props, output);
  }

  /** As {@link #putFromRun(RunOutput, String, String, String, InputStream, Map)}, from a file. */
  ArtifactVersion putFromRun(
      RunOutput output,
      String name,
      String kind,
      String mediaType,
      Path file,
      Map<String, String> properties) {
    Map<String, String> props = validate(name, kind, mediaType, properties);
    Objects.requireNonNull(file, "file");
    ensureOpen.run();
    metadata.read(
        tx -> {
          output.check().accept(tx);
          return null;
        });
    Digest digest = blobs.put(file);
    return create(name, kind, mediaType, digest, props, output);
  }

  private ArtifactVersion create(
      String name,
      String kind,
      String mediaType,
      Digest digest,
      Map<String, String> props,
      @Nullable RunOutput output) {
    ArtifactVersion created =
        metadata.inTransaction(
            tx -> {
              if (output != null) {
                output.check().accept(tx);
              }
              // Lock the audit head first: a delete removes bytes only while holding it, so the
              // bytes either exist now (and that delete will see the version created here) or
              // were removed, and no version may name them.
              tx.lockAuditHead();
              long size;
              try {
                size = blobs.size(digest);
              } catch (NotFoundException e) {
                throw ConflictException.of(
                    "the bytes of artifact '"
                        + name
                        + "' ("
                        + digest
                        + ") were removed by a concurrent delete of another version with the same"
                        + " content before this version was created; nothing was written: put"
                        + " again");
              }
              ArtifactVersionDraft draft =
                  new ArtifactVersionDraft(
                      name,
                      kind,
                      digest,
                      size,
                      mediaType,
                      props,
                      clock.instant(),
                      output == null ? null : output.runId());
              ArtifactVersion v = tx.createArtifactVersion(draft);
              audit.append(
                  tx,
                  draft.createdAt(),
                  actor,
                  "artifact.version.created",
                  "artifact:" + v.name() + ":" + v.version(),
                  Map.of("kind", kind, "digest", digest.toString(), "size", Long.toString(size)));
              if (output != null) {
                DefaultLineage.recordIn(
                    tx, audit, actor, draft.createdAt(), output.runId(), v.ref(), Direction.OUTPUT);
              }
              return v;
            });
    LOG.debug("stored artifact {} ({}, {} bytes)", created.ref(), digest, created.size());
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

  /**
   * Returns a live artifact version, or throws {@link NotFoundException} naming it (and the
   * greatest version of its name) when it was never created or is deleted; {@code use} says what
   * the caller wanted to do with it.
   */
  static ArtifactVersion requireLive(MetadataTransaction tx, ArtifactRef artifact, String use) {
    ArtifactVersion v =
        tx.findArtifactVersion(artifact.name(), artifact.version())
            .orElseThrow(
                () ->
                    NotFoundException.artifactVersion(
                        artifact.name(), artifact.version(), greatestVersion(tx, artifact.name())));
    if (v.isDeleted()) {
      throw new NotFoundException(
          artifact.toString(),
          "artifact " + artifact + " is deleted; " + use + " a live version instead");
    }
    return v;
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

  @Override
  public Optional<Long> setAlias(String name, String alias, long version) {
    checkLookup(name, version);
    Names.requireName(alias, "artifact alias");
    ensureOpen.run();
    return metadata.inTransaction(
        tx -> {
          ArtifactVersion v =
              tx.findArtifactVersion(name, version)
                  .orElseThrow(
                      () ->
                          NotFoundException.artifactVersion(
                              name, version, greatestVersion(tx, name)));
          if (v.isDeleted()) {
            throw new NotFoundException(
                v.ref().toString(),
                "artifact "
                    + v.ref()
                    + " is deleted; point alias '"
                    + alias
                    + "' at a live version (see versions(\""
                    + name
                    + "\"))");
          }
          Optional<Long> before = tx.setArtifactAlias(name, alias, version);
          Map<String, String> details = new TreeMap<>();
          details.put("alias", alias);
          details.put("to", Long.toString(version));
          before.ifPresent(b -> details.put("from", Long.toString(b)));
          audit.append(tx, clock.instant(), actor, "artifact.alias.set", name, details);
          return before;
        });
  }

  @Override
  public Optional<ArtifactVersion> byAlias(String name, String alias) {
    Names.requireName(name, "artifact name");
    Names.requireName(alias, "artifact alias");
    ensureOpen.run();
    return metadata.read(
        tx -> tx.findArtifactAlias(name, alias).flatMap(v -> tx.findArtifactVersion(name, v)));
  }

  @Override
  public Optional<Long> removeAlias(String name, String alias) {
    Names.requireName(name, "artifact name");
    Names.requireName(alias, "artifact alias");
    ensureOpen.run();
    return metadata.inTransaction(
        tx -> {
          Optional<Long> before = tx.removeArtifactAlias(name, alias);
          before.ifPresent(
              b ->
                  audit.append(
                      tx,
                      clock.instant(),
                      actor,
                      "artifact.alias.removed",
                      name,
                      Map.of("alias", alias, "from", Long.toString(b))));
          return before;
        });
  }

  @Override
  public ArtifactVersion delete(String name, long version, String reason) {
    checkLookup(name, version);
    Names.requireValue(reason, "deletion reason", Names.MAX_VALUE_LENGTH);
    ensureOpen.run();
    Deletion deletion =
        metadata.inTransaction(
            tx -> {
              ArtifactVersion v =
                  tx.findArtifactVersion(name, version)
                      .orElseThrow(
                          () ->
                              NotFoundException.artifactVersion(
                                  name, version, greatestVersion(tx, name)));
              if (v.isDeleted()) {
                return new Deletion(v, false);
              }
              var now = clock.instant();
              ArtifactVersion tomb = tx.markArtifactVersionDeleted(name, version, now);
              audit.append(
                  tx,
                  now,
                  actor,
                  "artifact.version.deleted",
                  v.ref().toString(),
                  Map.of("digest", v.digest().toString(), "reason", reason));
              return new Deletion(tomb, tx.liveArtifactVersionsWithDigest(v.digest()).isEmpty());
            });
    if (deletion.bytesUnreferenced) {
      removeBytesIfUnreferenced(deletion.tombstone.digest());
    }
    return deletion.tombstone;
  }

  private record Deletion(ArtifactVersion tombstone, boolean bytesUnreferenced) {}

  /**
   * Removes bytes while holding the audit head lock, after checking again that no live version
   * names them. A put holds the same lock while it checks that its bytes exist, so the two never
   * interleave: see {@link #delete}.
   */
  private void removeBytesIfUnreferenced(Digest digest) {
    boolean removed =
        metadata.inTransaction(
            tx -> {
              tx.lockAuditHead();
              if (!tx.liveArtifactVersionsWithDigest(digest).isEmpty()) {
                return false;
              }
              return blobs.delete(digest);
            });
    LOG.debug("deleted the bytes {}: {}", digest, removed ? "removed" : "kept (still referenced)");
  }

  @Override
  public void link(ArtifactRef artifact, String modelName, long modelVersion) {
    Objects.requireNonNull(artifact, "artifact");
    Names.requireName(modelName, "registered model name");
    checkModelVersion(modelVersion);
    ensureOpen.run();
    String execution = ModelVersionLinks.executionId(modelName, modelVersion);
    metadata.inTransaction(
        tx -> {
          ArtifactVersion v =
              tx.findArtifactVersion(artifact.name(), artifact.version())
                  .orElseThrow(
                      () ->
                          NotFoundException.artifactVersion(
                              artifact.name(),
                              artifact.version(),
                              greatestVersion(tx, artifact.name())));
          if (v.isDeleted()) {
            throw new NotFoundException(
                artifact.toString(),
                "artifact " + artifact + " is deleted; link a live version instead");
          }
          if (tx.findModelVersion(modelName, modelVersion).isEmpty()) {
            throw NotFoundException.of(
                "registered model version", modelName + " version " + modelVersion);
          }
          boolean known =
              tx.lineageEventsOfExecution(execution).stream()
                  .anyMatch(e -> e.artifact().equals(artifact));
          if (known) {
            return null;
          }
          var now = clock.instant();
          tx.recordLineageEvent(new LineageEvent(execution, artifact, Direction.INPUT, now));
          audit.append(
              tx,
              now,
              actor,
              "artifact.linked",
              artifact.toString(),
              Map.of("model", modelName, "model_version", Long.toString(modelVersion)));
          return null;
        });
  }

  @Override
  public void linkDerivedFrom(ArtifactRef derived, ArtifactRef source) {
    Objects.requireNonNull(derived, "derived");
    Objects.requireNonNull(source, "source");
    if (derived.equals(source)) {
      throw new IllegalArgumentException(
          "artifact "
              + derived
              + " cannot be derived from itself; name the version it was"
              + " computed from");
    }
    ensureOpen.run();
    String execution = ModelVersionLinks.derivedExecutionId(derived.name(), derived.version());
    metadata.inTransaction(
        tx -> {
          requireLive(tx, derived, "link");
          requireLive(tx, source, "link");
          List<LineageEvent> events = tx.lineageEventsOfExecution(execution);
          boolean knownSource =
              events.stream()
                  .anyMatch(e -> e.direction() == Direction.INPUT && e.artifact().equals(source));
          boolean knownOutput =
              events.stream()
                  .anyMatch(e -> e.direction() == Direction.OUTPUT && e.artifact().equals(derived));
          if (knownSource && knownOutput) {
            return null;
          }
          var now = clock.instant();
          if (!knownOutput) {
            tx.recordLineageEvent(new LineageEvent(execution, derived, Direction.OUTPUT, now));
          }
          if (!knownSource) {
            tx.recordLineageEvent(new LineageEvent(execution, source, Direction.INPUT, now));
          }
          audit.append(
              tx,
              now,
              actor,
              "artifact.derived",
              derived.toString(),
              Map.of("source", source.toString(), "execution", execution));
          return null;
        });
  }

  @Override
  public List<ArtifactRef> linked(String modelName, long modelVersion) {
    Names.requireName(modelName, "registered model name");
    checkModelVersion(modelVersion);
    ensureOpen.run();
    String execution = ModelVersionLinks.executionId(modelName, modelVersion);
    return metadata.read(tx -> linkedIn(tx, execution));
  }

  static List<ArtifactRef> linkedIn(MetadataTransaction tx, String execution) {
    return tx.lineageEventsOfExecution(execution).stream()
        .filter(e -> e.direction() == Direction.INPUT)
        .map(LineageEvent::artifact)
        .distinct()
        .toList();
  }

  private static void checkModelVersion(long modelVersion) {
    if (modelVersion < 1) {
      throw new IllegalArgumentException(
          "model version numbers start at 1, but got " + modelVersion);
    }
  }
}
