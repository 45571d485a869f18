package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.validation.drift.OracleComparator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("mlops evaluate")
class EvaluateCommandTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String BASE = "/dev/mlops/cli/oracle/cases/";

  @TempDir Path dir;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(out);
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static Path casePath(String name) {
    URL u = EvaluateCommandTest.class.getResource(BASE + name);
    assertThat(u).as("test resource " + BASE + name).isNotNull();
    try {
      return Path.of(u.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> modelCases() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode c : MAPPER.readTree(casePath("MANIFEST.json").toFile()).get("cases")) {
      if ("model_metrics".equals(c.get("kind").asText())) {
        names.add(c.get("name").asText());
      }
    }
    assertThat(names).hasSize(4);
    return names.stream();
  }

  Path file(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  /**
   * n rows: label i % 2, prediction right for the first {@code correct} rows, score 0.8 for a
   * predicted 1 and 0.2 for a predicted 0, slice from the given values in turn.
   */
  static String predictions(String header, int n, int correct, String... slices) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (int i = 0; i < n; i++) {
      int label = i % 2;
      int p = i < correct ? label : 1 - label;
      sb.append(label).append(',').append(p == 1 ? "0.8" : "0.2").append(',').append(p);
      if (slices.length > 0) {
        sb.append(',').append(slices[(i / 2) % slices.length]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static void oneLine(Run r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().split("\n")).hasSize(1);
    assertThat(r.err()).startsWith("mlops evaluate: ").doesNotContain("\tat ");
    for (String p : parts) {
      assertThat(r.err()).contains(p);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modelCases")
  @DisplayName("each model-metric case: 0 failed in strict mode with the default columns")
  void oracle(String name) throws IOException {
    Path dir = casePath(name);
    JsonNode expected = MAPPER.readTree(dir.resolve("expected.json").toFile());
    Run r =
        run(
            "evaluate",
            "--predictions",
            dir.resolve("predictions.csv").toString(),
            "--format",
            "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode actual = r.json();
    OracleComparator cmp =
        new OracleComparator(expected.get("tolerances")).compare(expected, actual);
    assertThat(cmp.failures).as(name).isEmpty();
    assertThat(cmp.passed).isGreaterThanOrEqualTo(16);
    assertThat(actual.get("format_version").asInt()).isEqualTo(1);
    assertThat(actual.get("kind").asText()).isEqualTo("model_metrics");
    assertThat(actual.get("verdict").isNull()).isTrue();
    assertThat(actual.get("regression").isNull()).isEqualTo(expected.get("regression").isNull());
  }

  @Nested
  @DisplayName("columns")
  class Columns {
    @Test
    @DisplayName("options name other columns; the numbers equal those of the default names")
    void renamed() throws IOException {
      Path std = file("std.csv", predictions("label,score,prediction,slice", 90, 70, "x", "y"));
      Path ren = file("ren.csv", predictions("y,p,yhat,month", 90, 70, "x", "y"));
      JsonNode a = run("evaluate", "--predictions", std.toString(), "--format", "json").json();
      Run rb =
          run(
              "evaluate",
              "--predictions",
              ren.toString(),
              "--label",
              "y",
              "--score",
              "p",
              "--prediction",
              "yhat",
              "--slice",
              "month",
              "--format",
              "json");
      assertThat(rb.code()).as(rb.err()).isZero();
      JsonNode b = rb.json();
      // the same numbers; only the descriptions name the other slice column
      String slice = "\"slice\":\"slice=";
      assertThat(b.get("classification").toString().replace("\"slice\":\"month=", slice))
          .isEqualTo(a.get("classification").toString());
      assertThat(b.get("columns").get("label").asText()).isEqualTo("y");
      assertThat(b.get("columns").get("target").isNull()).isTrue();
      assertThat(b.get("regression").isNull()).isTrue();
    }

    @Test
    @DisplayName("slice values stay strings as in the file, sorted by code point")
    void sorted() throws IOException {
      Path f =
          file(
              "p.csv",
              predictions("label,score,prediction,slice", 60, 60, "b", "a", "B", "10", "9", "07"));
      JsonNode j = run("evaluate", "--predictions", f.toString(), "--format", "json").json();
      List<String> keys = new ArrayList<>();
      j.get("classification").get("slices").fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("07", "10", "9", "B", "a", "b");
    }
  }

  @Nested
  @DisplayName("gates and exit codes")
  class Gates {
    @Test
    @DisplayName("a passing gate: PASS, exit 0")
    void pass() throws IOException {
      Path f = file("p.csv", predictions("label,score,prediction", 200, 200));
      Run r =
          run(
              "evaluate",
              "--predictions",
              f.toString(),
              "--gate",
              "accuracy>=0.9",
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("verdict").asText()).isEqualTo("PASS");
    }

    @Test
    @DisplayName("a failing gate: FAIL, exit 1, the JSON still printed")
    void fail() throws IOException {
      Path f = file("p.csv", predictions("label,score,prediction", 200, 150));
      Run r =
          run(
              "evaluate",
              "--predictions",
              f.toString(),
              "--gate",
              "accuracy>=0.99",
              "--gate",
              "roc_auc>=0.5",
              "--format",
              "json");
      assertThat(r.code()).isEqualTo(1);
      JsonNode j = r.json();
      assertThat(j.get("verdict").asText()).isEqualTo("FAIL");
      assertThat(j.get("gates")).hasSize(2);
      assertThat(j.get("gates").get(0).get("verdict").asText()).isEqualTo("FAIL");
    }

    @Test
    @DisplayName("a small slice: INCONCLUSIVE, exit 0; with --fail-on inconclusive exit 1")
    void inconclusive() throws IOException {
      StringBuilder sb =
          new StringBuilder(predictions("label,score,prediction,slice", 100, 100, "big"));
      sb.append("1,0.8,1,small\n0,0.2,0,small\n");
      Path f = file("p.csv", sb.toString());
      String[] args = {
        "evaluate", "--predictions", f.toString(), "--gate", "accuracy>=0.5", "--format", "json"
      };
      Run r = run(args);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("verdict").asText()).isEqualTo("INCONCLUSIVE");
      assertThat(r.json().get("small_slices").toString()).isEqualTo("[\"slice=small\"]");
      List<String> more = new ArrayList<>(List.of(args));
      more.addAll(List.of("--fail-on", "inconclusive"));
      assertThat(run(more.toArray(new String[0])).code()).isEqualTo(1);
    }

    @Test
    @DisplayName("--min-slice-size 2 decides a slice of 2 rows; 0 is a usage error")
    void minimumSliceSize() throws IOException {
      StringBuilder sb =
          new StringBuilder(predictions("label,score,prediction,slice", 100, 100, "big"));
      sb.append("1,0.8,1,small\n0,0.2,0,small\n");
      Path f = file("p.csv", sb.toString());
      Run r =
          run(
              "evaluate",
              "--predictions",
              f.toString(),
              "--gate",
              "accuracy>=0.1",
              "--min-slice-size",
              "2",
              "--format",
              "json");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.json().get("small_slices")).isEmpty();
      assertThat(r.json().get("minimum_slice_size").asInt()).isEqualTo(2);
      assertThat(r.json().get("verdict").asText()).isEqualTo("PASS");
      oneLine(
          run("evaluate", "--predictions", f.toString(), "--min-slice-size", "0"),
          "--min-slice-size must be at least 1");
    }

    @Test
    @DisplayName("text: the metric tables, the gates and the verdict line")
    void text() throws IOException {
      Path f =
          file("p.csv", predictions("label,score,prediction,slice", 120, 100, "north", "south"));
      Run r = run("evaluate", "--predictions", f.toString(), "--gate", "accuracy>=0.5");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("predictions: " + f + " (120 rows)")
          .containsPattern("classification +n +positive +accuracy +precision")
          .containsPattern("\nnorth +60 +30 ")
          .containsPattern("accuracy>=0.5 +overall +PASS")
          .endsWith("verdict: PASS  (3 gate decisions: 0 failed, 0 inconclusive)\n");
      Run q = run("evaluate", "--predictions", f.toString(), "--quiet");
      assertThat(q.out()).isEqualTo("verdict: none (no gate given)\n");
    }
  }

  @Nested
  @DisplayName("errors: exit 2, one line naming the culprit")
  class Errors {
    @Test
    @DisplayName("a gate that does not parse, or names an unknown metric")
    void badGate() throws IOException {
      Path f = file("p.csv", predictions("label,score,prediction", 10, 10));
      oneLine(
          run("evaluate", "--predictions", f.toString(), "--gate", "auc>=0.8"),
          "--gate",
          "'auc>=0.8'",
          "unknown metric 'auc'");
      oneLine(
          run("evaluate", "--predictions", f.toString(), "--gate", "accuracy=0.8"),
          "'accuracy=0.8'",
          "METRIC>=X");
      oneLine(
          run("evaluate", "--predictions", f.toString(), "--gate", "mae<=1"),
          "mae<=1",
          "no regression columns");
    }

    @Test
    @DisplayName("an option naming a column the file lacks")
    void unknownColumn() throws IOException {
      Path f = file("p.csv", predictions("label,score,prediction", 10, 10));
      oneLine(
          run("evaluate", "--predictions", f.toString(), "--slice", "month"),
          "--slice month",
          f.toString(),
          "no column 'month'",
          "[label, score, prediction]");
    }

    @Test
    @DisplayName("a label that is not 0 or 1, a score outside [0, 1], a missing value")
    void badValues() throws IOException {
      Path f = file("p.csv", "label,score,prediction\n1,0.5,1\n2,0.5,1\n");
      oneLine(
          run("evaluate", "--predictions", f.toString()),
          f.toString(),
          "column 'label', data row 1 (0-based): 2 is not 0 or 1");
      Path g = file("g.csv", "label,score,prediction\n1,1.5,1\n");
      oneLine(
          run("evaluate", "--predictions", g.toString()),
          "column 'score', data row 0 (0-based): 1.5 is not in [0, 1]");
      Path h = file("h.csv", "label,score,prediction\n1,,1\n");
      oneLine(
          run("evaluate", "--predictions", h.toString()),
          "column 'score', data row 0 (0-based): empty");
      Path t = file("t.csv", "label,score,prediction\n1,abc,1\n");
      oneLine(run("evaluate", "--predictions", t.toString()), t.toString(), "abc");
    }

    @Test
    @DisplayName("half a section, no section, a missing file")
    void sections() throws IOException {
      Path f = file("p.csv", "label,score,prediction,target\n1,0.5,1,3\n");
      oneLine(
          run("evaluate", "--predictions", f.toString()),
          "lacks the column(s) target_prediction",
          "--target-prediction");
      Path g = file("g.csv", "a,b\n1,2\n");
      oneLine(
          run("evaluate", "--predictions", g.toString()),
          "no label, score and prediction columns",
          "[a, b]");
      oneLine(
          run("evaluate", "--predictions", dir.resolve("none.csv").toString()),
          "none.csv: no such file");
      Path empty = file("e.csv", "label,score,prediction\n");
      oneLine(
          run("evaluate", "--predictions", empty.toString()),
          "e.csv: the file has a header but no data rows");
    }
  }
}
