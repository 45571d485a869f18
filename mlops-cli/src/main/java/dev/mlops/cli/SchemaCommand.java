package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.validation.schema.InferenceOptions;
import dev.mlops.validation.schema.InferredSchema;
import dev.mlops.validation.schema.SchemaInference;
import dev.mlops.validation.schema.SchemaJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops schema infer}: suggests a schema from a CSV file.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {SchemaCommand.Infer.class},
    description = "Schemas of CSV files: infer one to validate later files against.")
final class SchemaCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        RunsCommand.requireSpec(spec).commandLine(), "give a subcommand: infer");
  }

  /** {@code mlops schema infer FILE [--types ...] [--out S.json]}. */
  @Command(
      name = "infer",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Infer a schema from a CSV file: per column its type, the share of missing values, the"
            + " range of numbers, the allowed categories (at most --max-categories, when values"
            + " repeat) and uniqueness. --out writes it for mlops validate --schema.",
        "",
        "Exit codes: 0 done; 2 usage error or unreadable input; 3 internal error."
      })
  static final class Infer extends CliCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    @Nullable Path file;

    @Option(
        names = "--types",
        paramLabel = "NAME=TYPE[,...]",
        description =
            "Column types, numeric or categorical; repeatable, comma-separated, split at the"
                + " last '='. Other columns: numeric when every non-empty field is a finite"
                + " number or NaN (or the column is empty), else categorical.")
    List<String> types = new ArrayList<>();

    @Option(
        names = "--out",
        paramLabel = "S.json",
        description = "Write the schema to this file (mlops.schema format version 1).")
    @Nullable Path out;

    @Option(
        names = "--max-categories",
        paramLabel = "N",
        description = "The most distinct values for an allowed-categories check (default 20).")
    int maxCategories = InferenceOptions.defaults().maxCategories();

    @Option(
        names = "--format",
        defaultValue = "text",
        paramLabel = "text|json",
        description = "Output: text (default) or json.")
    Format format = Format.TEXT;

    @Override
    int execute() throws IOException {
      Path f = DriftCommand.required(file);
      requireReadable("", f);
      if (maxCategories < 0) {
        throw new UsageException("--max-categories " + maxCategories + " is negative");
      }
      Map<String, ColumnType> declared = ColumnTypes.parse(types);
      CsvScan head = CsvInputs.scan("", f, false);
      Progress progress = progress();
      TypedRead.Result read =
          TypedRead.read(List.of(""), List.of(f), head.header, declared, progress);
      Table table = read.tables().get(0);
      InferredSchema inferred =
          SchemaInference.infer(
              table, InferenceOptions.defaults().withMaxCategories(maxCategories));
      String schemaJson = SchemaJson.write(inferred.schema());
      if (out != null) {
        try {
          Files.writeString(out, schemaJson + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UsageException("--out " + out + ": cannot be written: " + e.getMessage());
        }
      }
      ObjectNode doc = Json.document("schema");
      doc.put("file", f.toString());
      doc.put("rows", table.rowCount());
      ArrayNode columns = doc.putArray("columns");
      read.types()
          .forEach(
              (name, type) ->
                  columns.addObject().put("name", name).put("type", ColumnTypes.lower(type)));
      StoreJson.text(doc, "out", out == null ? null : out.toString());
      doc.set("schema", Json.parseObject(schemaJson));
      ArrayNode suggestions = doc.putArray("suggestions");
      TextTable t = new TextTable("column", "check", "constraint", "observed", "kept");
      for (InferredSchema.Suggestion s : inferred.suggestions()) {
        ObjectNode o = suggestions.addObject();
        o.put("column", s.column());
        o.put("check", s.check());
        o.put("constraint", s.constraint());
        o.put("observed", s.observed());
        o.put("kept", s.kept());
        StoreJson.text(o, "reason", s.reason());
        t.add(
            s.column(),
            s.check(),
            oneLine(s.constraint()),
            oneLine(s.observed()),
            s.kept() ? "yes" : "no: " + oneLine(s.reason()));
      }
      StringBuilder text = new StringBuilder();
      text.append(f)
          .append(": ")
          .append(table.rowCount())
          .append(" rows, ")
          .append(read.types().size())
          .append(" columns\n");
      if (!quiet) {
        text.append('\n').append(t.render()).append('\n');
      }
      text.append(
          out == null
              ? "schema not written; give --out S.json to write it for mlops validate --schema\n"
              : "schema written to " + out + "\n");
      print(format == Format.JSON ? Json.print(doc) + "\n" : text.toString());
      return ExitCodes.OK;
    }
  }
}
