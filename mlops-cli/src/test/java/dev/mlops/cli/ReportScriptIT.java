package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code mlops report} (drift, evaluate, profile, validate) through the real launcher script
 * and the shaded {@code mlops.jar}: each page is written, which proves the jar carries the
 * precompiled JTE templates, the JTE runtime and JFreeChart with JFreeSVG (a page without them
 * fails with exit 3, or has no charts).
 */
@DisplayName("mlops report through the launcher script target/mlops")
class ReportScriptIT {
  static final String HOSTILE = ReportCommandTest.HOSTILE;

  @TempDir Path dir;

  @BeforeAll
  static void findLauncher() {
    LauncherScriptIT.findLauncher();
  }

  static LauncherScriptIT.Result mlops(String... args) throws IOException, InterruptedException {
    return LauncherScriptIT.mlops(args);
  }

  /** The number of charts: SVG images inlined as data URIs. */
  static int charts(String html) {
    Matcher m = Pattern.compile("src=\"data:image/svg\\+xml;base64,").matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static String page(Path p) throws IOException {
    String html = Files.readString(p, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>");
    assertThat(html.stripTrailing()).endsWith("</html>");
    assertThat(html).contains(ReportCommandTest.HOSTILE_ESCAPED).doesNotContain(HOSTILE);
    return html;
  }

  @Test
  @DisplayName("drift (exit 1 on a drifting oracle case), profile and validate pages with charts")
  void everyReport() throws Exception {
    StringBuilder r = new StringBuilder(HOSTILE + ",city\n");
    StringBuilder s = new StringBuilder(HOSTILE + ",city\n");
    for (int i = 0; i < 100; i++) {
      r.append(i).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
      s.append(i + 60).append(',').append(i % 3 == 0 ? "Oslo" : "Bergen").append('\n');
    }
    Path reference = Files.writeString(dir.resolve("reference.csv"), r);
    Path shifted = Files.writeString(dir.resolve("shifted.csv"), s);

    Path drift = dir.resolve("drift.html");
    LauncherScriptIT.Result d =
        mlops(
            "report",
            "drift",
            "--reference",
            reference.toString(),
            "--current",
            shifted.toString(),
            "--out",
            drift.toString());
    assertThat(d.code()).as(d.err()).isEqualTo(1);
    // one histogram per column: the hostile numeric column and city
    assertThat(charts(page(drift))).isEqualTo(2);

    Path profile = dir.resolve("profile.html");
    LauncherScriptIT.Result p =
        mlops("report", "profile", reference.toString(), "--out", profile.toString());
    assertThat(p.code()).as(p.err()).isZero();
    assertThat(charts(page(profile))).isEqualTo(2);

    Path schema = dir.resolve("schema.json");
    assertThat(mlops("schema", "infer", reference.toString(), "--out", schema.toString()).code())
        .isZero();
    Path bad = Files.writeString(dir.resolve("bad.csv"), HOSTILE + ",city\n1,Oslo\n,Paris\n");
    Path validation = dir.resolve("validation.html");
    LauncherScriptIT.Result v =
        mlops(
            "report",
            "validate",
            "--schema",
            schema.toString(),
            bad.toString(),
            "--out",
            validation.toString());
    assertThat(v.code()).as(v.err()).isEqualTo(1);
    // one chart: failing rows by check
    assertThat(charts(page(validation))).isEqualTo(1);
  }

  @Test
  @DisplayName("an oracle case: variance change exits 1, identical copy 0, as mlops drift")
  void oracleExitCodes() throws Exception {
    for (String name : new String[] {"syn_variance_change", "syn_identical_copy"}) {
      Path c = LauncherScriptIT.casePath(name);
      Path out = dir.resolve(name + ".html");
      LauncherScriptIT.Result res =
          mlops(
              "report",
              "drift",
              "--reference",
              c.resolve("reference.csv").toString(),
              "--current",
              c.resolve("current.csv").toString(),
              "--out",
              out.toString());
      assertThat(res.code())
          .as(name + ": " + res.err())
          .isEqualTo(name.contains("variance") ? 1 : 0);
      assertThat(Files.readString(out)).startsWith("<!DOCTYPE html>");
      assertThat(charts(Files.readString(out))).isPositive();
    }
  }

  @Test
  @DisplayName("evaluate: iris with a failing gate exits 1, the page has its charts")
  void evaluate() throws Exception {
    Path predictions =
        LauncherScriptIT.casePath("real_iris_virginica_sepal_only").resolve("predictions.csv");
    Path out = dir.resolve("evaluation.html");
    LauncherScriptIT.Result fail =
        mlops(
            "report",
            "evaluate",
            "--predictions",
            predictions.toString(),
            "--gate",
            "roc_auc>=0.95",
            "--out",
            out.toString());
    assertThat(fail.code()).as(fail.err()).isEqualTo(1);
    String html = Files.readString(out);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("FAIL");
    // at least the calibration plot of the classifier
    assertThat(charts(html)).isPositive();
    LauncherScriptIT.Result pass =
        mlops(
            "report",
            "evaluate",
            "--predictions",
            predictions.toString(),
            "--gate",
            "roc_auc>=0.8",
            "--out",
            out.toString());
    assertThat(pass.code()).as(pass.err()).isZero();
  }

  @Test
  @DisplayName("a DISPLAY that cannot be reached does not matter: the charts are drawn headless")
  void unreachableDisplay() throws Exception {
    Path data = Files.writeString(dir.resolve("data.csv"), "x,city\n1,Oslo\n2,Bergen\n3,Oslo\n");
    Path out = dir.resolve("profile.html");
    ProcessBuilder pb =
        new ProcessBuilder(
            LauncherScriptIT.launcher.toString(),
            "report",
            "profile",
            data.toString(),
            "--out",
            out.toString());
    pb.environment().put("DISPLAY", ":97");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String output = LauncherScriptIT.readAll(p.getInputStream());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(charts(Files.readString(out))).isEqualTo(2);
  }

  @Test
  @DisplayName("a missing file: exit 2, one line naming it, no page")
  void missingFile() throws Exception {
    Path out = dir.resolve("profile.html");
    Path missing = dir.resolve("missing.csv");
    LauncherScriptIT.Result res =
        mlops("report", "profile", missing.toString(), "--out", out.toString());
    assertThat(res.code()).isEqualTo(2);
    assertThat(res.err().split("\n")).hasSize(1);
    assertThat(res.err()).contains(missing.toString()).doesNotContain("\tat ");
    assertThat(out).doesNotExist();
  }
}
