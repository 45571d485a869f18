package dev.mlops.api.monitor;

import org.apiguardian.api.API;

/**
 * Starts retraining of a model when a monitor asks for it: the only way a monitor starts
 * retraining. Core's {@code PipelineTrigger} starts a pipeline run with a cool-down; a host may
 * enqueue a job in its own scheduler instead.
 *
 * <p>Implementations must be thread-safe; they may be called from several threads at once, and
 * several times for one episode (an implementation that must start once per episode de-duplicates,
 * for example with a cool-down). The alert engine calls a trigger off the thread that evaluates the
 * rules, inside a guard: a trigger that throws or blocks delays only its own later requests, and
 * its failures are logged once per cause and counted.
 *
 * <pre>{@code
 * RetrainTrigger enqueue = request -> {
 *   String job = scheduler.submit("retrain-" + request.model());
 *   return RetrainResult.started(job, "queued because " + request.reason());
 * };
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface RetrainTrigger {

  /**
   * Asks for retraining.
   *
   * @param request what to retrain and why
   * @return whether retraining started, was suppressed (for example by a cool-down) or failed to
   *     start
   * @throws NullPointerException if {@code request} is null
   */
  RetrainResult trigger(RetrainRequest request);
}
