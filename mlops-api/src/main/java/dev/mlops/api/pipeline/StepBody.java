package dev.mlops.api.pipeline;

import org.apiguardian.api.API;

/**
 * The work of a step: reads its inputs from the context and puts every declared output.
 *
 * <p>Implementations may be called from any engine thread, several times (retries, later runs), and
 * concurrently in different runs: keep them free of shared mutable state, and deterministic when
 * the step is cached. A body that is interrupted (cancellation, timeout) should stop promptly.
 *
 * <pre>{@code
 * StepBody body = ctx -> ctx.put(total, ctx.get(a) + ctx.get(b));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface StepBody {

  /**
   * Runs the step once. A thrown exception fails this attempt; the step's {@link RetryPolicy}
   * decides whether it is tried again.
   *
   * @param context the inputs, outputs and identity of this execution
   */
  void run(StepContext context);
}
