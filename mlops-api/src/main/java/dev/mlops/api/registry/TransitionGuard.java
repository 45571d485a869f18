package dev.mlops.api.registry;

import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A condition a registry transition (stage change or alias move) must meet. The registry evaluates
 * guards inside the transition's transaction; a refusal stops the transition, is recorded in the
 * model's history and the audit log, and reaches the caller as a {@link
 * dev.mlops.api.ConflictException} carrying the guard's text.
 *
 * <p>Implementations must be thread-safe and side-effect free: the registry may evaluate a guard
 * more than once when the store retries a transaction. A guard that throws aborts the transition
 * with its exception; nothing is recorded then, not even a refusal. Guards of one target run in the
 * order they were added, and the first refusal wins.
 *
 * <pre>{@code
 * registry.guard("churn", Stage.PRODUCTION, RequireReport.of("evaluation", Verdict.PASS));
 * registry.guard("churn", Stage.PRODUCTION,
 *     ctx -> ctx.version().runId() == null
 *         ? Optional.of("the version names no producing run") : Optional.empty());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface TransitionGuard {
  /**
   * Decides whether to refuse a transition.
   *
   * @param context the model version, target and linked reports
   * @return empty to allow; otherwise which condition failed and what was found
   */
  Optional<String> refuse(GuardContext context);
}
