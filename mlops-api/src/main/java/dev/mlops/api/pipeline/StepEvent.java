package dev.mlops.api.pipeline;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * What happened to a step, as told to a {@link PipelineListener}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PipelineListener l = new PipelineListener() {
 *   public void failed(StepEvent e) { alert(e.step() + ": " + e.error().orElseThrow()); }
 * };
 * }</pre>
 *
 * @param runId the pipeline run
 * @param step the step name
 * @param executionId the step execution id
 * @param attempt the attempt the event is about (0 for a cached step)
 * @param elapsed time since the step started, on the injected clock
 * @param error the failure, for failed and retried events
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StepEvent(
    String runId,
    String step,
    String executionId,
    int attempt,
    Duration elapsed,
    @Nullable Throwable error) {

  /** Checks the fields. */
  public StepEvent {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(executionId, "executionId");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Returns the failure.
   *
   * @return the error, for failed and retried events
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(error);
  }
}
