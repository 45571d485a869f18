package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.api.lineage.LineageGraph.Edge;
import dev.mlops.api.lineage.LineageGraph.Node;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("derived-from links (ArtifactRepository.linkDerivedFrom)")
class DerivedLineageTest {
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

  /** Every lineage event of the given artifacts, for "nothing was written" checks. */
  static List<LineageEvent> events(Mlops mlops, ArtifactRef... refs) {
    return mlops
        .metadata()
        .read(tx -> Stream.of(refs).flatMap(r -> tx.lineageEventsOfArtifact(r).stream()).toList());
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("downstream of the source finds the derived version, upstream of it the source")
  void bothDirections(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef weather = put(a, "weather", 1);
      ArtifactRef window = put(a, "churn-monitor", 2);
      a.linkDerivedFrom(window, weather);

      Lineage l = mlops.lineage();
      Node exec = Node.execution("derived.churn-monitor.v1");
      LineageGraph down = l.downstream(weather, 1);
      assertThat(down.artifactIds()).containsExactlyInAnyOrder("weather:1", "churn-monitor:1");
      assertThat(down.edges())
          .containsExactlyInAnyOrder(
              new Edge(Node.artifact(weather), exec), new Edge(exec, Node.artifact(window)));
      LineageGraph up = l.upstream(window, 1);
      assertThat(up.artifactIds()).containsExactlyInAnyOrder("weather:1", "churn-monitor:1");
      assertThat(up.executionIds()).containsExactly("derived.churn-monitor.v1");
      // the source has nothing upstream, the derived version nothing downstream
      assertThat(l.upstream(weather, 5).nodes()).hasSize(1);
      assertThat(l.downstream(window, 5).nodes()).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("several sources and chains of derivation are walked one step per level")
  void chains(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef raw = put(a, "raw", 1);
      ArtifactRef labels = put(a, "labels", 2);
      ArtifactRef profile = put(a, "profile", 3);
      ArtifactRef report = put(a, "report", 4);
      a.linkDerivedFrom(profile, raw);
      a.linkDerivedFrom(profile, labels);
      a.linkDerivedFrom(report, profile);

      Lineage l = mlops.lineage();
      assertThat(l.upstream(profile, 1).artifactIds())
          .containsExactlyInAnyOrder("profile:1", "raw:1", "labels:1");
      assertThat(l.downstream(raw, 1).artifactIds())
          .containsExactlyInAnyOrder("raw:1", "profile:1");
      assertThat(l.downstream(raw, 2).artifactIds())
          .containsExactlyInAnyOrder("raw:1", "profile:1", "report:1");
      assertThat(l.upstream(report, 2).artifactIds())
          .containsExactlyInAnyOrder("report:1", "profile:1", "raw:1", "labels:1");
      // raw and labels are not derived from each other
      assertThat(l.downstream(labels, 1).artifactIds()).doesNotContain("raw:1");
      // one derived version has one execution and one output event, however many sources
      assertThat(events(mlops, profile))
          .filteredOn(e -> e.executionId().equals("derived.profile.v1"))
          .hasSize(1);
      assertThat(Stores.countActions(mlops).apply("artifact.derived")).isEqualTo(3);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("linking the same pair again writes nothing: no lineage event, no audit event")
  void idempotent(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef source = put(a, "source", 1);
      ArtifactRef derived = put(a, "derived", 2);
      a.linkDerivedFrom(derived, source);
      List<LineageEvent> before = events(mlops, source, derived);
      int auditBefore = Stores.audit(mlops).size();
      clock.advance(java.time.Duration.ofMinutes(1));
      a.linkDerivedFrom(derived, source);
      assertThat(events(mlops, source, derived)).isEqualTo(before).hasSize(2);
      assertThat(Stores.audit(mlops)).hasSize(auditBefore);
      assertThat(Stores.countActions(mlops).apply("artifact.derived")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("the link is audited with who, the derived version as subject and the source")
  void audited(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef source = put(a, "source", 1);
      ArtifactRef derived = put(a, "derived", 2);
      a.linkDerivedFrom(derived, source);
      AuditEvent e =
          Stores.audit(mlops).stream()
              .filter(x -> x.action().equals("artifact.derived"))
              .findFirst()
              .orElseThrow();
      assertThat(e.actor()).isEqualTo("erin");
      assertThat(e.subject()).isEqualTo("derived:1");
      assertThat(e.details())
          .containsEntry("source", "source:1")
          .containsEntry("execution", "derived.derived.v1");
      assertThat(e.time()).isEqualTo(Stores.T0);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("missing or deleted versions are refused and nothing is written")
  void refused(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      ArtifactRef source = put(a, "source", 1);
      ArtifactRef derived = put(a, "derived", 2);
      ArtifactRef gone = put(a, "gone", 3);
      a.delete(gone.name(), gone.version(), "test");
      int auditBefore = Stores.audit(mlops).size();

      assertThatThrownBy(() -> a.linkDerivedFrom(derived, ArtifactRef.of("source", 2)))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("source");
      assertThatThrownBy(() -> a.linkDerivedFrom(ArtifactRef.of("nothing", 1), source))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("nothing");
      assertThatThrownBy(() -> a.linkDerivedFrom(derived, gone))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("deleted");
      assertThatThrownBy(() -> a.linkDerivedFrom(gone, source))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("deleted");
      assertThatThrownBy(() -> a.linkDerivedFrom(source, source))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> a.linkDerivedFrom(null, source))
          .isInstanceOf(NullPointerException.class);

      assertThat(events(mlops, source, derived, gone)).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(auditBefore);
      assertThat(mlops.lineage().downstream(source, 3).nodes()).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("the derived executions are reserved: lineage.record refuses their prefix")
  void reserved(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRef x = put(mlops.artifacts(), "x", 1);
      assertThatThrownBy(() -> mlops.lineage().recordOutput("derived.y.v1", x))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("reserved");
      assertThat(events(mlops, x)).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a name too long for the execution id falls back to a SHA-256 id, still walked")
  void longNames(Stores.Opener opener) throws Exception {
    try (Mlops mlops = opener.open(tmp, clock, "erin")) {
      ArtifactRepository a = mlops.artifacts();
      String name = "d".repeat(195);
      ArtifactRef source = put(a, "source", 1);
      ArtifactRef derived = put(a, name, 2);
      a.linkDerivedFrom(derived, source);
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((name + "\n1").getBytes(StandardCharsets.UTF_8));
      String expected = "derived.sha256-" + HexFormat.of().formatHex(hash);
      LineageGraph down = mlops.lineage().downstream(source, 1);
      assertThat(down.executionIds()).containsExactly(expected);
      assertThat(down.artifactIds()).contains(name + ":1");
    }
  }
}
