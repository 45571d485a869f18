package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.ConflictException;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.core.Mlops;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops models promote MODEL VERSION --stage STAGE --reason TEXT}: moves a model version to
 * a stage through the registry's transition, so that guards apply and the change is audited; a
 * refusal exits with 1 and the guard's reason.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Move a model version to a stage (NONE, STAGING, PRODUCTION or ARCHIVED), recorded with"
          + " the reason and the actor in the model's history and the audit log. Guards apply:"
          + " --require-report adds one for this call; a refusal is recorded too.",
      "",
      "Exit codes: 0 moved; 1 refused by a guard (the reason on stderr);"
          + " 2 unknown model or version, usage error or no store; 3 internal error."
    })
final class PromoteCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
  String model = "";

  @Parameters(index = "1", paramLabel = "VERSION", description = "The version.")
  long version;

  @Option(
      names = "--stage",
      required = true,
      paramLabel = "STAGE",
      description = "The target stage: NONE, STAGING, PRODUCTION or ARCHIVED.")
  @Nullable Stage stage;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why; recorded in the history and the audit log.")
  String reason = "";

  @Option(
      names = "--require-report",
      paramLabel = "KIND[=PASS|WARN]",
      description =
          "Refuse unless a report of this kind about this version is linked to it with at least"
              + " this verdict (default PASS); repeatable.")
  List<String> requireReport = new ArrayList<>();

  @Override
  int run(Mlops mlops) {
    Stage target = stage;
    if (target == null) {
      throw new IllegalStateException("picocli left a required option unset");
    }
    if (reason.isBlank()) {
      throw new UsageException("--reason is blank; say why the version moves");
    }
    List<RequireReport> guards = ModelsCommand.guards(requireReport);
    ModelRegistry registry = mlops.registry();
    ModelVersion before =
        registry
            .version(model, version)
            .orElseThrow(
                () ->
                    new UsageException(
                        registry.model(model).isEmpty()
                            ? "no registered model '"
                                + model
                                + "' in the store "
                                + store.describe()
                                + "; see mlops models list"
                            : "model '" + model + "' has no version " + version));
    guards.forEach(g -> registry.guard(model, target, g));
    ObjectNode doc = Json.document("model_promotion");
    doc.put("model", model);
    doc.put("version", version);
    doc.put("from", before.stage().name());
    doc.put("to", target.name());
    doc.put("reason", reason);
    doc.put("actor", mlops.actor());
    String refusal = null;
    ModelVersion after = before;
    try {
      after = registry.transition(model, version, target, reason);
    } catch (ConflictException e) {
      refusal = oneLine(e.getMessage());
    }
    doc.put("verdict", refusal == null ? "PASS" : "FAIL");
    doc.put("promoted", refusal == null);
    StoreJson.text(doc, "refusal", refusal);
    doc.set("model_version", StoreJson.version(after));
    String text =
        model
            + " version "
            + version
            + ": "
            + before.stage()
            + " -> "
            + target
            + (refusal == null ? "" : " refused: " + refusal)
            + "\n";
    emit(doc, text);
    if (refusal != null) {
      spec().commandLine().getErr().println(prefix() + refusal);
      spec().commandLine().getErr().flush();
      return ExitCodes.FAIL;
    }
    return ExitCodes.OK;
  }
}
