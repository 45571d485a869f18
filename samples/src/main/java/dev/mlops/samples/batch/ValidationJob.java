package dev.mlops.samples.batch;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import dev.mlops.validation.drift.DriftJson;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.drift.TableDrift;
import dev.mlops.validation.schema.CheckResult;
import dev.mlops.validation.schema.Schema;
import dev.mlops.validation.schema.SchemaInference;
import dev.mlops.validation.schema.SchemaValidator;
import dev.mlops.validation.schema.ValidationJson;
import dev.mlops.validation.schema.ValidationReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A nightly batch job that gates today's data: it reads today's CSV and a reference CSV (the data
 * the model was trained on), validates today against a schema inferred from the reference, tests
 * each column for drift from the reference, writes both reports as JSON to a folder, and fails the
 * job when the verdict is FAIL: {@link #run} throws {@link DataValidationFailedException}, {@link
 * #main} exits with code 1. WARN and INCONCLUSIVE pass, with the report written.
 *
 * <p>The columns checked are those of the Seattle weather data set: {@value #COLUMNS_TEXT}.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * // in the job runner:
 * ValidationJob.Outcome ok = ValidationJob.run(
 *     Path.of("reference.csv"), Path.of("today.csv"), Path.of("reports/2026-11-27"));
 * }</pre>
 *
 * <p>From a shell: {@code java -cp ... dev.mlops.samples.batch.ValidationJob REFERENCE.csv
 * TODAY.csv REPORT-DIR}; exit code 0 (PASS, WARN, INCONCLUSIVE), 1 (FAIL), 2 (bad arguments or
 * unreadable input).
 *
 * @since 0.1
 */
public final class ValidationJob {
  /** The checked columns, as text. */
  static final String COLUMNS_TEXT = "precipitation, temp_max, temp_min, wind, weather";

  /** The checked columns. */
  public static final List<String> COLUMNS =
      List.of("precipitation", "temp_max", "temp_min", "wind", "weather");

  /** The file name of the schema validation report in the report folder. */
  public static final String VALIDATION_REPORT = "validation.json";

  /** The file name of the drift report in the report folder. */
  public static final String DRIFT_REPORT = "drift.json";

  /** Exit code of a passing job. */
  public static final int EXIT_PASS = 0;

  /** Exit code of a job whose data failed validation. */
  public static final int EXIT_FAIL = 1;

  /** Exit code of a job that could not run: bad arguments, missing or unreadable input. */
  public static final int EXIT_USAGE = 2;

  private ValidationJob() {}

  /**
   * Runs the job from a shell and exits with its code when it is not 0.
   *
   * @param args the reference CSV, today's CSV and the report folder
   */
  public static void main(String[] args) {
    int code = execute(args, System.out, System.err);
    if (code != EXIT_PASS) {
      System.exit(code);
    }
  }

  /**
   * Runs the job and returns the exit code {@link #main} exits with; for tests and for callers that
   * embed the job.
   *
   * @param args the reference CSV, today's CSV and the report folder
   * @param out where the summary goes
   * @param err where failures go
   * @return {@link #EXIT_PASS}, {@link #EXIT_FAIL} or {@link #EXIT_USAGE}
   */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 3) {
      err.println("usage: ValidationJob REFERENCE.csv TODAY.csv REPORT-DIR");
      return EXIT_USAGE;
    }
    try {
      Outcome outcome = run(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
      out.println(outcome.summary());
      return EXIT_PASS;
    } catch (DataValidationFailedException e) {
      err.println(e.getMessage());
      return EXIT_FAIL;
    } catch (InvalidInputException | StorageException e) {
      err.println("cannot run the validation job: " + e.getMessage());
      return EXIT_USAGE;
    }
  }

  /**
   * Validates today's data against the reference and writes the reports.
   *
   * @param reference the reference CSV
   * @param today today's CSV
   * @param reportDirectory the folder the reports are written to (created when missing)
   * @return the outcome when the verdict is not FAIL
   * @throws DataValidationFailedException when the verdict is FAIL, after the reports are written
   * @throws InvalidInputException if a CSV is malformed or lacks a checked column
   * @throws StorageException if a CSV is missing or cannot be read
   * @throws UncheckedIOException if the reports cannot be written
   */
  public static Outcome run(Path reference, Path today, Path reportDirectory) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(reportDirectory, "reportDirectory");
    CsvTableReader reader = reader();
    Table ref = reader.read(reference).select(COLUMNS);
    Table cur = reader.read(today).select(COLUMNS);

    Schema schema = SchemaInference.infer(ref).schema();
    ValidationReport checks = SchemaValidator.validate(schema, cur);
    DriftReport drift = TableDrift.compare(ref, cur, COLUMNS, DriftPolicy.defaults());
    Verdict verdict = worst(checks.verdict(), drift.verdict());

    Path validationFile = reportDirectory.resolve(VALIDATION_REPORT);
    Path driftFile = reportDirectory.resolve(DRIFT_REPORT);
    try {
      Files.createDirectories(reportDirectory);
      write(validationFile, ValidationJson.write(checks));
      write(driftFile, DriftJson.write(drift));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports to " + reportDirectory, e);
    }
    Outcome outcome =
        new Outcome(
            verdict,
            checks.verdict(),
            drift.verdict(),
            drift.columnsFailed(),
            drift.columnsWarned(),
            checks.checks(),
            ref.rowCount(),
            cur.rowCount(),
            validationFile,
            driftFile);
    if (verdict == Verdict.FAIL) {
      throw new DataValidationFailedException(outcome);
    }
    return outcome;
  }

  /**
   * The reader of the data set's CSVs: the checked columns typed, the rest inferred.
   *
   * @return the reader
   */
  static CsvTableReader reader() {
    return CsvTableReader.of(
        CsvOptions.builder()
            .type("date", ColumnType.TIMESTAMP)
            .type("precipitation", ColumnType.NUMERIC)
            .type("temp_max", ColumnType.NUMERIC)
            .type("temp_min", ColumnType.NUMERIC)
            .type("wind", ColumnType.NUMERIC)
            .type("weather", ColumnType.CATEGORICAL)
            .build());
  }

  /** Writes through a temporary file and a rename, so a report is never half-written. */
  private static void write(Path file, String json) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** FAIL over WARN over INCONCLUSIVE over PASS, as the dataset verdict of STATISTICS.md. */
  private static Verdict worst(Verdict a, Verdict b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Verdict v) {
    return switch (v) {
      case PASS -> 0;
      case INCONCLUSIVE -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }

  /**
   * What the job found.
   *
   * @param verdict the job's verdict: the worse of the schema and drift verdicts
   * @param schemaVerdict the verdict of the schema checks
   * @param driftVerdict the dataset drift verdict
   * @param driftedColumns columns whose drift verdict is FAIL
   * @param warnedColumns columns whose drift verdict is WARN
   * @param failedChecks the schema checks today's data violated
   * @param referenceRows rows of the reference
   * @param todayRows rows of today's data
   * @param validationReport the schema validation report written
   * @param driftReport the drift report written
   * @since 0.1
   */
  public record Outcome(
      Verdict verdict,
      Verdict schemaVerdict,
      Verdict driftVerdict,
      List<String> driftedColumns,
      List<String> warnedColumns,
      List<CheckResult> failedChecks,
      long referenceRows,
      long todayRows,
      Path validationReport,
      Path driftReport) {

    /** Copies the lists. */
    public Outcome {
      driftedColumns = List.copyOf(driftedColumns);
      warnedColumns = List.copyOf(warnedColumns);
      failedChecks = List.copyOf(failedChecks);
    }

    /**
     * Returns a readable summary: the verdict, the drifted columns, the violated checks and where
     * the reports are.
     *
     * @return a few lines of text
     */
    public String summary() {
      StringBuilder s = new StringBuilder();
      s.append("data validation ")
          .append(verdict)
          .append(": ")
          .append(todayRows)
          .append(" rows of today against ")
          .append(referenceRows)
          .append(" reference rows");
      s.append("\n  drift ").append(driftVerdict);
      if (!driftedColumns.isEmpty()) {
        s.append(", drifted columns: ").append(String.join(", ", driftedColumns));
      }
      if (!warnedColumns.isEmpty()) {
        s.append(", warnings: ").append(String.join(", ", warnedColumns));
      }
      s.append("\n  schema ").append(schemaVerdict);
      if (!failedChecks.isEmpty()) {
        s.append(", violated checks: ")
            .append(
                failedChecks.stream()
                    .map(c -> c.check() + (c.column() == null ? "" : " of " + c.column()))
                    .distinct()
                    .collect(Collectors.joining(", ")));
      }
      s.append("\n  reports: ").append(validationReport).append(", ").append(driftReport);
      return s.toString();
    }
  }
}
