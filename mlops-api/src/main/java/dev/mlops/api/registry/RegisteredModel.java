package dev.mlops.api.registry;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A model name in the registry, under which model versions are registered.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * RegisteredModel m = new RegisteredModel("churn", "predicts churn in 30 days", now);
 * }</pre>
 *
 * @param name the unique name ({@link Names#requireName})
 * @param description a description, or null
 * @param createdAt when it was created, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record RegisteredModel(String name, @Nullable String description, Instant createdAt) {
  /**
   * Validates the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if the name or description is illegal
   */
  public RegisteredModel {
    Names.requireName(name, "registered model name");
    if (description != null) {
      Names.requireValue(description, "model description", Names.MAX_VALUE_LENGTH);
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
