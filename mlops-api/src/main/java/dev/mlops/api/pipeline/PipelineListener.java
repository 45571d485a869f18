package dev.mlops.api.pipeline;

import org.apiguardian.api.API;

/**
 * Hears step events. Every method does nothing by default.
 *
 * <p>Implementations must be thread-safe: events of parallel steps arrive on their threads at once.
 * A listener that throws is logged and ignored; it never breaks a run.
 *
 * <pre>{@code
 * PipelineListener progress = new PipelineListener() {
 *   public void finished(StepEvent e) { bar.step(); }
 *   public void cached(StepEvent e) { bar.step(); }
 * };
 * pipelines.run(p, Arguments.empty(), RunOptions.builder().listener(progress).build());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PipelineListener {

  /**
   * An attempt of a step started.
   *
   * @param event the event
   */
  default void started(StepEvent event) {}

  /**
   * A step succeeded and its outputs are stored.
   *
   * @param event the event
   */
  default void finished(StepEvent event) {}

  /**
   * A step's outputs were reused from the cache or the resumed run; the body did not run.
   *
   * @param event the event
   */
  default void cached(StepEvent event) {}

  /**
   * An attempt failed and another will follow after the backoff.
   *
   * @param event the event, with the error
   */
  default void retried(StepEvent event) {}

  /**
   * A step failed for good.
   *
   * @param event the event, with the error
   */
  default void failed(StepEvent event) {}
}
