package dev.mlops.api.artifact;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Versioned artifacts: put bytes under a name and get them back by name and version. Each put of a
 * name creates its next version (1, 2, 3 ... with no gaps and no duplicates, even under concurrent
 * writers in several processes). The bytes are content-addressed: identical bytes are stored once,
 * however many versions name them.
 *
 * <p>Implementations must be thread-safe; share one instance. A put is visible to every reader
 * (thread or process) once it returns, and never before: a reader sees a version with all of its
 * metadata and bytes, or not at all. Listings are consistent snapshots of the moment they were
 * taken. Names, kinds, media types and properties are checked before anything is written ({@link
 * dev.mlops.api.Names}); rejected input leaves the store untouched.
 *
 * <pre>{@code
 * ArtifactRepository artifacts = mlops.artifacts();
 * ArtifactVersion v = artifacts.put("training-data", ArtifactVersion.KIND_DATASET, "text/csv",
 *     Path.of("train.csv"), Map.of("rows", "1461"));
 * try (InputStream in = artifacts.open("training-data", v.version())) { // verified while read
 *   in.transferTo(out);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ArtifactRepository {

  /**
   * Stores the bytes of a stream as the next version of an artifact. The stream is read to its end
   * and not closed. The bytes are durable before the version that names them is created.
   *
   * @param name the artifact name ({@link dev.mlops.api.Names#requireName})
   * @param kind what it is ({@link dev.mlops.api.Names#requireName}), e.g. {@link
   *     ArtifactVersion#KIND_DATASET}
   * @param mediaType the media type, e.g. {@code text/csv}, at most 255 characters
   * @param content the bytes
   * @param properties free-form properties: keys follow {@link dev.mlops.api.Names#requireKey},
   *     values at most {@value dev.mlops.api.Names#MAX_VALUE_LENGTH} characters
   * @return the created version
   * @throws dev.mlops.api.InvalidInputException if the name, kind, media type or a property is
   *     illegal; nothing is written
   * @throws dev.mlops.api.StorageException if the bytes cannot be read or the store written
   * @throws NullPointerException if an argument, a property key or a property value is null
   * @throws dev.mlops.api.ConflictException if a concurrent {@link #delete} removed the same bytes
   *     before this version was created; nothing was written, put again
   */
  ArtifactVersion put(
      String name,
      String kind,
      String mediaType,
      InputStream content,
      Map<String, String> properties);

  /**
   * Stores the bytes of a file as the next version of an artifact. When identical bytes are already
   * stored, the file is only hashed, never copied.
   *
   * @param name the artifact name ({@link dev.mlops.api.Names#requireName})
   * @param kind what it is ({@link dev.mlops.api.Names#requireName})
   * @param mediaType the media type, at most 255 characters
   * @param file a regular file
   * @param properties free-form properties, as for {@link #put(String, String, String, InputStream,
   *     Map)}
   * @return the created version
   * @throws dev.mlops.api.InvalidInputException if the name, kind, media type or a property is
   *     illegal, or the file does not exist, is not a regular file or changed while being stored;
   *     nothing is written
   * @throws dev.mlops.api.StorageException if the file cannot be read or the store written
   * @throws NullPointerException if an argument, a property key or a property value is null
   * @throws dev.mlops.api.ConflictException if a concurrent {@link #delete} removed the same bytes
   *     before this version was created; nothing was written, put again
   */
  ArtifactVersion put(
      String name, String kind, String mediaType, Path file, Map<String, String> properties);

  /**
   * Finds a version, live or deleted (a tombstone, {@link ArtifactVersion#isDeleted()}).
   *
   * @param name the artifact name
   * @param version the version number
   * @return the version, if it was ever created
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  Optional<ArtifactVersion> find(String name, long version);

  /**
   * Returns a version, live or deleted.
   *
   * @param name the artifact name
   * @param version the version number
   * @return the version
   * @throws dev.mlops.api.NotFoundException if it was never created; the message names the latest
   *     version of the artifact
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  ArtifactVersion get(String name, long version);

  /**
   * Finds the greatest live (not deleted) version of an artifact.
   *
   * @param name the artifact name
   * @return the latest live version, if any
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  Optional<ArtifactVersion> latest(String name);

  /**
   * Opens the bytes of a live version. The stream checks the digest as it is read and throws {@link
   * dev.mlops.api.CorruptArtifactException} from {@code read} when the bytes do not match; read to
   * the end to get that guarantee.
   *
   * @param name the artifact name
   * @param version the version number
   * @return a stream of the bytes, to be closed by the caller
   * @throws dev.mlops.api.NotFoundException if the version was never created, or was deleted (the
   *     message says so)
   * @throws dev.mlops.api.CorruptArtifactException if the version's bytes are missing from the blob
   *     store
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws dev.mlops.api.StorageException if the bytes cannot be opened
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  InputStream open(String name, long version);

  /**
   * Lists every version of an artifact, tombstones included, by ascending version.
   *
   * @param name the artifact name
   * @return the versions; empty for a name that has none
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  List<ArtifactVersion> versions(String name);

  /**
   * Points an alias of an artifact at one of its live versions, moving it atomically if it pointed
   * elsewhere; audited as {@code artifact.alias.set}.
   *
   * @param name the artifact name
   * @param alias the alias, a name ({@link dev.mlops.api.Names#requireName})
   * @param version the version
   * @return the version the alias pointed at before, if any
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   * @throws dev.mlops.api.NotFoundException if the version does not exist or is deleted
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  Optional<Long> setAlias(String name, String alias, long version);

  /**
   * Finds the version an alias points at.
   *
   * @param name the artifact name
   * @param alias the alias
   * @return the version, if the alias exists
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   */
  Optional<ArtifactVersion> byAlias(String name, String alias);

  /**
   * Removes an alias; audited as {@code artifact.alias.removed} when it existed.
   *
   * @param name the artifact name
   * @param alias the alias
   * @return the version it pointed at, if it existed
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   */
  Optional<Long> removeAlias(String name, String alias);

  /**
   * Deletes a version explicitly: it becomes a tombstone that keeps its number (never reused), an
   * audit event {@code artifact.version.deleted} records who, when and why, and its bytes are
   * removed from the blob store only when no other live version has the same digest. Deleting a
   * tombstone again returns it and records nothing.
   *
   * <p>Bytes are removed after the tombstone commits, in a second transaction that holds the audit
   * head lock while it checks again that no live version references the digest; a put holds the
   * same lock while it checks that its bytes still exist, so a concurrent put of the same bytes
   * either keeps them (it committed first) or fails with {@link dev.mlops.api.ConflictException}
   * and nothing written (retry it).
   *
   * @param name the artifact name
   * @param version the version
   * @param reason why, recorded in the audit log
   * @return the tombstone
   * @throws dev.mlops.api.InvalidInputException if the name or reason is illegal
   * @throws dev.mlops.api.NotFoundException if the version was never created
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  ArtifactVersion delete(String name, long version, String reason);

  /**
   * Links an artifact version (typically a report) to a registered model version, so that promotion
   * guards see it; audited as {@code artifact.linked}. Stored as a lineage event: the artifact is
   * an input of the model version, which appears in lineage graphs as an execution named {@code
   * model-version.<model>.v<version>}. Linking twice keeps the first link.
   *
   * @param artifact the artifact version; must exist and not be deleted
   * @param modelName the registered model
   * @param modelVersion the model version
   * @throws dev.mlops.api.InvalidInputException if a name is illegal
   * @throws dev.mlops.api.NotFoundException if the artifact or model version does not exist, or the
   *     artifact version is deleted
   * @throws IllegalArgumentException if {@code modelVersion} is below 1
   */
  void link(ArtifactRef artifact, String modelName, long modelVersion);

  /**
   * Records that an artifact version was computed from another (a monitoring window from its
   * reference dataset, a report from the data it describes), so that lineage finds one from the
   * other: {@link dev.mlops.api.lineage.Lineage#downstream} of {@code source} includes {@code
   * derived}, and {@link dev.mlops.api.lineage.Lineage#upstream} of {@code derived} includes {@code
   * source}; audited as {@code artifact.derived}. Stored as lineage events of an execution that
   * stands for the derived version, named {@code derived.<name>.v<version>} (reserved, {@link
   * dev.mlops.api.lineage.Lineage#DERIVED_EXECUTION_PREFIX}): {@code source} is its input and
   * {@code derived} its output. A version may be derived from several sources; recording the same
   * pair again writes nothing.
   *
   * <pre>{@code
   * ArtifactVersion window = artifacts.put("churn-monitor", "monitor-window", "application/json",
   *     json, Map.of());
   * artifacts.linkDerivedFrom(window.ref(), ArtifactRef.of("churn-train", 12));
   * mlops.lineage().downstream(ArtifactRef.of("churn-train", 12), 1); // includes the window
   * }</pre>
   *
   * @param derived the artifact version computed from {@code source}; must exist and not be deleted
   * @param source the artifact version it was computed from; must exist and not be deleted
   * @throws dev.mlops.api.NotFoundException if either version does not exist or is deleted; nothing
   *     is written
   * @throws IllegalArgumentException if {@code derived} and {@code source} are the same version
   * @throws NullPointerException if an argument is null
   */
  void linkDerivedFrom(ArtifactRef derived, ArtifactRef source);

  /**
   * Returns the artifact versions linked to a model version, oldest link first.
   *
   * @param modelName the registered model
   * @param modelVersion the model version
   * @return the linked artifact versions
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws IllegalArgumentException if {@code modelVersion} is below 1
   */
  List<ArtifactRef> linked(String modelName, long modelVersion);
}
