package dev.mlops.core;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link Lineage} over a metadata store's lineage events. A query walks breadth first, one
 * execution step per level, in one read transaction, with a visited set so that even corrupt data
 * with a cycle ends.
 *
 * <p>Thread-safe: it holds no mutable state of its own.
 */
final class DefaultLineage implements Lineage {
  private final MetadataStore metadata;
  private final InstantSource clock;
  private final Runnable ensureOpen;
  private final AuditChain audit;
  private final String actor;

  DefaultLineage(
      MetadataStore metadata,
      InstantSource clock,
      Runnable ensureOpen,
      AuditChain audit,
      String actor) {
    this.metadata = metadata;
    this.clock = clock;
    this.ensureOpen = ensureOpen;
    this.audit = audit;
    this.actor = actor;
  }

  @Override
  public void recordInput(String executionId, ArtifactRef artifact) {
    record(executionId, artifact, Direction.INPUT);
  }

  @Override
  public void recordOutput(String executionId, ArtifactRef artifact) {
    record(executionId, artifact, Direction.OUTPUT);
  }

  private void record(String executionId, ArtifactRef artifact, Direction direction) {
    Names.requireName(executionId, "execution id");
    if (executionId.startsWith(RESERVED_EXECUTION_PREFIX)) {
      throw InvalidInputException.of(
          "execution id",
          "execution id '"
              + executionId
              + "' starts with '"
              + RESERVED_EXECUTION_PREFIX
              + "', which is reserved for links to model versions; use"
              + " artifacts().link(..) for those, or another id");
    }
    if (executionId.startsWith(DERIVED_EXECUTION_PREFIX)) {
      throw InvalidInputException.of(
          "execution id",
          "execution id '"
              + executionId
              + "' starts with '"
              + DERIVED_EXECUTION_PREFIX
              + "', which is reserved for links of derived artifact versions; use"
              + " artifacts().linkDerivedFrom(..) for those, or another id");
    }
    Objects.requireNonNull(artifact, "artifact");
    ensureOpen.run();
    metadata.inTransaction(
        tx -> {
          if (tx.findArtifactVersion(artifact.name(), artifact.version()).isEmpty()) {
            throw NotFoundException.artifactVersion(artifact.name(), artifact.version(), null);
          }
          recordIn(tx, audit, actor, clock.instant(), executionId, artifact, direction);
          return null;
        });
  }

  /**
   * Records one lineage event and its {@code lineage.recorded} audit event in a write transaction,
   * unless the same (execution, artifact, direction) is known already. The caller has checked the
   * execution id and that the artifact version exists.
   *
   * @return true if the event was new and recorded
   */
  static boolean recordIn(
      MetadataTransaction tx,
      AuditChain audit,
      String actor,
      Instant now,
      String executionId,
      ArtifactRef artifact,
      Direction direction) {
    boolean known =
        tx.lineageEventsOfExecution(executionId).stream()
            .anyMatch(e -> e.artifact().equals(artifact) && e.direction() == direction);
    if (known) {
      return false;
    }
    tx.recordLineageEvent(new LineageEvent(executionId, artifact, direction, now));
    audit.append(
        tx,
        now,
        actor,
        "lineage.recorded",
        artifact.toString(),
        Map.of("execution", executionId, "direction", direction.name()));
    return true;
  }

  @Override
  public LineageGraph upstream(ArtifactRef artifact, int maxDepth) {
    return walk(artifact, maxDepth, true);
  }

  @Override
  public LineageGraph downstream(ArtifactRef artifact, int maxDepth) {
    return walk(artifact, maxDepth, false);
  }

  private LineageGraph walk(ArtifactRef start, int maxDepth, boolean up) {
    Objects.requireNonNull(start, "artifact");
    if (maxDepth < 0 || maxDepth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "maxDepth must be 0 to " + MAX_DEPTH + ", but was " + maxDepth);
    }
    ensureOpen.run();
    // Upstream: artifact <-OUTPUT- execution <-INPUT- artifact ...
    // Downstream: artifact -INPUT-> execution -OUTPUT-> artifact ...
    Direction towardExecution = up ? Direction.OUTPUT : Direction.INPUT;
    Direction awayFromExecution = up ? Direction.INPUT : Direction.OUTPUT;
    return metadata.read(
        tx -> {
          Node root = Node.artifact(start);
          Set<Node> nodes = new LinkedHashSet<>();
          Set<Edge> edges = new LinkedHashSet<>();
          Set<String> visitedExecutions = new LinkedHashSet<>();
          nodes.add(root);
          List<ArtifactRef> frontier = List.of(start);
          for (int depth = 0; depth < maxDepth && !frontier.isEmpty(); depth++) {
            List<ArtifactRef> next = new ArrayList<>();
            for (ArtifactRef a : frontier) {
              for (LineageEvent e : tx.lineageEventsOfArtifact(a)) {
                if (e.direction() != towardExecution) {
                  continue;
                }
                Node exec = Node.execution(e.executionId());
                nodes.add(exec);
                edges.add(up ? new Edge(exec, Node.artifact(a)) : new Edge(Node.artifact(a), exec));
                if (visitedExecutions.add(e.executionId())) {
                  expand(tx, e.executionId(), awayFromExecution, up, nodes, edges, next);
                }
              }
            }
            frontier = next;
          }
          return new LineageGraph(root, List.copyOf(nodes), List.copyOf(edges));
        });
  }

  private static void expand(
      MetadataTransaction tx,
      String executionId,
      Direction away,
      boolean up,
      Set<Node> nodes,
      Set<Edge> edges,
      List<ArtifactRef> next) {
    Node exec = Node.execution(executionId);
    for (LineageEvent e : tx.lineageEventsOfExecution(executionId)) {
      if (e.direction() != away) {
        continue;
      }
      Node art = Node.artifact(e.artifact());
      edges.add(up ? new Edge(art, exec) : new Edge(exec, art));
      if (nodes.add(art)) {
        next.add(e.artifact());
      }
    }
  }
}
