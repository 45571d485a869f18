package dev.mlops.api.tracking;

import org.apiguardian.api.API;

/**
 * The status of a run. A run starts {@link #RUNNING} and ends in exactly one of the other three.
 *
 * <pre>{@code
 * if (run.status().isTerminal()) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum RunStatus {
  /** Started and not yet ended. */
  RUNNING,
  /** Ended successfully. */
  FINISHED,
  /** Ended with a failure. */
  FAILED,
  /** Ended because it was stopped from outside. */
  KILLED;

  /**
   * Returns whether the status is an end state.
   *
   * @return true for FINISHED, FAILED and KILLED
   */
  public boolean isTerminal() {
    return this != RUNNING;
  }
}
