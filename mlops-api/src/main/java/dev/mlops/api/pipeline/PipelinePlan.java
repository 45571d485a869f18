package dev.mlops.api.pipeline;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The prediction of a dry run ({@link Pipelines#plan}): for each step, whether it will hit the
 * cache, and if not, why it will run.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PipelinePlan plan = pipelines.plan(pipeline, Arguments.of(rows, 200L));
 * plan.steps().forEach(s -> System.out.println(s.step() + ": " + s.reason()));
 * }</pre>
 *
 * @param pipeline the pipeline name
 * @param steps one entry per step, in topological order
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PipelinePlan(String pipeline, List<PlannedStep> steps) {

  /** Copies the list. */
  public PipelinePlan {
    Objects.requireNonNull(pipeline, "pipeline");
    steps = List.copyOf(steps);
  }

  /**
   * Returns the names of the steps predicted to run.
   *
   * @return the step names, in topological order
   */
  public List<String> willRun() {
    return steps.stream().filter(s -> !s.cached()).map(PlannedStep::step).toList();
  }

  /**
   * One step of a plan.
   *
   * @param step the step name
   * @param cached whether the step is predicted to hit the cache
   * @param cacheKey the predicted key, or null when an input will only be known after a run
   * @param reason "cached", or why it will run
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record PlannedStep(String step, boolean cached, @Nullable String cacheKey, String reason) {
    /** Checks the fields. */
    public PlannedStep {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
