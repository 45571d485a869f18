package dev.mlops.spi;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.Digest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * An artifact version to create; the store assigns its version number.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * var draft = new ArtifactVersionDraft("training-data", "dataset", digest, size, "text/csv",
 *     Map.of("rows", "1461"), clock.instant(), null);
 * }</pre>
 *
 * @param name the artifact name
 * @param kind the kind, e.g. {@code dataset}
 * @param digest the SHA-256 of the bytes, already durable in the blob store
 * @param size the length in bytes
 * @param mediaType the media type
 * @param properties free-form properties
 * @param createdAt the creation time, on the injected clock
 * @param createdByRun the creating run's id, or null
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ArtifactVersionDraft(
    String name,
    String kind,
    Digest digest,
    long size,
    String mediaType,
    Map<String, String> properties,
    Instant createdAt,
    @Nullable String createdByRun) {
  /**
   * Validates the fields and copies the properties.
   *
   * @throws dev.mlops.api.InvalidInputException if a name, key or value is illegal
   */
  public ArtifactVersionDraft {
    Names.requireName(name, "artifact name");
    Names.requireName(kind, "artifact kind");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, but was " + size);
    }
    Names.requireValue(mediaType, "media type", 255);
    properties.forEach(
        (k, v) -> {
          Names.requireKey(k, "property key");
          Names.requireValue(v, "property '" + k + "'", Names.MAX_VALUE_LENGTH);
        });
    properties = Map.copyOf(properties);
    Objects.requireNonNull(createdAt, "createdAt");
    if (createdByRun != null) {
      Names.requireName(createdByRun, "run id");
    }
  }
}
