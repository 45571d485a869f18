package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops profile}: the profile of every column of a CSV file.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Profile every column of a CSV file: counts, missing values, distinct values, mean,"
          + " standard deviation, extremes and quantiles of numeric columns, the most frequent"
          + " categories of categorical ones.",
      "",
      "Exit codes: 0 done; 2 usage error or unreadable input; 3 internal error."
    })
final class ProfileCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
  @Nullable Path file;

  @Option(
      names = "--types",
      paramLabel = "NAME=TYPE[,...]",
      description =
          "Column types, numeric or categorical; repeatable, comma-separated, split at the last"
              + " '='. Other columns: numeric when every non-empty field is a finite number or"
              + " NaN (or the column is empty), else categorical.")
  List<String> types = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output: text (default) or json.")
  Format format = Format.TEXT;

  @Option(
      names = "--exact",
      description =
          "Exact distinct counts and NumPy-linear quantiles from sorted columns instead of"
              + " sketches (more memory and time on large files).")
  boolean exact;

  private final @Nullable ProfileEngine engine;

  ProfileCommand() {
    this.engine = null;
  }

  /** A command with a fixed engine (tests). */
  ProfileCommand(ProfileEngine engine) {
    this.engine = engine;
  }

  private static final Logger LOG = LoggerFactory.getLogger(ProfileCommand.class);

  @Override
  int execute() {
    long t0 = System.nanoTime();
    Path f = DriftCommand.required(file);
    Table table = read(f, types, progress());
    long t2 = System.nanoTime();
    ProfileEngine e =
        engine != null ? engine : exact ? new ExactProfileEngine() : ProfileEngine.standard();
    ObjectNode profile = e.profile(table);
    long t3 = System.nanoTime();
    ObjectNode doc = Json.document("profile");
    doc.put("file", f.toString());
    doc.setAll(profile);
    print(format == Format.JSON ? Json.print(doc) + "\n" : TextReports.profile(doc, quiet));
    long t4 = System.nanoTime();
    LOG.debug(
        "start-up {} ms, header, parse and type scan {} ms, profile {} ms, output {} ms",
        Main.startupMillis(),
        (t2 - t0) / 1_000_000,
        (t3 - t2) / 1_000_000,
        (t4 - t3) / 1_000_000);
    return ExitCodes.OK;
  }

  /**
   * Reads the file with the command line's types ({@code mlops profile} and {@code mlops report
   * profile}).
   *
   * @throws UsageException if the file cannot be read or {@code --types} is bad
   * @throws dev.mlops.api.InvalidInputException if the file's content is bad
   */
  static Table read(Path f, List<String> types, Progress progress) {
    requireReadable("", f);
    Map<String, ColumnType> declared = ColumnTypes.parse(types);
    CsvScan head = CsvInputs.scan("", f, false);
    return TypedRead.read(List.of(""), List.of(f), head.header, declared, progress).tables().get(0);
  }
}
