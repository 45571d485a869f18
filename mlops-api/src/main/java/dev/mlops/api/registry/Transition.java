package dev.mlops.api.registry;

import dev.mlops.api.Names;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One recorded change in the registry: who changed what, when and why.
 *
 * <p>Immutable and thread-safe. For {@link TransitionKind#STAGE}, {@code from} and {@code to} are
 * stage names; for alias changes they are version numbers as text ({@code from} is null when the
 * alias was new, {@code to} is null when it was removed), and {@code alias} names the alias.
 *
 * <pre>{@code
 * new Transition("churn", 3, TransitionKind.STAGE, null, "NONE", "PRODUCTION", "alice", "passed gate", now);
 * }</pre>
 *
 * @param modelName the registered model
 * @param version the model version concerned
 * @param kind what changed
 * @param alias the alias, for alias transitions; otherwise null
 * @param from the previous value, or null
 * @param to the new value, or null
 * @param actor who made the change
 * @param reason why, or null
 * @param time when, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Transition(
    String modelName,
    long version,
    TransitionKind kind,
    @Nullable String alias,
    @Nullable String from,
    @Nullable String to,
    String actor,
    @Nullable String reason,
    Instant time) {
  /**
   * Validates the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if a name, the actor or the reason is illegal
   */
  public Transition {
    Names.requireName(modelName, "registered model name");
    Objects.requireNonNull(kind, "kind");
    if (alias != null) {
      Names.requireName(alias, "alias");
    }
    if (from != null) {
      Names.requireValue(from, "transition from", Names.MAX_NAME_LENGTH);
    }
    if (to != null) {
      Names.requireValue(to, "transition to", Names.MAX_NAME_LENGTH);
    }
    Names.requireValue(actor, "actor", Names.MAX_NAME_LENGTH);
    if (reason != null) {
      Names.requireValue(reason, "reason", Names.MAX_VALUE_LENGTH);
    }
    Objects.requireNonNull(time, "time");
  }
}
