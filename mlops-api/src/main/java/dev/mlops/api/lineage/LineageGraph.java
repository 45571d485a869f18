package dev.mlops.api.lineage;

import dev.mlops.api.artifact.ArtifactRef;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A lineage graph: artifact versions and executions joined by edges in the direction data flows
 * (input artifact to execution, execution to output artifact).
 *
 * <p>Immutable and thread-safe. {@link #toDot()} and {@link #toMermaid()} escape every label, since
 * names come from users: node identifiers in the output are synthetic ({@code n0}, {@code n1} ...)
 * and labels are quoted with every character that could end the quote or start markup escaped.
 *
 * <pre>{@code
 * LineageGraph g = mlops.lineage().upstream(ArtifactRef.of("churn-model", 4), 5);
 * Files.writeString(Path.of("lineage.dot"), g.toDot());
 * }</pre>
 *
 * @param root the node the query started from
 * @param nodes the nodes, root first, then in the order they were reached
 * @param edges the edges, in the order they were found
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LineageGraph(Node root, List<Node> nodes, List<Edge> edges) {

  /** Checks that every edge joins two nodes of the graph and copies the lists. */
  public LineageGraph {
    Objects.requireNonNull(root, "root");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    Set<Node> known = Set.copyOf(nodes);
    if (!known.contains(root)) {
      throw new IllegalArgumentException("the root " + root + " is not a node of the graph");
    }
    for (Edge e : edges) {
      if (!known.contains(e.from()) || !known.contains(e.to())) {
        throw new IllegalArgumentException("edge " + e + " joins a node outside the graph");
      }
    }
  }

  /** What a node stands for. */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum NodeKind {
    /** An artifact version. */
    ARTIFACT,
    /** A run or step execution. */
    EXECUTION
  }

  /**
   * A node: an artifact version or an execution.
   *
   * @param kind the kind
   * @param id the artifact reference ({@code name:version}) or the execution id
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Node(NodeKind kind, String id) {
    /** Checks the fields. */
    public Node {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
    }

    /**
     * Returns the node of an artifact version.
     *
     * @param ref the version
     * @return the node
     */
    public static Node artifact(ArtifactRef ref) {
      return new Node(NodeKind.ARTIFACT, ref.toString());
    }

    /**
     * Returns the node of an execution.
     *
     * @param executionId the execution id
     * @return the node
     */
    public static Node execution(String executionId) {
      return new Node(NodeKind.EXECUTION, executionId);
    }
  }

  /**
   * An edge in the direction data flows.
   *
   * @param from the source node
   * @param to the target node
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Edge(Node from, Node to) {
    /** Checks the fields. */
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /**
   * Renders the graph in the Graphviz DOT language: artifact versions as boxes, executions as
   * ellipses, the root bold.
   *
   * @return the DOT text
   */
  public String toDot() {
    Map<Node, String> ids = ids();
    StringBuilder b = new StringBuilder("digraph lineage {\n  rankdir=LR;\n");
    for (Node n : nodes) {
      b.append("  ")
          .append(ids.get(n))
          .append(" [label=\"")
          .append(escapeDot(n.id()))
          .append("\", shape=")
          .append(n.kind() == NodeKind.ARTIFACT ? "box" : "ellipse")
          .append(n.equals(root) ? ", style=bold" : "")
          .append("];\n");
    }
    for (Edge e : edges) {
      b.append("  ").append(ids.get(e.from())).append(" -> ").append(ids.get(e.to())).append(";\n");
    }
    return b.append("}\n").toString();
  }

  /**
   * Renders the graph as a Mermaid flowchart: artifact versions as rectangles, executions as
   * rounded boxes.
   *
   * @return the Mermaid text
   */
  public String toMermaid() {
    Map<Node, String> ids = ids();
    StringBuilder b = new StringBuilder("flowchart LR\n");
    for (Node n : nodes) {
      String label = "\"" + escapeMermaid(n.id()) + "\"";
      b.append("  ")
          .append(ids.get(n))
          .append(n.kind() == NodeKind.ARTIFACT ? "[" + label + "]" : "(" + label + ")")
          .append('\n');
    }
    for (Edge e : edges) {
      b.append("  ").append(ids.get(e.from())).append(" --> ").append(ids.get(e.to())).append('\n');
    }
    return b.toString();
  }

  private Map<Node, String> ids() {
    Map<Node, String> ids = new HashMap<>();
    for (Node n : nodes) {
      ids.putIfAbsent(n, "n" + ids.size());
    }
    return ids;
  }

  /**
   * Escapes text for a double-quoted DOT string: backslash and quote are escaped, control
   * characters and lone surrogates become {@code ?}; {@code <}, {@code >} and {@code &} stay text,
   * since a quoted DOT label is not HTML.
   */
  static String escapeDot(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        b.append('?');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * Escapes text for a double-quoted Mermaid label: every character outside letters, digits and
   * {@code . _ - : space} becomes an entity code {@code #NN;}, which Mermaid renders as the
   * character and which cannot close the quote or start markup.
   */
  static String escapeMermaid(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-'
              || c == ':'
              || c == ' ';
      if (plain) {
        b.append(c);
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        b.append('?');
      } else {
        b.append("#").append((int) c).append(';');
      }
    }
    return b.toString();
  }

  /**
   * Returns the artifact versions in the graph.
   *
   * @return the artifact nodes' ids ({@code name:version})
   */
  public Set<String> artifactIds() {
    return nodes.stream()
        .filter(n -> n.kind() == NodeKind.ARTIFACT)
        .map(Node::id)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Returns the executions in the graph.
   *
   * @return the execution ids
   */
  public Set<String> executionIds() {
    return nodes.stream()
        .filter(n -> n.kind() == NodeKind.EXECUTION)
        .map(Node::id)
        .collect(Collectors.toUnmodifiableSet());
  }
}
