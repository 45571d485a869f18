package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

@DisplayName("the mlops command line")
class CommandLineTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(out);
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  static String column(String header, double[] values) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (double v : values) {
      sb.append(v).append('\n');
    }
    return sb.toString();
  }

  static double[] range(int from, int to) {
    double[] v = new double[to - from];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return v;
  }

  static double[] linspace(double a, double b, int n, double factor) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = factor * (a + (b - a) * i / (n - 1));
    }
    return v;
  }

  Path ref;
  Path same;
  Path shifted;

  @BeforeEach
  void files() throws IOException {
    StringBuilder r = new StringBuilder("x,city\n");
    StringBuilder s = new StringBuilder("x,city\n");
    for (int i = 0; i < 100; i++) {
      r.append(i).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
      s.append(i + 60).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
    }
    ref = file("ref.csv", r.toString());
    same = file("same.csv", r.toString());
    shifted = file("shifted.csv", s.toString());
  }

  String[] drift(Path reference, Path current, String... more) {
    List<String> a = new ArrayList<>();
    a.add("drift");
    a.add("--reference");
    a.add(reference.toString());
    a.add("--current");
    a.add(current.toString());
    a.addAll(List.of(more));
    return a.toArray(new String[0]);
  }

  @Nested
  @DisplayName("mlops drift")
  class Drift {
    @Test
    @DisplayName("JSON: format_version 1, kind drift, columns with the types used, in header order")
    void documentHead() throws IOException {
      Run r = run(drift(ref, same, "--format", "json"));
      assertThat(r.code()).isZero();
      assertThat(r.err()).isEmpty();
      JsonNode j = r.json();
      assertThat(j.get("format_version").asInt()).isEqualTo(1);
      assertThat(j.get("kind").asText()).isEqualTo("drift");
      assertThat(MAPPER.writeValueAsString(j.get("columns")))
          .isEqualTo(
              "[{\"name\":\"x\",\"type\":\"numeric\"},{\"name\":\"city\",\"type\":\"categorical\"}]");
      List<String> keys = new ArrayList<>();
      j.fieldNames().forEachRemaining(keys::add);
      assertThat(keys.subList(0, 2)).containsExactly("format_version", "kind");
      assertThat(keys)
          .contains(
              "columns",
              "results",
              "multiple_testing",
              "verdict",
              "columns_failed",
              "columns_warned",
              "columns_inconclusive");
    }

    @Test
    @DisplayName("results: the oracle's keys per column type plus ours")
    void resultKeys() throws IOException {
      JsonNode res = run(drift(ref, same, "--format", "json")).json().get("results");
      assertThat(res.get("x").get("type").asText()).isEqualTo("numeric");
      for (String k :
          List.of(
              "reference",
              "current",
              "ks",
              "mann_whitney",
              "anderson_darling",
              "wasserstein",
              "binned",
              "verdict",
              "primary_test",
              "pvalue_adjusted",
              "effect_size",
              "missing",
              "notes")) {
        assertThat(res.get("x").has(k)).as(k).isTrue();
      }
      for (String k :
          List.of("reference", "current", "frequencies", "verdict", "effect_size", "missing")) {
        assertThat(res.get("city").has(k)).as(k).isTrue();
      }
      JsonNode e = res.get("x").get("effect_size");
      assertThat(e.get("name").asText()).isEqualTo("wasserstein_over_reference_std");
      assertThat(e.has("threshold") && e.has("null_q95") && e.has("value")).isTrue();
      // identical files: every count equal, KS statistic exactly 0
      assertThat(res.get("x").get("ks").get("statistic").asDouble()).isZero();
      assertThat(res.get("city").get("reference").get("top5").get(0).get(0).asText())
          .isEqualTo("Bergen");
      assertThat(res.get("city").get("reference").get("top5").get(0).get(1).asInt()).isEqualTo(66);
    }

    @Test
    @DisplayName("identical files: PASS, exit 0")
    void passExitsZero() throws IOException {
      Run r = run(drift(ref, same, "--format", "json"));
      assertThat(r.json().get("verdict").asText()).isEqualTo("PASS");
      assertThat(r.code()).isZero();
    }

    @Test
    @DisplayName("a shift by 60 of 0..99: FAIL, exit 1, and the JSON is still printed")
    void failExitsOne() throws IOException {
      Run r = run(drift(ref, shifted, "--format", "json"));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.json().get("verdict").asText()).isEqualTo("FAIL");
      assertThat(r.json().get("columns_failed").get(0).asText()).isEqualTo("x");
    }

    @Test
    @DisplayName("WARN (scale 1.8 in 40 vs 40) exits 0, or 1 with --fail-on warn")
    void warn() throws IOException {
      Path a = file("a.csv", column("x", linspace(-1, 1, 40, 1.0)));
      Path b = file("b.csv", column("x", linspace(-1, 1, 40, 1.8)));
      Run r = run(drift(a, b, "--format", "json"));
      assertThat(r.json().get("verdict").asText()).isEqualTo("WARN");
      assertThat(r.code()).isZero();
      assertThat(run(drift(a, b, "--fail-on", "warn")).code()).isEqualTo(1);
      assertThat(run(drift(a, b, "--fail-on", "inconclusive")).code()).isZero();
    }

    @Test
    @DisplayName("INCONCLUSIVE (5 vs 7 values) exits 0, or 1 with --fail-on inconclusive")
    void inconclusive() throws IOException {
      Path a = file("a.csv", column("x", range(0, 5)));
      Path b = file("b.csv", column("x", range(1, 8)));
      Run r = run(drift(a, b, "--format", "json"));
      assertThat(r.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(r.code()).isZero();
      assertThat(run(drift(a, b, "--fail-on", "inconclusive")).code()).isEqualTo(1);
      assertThat(run(drift(a, b, "--fail-on", "warn")).code()).isZero();
      assertThat(run(drift(a, b, "--fail-on", "warn,inconclusive")).code()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} with --fail-on {1}: exit {2}")
    @CsvSource({
      "PASS,,0",
      "PASS,WARN;INCONCLUSIVE,0",
      "WARN,,0",
      "WARN,WARN,1",
      "WARN,INCONCLUSIVE,0",
      "INCONCLUSIVE,,0",
      "INCONCLUSIVE,INCONCLUSIVE,1",
      "INCONCLUSIVE,WARN,0",
      "FAIL,,1",
      "FAIL,WARN,1"
    })
    @DisplayName("exit codes of every verdict and --fail-on")
    void exitCodes(Verdict v, String failOn, int code) {
      List<DriftCommand.FailOn> f = new ArrayList<>();
      if (failOn != null) {
        for (String s : failOn.split(";")) {
          f.add(DriftCommand.FailOn.valueOf(s));
        }
      }
      assertThat(DriftCommand.exitCode(v, f)).isEqualTo(code);
    }

    @Test
    @DisplayName("a text value late in the reference types the column categorical in both files")
    void lateTextInReference() throws IOException {
      StringBuilder a = new StringBuilder("x\n");
      StringBuilder b = new StringBuilder("x\n");
      for (int i = 0; i < 1200; i++) {
        a.append(i % 7).append('\n');
        b.append(i % 7).append('\n');
      }
      a.append("seven\n");
      Run r =
          run(drift(file("a.csv", a.toString()), file("b.csv", b.toString()), "--format", "json"));
      assertThat(r.err()).isEmpty();
      assertThat(r.json().get("columns").get(0).get("type").asText()).isEqualTo("categorical");
      assertThat(r.json().get("results").get("x").get("frequencies").get("categories").size())
          .isEqualTo(8);
    }

    @Test
    @DisplayName("--types makes a numeric-looking column categorical")
    void typesOverride() throws IOException {
      Run r = run(drift(ref, same, "--types", "x=categorical", "--format", "json"));
      assertThat(r.json().get("columns").get(0).get("type").asText()).isEqualTo("categorical");
      assertThat(r.json().get("results").get("x").get("type").asText()).isEqualTo("categorical");
    }

    @Test
    @DisplayName("text: an aligned table, one row per column, and the verdict line")
    void text() {
      Run r = run(drift(ref, shifted));
      assertThat(r.code()).isEqualTo(1);
      List<String> lines = List.of(r.out().split("\n"));
      String head = lines.stream().filter(l -> l.startsWith("column ")).findFirst().orElseThrow();
      String x = lines.stream().filter(l -> l.startsWith("x ")).findFirst().orElseThrow();
      String city = lines.stream().filter(l -> l.startsWith("city ")).findFirst().orElseThrow();
      int at = head.indexOf("verdict");
      assertThat(x.substring(at)).startsWith("FAIL");
      assertThat(city.indexOf("categorical")).isEqualTo(head.indexOf("type"));
      assertThat(x.indexOf("numeric")).isEqualTo(head.indexOf("type"));
      assertThat(lines.get(lines.size() - 1)).startsWith("verdict: FAIL  (failed: x");
    }

    @Test
    @DisplayName("--quiet text prints only the verdict line")
    void quiet() {
      Run r = run(drift(ref, shifted, "--quiet"));
      assertThat(r.out().split("\n")).hasSize(1);
      assertThat(r.out()).startsWith("verdict: FAIL");
    }
  }

  @Nested
  @DisplayName("errors the user can act on: one line on stderr, exit 2")
  class UserErrors {
    void oneLine(Run r, String... parts) {
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains(parts).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("a missing file is named with its option")
    void missingFile() {
      oneLine(run(drift(ref, dir.resolve("nope.csv"))), "--current", "nope.csv", "no such file");
    }

    @Test
    @DisplayName("a value that is not a number names the file, line and column")
    void badValue() throws IOException {
      Path bad = file("bad.csv", "x,city\n1,Oslo\n2,Oslo\nabc,Bergen\n");
      oneLine(
          run(drift(ref, bad)),
          "bad.csv",
          "line 4",
          "column 1",
          "'abc' is not a number",
          "--types x=categorical");
    }

    @Test
    @DisplayName("a row with too many fields names the file and line")
    void badRow() throws IOException {
      Path bad = file("bad.csv", "x,city\n1,Oslo\n2,Oslo,extra\n");
      oneLine(run(drift(ref, bad)), "bad.csv", "line 3");
    }

    @Test
    @DisplayName("an unterminated quote names the file and line")
    void unterminatedQuote() throws IOException {
      Path bad = file("bad.csv", "x,city\n1,Oslo\n2,\"Oslo\n");
      oneLine(run(drift(ref, bad)), "bad.csv", "line 3", "quote");
    }

    @Test
    @DisplayName("a header naming a column twice")
    void duplicateHeader() throws IOException {
      Path a = file("a.csv", "x,x\n1,2\n");
      Path b = file("b.csv", "x,x\n1,2\n");
      oneLine(run(drift(a, b)), "a.csv", "'x' twice");
    }

    @Test
    @DisplayName("a column named in --types that the file lacks")
    void typesColumnMissing() {
      oneLine(run(drift(ref, same, "--types", "age=numeric")), "'age'", "ref.csv", "x, city");
    }

    @Test
    @DisplayName("two files with different headers")
    void differentHeaders() throws IOException {
      Path other = file("other.csv", "x,town\n1,Oslo\n");
      oneLine(run(drift(ref, other)), "different headers", "[x, city]", "[x, town]");
    }

    @Test
    @DisplayName("an empty file")
    void empty() throws IOException {
      oneLine(run(drift(ref, file("empty.csv", ""))), "empty.csv", "empty");
    }

    @Test
    @DisplayName("a bad --format value names the option")
    void badFormat() {
      oneLine(run(drift(ref, same, "--format", "xml")), "--format", "xml");
    }

    @Test
    @DisplayName("a bad --fail-on value names the option")
    void badFailOn() {
      oneLine(run(drift(ref, same, "--fail-on", "pass")), "--fail-on", "pass");
    }

    @Test
    @DisplayName("an unknown option")
    void unknownOption() {
      oneLine(run(drift(ref, same, "--colour")), "--colour");
    }

    @Test
    @DisplayName("a missing required option")
    void missingOption() {
      oneLine(run("drift", "--reference", ref.toString()), "--current");
    }

    @Test
    @DisplayName("a malformed --types item")
    void badTypes() {
      oneLine(run(drift(ref, same, "--types", "x:numeric")), "x:numeric");
    }

    @Test
    @DisplayName("no command at all")
    void noCommand() {
      oneLine(
          run(),
          "drift, profile, evaluate, schema, validate, runs, models, lineage, audit, fsck or report");
    }

    @Test
    @DisplayName("--verbose adds the stack trace")
    void verbose() {
      Run r = run(drift(ref, dir.resolve("nope.csv"), "--verbose"));
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.errLines().size()).isGreaterThan(2);
      assertThat(r.err()).contains("UsageException").contains("\tat ");
    }
  }

  @Nested
  @DisplayName("internal errors")
  class Internal {
    @Test
    @DisplayName("exit 3 with one line naming the error and how to see the stack trace")
    void three() throws IOException {
      Path f = file("p.csv", "x\n1\n");
      StringWriter err = new StringWriter();
      CommandLine cl =
          Main.commandLine(
              new ProfileCommand(
                  t -> {
                    throw new IllegalStateException("boom");
                  }));
      cl.setErr(new PrintWriter(err));
      cl.setOut(new PrintWriter(new StringWriter()));
      assertThat(cl.execute(f.toString())).isEqualTo(3);
      assertThat(err.toString().split("\n")).hasSize(1);
      assertThat(err.toString())
          .contains("internal error: java.lang.IllegalStateException: boom")
          .contains("--verbose");
    }

    @Test
    @DisplayName("an Error other than out-of-memory exits 3 too, never 1 (which reads as FAIL)")
    void errorIsThree() throws IOException {
      Path f = file("p.csv", "x\n1\n");
      StringWriter err = new StringWriter();
      CommandLine cl =
          Main.commandLine(
              new ProfileCommand(
                  t -> {
                    throw new NoClassDefFoundError("org/example/Missing");
                  }));
      cl.setErr(new PrintWriter(err));
      cl.setOut(new PrintWriter(new StringWriter()));
      assertThat(cl.execute(f.toString())).isEqualTo(3);
      assertThat(err.toString())
          .contains("internal error: java.lang.NoClassDefFoundError: org/example/Missing");
    }
  }

  @Nested
  @DisplayName("mlops profile")
  class Profile {
    @Test
    @DisplayName("JSON: the oracle's profile keys, values by hand; approximate names the sketches")
    void json() throws IOException {
      JsonNode x = profileByHand().get("columns").get(0);
      // below the KLL k every value is kept: NumPy's linear quantiles exactly
      assertThat(x.get("quantiles").get("0.25").asDouble()).isEqualTo(1.5);
      List<String> approx = new ArrayList<>();
      x.get("approximate").fieldNames().forEachRemaining(approx::add);
      assertThat(approx).isSubsetOf("distinct", "quantiles", "histogram").contains("distinct");
      // HLL lgK=12 at 99 %: 3 x 1.04 / 64
      assertThat(x.get("approximate").get("distinct").get("relative_error").asDouble())
          .isCloseTo(3 * 1.04 / 64, within(1e-12));
    }

    @Test
    @DisplayName("--exact: the same keys from sorted columns, approximate empty")
    void exact() throws IOException {
      JsonNode x = profileByHand("--exact").get("columns").get(0);
      assertThat(x.get("approximate").size()).isZero();
    }

    JsonNode profileByHand(String... more) throws IOException {
      Path f = file("p.csv", "x,c,e\n1,a,\n2,b,\n,a,\n4,NaN,\n");
      List<String> args = new ArrayList<>(List.of("profile", f.toString(), "--format", "json"));
      args.addAll(List.of(more));
      Run r = run(args.toArray(new String[0]));
      assertThat(r.code()).isZero();
      JsonNode j = r.json();
      assertThat(j.get("format_version").asInt()).isEqualTo(1);
      assertThat(j.get("kind").asText()).isEqualTo("profile");
      assertThat(j.get("rows").asInt()).isEqualTo(4);
      JsonNode x = j.get("columns").get(0);
      assertThat(x.get("name").asText()).isEqualTo("x");
      assertThat(x.get("type").asText()).isEqualTo("numeric");
      assertThat(x.get("row_count").asInt()).isEqualTo(4);
      assertThat(x.get("null_count").asInt()).isEqualTo(1);
      assertThat(x.get("nan_count").asInt()).isZero();
      assertThat(x.get("missing_count").asInt()).isEqualTo(1);
      assertThat(x.get("count").asInt()).isEqualTo(3);
      assertThat(x.get("distinct").asInt()).isEqualTo(3);
      assertThat(x.get("mean").asDouble()).isCloseTo(7.0 / 3, within(1e-15));
      assertThat(x.get("std").asDouble()).isCloseTo(Math.sqrt(7.0 / 3), within(1e-15));
      assertThat(x.get("min").asDouble()).isEqualTo(1.0);
      assertThat(x.get("max").asDouble()).isEqualTo(4.0);
      // NumPy linear: index (n-1)q = 0.5 between 1 and 2; median 2
      assertThat(x.get("quantiles").get("0.25").asDouble()).isEqualTo(1.5);
      assertThat(x.get("quantiles").get("0.5").asDouble()).isEqualTo(2.0);
      JsonNode c = j.get("columns").get(1);
      assertThat(c.get("type").asText()).isEqualTo("categorical");
      assertThat(c.get("count").asInt()).isEqualTo(4);
      assertThat(c.get("distinct").asInt()).isEqualTo(3);
      assertThat(MAPPER.writeValueAsString(c.get("top5")))
          .isEqualTo("[[\"a\",2],[\"NaN\",1],[\"b\",1]]");
      JsonNode e = j.get("columns").get(2);
      assertThat(e.get("type").asText()).isEqualTo("numeric");
      assertThat(e.get("count").asInt()).isZero();
      assertThat(e.get("mean").isNull()).isTrue();
      assertThat(e.get("quantiles").isNull()).isTrue();
      return j;
    }

    @Test
    @DisplayName("a text value after the first 1000 rows makes the column categorical")
    void lateText() throws IOException {
      StringBuilder sb = new StringBuilder("x,y,z\n");
      for (int i = 0; i < 1500; i++) {
        sb.append(i).append(',').append(i).append(",\n");
      }
      sb.append("abc,1,late\n");
      Path f = file("late.csv", sb.toString());
      Run r = run("profile", f.toString(), "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode cols = r.json().get("columns");
      assertThat(cols.get(0).get("type").asText()).isEqualTo("categorical");
      assertThat(cols.get(0).get("distinct").asInt()).isEqualTo(1501);
      assertThat(cols.get(1).get("type").asText()).isEqualTo("numeric");
      // empty for 1500 rows, then text: categorical too
      assertThat(cols.get(2).get("type").asText()).isEqualTo("categorical");
      assertThat(cols.get(2).get("count").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("--types x=categorical profiles x as categories")
    void types() throws IOException {
      Path f = file("p.csv", "x\n1\n1\n2\n");
      JsonNode x =
          run("profile", f.toString(), "--types", "x=categorical", "--format", "json")
              .json()
              .get("columns")
              .get(0);
      assertThat(x.get("type").asText()).isEqualTo("categorical");
      assertThat(MAPPER.writeValueAsString(x.get("top5"))).isEqualTo("[[\"1\",2],[\"2\",1]]");
    }

    @Test
    @DisplayName("text: one aligned row per column")
    void text() throws IOException {
      Path f = file("p.csv", "amount,city\n1.5,Oslo\n2.5,Bergen\n");
      Run r = run("profile", f.toString());
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("2 rows, 2 columns");
      List<String> lines = List.of(r.out().split("\n"));
      String head = lines.stream().filter(l -> l.startsWith("column ")).findFirst().orElseThrow();
      String city = lines.stream().filter(l -> l.startsWith("city ")).findFirst().orElseThrow();
      assertThat(city.indexOf("categorical")).isEqualTo(head.indexOf("type"));
      assertThat(lines.stream().filter(l -> l.startsWith("amount ")).findFirst().orElseThrow())
          .contains(" 2 ");
    }

    @Test
    @DisplayName("a missing file: one line, exit 2")
    void missing() {
      Run r = run("profile", dir.resolve("nope.csv").toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("nope.csv: no such file");
    }
  }
}
