package dev.mlops.api.tracking;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A named group of runs.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Experiment e = new Experiment("exp-1", "churn", clock.instant());
 * }</pre>
 *
 * @param id the unique id
 * @param name the unique name ({@link Names#requireName})
 * @param createdAt when it was created, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Experiment(String id, String name, Instant createdAt) {
  /**
   * Validates the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if the id or name is illegal
   */
  public Experiment {
    Names.requireName(id, "experiment id");
    Names.requireName(name, "experiment name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
