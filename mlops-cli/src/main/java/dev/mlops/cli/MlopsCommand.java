package dev.mlops.cli;

import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code mlops} command and its subcommands.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "mlops",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      DriftCommand.class,
      ProfileCommand.class,
      EvaluateCommand.class,
      SchemaCommand.class,
      ValidateCommand.class,
      RunsCommand.class,
      ModelsCommand.class,
      LineageCommand.class,
      AuditCommand.class,
      FsckCommand.class,
      ReportCommand.class
    },
    description = {
      "Data checks for batch jobs: drift between two CSV files, profiles of one, model"
          + " evaluation from a file of predictions, schemas and validation of CSV files; the"
          + " runs, models, lineage and audit log of a store; HTML reports of drift,"
          + " evaluations, profiles and validations.",
      "Every command takes --format text|json; the JSON and the exit codes are a contract."
    })
final class MlopsCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    if (spec == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    throw new ParameterException(
        spec.commandLine(),
        "give a command: drift, profile, evaluate, schema, validate, runs, models, lineage, audit,"
            + " fsck or report");
  }
}
