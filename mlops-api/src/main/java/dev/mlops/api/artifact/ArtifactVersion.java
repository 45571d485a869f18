package dev.mlops.api.artifact;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One stored version of an artifact: its metadata and the digest of its bytes. Versions of a name
 * are numbered 1, 2, 3 ... without gaps; a deleted version keeps its number as a tombstone ({@link
 * #deletedAt()} is set) and its bytes may be gone.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ArtifactVersion v = artifacts.latest("training-data").orElseThrow();
 * System.out.println(v.ref() + " " + v.digest() + " " + v.size() + " bytes");
 * }</pre>
 *
 * @param name the artifact name
 * @param version the version number, 1 or more
 * @param kind what the artifact is, e.g. {@link #KIND_DATASET} or {@link #KIND_MODEL}
 * @param digest the SHA-256 of the full content
 * @param size the content length in bytes
 * @param mediaType the media type, e.g. {@code text/csv}
 * @param properties free-form string properties (keys follow {@link Names#requireKey})
 * @param createdAt when the version was created, on the injected clock
 * @param createdByRun the id of the run that created it, or null
 * @param deletedAt when it was deleted, or null while it is live
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ArtifactVersion(
    String name,
    long version,
    String kind,
    Digest digest,
    long size,
    String mediaType,
    Map<String, String> properties,
    Instant createdAt,
    @Nullable String createdByRun,
    @Nullable Instant deletedAt) {

  /** Kind of a data set. */
  public static final String KIND_DATASET = "dataset";

  /** Kind of a trained model. */
  public static final String KIND_MODEL = "model";

  /** Kind of a data profile. */
  public static final String KIND_PROFILE = "profile";

  /** Kind of a report (see the report contract in the design). */
  public static final String KIND_REPORT = "report";

  /** Kind of a metrics file. */
  public static final String KIND_METRICS = "metrics";

  /** Kind of any other file. */
  public static final String KIND_FILE = "file";

  /**
   * Validates the fields and copies the properties.
   *
   * @throws dev.mlops.api.InvalidInputException if the name, kind or a property is illegal
   * @throws IllegalArgumentException if the version is below 1 or the size is negative
   */
  public ArtifactVersion {
    Names.requireName(name, "artifact name");
    if (version < 1) {
      throw new IllegalArgumentException("artifact version numbers start at 1, but got " + version);
    }
    Names.requireName(kind, "artifact kind");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, but was " + size);
    }
    Names.requireValue(mediaType, "media type", 255);
    properties = Map.copyOf(properties);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Returns the reference to this version.
   *
   * @return {@code name:version}
   */
  public ArtifactRef ref() {
    return new ArtifactRef(name, version);
  }

  /**
   * Returns whether this version was deleted (a tombstone).
   *
   * @return true for a tombstone
   */
  public boolean isDeleted() {
    return deletedAt != null;
  }

  /**
   * Returns the creating run's id.
   *
   * @return the run id, if any
   */
  public Optional<String> createdByRunId() {
    return Optional.ofNullable(createdByRun);
  }

  /**
   * Returns a copy marked deleted at the given time.
   *
   * @param at the deletion time
   * @return the tombstone
   */
  public ArtifactVersion withDeletedAt(Instant at) {
    return new ArtifactVersion(
        name, version, kind, digest, size, mediaType, properties, createdAt, createdByRun, at);
  }
}
