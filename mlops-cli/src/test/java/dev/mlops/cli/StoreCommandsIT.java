package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.registry.Stage;
import dev.mlops.core.Mlops;
import dev.mlops.core.storage.FileStorageProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real launcher script {@code target/mlops} (built by {@code package}) on a store prepared
 * with core: {@code runs list}, {@code models promote} (allowed and refused), {@code audit
 * checkpoint} and {@code audit verify}, {@code schema infer} and {@code validate}.
 */
@DisplayName("the store and schema commands through the launcher script")
class StoreCommandsIT {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @BeforeAll
  static void findLauncher() {
    LauncherScriptIT.findLauncher();
  }

  static JsonNode json(LauncherScriptIT.Result r) throws Exception {
    return MAPPER.readTree(r.out());
  }

  @Test
  @DisplayName("runs list, models promote, audit verify: exit codes, JSON, and the store changed")
  void storeCommands() throws Exception {
    StoreFixture f = new StoreFixture(dir.resolve("store")).prepare();
    String store = f.dir.toString();

    LauncherScriptIT.Result runs =
        LauncherScriptIT.mlops("runs", "list", "--store", store, "--format", "json");
    assertThat(runs.code()).as(runs.err()).isZero();
    assertThat(runs.err()).isEmpty();
    JsonNode rj = json(runs);
    assertThat(rj.get("kind").asText()).isEqualTo("runs");
    assertThat(rj.get("count").asInt()).isEqualTo(4);
    assertThat(rj.get("runs").get(0).get("run_id").asText()).isEqualTo(f.runD);

    LauncherScriptIT.Result cp =
        LauncherScriptIT.mlops("audit", "checkpoint", "--store", store, "--quiet");
    assertThat(cp.code()).as(cp.err()).isZero();
    String checkpoint = cp.out().strip();
    assertThat(checkpoint).matches("[0-9]+:[0-9a-f]{64}");

    LauncherScriptIT.Result refused =
        LauncherScriptIT.mlops(
            "models",
            "promote",
            "churn",
            "1",
            "--stage",
            "production",
            "--reason",
            "try v1",
            "--require-report",
            "evaluation",
            "--store",
            store);
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err().split("\n")).hasSize(1);
    assertThat(refused.err()).contains("RequireReport(evaluation, PASS)");

    LauncherScriptIT.Result promoted =
        LauncherScriptIT.mlops(
            "models",
            "promote",
            "churn",
            "2",
            "--stage",
            "production",
            "--reason",
            "passed",
            "--require-report",
            "evaluation",
            "--store",
            store,
            "--format",
            "json");
    assertThat(promoted.code()).as(promoted.err()).isZero();
    assertThat(json(promoted).get("promoted").asBoolean()).isTrue();
    try (Mlops m = Mlops.open(f.dir)) {
      assertThat(m.registry().version("churn", 2).orElseThrow().stage())
          .isEqualTo(Stage.PRODUCTION);
      assertThat(m.registry().version("churn", 1).orElseThrow().stage()).isEqualTo(Stage.STAGING);
    }

    // the refusal and the promotion were appended after the checkpoint; the chain still holds
    LauncherScriptIT.Result verify =
        LauncherScriptIT.mlops(
            "audit", "verify", "--checkpoint", checkpoint, "--store", store, "--format", "json");
    assertThat(verify.code()).as(verify.err()).isZero();
    JsonNode vj = json(verify);
    assertThat(vj.get("intact").asBoolean()).isTrue();
    long before = Long.parseLong(checkpoint.substring(0, checkpoint.indexOf(':')));
    assertThat(vj.get("events_checked").asLong()).isGreaterThanOrEqualTo(before + 2);

    LauncherScriptIT.Result missing =
        LauncherScriptIT.mlops("runs", "list", "--store", dir.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().split("\n")).hasSize(1);
    assertThat(missing.out()).isEmpty();
  }

  @Test
  @DisplayName("a store with an audit key verifies with --audit-key-env, and fails without the key")
  void auditKey() throws Exception {
    Path keyed = dir.resolve("keyed");
    String hex = "0123456789abcdef".repeat(4);
    try (Mlops m =
        Mlops.builder()
            .provider(new FileStorageProvider())
            .store(keyed.toAbsolutePath().toUri())
            .auditKey(HexFormat.of().parseHex(hex))
            .build()) {
      m.registry().registerModel("keyed", null);
    }
    LauncherScriptIT.Result without =
        LauncherScriptIT.mlops("audit", "verify", "--store", keyed.toString(), "--format", "json");
    assertThat(without.code()).isEqualTo(1);
    assertThat(json(without).get("finding").get("sequence").asLong()).isEqualTo(1);

    ProcessBuilder pb =
        new ProcessBuilder(
            LauncherScriptIT.launcher.toString(),
            "audit",
            "verify",
            "--store",
            keyed.toString(),
            "--audit-key-env",
            "MLOPS_AUDIT_KEY");
    pb.environment().put("MLOPS_AUDIT_KEY", hex);
    Process p = pb.redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = LauncherScriptIT.readAll(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo("audit log: intact, 1 event checked\n");
  }

  @Test
  @DisplayName(
      "schema infer --out, then validate: PASS on the same file, FAIL with exit 1 on bad data")
  void validate() throws Exception {
    Path good = Files.writeString(dir.resolve("good.csv"), SchemaCommandsTest.GOOD);
    Path schema = dir.resolve("schema.json");
    LauncherScriptIT.Result infer =
        LauncherScriptIT.mlops("schema", "infer", good.toString(), "--out", schema.toString());
    assertThat(infer.code()).as(infer.err()).isZero();
    assertThat(infer.err()).isEmpty();
    assertThat(schema).isRegularFile();

    LauncherScriptIT.Result pass =
        LauncherScriptIT.mlops(
            "validate", "--schema", schema.toString(), good.toString(), "--format", "json");
    assertThat(pass.code()).as(pass.err()).isZero();
    assertThat(json(pass).get("verdict").asText()).isEqualTo("PASS");

    Path bad = Files.writeString(dir.resolve("bad.csv"), "id,city,amount\n1,Oslo,2\n2,Paris,3\n");
    LauncherScriptIT.Result fail =
        LauncherScriptIT.mlops(
            "validate", "--schema", schema.toString(), bad.toString(), "--format", "json");
    assertThat(fail.code()).isEqualTo(1);
    JsonNode fj = json(fail);
    assertThat(fj.get("verdict").asText()).isEqualTo("FAIL");
    JsonNode cat = null;
    for (JsonNode c : fj.get("checks")) {
      if (c.get("check").asText().equals("categories")) {
        cat = c;
      }
    }
    assertThat(cat).isNotNull();
    assertThat(cat.get("examples").get(0).get("row").asInt()).isEqualTo(1);
    assertThat(cat.get("examples").get(0).get("value").asText()).isEqualTo("Paris");

    Files.writeString(schema, "[]");
    LauncherScriptIT.Result badSchema =
        LauncherScriptIT.mlops("validate", "--schema", schema.toString(), good.toString());
    assertThat(badSchema.code()).isEqualTo(2);
    assertThat(badSchema.err().split("\n")).hasSize(1);
    assertThat(badSchema.err()).contains(schema.toString()).doesNotContain("\tat ");
  }
}
