package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

@DisplayName("registered model JSON export and import")
class ModelJsonTest {
  @TempDir Path tmp;

  final Stores.SettableClock clock = new Stores.SettableClock();

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

  static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Puts the artifacts of the fixture model: two model versions and one evaluation report. */
  static void putArtifacts(Mlops mlops) {
    mlops
        .artifacts()
        .put("churn-model", ArtifactVersion.KIND_MODEL, "application/json", utf8("m1"), Map.of());
    mlops
        .artifacts()
        .put("churn-model", ArtifactVersion.KIND_MODEL, "application/json", utf8("m2"), Map.of());
    mlops
        .artifacts()
        .put(
            "churn-eval",
            ArtifactVersion.KIND_REPORT,
            LinkedReport.MEDIA_TYPE,
            utf8(RegistryTest.reportJson("evaluation", "PASS", "churn", 2)),
            Map.of());
  }

  /** Builds the fixture: versions, stages, a linked report, aliases, a refusal in the history. */
  void buildModel(Mlops mlops) {
    putArtifacts(mlops);
    ModelRegistry r = mlops.registry();
    r.registerModel("churn", "monthly churn");
    r.registerVersion("churn", ArtifactRef.of("churn-model", 1), "run-1", "first", Map.of());
    r.registerVersion(
        "churn", ArtifactRef.of("churn-model", 2), null, null, Map.of("team", "risk", "x", "y"));
    r.guardAlias("churn", "champion", RequireReport.of("evaluation", Verdict.PASS));
    clock.advance(Duration.ofMinutes(1));
    r.transition("churn", 1, Stage.STAGING, "smoke green");
    r.as("bob").transition("churn", 1, Stage.ARCHIVED, "superseded");
    assertThatThrownBy(() -> r.setAlias("churn", "champion", 2, "before the report"))
        .isInstanceOf(ConflictException.class);
    mlops.artifacts().link(ArtifactRef.of("churn-eval", 1), "churn", 2);
    clock.advance(Duration.ofMinutes(1));
    r.transition("churn", 2, Stage.PRODUCTION, "approved");
    r.setAlias("churn", "champion", 2, "evaluation passed");
    r.setAlias("churn", "challenger", 1, "for comparison");
  }

  static byte[] export(Mlops mlops, String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    mlops.registry().exportModel(name, out);
    return out.toByteArray();
  }

  /** A model version without its model name, to compare across names. */
  record Shape(
      long version,
      ArtifactRef artifact,
      String runId,
      String description,
      Map<String, String> tags,
      Stage stage,
      java.time.Instant createdAt) {
    static Shape of(ModelVersion v) {
      return new Shape(
          v.version(),
          v.artifact(),
          v.runId(),
          v.description(),
          v.tags(),
          v.stage(),
          v.createdAt());
    }
  }

  static List<Transition> renamed(List<Transition> history, String name) {
    return history.stream()
        .map(
            t ->
                new Transition(
                    name,
                    t.version(),
                    t.kind(),
                    t.alias(),
                    t.from(),
                    t.to(),
                    t.actor(),
                    t.reason(),
                    t.time()))
        .toList();
  }

