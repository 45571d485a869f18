package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.core.Mlops;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mlops audit checkpoint|verify}: the tamper-evident audit log of a store.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {AuditCommand.Checkpoint.class, AuditCommand.Verify.class},
    description =
        "The audit log of a store: print a checkpoint to keep elsewhere, verify the hash chain.")
final class AuditCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        RunsCommand.requireSpec(spec).commandLine(), "give a subcommand: checkpoint or verify");
  }

  /** {@code mlops audit checkpoint}. */
  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Print the head of the audit chain as SEQ:HASH. Keep it outside the store (a log, a"
            + " ticket): mlops audit verify --checkpoint SEQ:HASH then also finds removed newest"
            + " events and a recomputed chain.",
        "",
        "Exit codes: 0 done; 2 usage error or no store; 3 internal error."
      })
  static final class Checkpoint extends StoreCommand {
    @Override
    int run(Mlops mlops) {
      AuditCheckpoint cp = mlops.audit().checkpoint();
      ObjectNode doc = Json.document("audit_checkpoint");
      doc.put("sequence", cp.sequence());
      doc.put("head_hash", cp.headHash());
      doc.put("checkpoint", cp.toString());
      String text =
          quiet
              ? cp + "\n"
              : cp
                  + "\n\nkeep it outside the store; verify later with: mlops audit verify"
                  + " --checkpoint "
                  + cp
                  + "\n";
      emit(doc, text);
      return ExitCodes.OK;
    }
  }

  /** {@code mlops audit verify [--checkpoint SEQ:HASH]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Verify the audit log's hash chain from the first event to the newest, and against a"
            + " checkpoint when one is given.",
        "",
        "Exit codes: 0 intact; 1 a problem found (the first, with its sequence); 2 a malformed"
            + " checkpoint, usage error or no store; 3 internal error."
      })
  static final class Verify extends StoreCommand {
    @Option(
        names = "--checkpoint",
        paramLabel = "SEQ:HASH",
        description = "A checkpoint printed by mlops audit checkpoint before.")
    @Nullable String checkpoint;

    @Override
    int run(Mlops mlops) {
      AuditCheckpoint cp = null;
      if (checkpoint != null) {
        try {
          cp = AuditCheckpoint.parse(checkpoint.strip());
        } catch (IllegalArgumentException e) {
          throw new UsageException("--checkpoint " + checkpoint + ": " + oneLine(e.getMessage()));
        }
      }
      AuditVerification v;
      try {
        v = cp == null ? mlops.audit().verify() : mlops.audit().verify(cp);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--checkpoint " + checkpoint + ": " + oneLine(e.getMessage()));
      }
      ObjectNode doc = Json.document("audit_verify");
      doc.put("verdict", v.intact() ? "PASS" : "FAIL");
      doc.put("intact", v.intact());
      doc.put("events_checked", v.eventsChecked());
      StoreJson.text(doc, "checkpoint", cp == null ? null : cp.toString());
      StringBuilder text = new StringBuilder();
      if (v.finding().isPresent()) {
        AuditVerification.Finding f = v.finding().get();
        ObjectNode fo = doc.putObject("finding");
        fo.put("sequence", f.sequence());
        fo.put("problem", f.problem().name());
        fo.put("message", f.message());
        text.append("audit log: FAIL at event ")
            .append(f.sequence())
            .append(": ")
            .append(f.problem())
            .append(": ")
            .append(oneLine(f.message()))
            .append('\n');
      } else {
        doc.putNull("finding");
        text.append("audit log: intact, ")
            .append(v.eventsChecked())
            .append(v.eventsChecked() == 1 ? " event" : " events")
            .append(" checked")
            .append(cp == null ? "" : ", matches checkpoint " + cp.sequence())
            .append('\n');
      }
      emit(doc, text.toString());
      return v.intact() ? ExitCodes.OK : ExitCodes.FAIL;
    }
  }
}
