package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.core.Mlops;
import dev.mlops.spi.MetadataTransaction;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds every entry of {@link HostileInputs} to every API of {@link Mlops} that takes a name, key
 * or id, on the in-memory and the embedded store, and checks that each call throws {@link
 * InvalidInputException} and that nothing was written: blobs, artifact names and versions,
 * registered models, transitions, aliases, lineage events, run tags, parameters, metrics and the
 * audit log are the same before and after.
 */
@DisplayName("every hostile input is refused by every API that takes a name or key")
class HostileInputsTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
  static final Map<String, Mlops> STORES = new LinkedHashMap<>();
  static Path dir;

  @BeforeAll
  static void open() throws Exception {
    ChildJvm.ensureTempDirectory();
    dir = Files.createTempDirectory("hostile-inputs");
    STORES.put("in memory", Mlops.builder().store(URI.create("mem:/")).clock(() -> T0).build());
    STORES.put(
        "embedded", Mlops.builder().store(dir.resolve("store").toUri()).clock(() -> T0).build());
    for (Mlops m : STORES.values()) {
      baseline(m);
    }
  }

  @AfterAll
  static void close() {
    STORES.values().forEach(Mlops::close);
  }

  /** One of everything, so that lookups and changes have something real to aim at. */
  static void baseline(Mlops m) {
    ArtifactVersion base =
        m.artifacts().put("base", "model", "application/octet-stream", bytes(), Map.of("k", "v"));
    m.artifacts().setAlias("base", "good", 1);
    m.registry().registerModel("base-model", null);
    m.registry().registerVersion("base-model", base.ref(), null, null, Map.of());
    m.registry().setAlias("base-model", "champion", 1, "baseline");
    m.lineage().recordOutput("base-run", base.ref());
    m.metadata()
        .inTransaction(
            tx -> {
              tx.createExperiment(new Experiment("exp", "exp", T0));
              tx.createRun(Run.start("run-1", "exp", null, null, T0));
              tx.setTags("run-1", Map.of("t", "v"));
              return null;
            });
  }

  static ByteArrayInputStream bytes() {
    return new ByteArrayInputStream(new byte[] {1, 2, 3});
  }

  /** Everything a refused call must leave as it was. */
  record Snapshot(
      long blobs,
      List<AuditEvent> audit,
      List<String> artifactNames,
      List<ArtifactVersion> baseVersions,
      List<RegisteredModel> models,
      List<Transition> transitions,
      Map<String, Long> modelAliases,
      Optional<Long> artifactAlias,
      List<LineageEvent> lineage,
      Map<String, String> tags,
      Map<String, Param> params,
      Map<String, MetricPoint> metrics) {}

  static Snapshot snapshot(Mlops m) {
    long blobs;
    try (Stream<?> s = m.blobs().digests()) {
      blobs = s.count();
    }
    return m.metadata()
        .read(
            tx ->
                new Snapshot(
                    blobs,
                    tx.listAuditEvents(1, MetadataTransaction.MAX_PAGE),
                    tx.listArtifactNames(null, MetadataTransaction.MAX_PAGE),
                    tx.listArtifactVersions("base", 0, MetadataTransaction.MAX_PAGE),
                    tx.listRegisteredModels(null, MetadataTransaction.MAX_PAGE),
                    tx.listTransitions("base-model"),
                    tx.modelAliases("base-model"),
                    tx.findArtifactAlias("base", "good"),
                    tx.lineageEventsOfExecution("base-run"),
                    tx.tags("run-1"),
                    tx.params("run-1"),
                    tx.latestMetrics("run-1")));
  }

  /** Every call that takes the hostile text as a name, key or id, labelled. */
  static Map<String, ThrowingCallable> calls(Mlops m, String h) {
    ArtifactRepository a = m.artifacts();
    ModelRegistry r = m.registry();
    Lineage l = m.lineage();
    ArtifactRef base = ArtifactRef.of("base", 1);
    Map<String, ThrowingCallable> c = new LinkedHashMap<>();
    // artifacts
    c.put("put(name)", () -> a.put(h, "model", "text/plain", bytes(), Map.of()));
    c.put("put(kind)", () -> a.put("x", h, "text/plain", bytes(), Map.of()));
    c.put("put(property key)", () -> a.put("x", "model", "text/plain", bytes(), Map.of(h, "v")));
    c.put("find", () -> a.find(h, 1));
    c.put("get", () -> a.get(h, 1));
    c.put("latest", () -> a.latest(h));
    c.put("open", () -> a.open(h, 1));
    c.put("versions", () -> a.versions(h));
    c.put("setAlias(name)", () -> a.setAlias(h, "good", 1));
    c.put("setAlias(alias)", () -> a.setAlias("base", h, 1));
    c.put("byAlias(name)", () -> a.byAlias(h, "good"));
    c.put("byAlias(alias)", () -> a.byAlias("base", h));
    c.put("removeAlias(name)", () -> a.removeAlias(h, "good"));
    c.put("removeAlias(alias)", () -> a.removeAlias("base", h));
    c.put("delete(name)", () -> a.delete(h, 1, "reason"));
    c.put("link(artifact)", () -> a.link(ArtifactRef.of(h, 1), "base-model", 1));
    c.put("link(model)", () -> a.link(base, h, 1));
    c.put("linked(model)", () -> a.linked(h, 1));
    // registry
    c.put("registerModel", () -> r.registerModel(h, null));
    c.put("model", () -> r.model(h));
    c.put("registerVersion(model)", () -> r.registerVersion(h, base, null, null, Map.of()));
    c.put(
        "registerVersion(run id)", () -> r.registerVersion("base-model", base, h, null, Map.of()));
    c.put(
        "registerVersion(tag key)",
        () -> r.registerVersion("base-model", base, null, null, Map.of(h, "v")));
    c.put("transition(model)", () -> r.transition(h, 1, Stage.STAGING, "why"));
    c.put("setAlias(model)", () -> r.setAlias(h, "champion", 1, "why"));
    c.put("setAlias(alias) on a model", () -> r.setAlias("base-model", h, 1, "why"));
    c.put("removeAlias(model)", () -> r.removeAlias(h, "champion", "why"));
    c.put("removeAlias(alias) on a model", () -> r.removeAlias("base-model", h, "why"));
    c.put("version(model)", () -> r.version(h, 1));
    c.put("byAlias(model)", () -> r.byAlias(h, "champion"));
    c.put("byAlias(alias) on a model", () -> r.byAlias("base-model", h));
    c.put("byStage(model)", () -> r.byStage(h, Stage.NONE));
    c.put("history(model)", () -> r.history(h));
    c.put("reports(model)", () -> r.reports(h, 1));
    c.put(
        "guard(model)",
        () -> r.guard(h, Stage.PRODUCTION, RequireReport.of("evaluation", Verdict.PASS)));
    c.put(
        "guardAlias(alias)",
        () -> r.guardAlias("base-model", h, RequireReport.of("evaluation", Verdict.PASS)));
    c.put("RequireReport(kind)", () -> RequireReport.of(h, Verdict.PASS));
    // lineage
    c.put("recordInput(execution id)", () -> l.recordInput(h, base));
    c.put("recordOutput(execution id)", () -> l.recordOutput(h, base));
    c.put("upstream(artifact)", () -> l.upstream(ArtifactRef.of(h, 1), 3));
    c.put("downstream(artifact)", () -> l.downstream(ArtifactRef.of(h, 1), 3));
    // tracking keys, through the SPI
    c.put(
        "setTags(key)",
        () ->
            m.metadata()
                .inTransaction(
                    tx -> {
                      tx.setTags("run-1", Map.of(h, "v"));
                      return null;
                    }));
    c.put(
        "logParams(key)",
        () ->
            m.metadata()
                .inTransaction(
                    tx -> {
                      tx.logParams("run-1", List.of(Param.of(h, "v")));
                      return null;
                    }));
    c.put(
        "logMetrics(key)",
        () ->
            m.metadata()
                .inTransaction(
                    tx -> {
                      tx.logMetrics("run-1", List.of(new MetricPoint(h, 1.0, 0, T0)));
                      return null;
                    }));
    c.put(
        "registerBatch(batch id)",
        () -> m.metadata().inTransaction(tx -> tx.registerBatch("run-1", h)));
    c.put(
        "createExperiment(name)",
        () ->
            m.metadata()
                .inTransaction(
                    tx -> {
                      tx.createExperiment(new Experiment("exp-2", h, T0));
                      return null;
                    }));
    c.put(
        "createRun(id)",
        () ->
            m.metadata()
                .inTransaction(
                    tx -> {
                      tx.createRun(Run.start(h, "exp", null, null, T0));
                      return null;
                    }));
    return c;
  }

  static Stream<Arguments> inputs() {
    List<Arguments> all = new ArrayList<>();
    for (String store : List.of("in memory", "embedded")) {
      for (HostileInputs.Input in : HostileInputs.all()) {
        all.add(Arguments.argumentSet(in.label() + " (" + store + ")", store, in));
      }
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("inputs")
  @DisplayName("is refused with InvalidInputException, and nothing is written")
  void refused(String store, HostileInputs.Input input) {
    Mlops m = STORES.get(store);
    Snapshot before = snapshot(m);
    Map<String, ThrowingCallable> calls = calls(m, input.value());
    calls.forEach(
        (api, call) ->
            assertThatThrownBy(call)
                .as("%s with %s", api, input.label())
                .isInstanceOf(InvalidInputException.class));
    assertThat(snapshot(m)).isEqualTo(before);
  }

  @Test
  @DisplayName("the calls accept a legal name, so the refusals above come from the input")
  void controlCase() {
    Mlops m = STORES.get("in memory");
    List<String> refused = new ArrayList<>();
    Consumer<Map.Entry<String, ThrowingCallable>> run =
        e -> {
          try {
            e.getValue().call();
          } catch (InvalidInputException ex) {
            refused.add(e.getKey() + ": " + ex.getMessage());
          } catch (Throwable other) {
            // not-found and conflicts are fine here: the input itself was accepted
          }
        };
    calls(m, "legal-name-1").entrySet().forEach(run);
    assertThat(refused).isEmpty();
  }

  @Test
  @DisplayName("the corpus holds the entries the issue names")
  void corpus() {
    List<String> values = HostileInputs.all().stream().map(HostileInputs.Input::value).toList();
    assertThat(values)
        .contains("../", "..\\", "%2e%2e/", "%252e%252e%252f", "//proc/self/", "file:")
        .anyMatch(v -> v.startsWith("/etc"))
        .anyMatch(v -> v.contains("#"))
        .anyMatch(v -> v.contains("\u0000"))
        .anyMatch(v -> v.matches("[A-Za-z]:.*"))
        .anyMatch(v -> v.length() >= 10_000)
        .anyMatch(v -> v.chars().anyMatch(ch -> Character.isSurrogate((char) ch)));
  }
}
