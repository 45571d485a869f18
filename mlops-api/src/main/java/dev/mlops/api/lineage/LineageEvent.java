package dev.mlops.api.lineage;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An edge of the lineage graph: an execution (a run, or a pipeline step execution) read or wrote an
 * artifact version. Recording the same edge twice keeps one.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * LineageEvent e = new LineageEvent("run-42", ArtifactRef.of("model", 1), Direction.OUTPUT, now);
 * }</pre>
 *
 * @param executionId the run id or step-execution id ({@link Names#requireName})
 * @param artifact the artifact version
 * @param direction whether it was read or written
 * @param time when, on the injected clock
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record LineageEvent(
    String executionId, ArtifactRef artifact, Direction direction, Instant time) {
  /**
   * Validates the fields.
   *
   * @throws dev.mlops.api.InvalidInputException if the execution id is illegal
   */
  public LineageEvent {
    Names.requireName(executionId, "execution id");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(time, "time");
  }
}
