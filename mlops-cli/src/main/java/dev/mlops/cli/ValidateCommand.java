package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.validation.schema.ColumnSpec;
import dev.mlops.validation.schema.Schema;
import dev.mlops.validation.schema.SchemaJson;
import dev.mlops.validation.schema.SchemaValidator;
import dev.mlops.validation.schema.ValidationJson;
import dev.mlops.validation.schema.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops validate --schema S.json FILE}: validates a CSV file against a schema and exits with
 * the verdict.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Validate a CSV file against a schema (from mlops schema infer --out, or written by hand):"
          + " every violated check with what was observed, what was expected, how many rows"
          + " fail and the first failing rows (0-based data rows, header excluded).",
      "",
      "Exit codes: 0 PASS or WARN; 1 a check of severity FAIL is violated (or WARN with"
          + " --fail-on warn); 2 usage error, bad schema or unreadable input; 3 internal error."
    })
final class ValidateCommand extends CliCommand {
  /**
   * The schema, the file and the examples per check ({@code mlops validate} and {@code mlops report
   * validate}).
   */
  static final class Inputs {
    @Option(
        names = "--schema",
        required = true,
        paramLabel = "S.json",
        description = "The schema (mlops.schema format).")
    @Nullable Path schema;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    @Nullable Path file;

    @Option(
        names = "--max-examples",
        paramLabel = "N",
        description = "Failing rows listed per check (default 5).")
    int maxExamples = SchemaValidator.DEFAULT_MAX_EXAMPLES;
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
      paramLabel = "warn",
      description = "Also exit with 1 when the verdict is WARN.")
  List<DriftCommand.FailOn> failOn = new ArrayList<>();

  @Override
  int execute() {
    Path s = DriftCommand.required(in.schema);
    Path f = DriftCommand.required(in.file);
    Validation v = validate(s, f, in.maxExamples, progress());
    ValidationReport report = v.report();
    ObjectNode doc = Json.document("validation");
    doc.put("file", f.toString());
    doc.put("schema", s.toString());
    doc.put("rows", v.rows());
    doc.put("checks_evaluated", report.checksEvaluated());
    doc.setAll(Json.parseObject(ValidationJson.write(report)));
    ArrayNode columns = Json.F.arrayNode();
    v.types()
        .forEach(
            (name, type) ->
                columns.addObject().put("name", name).put("type", ColumnTypes.lower(type)));
    doc.set("columns", columns);
    print(format == Format.JSON ? Json.print(doc) + "\n" : text(doc, quiet));
    return DriftCommand.exitCode(report.verdict(), failOn);
  }

  /** A validation of one file, with the types it was read with and its rows. */
  record Validation(ValidationReport report, Map<String, ColumnType> types, int rows) {}

  /**
   * Reads the schema and the file and validates it ({@code mlops validate} and {@code mlops report
   * validate}).
   *
   * @throws UsageException if a file cannot be read, the schema is bad or maxExamples is negative
   * @throws InvalidInputException if the file's content is bad
   */
  static Validation validate(Path s, Path f, int maxExamples, Progress progress) {
    requireReadable("--schema ", s);
    requireReadable("", f);
    if (maxExamples < 0) {
      throw new UsageException("--max-examples " + maxExamples + " is negative");
    }
    Schema sc = readSchema(s);
    CsvScan head = CsvInputs.scan("", f, false);
    Map<String, ColumnType> declared = declaredTypes(sc, head.header);
    TypedRead.Result read =
        TypedRead.read(List.of(""), List.of(f), head.header, declared, progress);
    Table table = read.tables().get(0);
    return new Validation(
        SchemaValidator.validate(sc, table, maxExamples), read.types(), table.rowCount());
  }

  /**
   * Reads the schema file.
   *
   * @throws UsageException naming the file when it is not a schema document
   */
  static Schema readSchema(Path s) {
    try (InputStream in = Files.newInputStream(s)) {
      return SchemaJson.read(in);
    } catch (InvalidInputException e) {
      throw new UsageException("--schema " + s + ": " + oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new UsageException("--schema " + s + ": cannot be read: " + e.getMessage());
    }
  }

  /**
   * The types to read the file with: the schema's categorical, boolean and timestamp columns as
   * declared; its numeric columns by the command line's rule, so that a column with text in it is
   * read as categorical and fails the schema's {@code type} check instead of stopping the read.
   */
  static Map<String, ColumnType> declaredTypes(Schema schema, List<String> header) {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    for (ColumnSpec c : schema.columns()) {
      if (header.contains(c.name()) && c.type() != ColumnType.NUMERIC) {
        out.put(c.name(), c.type());
      }
    }
    return out;
  }

  static String text(JsonNode doc, boolean quiet) {
    StringBuilder b = new StringBuilder();
    if (quiet) {
      return "verdict: " + doc.path("verdict").asText() + "\n";
    }
    JsonNode checks = doc.path("checks");
    b.append(doc.path("file").asText())
        .append(": ")
        .append(doc.path("rows").asText())
        .append(" rows against ")
        .append(doc.path("schema").asText())
        .append(", ")
        .append(doc.path("checks_evaluated").asText())
        .append(" checks, ")
        .append(checks.size())
        .append(" violated\n");
    if (checks.size() > 0) {
      TextTable t =
          new TextTable(
              "check",
              "column",
              "severity",
              "verdict",
              "observed",
              "expected",
              "failing rows",
              "examples (row: value)");
      for (JsonNode c : checks) {
        List<String> ex = new ArrayList<>();
        for (JsonNode e : c.path("examples")) {
          ex.add(e.path("row").asText() + ": " + TextReports.fmt(e.path("value")));
        }
        t.add(
            c.path("check").asText(),
            TextReports.fmt(c.path("column")),
            c.path("severity").asText(),
            c.path("verdict").asText(),
            CliCommand.oneLine(TextReports.fmt(c.path("observed"))),
            CliCommand.oneLine(c.path("expected").asText()),
            c.path("failing_rows").asText(),
            ex.isEmpty() ? "-" : CliCommand.oneLine(String.join("; ", ex)));
      }
      b.append('\n').append(t.render()).append('\n');
    }
    b.append("verdict: ").append(doc.path("verdict").asText()).append('\n');
    return b.toString();
  }
}
