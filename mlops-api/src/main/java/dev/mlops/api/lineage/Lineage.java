package dev.mlops.api.lineage;

import dev.mlops.api.artifact.ArtifactRef;
import org.apiguardian.api.API;

/**
 * Lineage in the ML Metadata model: executions (runs, pipeline step executions) read input artifact
 * versions and write output artifact versions; the queries walk these events up (what produced a
 * version, back to raw data) or down (everything derived from it).
 *
 * <p>Thread-safe; share one instance. Each record is one metadata transaction with its audit event
 * ({@code lineage.recorded}); recording the same (execution, artifact, direction) again keeps the
 * first event and records nothing. Queries read one consistent snapshot. Execution ids starting
 * with {@value #RESERVED_EXECUTION_PREFIX} are reserved for the links of artifacts to registered
 * model versions ({@link dev.mlops.api.artifact.ArtifactRepository#link}), and ids starting with
 * {@value #DERIVED_EXECUTION_PREFIX} for the links of derived artifact versions to their sources
 * ({@link dev.mlops.api.artifact.ArtifactRepository#linkDerivedFrom}).
 *
 * <pre>{@code
 * Lineage lineage = mlops.lineage();
 * lineage.recordInput(runId, ArtifactRef.of("training-data", 3));
 * lineage.recordOutput(runId, ArtifactRef.of("churn-model", 4));
 * LineageGraph g = lineage.upstream(ArtifactRef.of("churn-model", 4), 10);
 * System.out.println(g.toMermaid());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Lineage {

  /** The prefix of the execution ids that stand for registered model versions. */
  String RESERVED_EXECUTION_PREFIX = "model-version.";

  /**
   * The prefix of the execution ids that stand for derived artifact versions ({@link
   * dev.mlops.api.artifact.ArtifactRepository#linkDerivedFrom}): {@code derived.<name>.v<version>}
   * reads the sources and writes the derived version. Reserved like {@link
   * #RESERVED_EXECUTION_PREFIX}.
   */
  String DERIVED_EXECUTION_PREFIX = "derived.";

  /** The greatest depth a query accepts. */
  int MAX_DEPTH = 1_000;

  /**
   * Records that an execution read an artifact version.
   *
   * @param executionId the run or step execution id ({@link dev.mlops.api.Names#requireName})
   * @param artifact the artifact version
   * @throws dev.mlops.api.InvalidInputException if the id is illegal or reserved
   * @throws dev.mlops.api.NotFoundException if the artifact version does not exist
   */
  void recordInput(String executionId, ArtifactRef artifact);

  /**
   * Records that an execution wrote an artifact version.
   *
   * @param executionId the run or step execution id ({@link dev.mlops.api.Names#requireName})
   * @param artifact the artifact version
   * @throws dev.mlops.api.InvalidInputException if the id is illegal or reserved
   * @throws dev.mlops.api.NotFoundException if the artifact version does not exist
   */
  void recordOutput(String executionId, ArtifactRef artifact);

  /**
   * Returns what produced an artifact version, transitively: its producing executions, their
   * inputs, the executions that produced those, and so on. Depth 1 is the producing executions and
   * their inputs; each further level adds one more execution step.
   *
   * @param artifact the artifact version (the root of the graph)
   * @param maxDepth 0 (the root alone) to {@value #MAX_DEPTH}
   * @return the graph, with edges in the direction data flows
   * @throws IllegalArgumentException if {@code maxDepth} is out of range
   */
  LineageGraph upstream(ArtifactRef artifact, int maxDepth);

  /**
   * Returns everything derived from an artifact version, transitively: the executions that read it,
   * their outputs, the executions that read those, and so on. Depth 1 is the reading executions and
   * their outputs.
   *
   * @param artifact the artifact version (the root of the graph)
   * @param maxDepth 0 (the root alone) to {@value #MAX_DEPTH}
   * @return the graph, with edges in the direction data flows
   * @throws IllegalArgumentException if {@code maxDepth} is out of range
   */
  LineageGraph downstream(ArtifactRef artifact, int maxDepth);
}
