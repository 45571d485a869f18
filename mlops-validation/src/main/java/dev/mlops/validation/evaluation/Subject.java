package dev.mlops.validation.evaluation;

import dev.mlops.api.Names;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The model version an evaluation is about: the {@code subject} of the report contract (DESIGN.md,
 * "Storage").
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Subject s = new Subject("churn", 7);
 * }</pre>
 *
 * @param model the registered model's name ({@link Names#requireName})
 * @param version the model version, at least 1
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Subject(String model, long version) {
  /**
   * Validates the subject.
   *
   * @param model the registered model's name
   * @param version the model version
   * @throws dev.mlops.api.InvalidInputException if the model name is not a legal name
   * @throws IllegalArgumentException if the version is below 1
   * @throws NullPointerException if {@code model} is null
   */
  public Subject {
    Objects.requireNonNull(model, "model");
    Names.requireName(model, "model name");
    if (version < 1) {
      throw new IllegalArgumentException(
          "a model version is at least 1, but got " + version + " for model " + model);
    }
  }
}
