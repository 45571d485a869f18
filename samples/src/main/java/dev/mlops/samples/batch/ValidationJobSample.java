package dev.mlops.samples.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs the {@link ValidationJob} twice on slices of the Seattle weather data shipped with the
 * samples: the reference is the summer days (June to August) of 2012 and 2013; the first "today" is
 * the summer of 2014, which passes; the second is the winter days (December to February) of
 * 2014-2015, which drift in the temperatures and fail the job with a readable summary. It writes
 * the CSVs and both report folders under the directory given (default {@code
 * target/validation-job-sample}), so the job can then be run on them from a shell.
 *
 * <p>Not thread-safe; a program's entry point.
 *
 * @since 0.1
 */
public final class ValidationJobSample {
  /** The reference: June to August of 2012 and 2013. */
  public static final String REFERENCE_CSV = "reference-summer-2012-2013.csv";

  /** A day that passes: June to August of 2014. */
  public static final String PASSING_CSV = "today-summer-2014.csv";

  /** A day that fails: December 2014 to February 2015. */
  public static final String DRIFTING_CSV = "today-winter-2014-2015.csv";

  private static final String DATA = "/dev/mlops/samples/data/seattle-weather.csv";

  private ValidationJobSample() {}

  /**
   * Runs the sample.
   *
   * @param args the working directory, optional
   */
  public static void main(String[] args) {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/validation-job-sample").toAbsolutePath();
    System.out.println("validation job sample: files in " + dir);
    Path reference = writeSlices(dir);

    System.out.println();
    System.out.println("== today: summer 2014 against the summers 2012-2013");
    ValidationJob.Outcome ok =
        ValidationJob.run(reference, dir.resolve(PASSING_CSV), dir.resolve("reports-pass"));
    System.out.println(ok.summary());
    System.out.println("job exit code: " + ValidationJob.EXIT_PASS);

    System.out.println();
    System.out.println("== today: winter 2014-2015 against the summers 2012-2013");
    try {
      ValidationJob.run(reference, dir.resolve(DRIFTING_CSV), dir.resolve("reports-fail"));
      System.out.println("unexpected: the winter days passed");
    } catch (DataValidationFailedException e) {
      System.out.println(e.getMessage());
      System.out.println("job exit code: " + ValidationJob.EXIT_FAIL + " (the job runner sees it)");
    }
    System.out.println();
    System.out.printf(
        "run the job yourself: java ... %s %s %s %s%n",
        ValidationJob.class.getName(),
        reference,
        dir.resolve(DRIFTING_CSV),
        dir.resolve("reports"));
  }

  /**
   * Writes the reference and the two days as CSVs into a directory.
   *
   * @param dir the directory (created when missing)
   * @return the reference CSV
   */
  public static Path writeSlices(Path dir) {
    List<String> lines;
    try (InputStream in = ValidationJobSample.class.getResourceAsStream(DATA)) {
      if (in == null) {
        throw new IllegalStateException("the sample data " + DATA + " is missing from the jar");
      }
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      Files.createDirectories(dir);
      Path reference = dir.resolve(REFERENCE_CSV);
      write(reference, lines, date -> summer(date) && year(date) <= 2013);
      write(dir.resolve(PASSING_CSV), lines, date -> summer(date) && year(date) == 2014);
      write(
          dir.resolve(DRIFTING_CSV),
          lines,
          date ->
              (year(date) == 2014 && month(date) == 12)
                  || (year(date) == 2015 && month(date) <= 2));
      return reference;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the header and the rows whose date (the first field, yyyy-mm-dd) matches. */
  private static void write(Path file, List<String> lines, Predicate<String> date)
      throws IOException {
    List<String> out = new ArrayList<>();
    out.add(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      if (date.test(line.substring(0, 10))) {
        out.add(line);
      }
    }
    Files.write(file, out, StandardCharsets.UTF_8);
  }

  private static boolean summer(String date) {
    int m = month(date);
    return m >= 6 && m <= 8;
  }

  private static int year(String date) {
    return Integer.parseInt(date.substring(0, 4));
  }

  private static int month(String date) {
    return Integer.parseInt(date.substring(5, 7));
  }
}
