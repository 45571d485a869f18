package dev.mlops.api.pipeline;

import dev.mlops.api.artifact.Digest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of re-executing a recorded run ({@link Pipelines#rerun}): each original output beside
 * the reproduced one, digest by digest.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Reproduction r = pipelines.rerun(pipeline, runId);
 * if (!r.identical()) System.out.println("not reproducible: " + r.differingSteps());
 * }</pre>
 *
 * @param originalRunId the run that was reproduced
 * @param result the new run
 * @param outputs one comparison per output of the original run
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Reproduction(
    String originalRunId, PipelineResult result, List<OutputComparison> outputs) {

  /** Checks and copies the fields. */
  public Reproduction {
    Objects.requireNonNull(originalRunId, "originalRunId");
    Objects.requireNonNull(result, "result");
    outputs = List.copyOf(outputs);
  }

  /**
   * Returns whether every output was reproduced byte for byte.
   *
   * @return true if every digest matches
   */
  public boolean identical() {
    return outputs.stream().allMatch(OutputComparison::matches);
  }

  /**
   * Returns the steps with at least one output whose digest differs (or was not produced).
   *
   * @return the step names, in the order of {@link #outputs()}
   */
  public Set<String> differingSteps() {
    Set<String> s = new LinkedHashSet<>();
    for (OutputComparison c : outputs) {
      if (!c.matches()) {
        s.add(c.step());
      }
    }
    return s;
  }

  /**
   * One output, original and reproduced.
   *
   * @param step the producing step
   * @param output the output name
   * @param original the digest in the original run
   * @param reproduced the digest in the new run, or null if it was not produced
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record OutputComparison(
      String step, String output, Digest original, @Nullable Digest reproduced) {
    /** Checks the fields. */
    public OutputComparison {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(original, "original");
    }

    /**
     * Returns whether the digests are equal.
     *
     * @return true if reproduced byte for byte
     */
    public boolean matches() {
      return original.equals(reproduced);
    }
  }
}