  static void assertSameModel(ModelRegistry from, String a, ModelRegistry to, String b) {
    for (long v = 1; v <= 2; v++) {
      assertThat(to.version(b, v).map(Shape::of)).isEqualTo(from.version(a, v).map(Shape::of));
      assertThat(to.reports(b, v)).isEqualTo(from.reports(a, v));
    }
    assertThat(to.version(b, 3)).isEmpty();
    assertThat(to.byAlias(b, "champion").map(ModelVersion::version)).contains(2L);
    assertThat(to.byAlias(b, "challenger").map(ModelVersion::version)).contains(1L);
    assertThat(to.history(b)).isEqualTo(renamed(from.history(a), b));
    assertThat(to.model(b).orElseThrow().description())
        .isEqualTo(from.model(a).orElseThrow().description());
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName(
      "a model comes back under another name with versions, stages, links, aliases, history")
  void roundTripSameStore(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "alice")) {
      buildModel(mlops);
      byte[] json = export(mlops, "churn");
      int before = Stores.audit(mlops).size();
      clock.advance(Duration.ofMinutes(1));
      mlops.registry().as("carol").importModel(new ByteArrayInputStream(json), "churn-copy");
      assertSameModel(mlops.registry(), "churn", mlops.registry(), "churn-copy");
      // The copy exports to the same document apart from the name.
      String again = new String(export(mlops, "churn-copy"), StandardCharsets.UTF_8);
      assertThat(again)
          .isEqualTo(
              new String(json, StandardCharsets.UTF_8).replace("\"churn\"", "\"churn-copy\""));

      List<AuditEvent> all = Stores.audit(mlops);
      List<AuditEvent> added = all.subList(before, all.size());
      assertThat(added)
          .extracting(e -> e.action() + " " + e.subject())
          .containsExactly(
              "registry.model.created churn-copy",
              "registry.version.created churn-copy:1",
              "registry.version.created churn-copy:2",
              "artifact.linked churn-eval:1",
              "registry.alias.set churn-copy",
              "registry.alias.set churn-copy");
      assertThat(added).allMatch(e -> e.actor().equals("carol"));
      assertThat(added.get(0).details()).containsEntry("imported_from", "churn");
      Stores.assertChainIntact(mlops);
      assertThat(mlops.audit().verify().intact()).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("a model moves to another store holding the same artifact versions")
  void roundTripOtherStore(Stores.Opener opener) {
    byte[] json;
    try (Mlops source = opener.open(tmp.resolve("a"), clock, "alice")) {
      buildModel(source);
      json = export(source, "churn");
      try (Mlops target = opener.open(tmp.resolve("b"), clock, "alice")) {
        // Without the artifacts, nothing is imported and the message names what is missing.
        assertThatThrownBy(() -> target.registry().importModel(new ByteArrayInputStream(json)))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("churn-model:1")
            .hasMessageContaining("not in this store");
        assertThat(target.registry().model("churn")).isEmpty();
        assertThat(Stores.audit(target)).isEmpty();

        putArtifacts(target);
        target
            .registry()
            .guardAlias("churn", "champion", RequireReport.of("evaluation", Verdict.PASS));
        target.registry().importModel(new ByteArrayInputStream(json));
        assertSameModel(source.registry(), "churn", target.registry(), "churn");
        assertThat(target.audit().verify().intact()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("stores")
  @DisplayName("other bytes, a taken name or a refusing guard fail the import and write nothing")
  void refusals(Stores.Opener opener) {
    try (Mlops mlops = opener.open(tmp, clock, "alice")) {
      buildModel(mlops);
      byte[] json = export(mlops, "churn");
      ModelRegistry r = mlops.registry();
      assertThatThrownBy(() -> r.importModel(new ByteArrayInputStream(json)))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("'churn' exists already");

      // A document whose digest differs from the stored bytes.
      String other =
          new String(json, StandardCharsets.UTF_8)
              .replaceFirst("sha256:[0-9a-f]{64}", "sha256:" + "0".repeat(64));
      int before = Stores.audit(mlops).size();
      assertThatThrownBy(() -> r.importModel(utf8(other), "copy"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("churn-model:1")
          .hasMessageContaining("other bytes");

      // A guard on a stage the document holds, not satisfied (no report of that kind).
      r.guard("strict", Stage.PRODUCTION, RequireReport.of("fairness", Verdict.PASS));
      assertThatThrownBy(() -> r.importModel(new ByteArrayInputStream(json), "strict"))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("refused")
          .hasMessageContaining("fairness");

      // A deleted artifact version is as missing.
      mlops.artifacts().delete("churn-eval", 1, "retracted");
      before++;
      assertThatThrownBy(() -> r.importModel(new ByteArrayInputStream(json), "copy"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("churn-eval:1")
          .hasMessageContaining("deleted");

      assertThat(r.model("copy")).isEmpty();
      assertThat(r.model("strict")).isEmpty();
      assertThat(r.history("copy")).isEmpty();
      assertThat(Stores.audit(mlops)).hasSize(before);
    }
  }

  @Test
  @DisplayName("the layout has format_version 1, kind registered_model and every exported field")
  void layout() throws Exception {
    try (Mlops mlops = Mlops.builder().store(java.net.URI.create("mem:/")).clock(clock).build()) {
      buildModel(mlops);
      JsonNode root = new ObjectMapper().readTree(export(mlops, "churn"));
      assertThat(root.get("format_version").intValue()).isEqualTo(1);
      assertThat(root.get("kind").textValue()).isEqualTo("registered_model");
      assertThat(root.get("model").get("name").textValue()).isEqualTo("churn");
      JsonNode v2 = root.get("versions").get(1);
      assertThat(v2.get("version").intValue()).isEqualTo(2);
      assertThat(v2.get("artifact").get("digest").textValue())
          .isEqualTo(TestBytes.sha256("m2".getBytes(StandardCharsets.UTF_8)));
      assertThat(v2.get("stage").textValue()).isEqualTo("PRODUCTION");
      assertThat(v2.get("run_id").isNull()).isTrue();
      assertThat(v2.get("tags").get("team").textValue()).isEqualTo("risk");
      assertThat(v2.get("linked").get(0).get("name").textValue()).isEqualTo("churn-eval");
      assertThat(root.get("versions").get(0).get("run_id").textValue()).isEqualTo("run-1");
      assertThat(root.get("aliases").get("champion").intValue()).isEqualTo(2);
      JsonNode history = root.get("history");
      assertThat(history).hasSize(6);
      assertThat(history.get(1).get("actor").textValue()).isEqualTo("bob");
      assertThat(history.get(2).get("kind").textValue()).isEqualTo("REFUSED");
    }
  }

  static final String VALID =
      """
      {"format_version": 1, "kind": "registered_model",
       "model": {"name": "m", "description": null, "created_at": "2026-03-01T10:15:30Z"},
       "versions": [
         {"version": 1,
          "artifact": {"name": "a", "version": 1,
                       "digest": "sha256:0000000000000000000000000000000000000000000000000000000000000000"},
          "run_id": null, "description": null, "tags": {}, "stage": "NONE",
          "created_at": "2026-03-01T10:15:30Z", "linked": []}],
       "aliases": {"champion": 1},
       "history": [{"version": 1, "kind": "ALIAS_SET", "alias": "champion", "from": null, "to": "1",
                    "actor": "a", "reason": null, "time": "2026-03-01T10:15:30Z"}]}
      """;

  static Stream<String> hostile() {
    return Stream.of(
        "",
        "null",
        "[]",
        "{",
        VALID + " {}",
        VALID.replace("\"format_version\": 1", "\"format_version\": 2"),
        VALID.replace("\"format_version\": 1", "\"format_version\": \"1\""),
        VALID.replace("\"kind\": \"registered_model\"", "\"kind\": \"run\""),
        VALID.replace("\"model\": {", "\"model\": {\"@class\": \"java.lang.Runtime\", "),
        VALID.replace("\"name\": \"m\"", "\"name\": \"../etc\""),
        VALID.replace("\"name\": \"m\"", "\"name\": \"m\", \"name\": \"n\""),
        VALID.replace("\"version\": 1,\n", "\"version\": 2,\n"),
        VALID.replace("\"champion\": 1", "\"champion\": 5"),
        VALID.replace("\"champion\": 1", "\"champion\": 1e400"),
        VALID.replace("\"stage\": \"NONE\"", "\"stage\": \"LIVE\""),
        VALID.replace("\"kind\": \"ALIAS_SET\"", "\"kind\": \"DELETE\""),
        VALID.replace("\"actor\": \"a\"", "\"actor\": 7"),
        VALID.replace("\"tags\": {}", "\"tags\": {\"k\": 1}"),
        VALID.replace("\"tags\": {}", "\"tags\": {\"bad\\u0000key\": \"v\"}"),
        VALID.replace("sha256:0000", "sha256:zz00"),
        VALID.replace("\"time\": \"2026-03-01T10:15:30Z\"", "\"time\": \"yesterday\""),
        VALID.replace("\"linked\": []", "\"linked\": [1]"),
        VALID.replace("\"linked\": []", "\"linked\": " + "[".repeat(40) + "]".repeat(40)),
        VALID.replace("\"description\": null, \"tags\"", "\"description\": 3, \"tags\""),
        VALID.replace("\"run_id\": null", "\"run_id\": \"a/b\""),
        VALID.replace(
            "\"version\": 1, \"kind\"", "\"version\": 99999999999999999999999, \"kind\""));
  }

  @Nested
  @DisplayName("hostile input")
  class Hostile {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.ModelJsonTest#hostile")
    @DisplayName("is refused with InvalidInputException and writes nothing")
    void refused(String json) {
      try (Mlops mlops = Mlops.inMemory()) {
        assertThatThrownBy(() -> mlops.registry().importModel(utf8(json)))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("nothing was written");
        assertThat(mlops.registry().model("m")).isEmpty();
        assertThat(Stores.audit(mlops)).isEmpty();
      }
    }

    @Test
    @DisplayName("the valid base document of the hostile cases is read")
    void baseIsValid() {
      ModelJson.Document doc = new ModelJson().read(utf8(VALID));
      assertThat(doc.model().name()).isEqualTo("m");
      assertThat(doc.aliases()).containsEntry("champion", 1L);
      assertThat(doc.versions()).hasSize(1);
    }

    @Test
    @DisplayName("a document over the size limit is refused while reading")
    void tooLarge() {
      ModelJson small = new ModelJson(500);
      assertThatThrownBy(() -> small.read(utf8(VALID + " ".repeat(1_000))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("larger than 500 bytes");
    }

    @Test
    @DisplayName("the default limits are 64 MiB, depth 16 and strings of 100,000 characters")
    void limits() {
      assertThat(ModelJson.DEFAULT_MAX_BYTES).isEqualTo(64L * 1024 * 1024);
      String deep =
          VALID.replace(
              "\"tags\": {}", "\"tags\": {\"k\": " + "[".repeat(20) + "]".repeat(20) + "}");
      assertThatThrownBy(() -> new ModelJson().read(utf8(deep)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("depth");
      String longText =
          VALID.replace("\"actor\": \"a\"", "\"actor\": \"" + "a".repeat(100_001) + "\"");
      assertThatThrownBy(() -> new ModelJson().read(utf8(longText)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("malformed or exceeds a limit");
    }
  }
}
