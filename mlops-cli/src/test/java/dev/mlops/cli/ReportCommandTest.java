package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("mlops report")
class ReportCommandTest {
  /** A column name that runs a script if a page ever writes it unescaped. */
  static final String HOSTILE = "<img src=x onerror=alert(1)>";

  /** How the page must show it in HTML text (JTE's HTML escaping of {@code <} and {@code >}). */
  static final String HOSTILE_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

  static final String BASE = "/dev/mlops/cli/oracle/cases/";

  @TempDir Path dir;

  Path reference;
  Path same;
  Path shifted;

  @BeforeEach
  void files() throws IOException {
    // the hostile column: 0..99 in the reference, 60..159 in the shifted file (a shift of 60 on
    // a range of 100 fails any drift test); city the same on both sides
    StringBuilder r = new StringBuilder(HOSTILE + ",city\n");
    StringBuilder s = new StringBuilder(HOSTILE + ",city\n");
    for (int i = 0; i < 100; i++) {
      r.append(i).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
      s.append(i + 60).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
    }
    reference = Files.writeString(dir.resolve("reference.csv"), r);
    same = Files.writeString(dir.resolve("same.csv"), r);
    shifted = Files.writeString(dir.resolve("shifted.csv"), s);
  }

  static CommandLineTest.Run run(String... args) {
    return CommandLineTest.run(args);
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** A page that shows the hostile name only as text. */
  static void assertEscapedPage(String html) {
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html).contains(HOSTILE_ESCAPED);
    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<img src=x");
    assertThat(html).doesNotContain(HOSTILE);
  }

