package dev.mlops.api.pipeline;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.tracking.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How a pipeline run ended: its tracked run id and status, every step execution in topological
 * order, and the artifact version of every output that exists.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * PipelineResult r = pipelines.run(pipeline, Arguments.of(rows, 100L));
 * System.out.println(r.explain());
 * long n = pipelines.value(r, length);
 * }</pre>
 *
 * @param runId the tracked run
 * @param pipeline the pipeline name
 * @param status FINISHED, FAILED or KILLED (cancelled)
 * @param steps the step executions, in the pipeline's topological order
 * @param outputs the artifact version of each output that was produced or reused, by output name
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PipelineResult(
    String runId,
    String pipeline,
    RunStatus status,
    List<StepExecution> steps,
    Map<String, ArtifactRef> outputs) {

  /** Checks and copies the fields. */
  public PipelineResult {
    Names.requireName(runId, "run id");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(status, "status");
    steps = List.copyOf(steps);
    outputs = Map.copyOf(outputs);
  }

  /**
   * Returns whether every step succeeded or was cached.
   *
   * @return true if the run finished
   */
  public boolean succeeded() {
    return status == RunStatus.FINISHED;
  }

  /**
   * Finds the execution of a step.
   *
   * @param stepName the step
   * @return the execution, if the pipeline has the step
   */
  public Optional<StepExecution> step(String stepName) {
    return steps.stream().filter(s -> s.step().equals(stepName)).findFirst();
  }

  /**
   * Explains each step in one line: {@code <step>: cached} or {@code <step>: ran because ...}.
   *
   * @return the explanation, one line per step in topological order
   */
  public String explain() {
    StringBuilder b = new StringBuilder();
    for (StepExecution s : steps) {
      b.append(s.step()).append(": ").append(s.reason()).append('\n');
    }
    return b.toString();
  }
}
