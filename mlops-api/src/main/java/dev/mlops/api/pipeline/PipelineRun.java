package dev.mlops.api.pipeline;

import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A running pipeline: wait for it, or cancel it.
 *
 * <p>Thread-safe: any thread may wait or cancel.
 *
 * <pre>{@code
 * PipelineRun run = pipelines.start(pipeline, Arguments.empty(), RunOptions.defaults());
 * if (userPressedStop) run.cancel();
 * PipelineResult result = run.await();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PipelineRun {

  /**
   * Returns the tracked run id.
   *
   * @return the run id
   */
  String runId();

  /**
   * Cancels the run: interrupts running steps and starts no new one; the run ends KILLED.
   * Idempotent; does nothing once the run has ended.
   */
  void cancel();

  /**
   * Waits for the run to end.
   *
   * @return the result
   * @throws dev.mlops.api.MlopsException if the engine itself failed (not a step: step failures are
   *     in the result)
   * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted; the
   *     run goes on
   */
  PipelineResult await();

  /**
   * Waits for the run to end, at most a while.
   *
   * @param timeout how long to wait
   * @return the result, or empty if the run is still going
   */
  Optional<PipelineResult> await(Duration timeout);
}
