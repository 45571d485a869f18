package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.Verdict;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.validation.drift.DriftAnalysis;
import dev.mlops.validation.drift.DriftJson;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mlops drift}: compares a current CSV file with a reference, column by column, and exits
 * with the dataset verdict.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Compare a current CSV file with a reference: per column the drift tests, a verdict on"
          + " significance and effect size, and the dataset verdict.",
      "",
      "Exit codes: 0 PASS, WARN or INCONCLUSIVE; 1 FAIL (or a verdict named by --fail-on);"
          + " 2 usage error or unreadable input; 3 internal error."
    })
final class DriftCommand extends CliCommand {

  /** Verdicts that {@code --fail-on} can send to exit code 1. */
  enum FailOn {
    WARN,
    INCONCLUSIVE
  }

  /** The two files and the column types ({@code mlops drift} and {@code mlops report drift}). */
  static final class Inputs {
    @Option(
        names = "--reference",
        required = true,
        paramLabel = "R.csv",
        description = "The reference CSV file (header row, comma, empty field = null).")
    @Nullable Path reference;

    @Option(
        names = "--current",
        required = true,
        paramLabel = "C.csv",
        description = "The current CSV file, with the same header as the reference.")
    @Nullable Path current;

    @Option(
        names = "--types",
        paramLabel = "NAME=TYPE[,...]",
        description =
            "Column types, numeric or categorical; repeatable, comma-separated, split at the last"
                + " '='. Other columns: numeric when every non-empty reference field is a finite"
                + " number or NaN, else categorical (a column empty in the reference is typed from"
                + " the current file; numeric when both are empty).")
    List<String> types = new ArrayList<>();
  }

  @Mixin Inputs in = new Inputs();

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output: text (default) or json.")
  Format format = Format.TEXT;

  @Option(
      names = "--fail-on",
      split = ",",
      paramLabel = "warn|inconclusive",
      description = "Also exit with 1 when the dataset verdict is WARN / INCONCLUSIVE.")
  List<FailOn> failOn = new ArrayList<>();

  @Override
  int execute() {
    Path ref = required(in.reference);
    Path cur = required(in.current);
    Analysis a = analyse(ref, cur, in.types, progress());
    ObjectNode doc = document(a.report(), a.types(), ref, cur, a.referenceRows(), a.currentRows());
    print(format == Format.JSON ? Json.print(doc) + "\n" : TextReports.drift(doc, quiet));
    return exitCode(a.report().verdict(), failOn);
  }

  /** A drift comparison of two files, with the types used and the rows read. */
  record Analysis(
      DriftReport report, Map<String, ColumnType> types, int referenceRows, int currentRows) {}

  /**
   * Reads both files and compares them ({@code mlops drift} and {@code mlops report drift}).
   *
   * @throws UsageException if a file cannot be read, the headers differ or {@code --types} is bad
   * @throws dev.mlops.api.InvalidInputException if a file's content is bad
   */
  static Analysis analyse(Path ref, Path cur, List<String> types, Progress progress) {
    requireReadable("--reference ", ref);
    requireReadable("--current ", cur);
    Map<String, ColumnType> declared = ColumnTypes.parse(types);
    CsvScan refHeader = CsvInputs.scan("--reference ", ref, false);
    CsvScan curHeader = CsvInputs.scan("--current ", cur, false);
    if (!refHeader.header.equals(curHeader.header)) {
      throw new UsageException(
          "the two files have different headers: "
              + ref
              + " has ["
              + String.join(", ", refHeader.header)
              + "], "
              + cur
              + " has ["
              + String.join(", ", curHeader.header)
              + "]; give both the same columns in the same order");
    }
    TypedRead.Result read =
        TypedRead.read(
            List.of("--reference ", "--current "),
            List.of(ref, cur),
            refHeader.header,
            declared,
            progress);
    Map<String, ColumnType> resolved = read.types();
    Table r = read.tables().get(0);
    Table c = read.tables().get(1);
    DriftAnalysis analysis = DriftAnalysis.with(DriftPolicy.defaults());
    for (Map.Entry<String, ColumnType> e : resolved.entrySet()) {
      String name = e.getKey();
      if (e.getValue() == ColumnType.NUMERIC) {
        CsvInputs.Numbers a = CsvInputs.numbers(r.numeric(name));
        CsvInputs.Numbers b = CsvInputs.numbers(c.numeric(name));
        analysis.numeric(name, a.values(), a.nulls(), b.values(), b.nulls());
      } else {
        analysis.categorical(
            name, CsvInputs.strings(r.categorical(name)), CsvInputs.strings(c.categorical(name)));
      }
    }
    return new Analysis(analysis.run(), resolved, r.rowCount(), c.rowCount());
  }

  static Path required(@Nullable Path p) {
    if (p == null) {
      throw new IllegalStateException("picocli left a required option unset");
    }
    return p;
  }

  /** The drift document of CLI-JSON.md. */
  static ObjectNode document(
      DriftReport report,
      Map<String, ColumnType> types,
      Path reference,
      Path current,
      int referenceRows,
      int currentRows) {
    ObjectNode doc = Json.document("drift");
    ObjectNode files = doc.putObject("files");
    files.put("reference", reference.toString());
    files.put("current", current.toString());
    ObjectNode rows = doc.putObject("rows");
    rows.put("reference", referenceRows);
    rows.put("current", currentRows);
    ArrayNode columns = doc.putArray("columns");
    types.forEach(
        (name, type) -> columns.addObject().put("name", name).put("type", ColumnTypes.lower(type)));
    doc.setAll(Json.parseObject(DriftJson.write(report)));
    return doc;
  }

  static int exitCode(Verdict verdict, List<FailOn> failOn) {
    return switch (verdict) {
      case FAIL -> ExitCodes.FAIL;
      case WARN -> failOn.contains(FailOn.WARN) ? ExitCodes.FAIL : ExitCodes.OK;
      case INCONCLUSIVE -> failOn.contains(FailOn.INCONCLUSIVE) ? ExitCodes.FAIL : ExitCodes.OK;
      case PASS -> ExitCodes.OK;
    };
  }
}
