package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real launcher script {@code target/mlops} (built by {@code package}) as a process: every
 * drift case of the oracle through {@code mlops drift --types ... --format json}, checked in strict
 * mode, and the exit codes.
 */
@DisplayName("the launcher script target/mlops")
class LauncherScriptIT {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String BASE = "/dev/mlops/cli/oracle/cases/";

  static Path launcher;

  @BeforeAll
  static void findLauncher() {
    String p = System.getProperty("mlops.launcher", "target/mlops");
    launcher = Path.of(p).toAbsolutePath();
    assertThat(launcher).as("run ./mvnw package first").isRegularFile().isExecutable();
  }

  /** What one process printed and returned. */
  record Result(int code, String out, String err) {}

  static Result mlops(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(launcher.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    p.getOutputStream().close();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    String out = readAll(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("mlops finished within 120 s").isTrue();
    return new Result(p.exitValue(), out, err.join());
  }

  static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path casePath(String name) {
    URL u = LauncherScriptIT.class.getResource(BASE + name);
    assertThat(u).as("test resource " + BASE + name).isNotNull();
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(Path p) throws IOException {
    return MAPPER.readTree(p.toFile());
  }

  static Stream<String> driftCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c : json(casePath("MANIFEST.json")).get("cases")) {
      if ("drift".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    assertThat(names).isNotEmpty();
    return names.stream();
  }

  /** {@code mlops drift --types <every column of the case> --format json} on a case. */
  static Result runCase(String name) throws IOException, InterruptedException {
    Path dir = casePath(name);
    JsonNode expected = json(dir.resolve("expected.json"));
    List<String> types = new ArrayList<>();
    for (JsonNode col : expected.get("columns")) {
      types.add(col.get("name").asText() + "=" + col.get("type").asText());
    }
    List<String> args = new ArrayList<>();
    args.add("drift");
    args.add("--reference");
    args.add(dir.resolve("reference.csv").toString());
    args.add("--current");
    args.add(dir.resolve("current.csv").toString());
    for (String t : types) {
      args.add("--types");
      args.add(t);
    }
    args.add("--format");
    args.add("json");
    return mlops(args.toArray(new String[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("driftCases")
  @DisplayName("each drift case: 0 failed in strict mode, columns as declared, exit code = verdict")
  void driftCase(String name) throws Exception {
    JsonNode expected = json(casePath(name).resolve("expected.json"));
    Result r = runCase(name);
    assertThat(r.code()).as(r.err()).isIn(0, 1);
    JsonNode actual = MAPPER.readTree(r.out());
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).as(name + ": values compared").isGreaterThan(100);
    assertThat(actual.get("format_version").asInt()).isEqualTo(1);
    assertThat(actual.get("kind").asText()).isEqualTo("drift");
    for (int i = 0; i < expected.get("columns").size(); i++) {
      JsonNode e = expected.get("columns").get(i);
      JsonNode a = actual.get("columns").get(i);
      assertThat(a.get("name")).isEqualTo(e.get("name"));
      assertThat(a.get("type")).isEqualTo(e.get("type"));
    }
    assertThat(r.code()).isEqualTo("FAIL".equals(actual.get("verdict").asText()) ? 1 : 0);
  }

  @Nested
  @DisplayName("exit codes through the script")
  class ExitCodes {
    @Test
    @DisplayName("identical copies: PASS, exit 0")
    void pass() throws Exception {
      Result r = runCase("syn_identical_copy");
      assertThat(MAPPER.readTree(r.out()).get("verdict").asText()).isEqualTo("PASS");
      assertThat(r.code()).isZero();
      assertThat(r.err()).isEmpty();
    }

    @Test
    @DisplayName("a variance change: FAIL, exit 1, with the JSON on stdout")
    void fail() throws Exception {
      Result r = runCase("syn_variance_change");
      assertThat(MAPPER.readTree(r.out()).get("verdict").asText()).isEqualTo("FAIL");
      assertThat(r.code()).isEqualTo(1);
    }

    @Test
    @DisplayName("a missing file: exit 2, one line on stderr naming it, nothing on stdout")
    void missingFile(@TempDir Path tmp) throws Exception {
      Path ref = casePath("syn_identical_copy").resolve("reference.csv");
      Path missing = tmp.resolve("missing.csv");
      Result r =
          mlops(
              "drift",
              "--reference",
              ref.toString(),
              "--current",
              missing.toString(),
              "--format",
              "json");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().split("\n")).hasSize(1);
      assertThat(r.err()).contains(missing.toString()).doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a bad option: exit 2, one line")
    void badOption() throws Exception {
      Result r = mlops("drift", "--nope");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().split("\n")).hasSize(1);
    }

    @Test
    @DisplayName("the script runs from a symbolic link to it")
    void symlink(@TempDir Path tmp) throws Exception {
      Path link = Files.createSymbolicLink(tmp.resolve("mlops"), launcher);
      Process p = new ProcessBuilder(link.toString(), "--version").start();
      String out = readAll(p.getInputStream());
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(out).startsWith("mlops ");
      Files.delete(link);
    }
  }

  @Test
  @DisplayName("the comparator is strict: a moved p-value and a dropped key are failures")
  void comparatorIsStrict() throws Exception {
    String name = "syn_small_mean_shift";
    JsonNode expected = json(casePath(name).resolve("expected.json"));
    ObjectNode actual = (ObjectNode) MAPPER.readTree(runCase(name).out());
    String col = expected.get("columns").get(0).get("name").asText();
    ObjectNode ks = (ObjectNode) actual.get("results").get(col).get("ks");
    ks.put("pvalue", ks.get("pvalue").asDouble() * 1.01 + 1e-3);
    ((ObjectNode) actual.get("results").get(col)).remove("wasserstein");
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures)
        .anyMatch(f -> f.contains(".ks.pvalue"))
        .anyMatch(f -> f.contains(".wasserstein: missing"));
  }
}
