package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the model registry")
class RegistryTest {
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

  Mlops open(Stores.Opener opener) {
    return opener.open(tmp, clock, "alice");
  }

  static ArtifactRef model(Mlops mlops, String content) {
    return mlops
        .artifacts()
        .put(
            "churn-model",
            ArtifactVersion.KIND_MODEL,
            "application/octet-stream",
            new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
            Map.of())
        .ref();
  }

  static String reportJson(String kind, String verdict, String model, long version) {
    return "{\"format_version\": 1, \"kind\": \""
        + kind
        + "\", \"verdict\": \""
        + verdict
        + "\", \"subject\": {\"model\": \""
        + model
        + "\", \"version\": "
        + version
        + "}, \"results\": [{\"check\": \"auc\", \"value\": 0.91}]}";
  }

  static ArtifactRef putReport(Mlops mlops, String json, String mediaType, String kind) {
    return mlops
        .artifacts()
        .put(
            "churn-eval",
            kind,
            mediaType,
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
            Map.of())
        .ref();
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("versions are numbered 1, 2, 3 and carry artifact, run, description and tags")
  void registersVersions(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", "monthly churn");
      ModelVersion v1 = r.registerVersion("churn", model(mlops, "a"), "run-1", "first", Map.of());
      ModelVersion v2 =
          r.registerVersion("churn", model(mlops, "b"), null, null, Map.of("team", "risk"));
      assertThat(List.of(v1.version(), v2.version())).containsExactly(1L, 2L);
      assertThat(r.version("churn", 2)).contains(v2);
      assertThat(v2.artifact()).isEqualTo(ArtifactRef.of("churn-model", 2));
      assertThat(v1.runId()).isEqualTo("run-1");
      assertThat(v2.tags()).containsEntry("team", "risk");
      assertThat(v1.stage()).isEqualTo(Stage.NONE);
      assertThat(Stores.audit(mlops))
          .extracting(AuditEvent::action)
          .containsExactly(
              "registry.model.created",
              "artifact.version.created",
              "registry.version.created",
              "artifact.version.created",
              "registry.version.created");
      assertThatThrownBy(() -> r.registerModel("churn", null))
          .isInstanceOf(ConflictException.class);
      assertThatThrownBy(
              () ->
                  r.registerVersion("nope", ArtifactRef.of("churn-model", 1), null, null, Map.of()))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(
              () ->
                  r.registerVersion(
                      "churn", ArtifactRef.of("churn-model", 9), null, null, Map.of()))
          .isInstanceOf(NotFoundException.class);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a transition records who, when and why; stage and alias queries follow it")
  void transitionsRecordWhoWhenWhy(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", null);
      r.registerVersion("churn", model(mlops, "a"), null, null, Map.of());
      r.registerVersion("churn", model(mlops, "b"), null, null, Map.of());
      Instant t1 = clock.advance(Duration.ofMinutes(5));
      r.transition("churn", 1, Stage.STAGING, "smoke tests green");
      Instant t2 = clock.advance(Duration.ofMinutes(5));
      r.as("bob").transition("churn", 1, Stage.PRODUCTION, "approved by bob");
      Instant t3 = clock.advance(Duration.ofMinutes(5));
      assertThat(r.setAlias("churn", "champion", 1, "first champion")).isEmpty();
      assertThat(r.setAlias("churn", "champion", 2, "better AUC")).contains(1L);

      assertThat(r.byStage("churn", Stage.PRODUCTION))
          .extracting(ModelVersion::version)
          .containsExactly(1L);
      assertThat(r.byStage("churn", Stage.NONE))
          .extracting(ModelVersion::version)
          .containsExactly(2L);
      assertThat(r.byAlias("churn", "champion")).map(ModelVersion::version).contains(2L);
      assertThat(r.byAlias("churn", "challenger")).isEmpty();

      List<Transition> h = r.history("churn");
      assertThat(h)
          .extracting(Transition::kind, Transition::from, Transition::to, Transition::actor)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TransitionKind.STAGE, "NONE", "STAGING", "alice"),
              org.assertj.core.groups.Tuple.tuple(
                  TransitionKind.STAGE, "STAGING", "PRODUCTION", "bob"),
              org.assertj.core.groups.Tuple.tuple(TransitionKind.ALIAS_SET, null, "1", "alice"),
              org.assertj.core.groups.Tuple.tuple(TransitionKind.ALIAS_SET, "1", "2", "alice"));
      assertThat(h).extracting(Transition::time).containsExactly(t1, t2, t3, t3);
      assertThat(h.get(1).reason()).isEqualTo("approved by bob");

      assertThat(r.removeAlias("churn", "champion", "retired")).contains(2L);
      assertThat(r.removeAlias("churn", "champion", "again")).isEmpty();
      assertThat(r.byAlias("churn", "champion")).isEmpty();
      var count = Stores.countActions(mlops);
      assertThat(count.apply("registry.stage")).isEqualTo(2);
      assertThat(count.apply("registry.alias.set")).isEqualTo(2);
      assertThat(count.apply("registry.alias.removed")).isEqualTo(1);
      AuditEvent bobs =
          Stores.audit(mlops).stream().filter(e -> e.actor().equals("bob")).findFirst().get();
      assertThat(bobs.action()).isEqualTo("registry.stage");
      assertThat(bobs.details()).containsEntry("reason", "approved by bob");
      assertThat(bobs.time()).isEqualTo(t2);
      Stores.assertChainIntact(mlops);
    }
  }

  /** A report situation and whether RequireReport(evaluation, minimum) must let it pass. */
  record GuardCase(
      String verdict, String mediaType, String kind, long subjectVersion, boolean malformed) {}

  static Stream<Arguments> guardCases() {
    String mt = LinkedReport.MEDIA_TYPE;
    return Stream.of(
        Arguments.argumentSet(
            "PASS passes a PASS minimum",
            new GuardCase("PASS", mt, "report", 1, false),
            Verdict.PASS,
            false,
            null),
        Arguments.argumentSet(
            "WARN fails a PASS minimum",
            new GuardCase("WARN", mt, "report", 1, false),
            Verdict.PASS,
            false,
            "verdict WARN"),
        Arguments.argumentSet(
            "WARN passes a WARN minimum",
            new GuardCase("WARN", mt, "report", 1, false),
            Verdict.WARN,
            false,
            null),
        Arguments.argumentSet(
            "FAIL fails a WARN minimum",
            new GuardCase("FAIL", mt, "report", 1, false),
            Verdict.WARN,
            true,
            "verdict FAIL"),
        Arguments.argumentSet(
            "INCONCLUSIVE fails without allowInconclusive",
            new GuardCase("INCONCLUSIVE", mt, "report", 1, false),
            Verdict.WARN,
            false,
            "verdict INCONCLUSIVE"),
        Arguments.argumentSet(
            "INCONCLUSIVE passes with allowInconclusive",
            new GuardCase("INCONCLUSIVE", mt, "report", 1, false),
            Verdict.PASS,
            true,
            null),
        Arguments.argumentSet(
            "a report about another version fails",
            new GuardCase("PASS", mt, "report", 2, false),
            Verdict.PASS,
            false,
            "about another model version"),
        Arguments.argumentSet(
            "malformed JSON fails",
            new GuardCase("PASS", mt, "report", 1, true),
            Verdict.PASS,
            false,
            "malformed JSON"),
        Arguments.argumentSet(
            "a wrong media type fails",
            new GuardCase("PASS", "application/json", "report", 1, false),
            Verdict.PASS,
            false,
            "media type is 'application/json'"),
        Arguments.argumentSet(
            "a wrong artifact kind fails",
            new GuardCase("PASS", mt, "file", 1, false),
            Verdict.PASS,
            false,
            "artifact kind is 'file'"),
        Arguments.argumentSet(
            "no linked report fails", null, Verdict.PASS, false, "no report is linked"));
  }

  static Stream<Arguments> guardCasesOnStores() {
    return Stores.stores()
        .flatMap(
            s ->
                guardCases()
                    .map(
                        c -> {
                          Object[] a = c.get();
                          return Arguments.argumentSet(
                              ((Arguments.ArgumentSet) c).getName() + " (" + s + ")",
                              s.get()[0],
                              a[0],
                              a[1],
                              a[2],
                              a[3]);
                        }));
  }

  @ParameterizedTest
  @MethodSource("guardCasesOnStores")
  @DisplayName("RequireReport decides on real report JSON linked to the version")
  void requireReport(
      Stores.Opener opener,
      GuardCase c,
      Verdict minimum,
      boolean allowInconclusive,
      String expectedFailure) {
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", null);
      r.registerVersion("churn", model(mlops, "a"), null, null, Map.of());
      r.registerVersion("churn", model(mlops, "b"), null, null, Map.of());
      RequireReport guard = RequireReport.of("evaluation", minimum);
      r.guard("churn", Stage.PRODUCTION, allowInconclusive ? guard.allowInconclusive() : guard);
      if (c != null) {
        String json =
            c.malformed()
                ? "{\"format_version\": 1, \"kind\": \"evaluation\", \"verdict\": \"PASS\""
                : reportJson("evaluation", c.verdict(), "churn", c.subjectVersion());
        ArtifactRef report = putReport(mlops, json, c.mediaType(), c.kind());
        mlops.artifacts().link(report, "churn", 1);
      }
      long eventsBefore = Stores.audit(mlops).size();
      int historyBefore = r.history("churn").size();

      if (expectedFailure == null) {
        ModelVersion moved = r.transition("churn", 1, Stage.PRODUCTION, "release");
        assertThat(moved.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(Stores.audit(mlops).get((int) eventsBefore).action())
            .isEqualTo("registry.stage");
      } else {
        assertThatThrownBy(() -> r.transition("churn", 1, Stage.PRODUCTION, "release"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("RequireReport(evaluation, " + minimum)
            .hasMessageContaining(expectedFailure)
            .hasMessageContaining("version 1");
        assertThat(r.version("churn", 1)).map(ModelVersion::stage).contains(Stage.NONE);
        assertThat(r.byStage("churn", Stage.PRODUCTION)).isEmpty();
        List<AuditEvent> after = Stores.audit(mlops);
        assertThat(after).hasSize((int) eventsBefore + 1);
        AuditEvent refused = after.get(after.size() - 1);
        assertThat(refused.action()).isEqualTo("registry.refused");
        assertThat(refused.subject()).isEqualTo("churn:1");
        assertThat(refused.details().get("refusal")).contains(expectedFailure);
        List<Transition> h = r.history("churn");
        assertThat(h).hasSize(historyBefore + 1);
        assertThat(h.get(h.size() - 1).kind()).isEqualTo(TransitionKind.REFUSED);
        assertThat(h.get(h.size() - 1).to()).isEqualTo("PRODUCTION");
      }
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("alias guards apply to that alias only, and other stages stay unguarded")
  void aliasGuards(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", null);
      r.registerVersion("churn", model(mlops, "a"), null, null, Map.of());
      r.guardAlias("churn", "champion", RequireReport.of("evaluation", Verdict.PASS));
      r.guardAlias("churn", "champion", ctx -> Optional.of("second guard never reached?"));
      assertThatThrownBy(() -> r.setAlias("churn", "champion", 1, "go"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("alias 'champion'")
          .hasMessageContaining("no report is linked");
      assertThat(r.byAlias("churn", "champion")).isEmpty();
      assertThat(r.setAlias("churn", "challenger", 1, "try")).isEmpty();
      assertThat(r.transition("churn", 1, Stage.STAGING, "unguarded").stage())
          .isEqualTo(Stage.STAGING);

      ArtifactRef report =
          putReport(
              mlops,
              reportJson("evaluation", "PASS", "churn", 1),
              LinkedReport.MEDIA_TYPE,
              "report");
      mlops.artifacts().link(report, "churn", 1);
      assertThatThrownBy(() -> r.setAlias("churn", "champion", 1, "go"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("second guard never reached?");
      assertThat(r.reports("churn", 1))
          .singleElement()
          .satisfies(
              lr -> {
                assertThat(lr.verdict()).isEqualTo(Verdict.PASS);
                assertThat(lr.kind()).isEqualTo("evaluation");
              });
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("an alias moved by 8 concurrent movers ends on a requested version, every move kept")
  void concurrentAliasMoves(Stores.Opener opener) throws Exception {
    int threads = 8;
    int movesEach = 5;
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", null);
      for (int i = 0; i < threads; i++) {
        r.registerVersion("churn", model(mlops, "m" + i), null, null, Map.of());
      }
      long eventsBefore = Stores.audit(mlops).size();
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          long version = t + 1;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int m = 0; m < movesEach; m++) {
                      r.as("mover-" + version).setAlias("churn", "champion", version, "move " + m);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      long finalVersion = r.byAlias("churn", "champion").orElseThrow().version();
      assertThat(finalVersion).isBetween(1L, (long) threads);
      List<Transition> h = r.history("churn");
      assertThat(h).hasSize(threads * movesEach);
      // Each move's "from" is the previous move's "to": the history is one unbroken chain.
      String previousTo = null;
      for (Transition t : h) {
        assertThat(t.from()).isEqualTo(previousTo);
        assertThat(t.actor()).isEqualTo("mover-" + t.to());
        previousTo = t.to();
      }
      assertThat(previousTo).isEqualTo(Long.toString(finalVersion));
      assertThat(Stores.audit(mlops)).hasSize((int) eventsBefore + threads * movesEach);
      Stores.assertChainIntact(mlops);
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a guard that throws aborts the transition and records nothing")
  void throwingGuard(Stores.Opener opener) {
    try (Mlops mlops = open(opener)) {
      ModelRegistry r = mlops.registry();
      r.registerModel("churn", null);
      r.registerVersion("churn", model(mlops, "a"), null, null, Map.of());
      r.guard(
          "churn",
          Stage.STAGING,
          ctx -> {
            throw new IllegalStateException("guard bug");
          });
      int events = Stores.audit(mlops).size();
      assertThatThrownBy(() -> r.transition("churn", 1, Stage.STAGING, "go"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("guard bug");
      assertThat(Stores.audit(mlops)).hasSize(events);
      assertThat(r.history("churn")).isEmpty();
      assertThat(r.version("churn", 1)).map(ModelVersion::stage).contains(Stage.NONE);
    }
  }
}
