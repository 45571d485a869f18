package dev.mlops.api.registry;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A version of a registered model: a model artifact version tied to the run that produced it.
 * Versions of one model are numbered 1, 2, 3 ... without gaps.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ModelVersion v = registry.version("churn", 3);
 * ArtifactRef bytes = v.artifact();
 * }</pre>
 *
 * @param modelName the registered model
 * @param version the version number, 1 or more
 * @param artifact the model artifact version
 * @param runId the run that produced it, or null
 * @param description a description, or null
 * @param tags free-form tags (keys follow {@link Names#requireKey})
 * @param stage the current stage
 * @param createdAt when it was registered, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ModelVersion(
    String modelName,
    long version,
    ArtifactRef artifact,
    @Nullable String runId,
    @Nullable String description,
    Map<String, String> tags,
    Stage stage,
    Instant createdAt) {
  /**
   * Validates the fields and copies the tags.
   *
   * @throws dev.mlops.api.InvalidInputException if a name, tag or the description is illegal
   * @throws IllegalArgumentException if the version is below 1
   */
  public ModelVersion {
    Names.requireName(modelName, "registered model name");
    if (version < 1) {
      throw new IllegalArgumentException("model version numbers start at 1, but got " + version);
    }
    Objects.requireNonNull(artifact, "artifact");
    if (runId != null) {
      Names.requireName(runId, "run id");
    }
    if (description != null) {
      Names.requireValue(description, "model version description", Names.MAX_VALUE_LENGTH);
    }
    tags = Map.copyOf(tags);
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /**
   * Returns this version in another stage.
   *
   * @param newStage the stage
   * @return the changed version
   */
  public ModelVersion withStage(Stage newStage) {
    return new ModelVersion(
        modelName, version, artifact, runId, description, tags, newStage, createdAt);
  }
}
