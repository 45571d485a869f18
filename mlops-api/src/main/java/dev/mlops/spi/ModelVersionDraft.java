package dev.mlops.spi;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A model version to register; the store assigns its version number and stage {@code NONE}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * var draft = new ModelVersionDraft("churn", ArtifactRef.of("churn-model", 4), runId, null,
 *     Map.of(), clock.instant());
 * }</pre>
 *
 * @param modelName the registered model
 * @param artifact the model artifact version
 * @param runId the producing run, or null
 * @param description a description, or null
 * @param tags free-form tags
 * @param createdAt the registration time, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ModelVersionDraft(
    String modelName,
    ArtifactRef artifact,
    @Nullable String runId,
    @Nullable String description,
    Map<String, String> tags,
    Instant createdAt) {
  /**
   * Validates the fields and copies the tags.
   *
   * @throws dev.mlops.api.InvalidInputException if a name, key or value is illegal
   */
  public ModelVersionDraft {
    Names.requireName(modelName, "registered model name");
    Objects.requireNonNull(artifact, "artifact");
    if (runId != null) {
      Names.requireName(runId, "run id");
    }
    if (description != null) {
      Names.requireValue(description, "model version description", Names.MAX_VALUE_LENGTH);
    }
    tags.forEach(
        (k, v) -> {
          Names.requireKey(k, "tag key");
          Names.requireValue(v, "tag '" + k + "'", Names.MAX_VALUE_LENGTH);
        });
    tags = Map.copyOf(tags);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