  /** Files in the directory other than the inputs: no temporary files left behind. */
  List<String> leftovers() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  String[] driftArgs(Path ref, Path cur, Path out, String... more) {
    List<String> a = new ArrayList<>();
    a.addAll(
        List.of(
            "report",
            "drift",
            "--reference",
            ref.toString(),
            "--current",
            cur.toString(),
            "--out",
            out.toString()));
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  static Path casePath(String name) {
    return LauncherScriptIT.casePath(name);
  }

  static Stream<String> driftCases() throws IOException {
    return LauncherScriptIT.driftCases();
  }

  /** The case's {@code --types} options, every column as the oracle declares it. */
  static List<String> typesOf(String name) throws IOException {
    JsonNode expected = LauncherScriptIT.json(casePath(name).resolve("expected.json"));
    List<String> types = new ArrayList<>();
    for (JsonNode col : expected.get("columns")) {
      types.add("--types");
      types.add(col.get("name").asText() + "=" + col.get("type").asText());
    }
    return types;
  }

  @Nested
  @DisplayName("mlops report drift")
  class Drift {
    @Test
    @DisplayName("a shifted column: the page is written, the name only escaped, exit 1")
    void drifting() throws IOException {
      Path out = dir.resolve("drift.html");
      CommandLineTest.Run r = run(driftArgs(reference, shifted, out));
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("wrote " + out).contains("FAIL");
      String html = read(out);
      assertEscapedPage(html);
      assertThat(html).contains("shifted.csv").contains("reference.csv").contains("FAIL");
      assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("identical files: PASS, exit 0, as mlops drift")
    void stable() throws IOException {
      Path out = dir.resolve("drift.html");
      CommandLineTest.Run r = run(driftArgs(reference, same, out));
      assertThat(r.code()).as(r.err()).isZero();
      assertEscapedPage(read(out));
      assertThat(
              run(
                      "drift",
                      "--reference",
                      reference.toString(),
                      "--current",
                      same.toString(),
                      "--format",
                      "json")
                  .code())
          .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.cli.ReportCommandTest#driftCases")
    @DisplayName("each oracle drift case exits as mlops drift --format json, also with --fail-on")
    void oracleCases(String name) throws IOException {
      Path c = casePath(name);
      Path ref = c.resolve("reference.csv");
      Path cur = c.resolve("current.csv");
      List<String> types = typesOf(name);
      for (List<String> failOn : List.of(List.<String>of(), List.of("--fail-on", "warn"))) {
        List<String> more = new ArrayList<>(types);
        more.addAll(failOn);
        Path out = dir.resolve(name + ".html");
        CommandLineTest.Run report = run(driftArgs(ref, cur, out, more.toArray(new String[0])));
        List<String> json =
            new ArrayList<>(
                List.of(
                    "drift",
                    "--reference",
                    ref.toString(),
                    "--current",
                    cur.toString(),
                    "--format",
                    "json"));
        json.addAll(more);
        CommandLineTest.Run expected = run(json.toArray(new String[0]));
        assertThat(expected.code()).as(expected.err()).isIn(0, 1);
        assertThat(report.code())
            .as(name + " " + failOn + ": " + report.err())
            .isEqualTo(expected.code());
        assertThat(read(out)).startsWith("<!DOCTYPE html>");
      }
    }

    @Test
    @DisplayName("oracle: a variance change exits 1, an identical copy 0")
    void oracleVerdicts() throws IOException {
      Path fail = casePath("syn_variance_change");
      Path pass = casePath("syn_identical_copy");
      CommandLineTest.Run f =
          run(
              driftArgs(
                  fail.resolve("reference.csv"),
                  fail.resolve("current.csv"),
                  dir.resolve("fail.html"),
                  typesOf("syn_variance_change").toArray(new String[0])));
      CommandLineTest.Run p =
          run(
              driftArgs(
                  pass.resolve("reference.csv"),
                  pass.resolve("current.csv"),
                  dir.resolve("pass.html"),
                  typesOf("syn_identical_copy").toArray(new String[0])));
      assertThat(f.code()).as(f.err()).isEqualTo(1);
      assertThat(p.code()).as(p.err()).isZero();
    }

    @Test
    @DisplayName("--out - writes the page to standard output and no file")
    void stdout() throws IOException {
      CommandLineTest.Run r =
          run(
              "report",
              "drift",
              "--reference",
              reference.toString(),
              "--current",
              shifted.toString(),
              "--out",
              "-");
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      assertEscapedPage(r.out());
      assertThat(r.out().stripTrailing()).endsWith("</html>");
      assertThat(r.err()).isEmpty();
      assertThat(Files.exists(dir.resolve("-"))).isFalse();
    }

    @Test
    @DisplayName("an existing report is replaced")
    void replaces() throws IOException {
      Path out = Files.writeString(dir.resolve("drift.html"), "old");
      assertThat(run(driftArgs(reference, same, out)).code()).isZero();
      assertThat(read(out)).startsWith("<!DOCTYPE html>").doesNotContain("old\n");
      assertThat(leftovers()).isEmpty();
    }
  }

  static Stream<String> modelCases() throws IOException {
    return EvaluateCommandTest.modelCases();
  }

  @Nested
  @DisplayName("mlops report evaluate")
  class Evaluate {
    CommandLineTest.Run report(Path predictions, Path out, List<String> more) {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "report",
                  "evaluate",
                  "--predictions",
                  predictions.toString(),
                  "--out",
                  out.toString()));
      a.addAll(more);
      return run(a.toArray(new String[0]));
    }

    CommandLineTest.Run json(Path predictions, List<String> more) {
      List<String> a =
          new ArrayList<>(
              List.of("evaluate", "--predictions", predictions.toString(), "--format", "json"));
      a.addAll(more);
      return run(a.toArray(new String[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.cli.ReportCommandTest#modelCases")
    @DisplayName("each oracle model-metric case exits as mlops evaluate --format json, any gate")
    void oracleCases(String name) throws IOException {
      Path predictions = casePath(name).resolve("predictions.csv");
      List<List<String>> options =
          List.of(
              List.of(),
              List.of("--gate", "roc_auc>=0.95"),
              List.of("--gate", "accuracy>=0.5", "--fail-on", "inconclusive"),
              List.of("--gate", "brier_score_loss<=0.5", "--min-slice-size", "2"));
      for (List<String> more : options) {
        Path out = dir.resolve(name + ".html");
        CommandLineTest.Run expected = json(predictions, more);
        CommandLineTest.Run r = report(predictions, out, more);
        assertThat(expected.code()).as(expected.err()).isIn(0, 1);
        assertThat(r.code()).as(name + " " + more + ": " + r.err()).isEqualTo(expected.code());
        assertThat(read(out)).startsWith("<!DOCTYPE html>");
      }
    }

    @Test
    @DisplayName("oracle: iris with roc_auc>=0.95 FAILs (exit 1), with roc_auc>=0.8 PASSes (0)")
    void oracleVerdicts() throws IOException {
      Path predictions = casePath("real_iris_virginica_sepal_only").resolve("predictions.csv");
      Path out = dir.resolve("evaluation.html");
      CommandLineTest.Run fail = report(predictions, out, List.of("--gate", "roc_auc>=0.95"));
      assertThat(fail.code()).as(fail.err()).isEqualTo(1);
      assertThat(read(out)).contains("FAIL").contains("predictions.csv");
      CommandLineTest.Run pass = report(predictions, out, List.of("--gate", "roc_auc>=0.8"));
      assertThat(pass.code()).as(pass.err()).isZero();
      assertThat(read(out)).contains("PASS");
    }

    @Test
    @DisplayName("a slice column and slice value named like a tag are shown only escaped")
    void escaped() throws IOException {
      StringBuilder b = new StringBuilder("label,score,prediction," + HOSTILE + "\n");
      for (int i = 0; i < 80; i++) {
        int label = i % 2;
        double score = label == 1 ? 0.6 + (i % 7) * 0.05 : 0.1 + (i % 5) * 0.08;
        b.append(label)
            .append(',')
            .append(score)
            .append(',')
            .append(score >= 0.5 ? 1 : 0)
            .append(',')
            .append(i < 40 ? HOSTILE : "plain")
            .append('\n');
      }
      Path predictions = Files.writeString(dir.resolve("predictions.csv"), b);
      Path out = dir.resolve("evaluation.html");
      CommandLineTest.Run r =
          report(predictions, out, List.of("--slice", HOSTILE, "--gate", "accuracy>=0.5"));
      assertThat(r.code())
          .as(r.err())
          .isEqualTo(
              json(predictions, List.of("--slice", HOSTILE, "--gate", "accuracy>=0.5")).code());
      assertEscapedPage(read(out));
      assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("a gate that does not parse: exit 2, one line, no file")
    void badGate() {
      Path predictions = casePath("syn_small_slices").resolve("predictions.csv");
      Path out = dir.resolve("evaluation.html");
      CommandLineTest.Run r = report(predictions, out, List.of("--gate", "auc>=0.8"));
      StoreCommandsTest.oneLineError(r, "--gate");
      assertThat(json(predictions, List.of("--gate", "auc>=0.8")).code()).isEqualTo(2);
      assertThat(out).doesNotExist();
    }
  }

  @Nested
  @DisplayName("mlops report profile")
  class ProfileReport {
    @Test
    @DisplayName("the page is written with the name only escaped, exit 0 as mlops profile")
    void profile() throws IOException {
      Path out = dir.resolve("profile.html");
      CommandLineTest.Run r = run("report", "profile", shifted.toString(), "--out", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      String html = read(out);
      assertEscapedPage(html);
      assertThat(html).contains("Oslo").contains("Bergen").contains("shifted.csv");
      assertThat(run("profile", shifted.toString(), "--format", "json").code()).isZero();
      assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("a file named like a tag is shown only escaped in the page")
    void hostileFileName() throws IOException {
      Path data = Files.copy(same, dir.resolve(HOSTILE + ".csv"));
      Path out = dir.resolve("profile.html");
      CommandLineTest.Run r = run("report", "profile", data.toString(), "--out", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      String html = read(out);
      assertEscapedPage(html);
      assertThat(html).contains(HOSTILE_ESCAPED + ".csv");
    }

    @Test
    @DisplayName("a NUL in --out: exit 2, one line")
    void badName() {
      CommandLineTest.Run r = run("report", "profile", same.toString(), "--out", "a\0b.html");
      StoreCommandsTest.oneLineError(r, "--out", "not a file name");
    }

    @Test
    @DisplayName("--types naming a column the file lacks: exit 2 as mlops profile, no file")
    void badTypes() {
      Path out = dir.resolve("profile.html");
      CommandLineTest.Run r =
          run(
              "report",
              "profile",
              shifted.toString(),
              "--types",
              "nope=numeric",
              "--out",
              out.toString());
      CommandLineTest.Run json =
          run("profile", shifted.toString(), "--types", "nope=numeric", "--format", "json");
      assertThat(json.code()).isEqualTo(2);
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "nope");
      assertThat(out).doesNotExist();
    }
  }

  @Nested
  @DisplayName("mlops report validate")
  class Validate {
    Path schema;

    @BeforeEach
    void schema() {
      schema = dir.resolve("schema.json");
      CommandLineTest.Run r =
          run("schema", "infer", reference.toString(), "--out", schema.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }

    CommandLineTest.Run report(Path file, Path out, String... more) {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "report",
                  "validate",
                  "--schema",
                  schema.toString(),
                  file.toString(),
                  "--out",
                  out.toString()));
      a.addAll(List.of(more));
      return run(a.toArray(new String[0]));
    }

    CommandLineTest.Run json(Path file, String... more) {
      List<String> a =
          new ArrayList<>(
              List.of(
                  "validate", "--schema", schema.toString(), file.toString(), "--format", "json"));
      a.addAll(List.of(more));
      return run(a.toArray(new String[0]));
    }

    @Test
    @DisplayName("a category outside the schema's and a missing value: FAIL, exit 1 as validate")
    void failing() throws IOException {
      // by hand: the schema allows the cities Bergen and Oslo and no missing value in the hostile
      // column (both severity FAIL); Paris is neither city, and row 1 lacks the number
      Path paris = Files.writeString(dir.resolve("paris.csv"), HOSTILE + ",city\n1,Oslo\n,Paris\n");
      Path out = dir.resolve("validation.html");
      CommandLineTest.Run r = report(paris, out);
      assertThat(json(paris).code()).isEqualTo(1);
      assertThat(r.code()).as(r.err()).isEqualTo(1);
      String html = read(out);
      assertEscapedPage(html);
      assertThat(html).contains("FAIL").contains("Paris").contains("schema.json");
    }

    @Test
    @DisplayName("values outside the range: WARN, exit 0; with --fail-on warn exit 1, as validate")
    void warning() throws IOException {
      // by hand: the schema's range 0..99 has severity WARN; the shifted file holds 100..159
      Path out = dir.resolve("validation.html");
      assertThat(json(shifted).code()).isZero();
      assertThat(report(shifted, out).code()).isZero();
      assertThat(read(out)).contains("WARN");
      assertThat(json(shifted, "--fail-on", "warn").code()).isEqualTo(1);
      assertThat(report(shifted, out, "--fail-on", "warn").code()).isEqualTo(1);
    }

    @Test
    @DisplayName("the file the schema came from: PASS, exit 0 as mlops validate")
    void passing() throws IOException {
      Path out = dir.resolve("validation.html");
      CommandLineTest.Run r =
          run(
              "report",
              "validate",
              "--schema",
              schema.toString(),
              same.toString(),
              "--out",
              out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(run("validate", "--schema", schema.toString(), same.toString()).code()).isZero();
      assertThat(read(out)).startsWith("<!DOCTYPE html>").contains("PASS");
    }
  }

  @Nested
  @DisplayName("errors: exit 2, one line, no file and no temporary file left")
  class Errors {
    @Test
    @DisplayName("a missing input file is named; nothing is written")
    void missingInput() throws IOException {
      Path out = dir.resolve("drift.html");
      Path missing = dir.resolve("missing.csv");
      CommandLineTest.Run r = run(driftArgs(reference, missing, out));
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, missing.toString(), "no such file");
      assertThat(out).doesNotExist();
      assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("a failed run leaves the previous report as it was")
    void previousReportKept() throws IOException {
      Path out = dir.resolve("drift.html");
      assertThat(run(driftArgs(reference, shifted, out)).code()).isEqualTo(1);
      String before = read(out);
      Path bad = Files.writeString(dir.resolve("bad.csv"), HOSTILE + ",city\n1,Oslo,extra\n");
      CommandLineTest.Run r = run(driftArgs(reference, bad, out));
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(read(out)).isEqualTo(before);
      assertThat(leftovers()).isEmpty();
    }

    @Test
    @DisplayName("--out naming a directory is refused and the directory left alone")
    void directory() throws IOException {
      Path target = Files.createDirectory(dir.resolve("reports"));
      CommandLineTest.Run r = run(driftArgs(reference, shifted, target));
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "--out", "is a directory");
      assertThat(target).isEmptyDirectory();
    }

    @Test
    @DisplayName("--out in a directory that does not exist")
    void missingDirectory() {
      Path out = dir.resolve("nope").resolve("drift.html");
      CommandLineTest.Run r = run("report", "profile", same.toString(), "--out", out.toString());
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "--out", "does not exist");
    }

    @Test
    @DisplayName("--out below a regular file")
    void belowAFile() {
      Path out = same.resolve("drift.html");
      CommandLineTest.Run r = run("report", "profile", same.toString(), "--out", out.toString());
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "--out");
    }

    @Test
    @DisplayName("an unwritable --out (a new file in /proc): cannot be written, nothing left")
    void unwritable() {
      Path proc = Path.of("/proc");
      assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux /proc");
      Path out = proc.resolve("mlops-report-test.html");
      CommandLineTest.Run r = run("report", "profile", same.toString(), "--out", out.toString());
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "--out", out.toString(), "cannot be written");
      assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("no --out, no subcommand")
    void usage() {
      CommandLineTest.Run r = run("report", "profile", same.toString());
      assertThat(r.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(r, "--out");
      CommandLineTest.Run s = run("report");
      assertThat(s.code()).isEqualTo(2);
      StoreCommandsTest.oneLineError(s, "drift, evaluate, profile, validate");
    }
  }
}
