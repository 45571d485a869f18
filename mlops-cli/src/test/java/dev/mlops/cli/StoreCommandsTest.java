package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.core.Mlops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the store commands")
class StoreCommandsTest {
  @TempDir Path dir;

  StoreFixture store;

  @BeforeEach
  void prepare() {
    store = new StoreFixture(dir.resolve("store")).prepare();
  }

  /** Runs {@code mlops <args> --store <the fixture>}. */
  CommandLineTest.Run mlops(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--store");
    a.add(store.dir.toString());
    return CommandLineTest.run(a.toArray(new String[0]));
  }

  static void oneLineError(CommandLineTest.Run r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(parts).doesNotContain("Exception").doesNotContain("\tat ");
  }

  static List<String> texts(JsonNode array, String key) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(key).asText()));
    return out;
  }

  static List<String> lines(String text) {
    return List.of(text.split("\n"));
  }

  static String lineStarting(String text, String prefix) {
    return lines(text).stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }

  @Nested
  @DisplayName("mlops runs list")
  class RunsList {
    @Test
    @DisplayName("JSON: every run, newest first, with experiment names, status and times")
    void json() throws IOException {
      CommandLineTest.Run r = mlops("runs", "list", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      JsonNode j = r.json();
      assertThat(j.get("format_version").asInt()).isEqualTo(1);
      assertThat(j.get("kind").asText()).isEqualTo("runs");
      assertThat(j.get("count").asInt()).isEqualTo(4);
      assertThat(j.get("more").asBoolean()).isFalse();
      assertThat(texts(j.get("runs"), "run_id"))
          .containsExactly(store.runD, store.runC, store.runB, store.runA);
      JsonNode c = j.get("runs").get(1);
      assertThat(c.get("experiment").asText()).isEqualTo("scoring");
      assertThat(c.get("name").asText()).isEqualTo("live");
      assertThat(c.get("status").asText()).isEqualTo("RUNNING");
      assertThat(c.get("end_time").isNull()).isTrue();
      assertThat(c.get("duration_seconds").isNull()).isTrue();
      JsonNode a = j.get("runs").get(3);
      assertThat(a.get("status").asText()).isEqualTo("FINISHED");
      assertThat(Instant.parse(a.get("start_time").asText())).isAfterOrEqualTo(StoreFixture.T0);
      assertThat(a.get("duration_seconds").asDouble()).isPositive();
    }

    @Test
    @DisplayName("--experiment keeps that experiment's runs; --limit cuts and says more match")
    void filterAndLimit() throws IOException {
      JsonNode j = mlops("runs", "list", "--experiment", "churn", "--format", "json").json();
      assertThat(texts(j.get("runs"), "run_id")).containsExactly(store.runB, store.runA);
      JsonNode one = mlops("runs", "list", "--limit", "1", "--format", "json").json();
      assertThat(texts(one.get("runs"), "run_id")).containsExactly(store.runD);
      assertThat(one.get("more").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("text: an aligned table and a count line")
    void text() {
      CommandLineTest.Run r = mlops("runs", "list");
      assertThat(r.code()).isZero();
      String head = lineStarting(r.out(), "run id");
      String a = lineStarting(r.out(), store.runA);
      String c = lineStarting(r.out(), store.runC);
      assertThat(a.indexOf("churn")).isEqualTo(head.indexOf("experiment"));
      assertThat(a.indexOf("FINISHED")).isEqualTo(head.indexOf("status"));
      assertThat(c.indexOf("RUNNING")).isEqualTo(head.indexOf("status"));
      assertThat(lines(r.out()).get(lines(r.out()).size() - 1)).isEqualTo("4 runs");
    }

    @Test
    @DisplayName("an unknown experiment is one line, exit 2")
    void unknownExperiment() {
      oneLineError(mlops("runs", "list", "--experiment", "nope"), "--experiment nope");
    }

    @Test
    @DisplayName("a --limit out of range is one line, exit 2")
    void badLimit() {
      oneLineError(mlops("runs", "list", "--limit", "0"), "--limit 0");
    }
  }

  @Nested
  @DisplayName("mlops runs show")
  class RunsShow {
    @Test
    @DisplayName("JSON: the run, typed parameters, the latest metric points and the tags")
    void json() throws IOException {
      CommandLineTest.Run r = mlops("runs", "show", store.runA, "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("run");
      assertThat(j.get("run").get("run_id").asText()).isEqualTo(store.runA);
      assertThat(j.get("run").get("name").asText()).isEqualTo("baseline");
      assertThat(j.get("run").get("experiment").asText()).isEqualTo("churn");
      assertThat(j.get("params").get("lr").get("type").asText()).isEqualTo("number");
      assertThat(j.get("params").get("lr").get("value").isNumber()).isTrue();
      assertThat(j.get("params").get("lr").get("value").asDouble()).isEqualTo(0.1);
      assertThat(j.get("params").get("optimizer").get("value").asText()).isEqualTo("adam");
      // the latest point is the greatest step: 0.85 at step 2
      assertThat(j.get("metrics").get("accuracy").get("value").asDouble()).isEqualTo(0.85);
      assertThat(j.get("metrics").get("accuracy").get("step").asLong()).isEqualTo(2);
      assertThat(j.get("tags").get("team").asText()).isEqualTo("ml");
    }

    @Test
    @DisplayName("text: the attributes, then tables of parameters, metrics and tags")
    void text() {
      CommandLineTest.Run r = mlops("runs", "show", store.runA);
      assertThat(r.code()).isZero();
      assertThat(lineStarting(r.out(), "run ")).endsWith(store.runA);
      assertThat(lineStarting(r.out(), "status ")).endsWith("FINISHED");
      String head = lineStarting(r.out(), "metric ");
      String acc = lineStarting(r.out(), "accuracy ");
      assertThat(acc.indexOf("0.85")).isEqualTo(head.indexOf("value"));
      assertThat(lineStarting(r.out(), "optimizer ")).endsWith("adam");
    }

    @Test
    @DisplayName("an unknown run is one line, exit 2")
    void unknown() {
      oneLineError(mlops("runs", "show", "no-such-run"), "no-such-run");
    }
  }

  @Nested
  @DisplayName("mlops runs search")
  class RunsSearch {
    @Test
    @DisplayName("a metric comparison finds the one run above it")
    void metric() throws IOException {
      JsonNode j = mlops("runs", "search", "metrics.accuracy > 0.9", "--format", "json").json();
      assertThat(texts(j.get("runs"), "run_id")).containsExactly(store.runB);
      assertThat(j.get("query").asText()).isEqualTo("metrics.accuracy > 0.9");
    }

    @Test
    @DisplayName("a parameter filter and an order")
    void paramAndOrder() throws IOException {
      JsonNode j =
          mlops(
                  "runs",
                  "search",
                  "params.optimizer IN ('adam', 'sgd') ORDER BY metrics.accuracy DESC",
                  "--format",
                  "json")
              .json();
      // B 0.93 before A 0.85
      assertThat(texts(j.get("runs"), "run_id")).containsExactly(store.runB, store.runA);
    }

    @Test
    @DisplayName("a malformed query is one line naming the position, exit 2")
    void malformed() {
      // "metrics.accuracy" is 16 characters, then " > " : AND starts at index 19
      CommandLineTest.Run r = mlops("runs", "search", "metrics.accuracy > AND");
      oneLineError(r, "position 19", "metrics.accuracy > >>>AND");
    }
  }

  @Nested
  @DisplayName("mlops models")
  class Models {
    @Test
    @DisplayName("list JSON: versions, latest, stages and aliases per model")
    void listJson() throws IOException {
      CommandLineTest.Run r = mlops("models", "list", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("models");
      assertThat(j.get("count").asInt()).isEqualTo(1);
      JsonNode m = j.get("models").get(0);
      assertThat(m.get("name").asText()).isEqualTo("churn");
      assertThat(m.get("description").asText()).isEqualTo("monthly churn classifier");
      assertThat(m.get("version_count").asInt()).isEqualTo(2);
      assertThat(m.get("latest_version").asInt()).isEqualTo(2);
      assertThat(m.get("stages").get("STAGING").toString()).isEqualTo("[1]");
      assertThat(m.get("stages").get("NONE").toString()).isEqualTo("[2]");
      assertThat(m.get("stages").get("PRODUCTION").toString()).isEqualTo("[]");
    }

    @Test
    @DisplayName("list text: one aligned row per model")
    void listText() {
      CommandLineTest.Run r = mlops("models", "list");
      String head = lineStarting(r.out(), "model ");
      String churn = lineStarting(r.out(), "churn ");
      assertThat(churn.substring(head.indexOf("staging"))).startsWith("1 ");
      assertThat(churn.substring(head.indexOf("latest"))).startsWith("2 ");
    }

    @Test
    @DisplayName("show JSON: versions with artifact, run, linked reports, and the history")
    void showJson() throws IOException {
      CommandLineTest.Run r = mlops("models", "show", "churn", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("model");
      assertThat(j.get("model").get("name").asText()).isEqualTo("churn");
      JsonNode v1 = j.get("versions").get(0);
      JsonNode v2 = j.get("versions").get(1);
      assertThat(v1.get("stage").asText()).isEqualTo("STAGING");
      assertThat(v1.get("artifact").asText()).isEqualTo("churn-model:1");
      assertThat(v1.get("run_id").asText()).isEqualTo(store.runA);
      assertThat(v1.get("reports").size()).isZero();
      assertThat(v2.get("reports").get(0).get("kind").asText()).isEqualTo("evaluation");
      assertThat(v2.get("reports").get(0).get("verdict").asText()).isEqualTo("PASS");
      assertThat(v2.get("linked_artifacts").get(0).asText()).isEqualTo("churn-eval:1");
      JsonNode h = j.get("history").get(0);
      assertThat(h.get("kind").asText()).isEqualTo("STAGE");
      assertThat(h.get("from").asText()).isEqualTo("NONE");
      assertThat(h.get("to").asText()).isEqualTo("STAGING");
      assertThat(h.get("actor").asText()).isEqualTo("fixture");
      assertThat(h.get("reason").asText()).isEqualTo("first candidate");
    }

    @Test
    @DisplayName("show --version: only that version and its history")
    void showVersion() throws IOException {
      JsonNode j = mlops("models", "show", "churn", "--version", "2", "--format", "json").json();
      assertThat(j.get("versions").size()).isEqualTo(1);
      assertThat(j.get("versions").get(0).get("version").asInt()).isEqualTo(2);
      assertThat(j.get("history").size()).isZero();
    }

    @Test
    @DisplayName("show text: a versions table and a history table")
    void showText() {
      CommandLineTest.Run r = mlops("models", "show", "churn");
      assertThat(r.out()).startsWith("model churn: monthly churn classifier\n");
      String head = lineStarting(r.out(), "version ");
      String v1 = lineStarting(r.out(), "1 ");
      assertThat(v1.indexOf("STAGING")).isEqualTo(head.indexOf("stage"));
      assertThat(r.out()).contains("evaluation PASS (churn-eval:1)");
    }

    @Test
    @DisplayName("an unknown model, or version, is one line, exit 2")
    void unknown() {
      oneLineError(mlops("models", "show", "nope"), "'nope'");
      oneLineError(
          mlops("models", "show", "churn", "--version", "9"), "no version 9", "latest is 2");
    }
  }

  @Nested
  @DisplayName("mlops models promote")
  class Promote {
    ModelVersion version(long v) {
      try (Mlops m = Mlops.open(store.dir)) {
        return m.registry().version("churn", v).orElseThrow();
      }
    }

    List<Transition> history() {
      try (Mlops m = Mlops.open(store.dir)) {
        return m.registry().history("churn");
      }
    }

    @Test
    @DisplayName("moves the version, records reason and actor, exit 0")
    void promotes() throws IOException {
      CommandLineTest.Run r =
          mlops(
              "models",
              "promote",
              "churn",
              "2",
              "--stage",
              "production",
              "--reason",
              "beats v1 by 8 points",
              "--actor",
              "alice",
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("model_promotion");
      assertThat(j.get("promoted").asBoolean()).isTrue();
      assertThat(j.get("from").asText()).isEqualTo("NONE");
      assertThat(j.get("to").asText()).isEqualTo("PRODUCTION");
      assertThat(j.get("refusal").isNull()).isTrue();
      assertThat(version(2).stage()).isEqualTo(Stage.PRODUCTION);
      Transition last = history().get(history().size() - 1);
      assertThat(last.kind()).isEqualTo(TransitionKind.STAGE);
      assertThat(last.actor()).isEqualTo("alice");
      assertThat(last.reason()).isEqualTo("beats v1 by 8 points");
    }

    @Test
    @DisplayName("a guard that holds lets it through: v2 has a PASS evaluation report")
    void guardHolds() {
      CommandLineTest.Run r =
          mlops(
              "models",
              "promote",
              "churn",
              "2",
              "--stage",
              "PRODUCTION",
              "--reason",
              "gate",
              "--require-report",
              "evaluation=PASS");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("churn version 2: NONE -> PRODUCTION\n");
      assertThat(version(2).stage()).isEqualTo(Stage.PRODUCTION);
    }

    @Test
    @DisplayName("a refusing guard: exit 1, its reason on stderr, the JSON printed, the stage kept")
    void refused() throws IOException {
      CommandLineTest.Run r =
          mlops(
              "models",
              "promote",
              "churn",
              "1",
              "--stage",
              "PRODUCTION",
              "--reason",
              "gate",
              "--require-report",
              "evaluation",
              "--format",
              "json");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("RequireReport(evaluation, PASS)", "no report is linked");
      JsonNode j = r.json();
      assertThat(j.get("promoted").asBoolean()).isFalse();
      assertThat(j.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(j.get("refusal").asText()).contains("RequireReport(evaluation, PASS)");
      assertThat(version(1).stage()).isEqualTo(Stage.STAGING);
      assertThat(history().get(history().size() - 1).kind()).isEqualTo(TransitionKind.REFUSED);
    }

    @Test
    @DisplayName("usage errors: unknown version, bad stage, bad --require-report, no reason")
    void errors() {
      oneLineError(
          mlops("models", "promote", "churn", "7", "--stage", "STAGING", "--reason", "x"),
          "no version 7");
      oneLineError(
          mlops("models", "promote", "churn", "1", "--stage", "LIVE", "--reason", "x"),
          "--stage",
          "LIVE");
      oneLineError(
          mlops(
              "models",
              "promote",
              "churn",
              "1",
              "--stage",
              "STAGING",
              "--reason",
              "x",
              "--require-report",
              "evaluation=FAIL"),
          "--require-report evaluation=FAIL");
      oneLineError(mlops("models", "promote", "churn", "1", "--stage", "STAGING"), "--reason");
    }
  }

  @Nested
  @DisplayName("mlops lineage")
  class LineageCmd {
    @Test
    @DisplayName(
        "upstream: the producing run and its input; downstream: the reading run and output")
    void json() throws IOException {
      CommandLineTest.Run r = mlops("lineage", "churn-model:2", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("lineage");
      assertThat(j.get("artifact").asText()).isEqualTo("churn-model:2");
      List<String> up = texts(j.get("upstream").get("nodes"), "id");
      assertThat(up)
          .contains("churn-model:2", store.runB, "train-data:1")
          .doesNotContain(store.runA);
      List<String> down = texts(j.get("downstream").get("nodes"), "id");
      assertThat(down).contains(store.runD, "predictions:1");
      JsonNode edge = j.get("upstream").get("edges").get(0);
      assertThat(edge.has("from") && edge.has("to")).isTrue();
    }

    @Test
    @DisplayName("without a version: the latest; --direction upstream leaves downstream null")
    void latest() throws IOException {
      JsonNode j =
          mlops("lineage", "churn-model", "--direction", "upstream", "--format", "json").json();
      assertThat(j.get("artifact").asText()).isEqualTo("churn-model:2");
      assertThat(j.get("downstream").isNull()).isTrue();
    }

    @Test
    @DisplayName("text: one arrow per edge")
    void text() {
      CommandLineTest.Run r = mlops("lineage", "churn-model:1");
      assertThat(lines(r.out()))
          .anyMatch(l -> l.matches("artifact train-data:1 +->  execution " + store.runA))
          .anyMatch(l -> l.matches("execution " + store.runA + " +->  artifact churn-model:1"));
      assertThat(r.out()).contains("upstream (what it came from): 1 other artifact version, 1");
    }

    @Test
    @DisplayName("an unknown artifact or version, or a bad version, is one line, exit 2")
    void unknown() {
      oneLineError(mlops("lineage", "nope"), "'nope'");
      oneLineError(mlops("lineage", "churn-model:5"), "no version 5", "latest is 2");
      oneLineError(mlops("lineage", "churn-model:x"), "'x'");
    }
  }

  @Nested
  @DisplayName("mlops audit")
  class Audit {
    AuditCheckpoint head() {
      try (Mlops m = Mlops.open(store.dir)) {
        return m.audit().checkpoint();
      }
    }

    @Test
    @DisplayName("checkpoint: the head of the chain as SEQ:HASH")
    void checkpoint() throws IOException {
      AuditCheckpoint expected = head();
      CommandLineTest.Run r = mlops("audit", "checkpoint", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("audit_checkpoint");
      assertThat(j.get("sequence").asLong()).isEqualTo(expected.sequence()).isPositive();
      assertThat(j.get("head_hash").asText()).isEqualTo(expected.headHash()).hasSize(64);
      assertThat(j.get("checkpoint").asText())
          .isEqualTo(expected.sequence() + ":" + expected.headHash());
      assertThat(mlops("audit", "checkpoint", "--quiet").out()).isEqualTo(expected + "\n");
    }

    @Test
    @DisplayName("verify: intact, exit 0, with and without the checkpoint")
    void intact() throws IOException {
      String cp = head().toString();
      CommandLineTest.Run r = mlops("audit", "verify", "--checkpoint", cp, "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("audit_verify");
      assertThat(j.get("intact").asBoolean()).isTrue();
      assertThat(j.get("finding").isNull()).isTrue();
      assertThat(j.get("events_checked").asLong()).isEqualTo(head().sequence());
      assertThat(mlops("audit", "verify").out()).startsWith("audit log: intact");
    }

    @Test
    @DisplayName("an event edited in the database: exit 1 naming the event")
    void edited() throws IOException, SQLException {
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:sqlite:" + store.dir.resolve("metadata.db").toAbsolutePath());
          Statement s = c.createStatement()) {
        assertThat(s.executeUpdate("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 3"))
            .isEqualTo(1);
      }
      CommandLineTest.Run r = mlops("audit", "verify", "--format", "json");
      assertThat(r.code()).isEqualTo(1);
      JsonNode f = r.json().get("finding");
      assertThat(f.get("sequence").asLong()).isEqualTo(3);
      assertThat(f.get("problem").asText()).isEqualTo("EDITED");
      assertThat(mlops("audit", "verify").out()).startsWith("audit log: FAIL at event 3: EDITED");
    }

    @Test
    @DisplayName("a checkpoint whose hash the chain does not carry: exit 1, RECOMPUTED")
    void otherCheckpoint() throws IOException {
      AuditCheckpoint real = head();
      String forged = real.sequence() + ":" + "ab".repeat(32);
      CommandLineTest.Run r = mlops("audit", "verify", "--checkpoint", forged, "--format", "json");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.json().get("finding").get("problem").asText()).isEqualTo("RECOMPUTED");
    }

    @Test
    @DisplayName("a malformed checkpoint is one line, exit 2")
    void malformed() {
      oneLineError(mlops("audit", "verify", "--checkpoint", "12-abc"), "--checkpoint 12-abc");
      oneLineError(mlops("audit", "verify", "--checkpoint", "x:abc"), "--checkpoint x:abc");
    }
  }

  @Nested
  @DisplayName("mlops fsck")
  class FsckCmd {
    @Test
    @DisplayName("a clean store: exit 0, every blob checked")
    void clean() throws IOException {
      CommandLineTest.Run r = mlops("fsck", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("kind").asText()).isEqualTo("fsck");
      assertThat(j.get("clean").asBoolean()).isTrue();
      // train-data, two models, predictions, the report: five distinct contents
      assertThat(j.get("blobs_checked").asLong()).isEqualTo(5);
      assertThat(mlops("fsck").out()).startsWith("fsck: clean, 5 blobs checked");
    }

    @Test
    @DisplayName("a corrupted blob: exit 1 naming the blob and the artifact version that uses it")
    void corrupt() throws IOException {
      String hex =
          java.util.HexFormat.of()
              .formatHex(sha256("model two".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      Path blob;
      try (Stream<Path> files = Files.walk(store.dir.resolve("blobs"))) {
        blob = files.filter(p -> p.getFileName().toString().equals(hex)).findFirst().orElseThrow();
      }
      blob.toFile().setWritable(true);
      Files.writeString(blob, "model 2wo");
      CommandLineTest.Run r = mlops("fsck", "--format", "json");
      assertThat(r.code()).isEqualTo(1);
      JsonNode c = r.json().get("corrupt_blobs").get(0);
      assertThat(c.get("digest").asText()).isEqualTo("sha256:" + hex);
      assertThat(c.get("live_artifact_versions").get(0).asText()).isEqualTo("churn-model:2");
      assertThat(mlops("fsck").out()).contains("corrupt").contains("churn-model:2");
    }

    byte[] sha256(byte[] b) {
      try {
        return java.security.MessageDigest.getInstance("SHA-256").digest(b);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  @DisplayName("--store")
  class StoreOption {
    @Test
    @DisplayName("a missing directory, a file, and a directory that is no store: one line, exit 2")
    void notAStore() throws IOException {
      Path missing = dir.resolve("missing");
      oneLineError(CommandLineTest.run("runs", "list", "--store", missing.toString()), "missing");
      Path file = Files.writeString(dir.resolve("file.txt"), "x");
      oneLineError(CommandLineTest.run("fsck", "--store", file.toString()), "is a file");
      Path empty = Files.createDirectory(dir.resolve("empty"));
      oneLineError(
          CommandLineTest.run("models", "list", "--store", empty.toString()),
          "not an mlops store",
          "metadata.db");
      assertThat(empty).isEmptyDirectory();
    }

    @Test
    @DisplayName("a file: URI opens the same store")
    void fileUri() throws IOException {
      CommandLineTest.Run r =
          CommandLineTest.run(
              "runs", "list", "--store", store.dir.toUri().toString(), "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("count").asInt()).isEqualTo(4);
    }

    @Test
    @DisplayName(
        "another URI goes through the builder: mem: is an empty store, an unknown scheme exit 2")
    void otherUris() throws IOException {
      CommandLineTest.Run r =
          CommandLineTest.run("models", "list", "--store", "mem:cli-test", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("count").asInt()).isZero();
      oneLineError(CommandLineTest.run("runs", "list", "--store", "nosuch:/x"), "nosuch");
    }

    @Test
    @DisplayName("the default ./.mlops, when missing, is named in the error")
    void defaultStore() {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.exists(Path.of(".mlops")), "the working directory has a .mlops store");
      oneLineError(CommandLineTest.run("runs", "list"), "./.mlops");
    }

    @Test
    @DisplayName("--audit-key-env: an unset variable, a value that is not hex or too short, exit 2")
    void auditKeyEnv() {
      oneLineError(
          mlops("audit", "verify", "--audit-key-env", "MLOPS_CLI_TEST_UNSET_VARIABLE"),
          "MLOPS_CLI_TEST_UNSET_VARIABLE is not set");
      assertThat(StoreOptions.auditKey("K", "00ff10")).containsExactly(0x00, 0xff, 0x10);
      assertThatThrownBy(() -> StoreOptions.auditKey("K", "xyz"))
          .isInstanceOf(UsageException.class)
          .hasMessageContaining("not hex");
    }

    @Test
    @DisplayName("a refused --actor is one line, exit 2")
    void badActor() {
      oneLineError(mlops("runs", "list", "--actor", " "), "--actor");
    }
  }

  @Test
  @DisplayName("a group without its subcommand names the subcommands, exit 2")
  void groupAlone() {
    oneLineError(CommandLineTest.run("runs"), "list, show or search");
    oneLineError(CommandLineTest.run("models"), "list, show or promote");
    oneLineError(CommandLineTest.run("audit"), "checkpoint or verify");
  }
}
