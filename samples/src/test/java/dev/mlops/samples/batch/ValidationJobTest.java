package dev.mlops.samples.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the validation batch job")
class ValidationJobTest {
  @TempDir Path tmp;
  private Path reference;

  @BeforeEach
  void slices() {
    reference = ValidationJobSample.writeSlices(tmp);
  }

  /** Runs the job as a shell would and returns its exit code, stdout and stderr. */
  private static String[] execute(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ValidationJob.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  @DisplayName("the slices hold the days the sample names (counted in the CSV with awk)")
  void slicesHoldTheNamedDays() throws IOException {
    // 92 summer days a year (June 30 + July 31 + August 31); December 31 + January 31 + February 28
    assertThat(Files.readAllLines(reference)).hasSize(1 + 2 * 92);
    assertThat(Files.readAllLines(tmp.resolve(ValidationJobSample.PASSING_CSV))).hasSize(1 + 92);
    assertThat(Files.readAllLines(tmp.resolve(ValidationJobSample.DRIFTING_CSV)))
        .hasSize(1 + 31 + 31 + 28);
  }

  @Nested
  @DisplayName("a summer day against the summer reference")
  class Passing {
    @Test
    @DisplayName(
        "exits 0, prints the summary, and writes both reports with a verdict short of FAIL")
    void exitsZero() throws IOException {
      Path reports = tmp.resolve("reports");
      String[] r =
          execute(
              reference.toString(),
              tmp.resolve(ValidationJobSample.PASSING_CSV).toString(),
              reports.toString());

      assertThat(r[0]).isEqualTo("0");
      assertThat(r[2]).isEmpty();
      assertThat(r[1]).contains("92 rows of today against 184 reference rows");
      String drift = Files.readString(reports.resolve(ValidationJob.DRIFT_REPORT));
      String validation = Files.readString(reports.resolve(ValidationJob.VALIDATION_REPORT));
      assertThat(drift)
          .contains("\"columns_failed\" : [ ]")
          .doesNotContain("\"verdict\" : \"FAIL\"");
      assertThat(validation)
          .contains("\"kind\" : \"validation\"")
          .doesNotContain("\"verdict\" : \"FAIL\"");
    }

    @Test
    @DisplayName("run returns the outcome: no drifted column, 92 rows checked")
    void outcome() {
      ValidationJob.Outcome o =
          ValidationJob.run(
              reference, tmp.resolve(ValidationJobSample.PASSING_CSV), tmp.resolve("reports"));
      assertThat(o.verdict()).isNotEqualTo(Verdict.FAIL);
      assertThat(o.driftedColumns()).isEmpty();
      assertThat(o.todayRows()).isEqualTo(92);
      assertThat(o.referenceRows()).isEqualTo(184);
      assertThat(o.validationReport()).exists();
      assertThat(o.driftReport()).exists();
    }
  }

  @Nested
  @DisplayName("winter days against the summer reference")
  class Drifting {
    @Test
    @DisplayName(
        "the temperatures of the two slices barely overlap (computed here), so the job must flag"
            + " them")
    void temperaturesBarelyOverlap() throws IOException {
      double[] summerMax = column(reference, 2);
      double[] winterMax = column(tmp.resolve(ValidationJobSample.DRIFTING_CSV), 2);
      double summerMedian = DoubleStream.of(summerMax).sorted().toArray()[summerMax.length / 2];
      long winterAboveSummerMedian =
          DoubleStream.of(winterMax).filter(v -> v > summerMedian).count();
      assertThat(winterAboveSummerMedian).isZero();
    }

    @Test
    @DisplayName("exits 1 with a readable summary naming the drifted temperature columns")
    void exitsOne() throws IOException {
      Path reports = tmp.resolve("reports");
      String[] r =
          execute(
              reference.toString(),
              tmp.resolve(ValidationJobSample.DRIFTING_CSV).toString(),
              reports.toString());

      assertThat(r[0]).isEqualTo("1");
      assertThat(r[1]).isEmpty();
      assertThat(r[2])
          .startsWith("data validation FAIL: 90 rows of today against 184 reference rows")
          .containsPattern("drifted columns: .*temp_max, temp_min")
          .contains(reports.resolve(ValidationJob.DRIFT_REPORT).toString());
      // The reports are written before the job fails.
      String drift = Files.readString(reports.resolve(ValidationJob.DRIFT_REPORT));
      assertThat(drift)
          .contains("\"verdict\" : \"FAIL\"")
          .containsPattern("\"columns_failed\" : \\[[^]]*\"temp_max\", \"temp_min\"");
      assertThat(reports.resolve(ValidationJob.VALIDATION_REPORT)).exists();
    }

    @Test
    @DisplayName("run throws DataValidationFailedException naming the drifted columns and reports")
    void throwsForTheJobRunner() {
      Path today = tmp.resolve(ValidationJobSample.DRIFTING_CSV);
      Path reports = tmp.resolve("reports");
      assertThatThrownBy(() -> ValidationJob.run(reference, today, reports))
          .isInstanceOfSatisfying(
              DataValidationFailedException.class,
              e -> {
                assertThat(e.verdict()).isEqualTo(Verdict.FAIL);
                assertThat(e.driftedColumns()).contains("temp_max", "temp_min");
                assertThat(e.reports())
                    .containsExactly(
                        reports.resolve(ValidationJob.VALIDATION_REPORT),
                        reports.resolve(ValidationJob.DRIFT_REPORT));
                assertThat(e.getMessage()).contains("temp_max").contains("temp_min");
              });
    }
  }

  @Nested
  @DisplayName("a job that cannot run")
  class Usage {
    @Test
    @DisplayName("a missing input file exits 2 naming it, and writes no report")
    void missingFile() {
      Path missing = tmp.resolve("no-such-day.csv");
      Path reports = tmp.resolve("reports");
      String[] r = execute(reference.toString(), missing.toString(), reports.toString());
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).contains("no-such-day.csv");
      assertThat(reports).doesNotExist();
    }

    @Test
    @DisplayName("wrong arguments exit 2 with the usage line")
    void wrongArguments() {
      String[] r = execute(reference.toString());
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).startsWith("usage: ValidationJob");
    }
  }

  @Test
  @DisplayName("the sample's main shows the passing run and the failing one")
  void mainShowsBoth() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ValidationJobSample.main(new String[] {tmp.resolve("main").toString()});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("job exit code: 0")
        .contains("data validation FAIL")
        .contains("job exit code: 1")
        .doesNotContain("unexpected");
    assertThat(tmp.resolve("main/reports-fail").resolve(ValidationJob.DRIFT_REPORT)).exists();
  }

  private static double[] column(Path csv, int index) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    return lines.subList(1, lines.size()).stream()
        .mapToDouble(l -> Double.parseDouble(l.split(",")[index]))
        .toArray();
  }
}
