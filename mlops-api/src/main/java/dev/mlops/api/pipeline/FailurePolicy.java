package dev.mlops.api.pipeline;

import org.apiguardian.api.API;

/**
 * What a run does when a step fails after its last attempt.
 *
 * <pre>{@code
 * RunOptions.builder().failurePolicy(FailurePolicy.FINISH_INDEPENDENT).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum FailurePolicy {
  /** Stop at the first failure: interrupt running steps, start no new one (the default). */
  STOP,
  /** Let steps that do not depend on the failed one run to the end; skip the dependents. */
  FINISH_INDEPENDENT
}
