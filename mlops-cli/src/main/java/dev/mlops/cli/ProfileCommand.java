package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

  private final ProfileEngine engine;

  ProfileCommand() {
    this(ProfileEngine.standard());
  }

  ProfileCommand(ProfileEngine engine) {
    this.engine = engine;
  }

  @Override
  int execute() {
    Path f = DriftCommand.required(file);
    requireReadable("", f);
    Map<String, ColumnType> declared = ColumnTypes.parse(types);
    CsvScan scan = CsvInputs.scan("", f, false);
    if (ColumnTypes.needScan(scan.header, declared)) {
      scan = CsvInputs.scan("", f, true);
    }
    Map<String, ColumnType> resolved =
        ColumnTypes.resolve(scan.header, declared, List.of(scan), f.toString());
    Table table = CsvInputs.read(f, resolved);
    ObjectNode profile = engine.profile(table);
    ObjectNode doc = Json.document("profile");
    doc.put("file", f.toString());
    doc.setAll(profile);
    print(format == Format.JSON ? Json.print(doc) + "\n" : TextReports.profile(doc, quiet));
    return ExitCodes.OK;
  }
}
