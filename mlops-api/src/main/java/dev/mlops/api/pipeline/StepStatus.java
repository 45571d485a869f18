package dev.mlops.api.pipeline;

import org.apiguardian.api.API;

/**
 * How one step execution ended.
 *
 * <pre>{@code
 * if (execution.status() == StepStatus.CACHED) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum StepStatus {
  /** The body ran and produced every output. */
  SUCCEEDED,
  /** The outputs were reused: a cache hit, or a step that succeeded in the run being resumed. */
  CACHED,
  /** The last attempt failed (an exception or a timeout). */
  FAILED,
  /** Not run, because a step it depends on failed or was skipped. */
  SKIPPED,
  /** Interrupted or never started because the run was cancelled or stopped at a failure. */
  CANCELLED;

  /**
   * Returns whether the step's outputs exist (SUCCEEDED or CACHED).
   *
   * @return true if the outputs can be read
   */
  public boolean hasOutputs() {
    return this == SUCCEEDED || this == CACHED;
  }
}
