package dev.mlops.api.registry;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a {@link TransitionGuard} decides on: the model version, the target of the transition (a
 * stage or an alias) and the reports linked to that version.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Optional<String> refusal = guard.refuse(new GuardContext(version, "stage PRODUCTION", reports));
 * }</pre>
 *
 * @param version the model version to move
 * @param target what it moves to, e.g. {@code stage PRODUCTION} or {@code alias 'champion'}
 * @param reports the reports linked to the version, oldest link first
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GuardContext(ModelVersion version, String target, List<LinkedReport> reports) {
  /** Checks the fields and copies the reports. */
  public GuardContext {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(target, "target");
    reports = List.copyOf(reports);
  }
}
