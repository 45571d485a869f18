package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.Tracking;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("run JSON export and import")
class RunJsonTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] export(Tracking t, String runId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.exportRun(runId, out);
    return out.toByteArray();
  }

  /** A finished run with every kind of content. */
  static String richRun(Mlops mlops, ManualClock clock) {
    ActiveRun run =
        mlops.tracking().startRun("churn").name("baseline").context(RunContext.HOST, "h1").start();
    run.logParam("lr", 0.01);
    run.logParam("optimizer", "adam");
    run.logParam("shuffle", false);
    run.setTag("team", "risk \u00e9\u4e2d\ud83d\ude00");
    run.note("first \"quoted\" note\n");
    run.logMetric("loss", 0.5, 1);
    clock.advance(Duration.ofMillis(1500));
    run.logMetric("loss", Double.NaN, 2);
    run.logMetric("loss", Double.POSITIVE_INFINITY, 3);
    run.logMetric("loss", Double.NEGATIVE_INFINITY, 4);
    run.logMetric("loss", -0.0, 5);
    run.logMetric("loss", Double.MIN_VALUE, 5);
    run.logMetric("acc", 0.1 + 0.2, -7);
    clock.advance(Duration.ofSeconds(3));
    run.close();
    return run.id();
  }

  @Nested
  @DisplayName("round trip")
  class RoundTrip {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("a run comes back with params, every metric point, tags, note and status")
    void roundTrip(BiFunction<Path, ManualClock, Mlops> factory) {
      ManualClock clock = new ManualClock(TrackingTest.T0);
      try (Mlops mlops = factory.apply(tmp, clock)) {
        Tracking t = mlops.tracking();
        String id = richRun(mlops, clock);
        byte[] json = export(t, id);

        Run copy = t.importRun(new ByteArrayInputStream(json));
        Run original = t.run(id);
        assertThat(copy.id()).isNotEqualTo(id);
        assertThat(copy).usingRecursiveComparison().ignoringFields("id").isEqualTo(original);
        assertThat(t.params(copy.id())).isEqualTo(t.params(id));
        assertThat(t.tags(copy.id())).isEqualTo(t.tags(id));
        for (String key : List.of("loss", "acc")) {
          assertThat(t.metricHistory(copy.id(), key)).isEqualTo(t.metricHistory(id, key));
        }
        assertThat(t.metricHistory(copy.id(), "loss"))
            .extracting(MetricPoint::value)
            .containsExactly(
                0.5,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -0.0,
                Double.MIN_VALUE);
        assertThat(t.latestMetrics(copy.id())).isEqualTo(t.latestMetrics(id));
        // exporting the copy gives the same document but for the id
        String again = new String(export(t, copy.id()), StandardCharsets.UTF_8);
        assertThat(again.replace(copy.id(), id))
            .isEqualTo(new String(json, StandardCharsets.UTF_8));
      }
    }

    @Test
    @DisplayName("the layout has format_version 1, kind run, and non-finite values as strings")
    void layout() throws Exception {
      ManualClock clock = new ManualClock(TrackingTest.T0);
      try (Mlops mlops = Mlops.builder().store(java.net.URI.create("mem:/")).clock(clock).build()) {
        String id = richRun(mlops, clock);
        JsonNode doc = new ObjectMapper().readTree(export(mlops.tracking(), id));
        assertThat(doc.get("format_version").intValue()).isEqualTo(1);
        assertThat(doc.get("kind").textValue()).isEqualTo("run");
        assertThat(doc.get("run").get("experiment").textValue()).isEqualTo("churn");
        assertThat(doc.get("run").get("status").textValue()).isEqualTo("FINISHED");
        assertThat(doc.get("tags").get(RunContext.HOST).textValue()).isEqualTo("h1");
        List<JsonNode> values =
            Stream.of(1, 2, 3, 4).map(i -> doc.get("metrics").get(i).get("value")).toList();
        assertThat(values.get(0).isNumber()).isTrue();
        assertThat(values.subList(1, 4))
            .extracting(JsonNode::textValue)
            .containsExactly("NaN", "Infinity", "-Infinity");
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("import under a given id works once, then is a conflict")
    void givenId(BiFunction<Path, ManualClock, Mlops> factory) {
      ManualClock clock = new ManualClock(TrackingTest.T0);
      try (Mlops mlops = factory.apply(tmp, clock)) {
        Tracking t = mlops.tracking();
        String id = richRun(mlops, clock);
        byte[] json = export(t, id);
        assertThat(t.importRun(new ByteArrayInputStream(json), "copy-1").id()).isEqualTo("copy-1");
        assertThatThrownBy(() -> t.importRun(new ByteArrayInputStream(json), "copy-1"))
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("copy-1");
        assertThatThrownBy(() -> t.importRun(new ByteArrayInputStream(json), id))
            .isInstanceOf(ConflictException.class);
        assertThat(t.listRuns("churn", null, 10)).hasSize(2);
        assertThat(t.run("copy-1").status()).isEqualTo(RunStatus.FINISHED);
      }
    }
  }

  static final String VALID =
      """
      {"format_version": 1, "kind": "run",
       "run": {"id": "r1", "experiment": "e", "parent_run_id": null, "name": null,
               "status": "RUNNING", "start_time": "2026-03-01T10:15:30Z", "end_time": null,
               "note": null},
       "params": [], "tags": {}, "metrics": []}
      """;

  static Stream<Arguments> hostile() {
    String deep = "[".repeat(60) + "]".repeat(60);
    return Stream.of(
        Arguments.argumentSet("not JSON", "{"),
        Arguments.argumentSet("an array", "[]"),
        Arguments.argumentSet(
            "nesting deeper than 50", VALID.replace("\"tags\": {}", "\"tags\": " + deep)),
        Arguments.argumentSet(
            "a string over 1 MB",
            VALID.replace("\"note\": null", "\"note\": \"" + "x".repeat(1_000_001) + "\"")),
        Arguments.argumentSet(
            "a newer format version",
            VALID.replace("\"format_version\": 1", "\"format_version\": 2")),
        Arguments.argumentSet(
            "another kind", VALID.replace("\"kind\": \"run\"", "\"kind\": \"model\"")),
        Arguments.argumentSet(
            "a polymorphic type field",
            VALID.replace(
                "\"kind\": \"run\"", "\"kind\": \"run\", \"@class\": \"java.lang.Runtime\"")),
        Arguments.argumentSet(
            "a duplicate key",
            VALID.replace("\"kind\": \"run\"", "\"kind\": \"run\", \"kind\": \"run\"")),
        Arguments.argumentSet("trailing content", VALID + " {}"),
        Arguments.argumentSet(
            "a traversal tag key", VALID.replace("\"tags\": {}", "\"tags\": {\"../x\": \"v\"}")),
        Arguments.argumentSet(
            "a NUL in a tag", VALID.replace("\"tags\": {}", "\"tags\": {\"k\": \"a\\u0000b\"}")),
        Arguments.argumentSet(
            "an unpaired surrogate",
            VALID.replace("\"tags\": {}", "\"tags\": {\"k\": \"\\ud800\"}")),
        Arguments.argumentSet(
            "an illegal experiment",
            VALID.replace("\"experiment\": \"e\"", "\"experiment\": \"../e\"")),
        Arguments.argumentSet(
            "an end time while RUNNING",
            VALID.replace("\"end_time\": null", "\"end_time\": \"2026-03-01T10:15:30Z\"")),
        Arguments.argumentSet("an unknown status", VALID.replace("RUNNING", "PAUSED")),
        Arguments.argumentSet(
            "a metric value that is another string",
            VALID.replace(
                "\"metrics\": []",
                "\"metrics\": [{\"key\": \"m\", \"value\": \"nan\", \"step\": 0, \"timestamp\": \"2026-03-01T10:15:30Z\"}]")),
        Arguments.argumentSet(
            "a step beyond 64 bits",
            VALID.replace(
                "\"metrics\": []",
                "\"metrics\": [{\"key\": \"m\", \"value\": 1, \"step\": 99999999999999999999, \"timestamp\": \"2026-03-01T10:15:30Z\"}]")),
        Arguments.argumentSet(
            "a non-canonical number parameter",
            VALID.replace(
                "\"params\": []",
                "\"params\": [{\"key\": \"lr\", \"type\": \"NUMBER\", \"value\": \"1e-2\"}]")),
        Arguments.argumentSet(
            "a bad timestamp",
            VALID.replace(
                "\"start_time\": \"2026-03-01T10:15:30Z\"", "\"start_time\": \"yesterday\"")));
  }

  @Nested
  @DisplayName("hostile input")
  class Hostile {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.RunJsonTest#hostile")
    @DisplayName("is refused with InvalidInputException and writes nothing")
    void refused(String json) {
      try (Mlops mlops = Mlops.inMemory()) {
        Tracking t = mlops.tracking();
        assertThatThrownBy(() -> t.importRun(utf8(json))).isInstanceOf(InvalidInputException.class);
        assertThat(t.findExperiment("e")).isEmpty();
        List<AuditEvent> events = mlops.metadata().read(tx -> tx.listAuditEvents(1, 10));
        assertThat(events).isEmpty();
      }
    }

    @Test
    @DisplayName("the valid base document of the hostile cases is accepted")
    void baseIsValid() {
      try (Mlops mlops = Mlops.inMemory()) {
        Run r = mlops.tracking().importRun(utf8(VALID), "r1");
        assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(mlops.tracking().findExperiment("e")).isPresent();
      }
    }

    @Test
    @DisplayName("a document over the size limit is refused while reading, before parsing ends")
    void tooLarge() {
      RunJson small = new RunJson(1_000);
      String padded = VALID.replace("\"note\": null", "\"note\": \"" + "x".repeat(2_000) + "\"");
      assertThatThrownBy(() -> small.read(utf8(padded)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("larger than 1000 bytes");
      assertThat(small.read(utf8(VALID)).experimentName()).isEqualTo("e");
    }

    @Test
    @DisplayName("nesting and string length are limited by the parser, before any value check")
    void parserLimits() {
      RunJson json = new RunJson();
      String deep = VALID.replace("\"tags\": {}", "\"tags\": " + "[".repeat(51) + "]".repeat(51));
      assertThatThrownBy(() -> json.read(utf8(deep)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("exceeds a limit")
          .hasMessageContaining("depth");
      String ok = VALID.replace("\"tags\": {}", "\"tags\": " + "[".repeat(45) + "]".repeat(45));
      assertThatThrownBy(() -> json.read(utf8(ok)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("tags must be an object");
      String longString =
          VALID.replace("\"note\": null", "\"note\": \"" + "x".repeat(1_000_001) + "\"");
      assertThatThrownBy(() -> json.read(utf8(longString)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("String value length");
    }

    @Test
    @DisplayName("the default size limit is 64 MiB")
    void defaultLimit() {
      assertThat(RunJson.DEFAULT_MAX_BYTES).isEqualTo(64L * 1024 * 1024);
    }
  }
}
