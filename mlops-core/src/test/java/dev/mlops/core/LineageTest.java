package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import dev.mlops.api.lineage.LineageGraph.NodeKind;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("lineage")
class LineageTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @AfterAll
  static void dropSchemas() throws java.sql.SQLException {
    Stores.dropSchemas();
  }

  static Stream<Arguments> stores() {
    return Stores.stores();
  }

  final Stores.SettableClock clock = new Stores.SettableClock();

  static ArtifactRef put(ArtifactRepository a, String name, int content) {
    return a.put(
            name,
            "dataset",
            "text/csv",
            new ByteArrayInputStream(new byte[] {(byte) content}),
            Map.of())
        .ref();
  }

  /**
   * raw:1 -> clean-run -> clean:1 -> train-run -> model:1; other:1 -> train-run as well; and
   * model:1 -> score-run -> scores:1.
   */
  record Pipeline(
      ArtifactRef raw,
      ArtifactRef clean,
      ArtifactRef other,
      ArtifactRef model,
      ArtifactRef scores) {}

  static Pipeline pipeline(Mlops mlops) {
    ArtifactRepository a = mlops.artifacts();
    Lineage l = mlops.lineage();
    Pipeline p =
        new Pipeline(
            put(a, "raw", 1),
            put(a, "clean", 2),
            put(a, "other", 3),
            put(a, "model", 4),
            put(a, "scores", 5));
    l.recordInput("clean-run", p.raw());
    l.recordOutput("clean-run", p.clean());
    l.recordInput("train-run", p.clean());
    l.recordInput("train-run", p.other());
    l.recordOutput("train-run", p.model());
    l.recordInput("score-run", p.model());
    l.recordOutput("score-run", p.scores());
    return p;
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("upstream walks back one execution per level, to raw data at enough depth")
  void upstream(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "dan")) {
      Pipeline p = pipeline(mlops);
      Lineage l = mlops.lineage();
      assertThat(l.upstream(p.model(), 0).nodes()).containsExactly(Node.artifact(p.model()));
      LineageGraph one = l.upstream(p.model(), 1);
      assertThat(one.executionIds()).containsExactly("train-run");
      assertThat(one.artifactIds()).containsExactlyInAnyOrder("model:1", "clean:1", "other:1");
      LineageGraph all = l.upstream(p.model(), 10);
      assertThat(all.executionIds()).containsExactlyInAnyOrder("train-run", "clean-run");
      assertThat(all.artifactIds())
          .containsExactlyInAnyOrder("model:1", "clean:1", "other:1", "raw:1");
      assertThat(all.edges())
          .containsExactlyInAnyOrder(
              new Edge(Node.execution("train-run"), Node.artifact(p.model())),
              new Edge(Node.artifact(p.clean()), Node.execution("train-run")),
              new Edge(Node.artifact(p.other()), Node.execution("train-run")),
              new Edge(Node.execution("clean-run"), Node.artifact(p.clean())),
              new Edge(Node.artifact(p.raw()), Node.execution("clean-run")));
      assertThat(all.artifactIds()).doesNotContain("scores:1");
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("downstream finds everything derived, limited by depth")
  void downstream(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "dan")) {
      Pipeline p = pipeline(mlops);
      Lineage l = mlops.lineage();
      assertThat(l.downstream(p.raw(), 1).artifactIds())
          .containsExactlyInAnyOrder("raw:1", "clean:1");
      assertThat(l.downstream(p.raw(), 2).artifactIds())
          .containsExactlyInAnyOrder("raw:1", "clean:1", "model:1");
      assertThat(l.downstream(p.raw(), 3).artifactIds())
          .containsExactlyInAnyOrder("raw:1", "clean:1", "model:1", "scores:1");
      assertThat(l.downstream(p.raw(), 3).executionIds())
          .containsExactlyInAnyOrder("clean-run", "train-run", "score-run");
      assertThat(l.downstream(p.scores(), 5).nodes()).hasSize(1);
      assertThat(Stores.countActions(mlops).apply("lineage.recorded")).isEqualTo(7);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a cycle in the data ends the walk instead of looping")
  void cycles(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "dan")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef x = put(a, "x", 1);
      ArtifactRef y = put(a, "y", 2);
      Lineage l = mlops.lineage();
      l.recordInput("e1", x);
      l.recordOutput("e1", y);
      l.recordInput("e2", y);
      l.recordOutput("e2", x);
      LineageGraph up = l.upstream(x, Lineage.MAX_DEPTH);
      assertThat(up.artifactIds()).containsExactlyInAnyOrder("x:1", "y:1");
      assertThat(up.executionIds()).containsExactlyInAnyOrder("e1", "e2");
      assertThat(up.edges()).hasSize(4);
      assertThat(l.downstream(x, Lineage.MAX_DEPTH).edges()).hasSize(4);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("recording checks the artifact exists and refuses reserved execution ids")
  void recordingChecks(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "dan")) {
      Lineage l = mlops.lineage();
      assertThatThrownBy(() -> l.recordInput("run", ArtifactRef.of("none", 1)))
          .isInstanceOf(NotFoundException.class);
      ArtifactRef x = put(mlops.artifacts(), "x", 1);
      assertThatThrownBy(() -> l.recordInput("model-version.churn.v1", x))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("reserved");
      assertThatThrownBy(() -> l.upstream(x, -1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> l.upstream(x, Lineage.MAX_DEPTH + 1))
          .isInstanceOf(IllegalArgumentException.class);
      l.recordInput("run", x);
      l.recordInput("run", x);
      assertThat(Stores.countActions(mlops).apply("lineage.recorded")).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("DOT and Mermaid output")
  class Rendering {
    static final List<String> HOSTILE =
        List.of(
            "plain:1",
            "a\"]; evil -> x [label=\"",
            "back\\slash\\",
            "line\nbreak\r\ttab",
            "<script>alert(1)</script>",
            "mermaid\"] --> X[\"y",
            "#quot; & %% ;",
            "pipe|brace{}",
            "unpaired\uD800");

    LineageGraph graph() {
      Node root = new Node(NodeKind.ARTIFACT, HOSTILE.get(0));
      List<Node> nodes = new java.util.ArrayList<>();
      nodes.add(root);
      for (int i = 1; i < HOSTILE.size(); i++) {
        nodes.add(new Node(i % 2 == 0 ? NodeKind.ARTIFACT : NodeKind.EXECUTION, HOSTILE.get(i)));
      }
      List<Edge> edges = new java.util.ArrayList<>();
      for (int i = 1; i < nodes.size(); i++) {
        edges.add(new Edge(nodes.get(i - 1), nodes.get(i)));
      }
      return new LineageGraph(root, nodes, edges);
    }

    @Test
    @DisplayName("every DOT label stays inside its quotes, one statement per line")
    void dot() {
      String dot = graph().toDot();
      String[] lines = dot.split("\n", -1);
      int n = HOSTILE.size();
      // header (2) + nodes + edges + closing brace + the empty string after the final newline
      assertThat(lines).hasSize(2 + n + (n - 1) + 2);
      Pattern nodeLine =
          Pattern.compile(
              "  n\\d+ \\[label=\"(?:[^\"\\\\\\n]|\\\\[\"\\\\])*\", shape=(box|ellipse)(, style=bold)?\\];");
      Pattern edgeLine = Pattern.compile("  n\\d+ -> n\\d+;");
      for (int i = 0; i < n; i++) {
        assertThat(lines[2 + i]).matches(nodeLine);
      }
      for (int i = 0; i < n - 1; i++) {
        assertThat(lines[2 + n + i]).matches(edgeLine);
      }
      assertThat(dot).contains("label=\"a\\\"]; evil -> x [label=\\\"\"");
      assertThat(dot).contains("label=\"back\\\\slash\\\\\"");
      assertThat(dot).doesNotContain("\uD800").doesNotContain("\r").doesNotContain("\t");
    }

    @Test
    @DisplayName("every Mermaid label is quoted and holds no quote, bracket or markup character")
    void mermaid() {
      String m = graph().toMermaid();
      String[] lines = m.split("\n", -1);
      int n = HOSTILE.size();
      assertThat(lines).hasSize(1 + n + (n - 1) + 1);
      assertThat(lines[0]).isEqualTo("flowchart LR");
      Pattern nodeLine =
          Pattern.compile(
              "  n\\d+(\\[\"[A-Za-z0-9._\\-: #;?]*\"\\]|\\(\"[A-Za-z0-9._\\-: #;?]*\"\\))");
      for (int i = 1; i <= n; i++) {
        assertThat(lines[i]).matches(nodeLine);
      }
      for (int i = n + 1; i < lines.length - 1; i++) {
        assertThat(lines[i]).matches("  n\\d+ --> n\\d+");
      }
      // '<' is U+003C = 60, '"' is 34: rendered as entity codes, never raw.
      assertThat(m).contains("#60;script#62;").contains("mermaid#34;#93;");
      assertThat(m).doesNotContain("<").doesNotContain("|").doesNotContain("{");
    }

    @Test
    @DisplayName("a graph refuses edges that leave it")
    void closed() {
      Node a = Node.execution("a");
      Node b = Node.execution("b");
      assertThatThrownBy(() -> new LineageGraph(a, List.of(a), List.of(new Edge(a, b))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
