package dev.mlops.cli;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.Table;
import dev.mlops.reports.HtmlReports;
import dev.mlops.reports.ReportContext;
import dev.mlops.validation.profile.Profile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops report drift|evaluate|profile|validate}: the analysis of the matching JSON command,
 * written as one self-contained HTML file ({@code mlops-reports}), with that command's exit code.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {
      ReportCommand.Drift.class,
      ReportCommand.Evaluate.class,
      ReportCommand.ProfileReport.class,
      ReportCommand.Validate.class
    },
    description = {
      "HTML reports: one self-contained file (no network needed to view it) per drift"
          + " comparison, model evaluation, profile or validation; each exits as the matching"
          + " command would."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        RunsCommand.requireSpec(spec).commandLine(),
        "give a subcommand: drift, evaluate, profile, validate");
  }

  /** What every report subcommand shares: {@code --out} and the page's context. */
  abstract static class Base extends CliCommand {
    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.html",
        description =
            "The HTML file to write (replaced atomically; its directory must exist), or - for"
                + " standard output.")
    @Nullable String out;

    /** Where the generation time comes from. */
    InstantSource clock = InstantSource.system();

    ReportOutput output() {
      if (out == null) {
        throw new IllegalStateException("picocli left a required option unset");
      }
      return ReportOutput.of(out);
    }

    ReportContext.Builder context(String title) {
      return ReportContext.builder(title, clock);
    }

    /** Writes the page, says where unless it went to standard output or --quiet, and returns. */
    void write(ReportOutput target, ReportOutput.Page page, @Nullable Verdict verdict)
        throws IOException {
      target.write(page, this);
      if (!target.isStdout() && !quiet) {
        spec()
            .commandLine()
            .getErr()
            .println(
                prefix()
                    + "wrote "
                    + target.name()
                    + (verdict == null ? "" : " (verdict " + verdict + ")"));
        spec().commandLine().getErr().flush();
      }
    }
  }

  /** {@code mlops report drift --reference R.csv --current C.csv [--types ...] --out F.html}. */
  @Command(
      name = "drift",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Write the drift comparison of mlops drift as an HTML file: the verdict table and per"
            + " column reference vs current statistics with a histogram of both.",
        "",
        "Exit codes: 0 PASS, WARN or INCONCLUSIVE; 1 FAIL (or a verdict named by --fail-on);"
            + " 2 usage error, unreadable input or --out not writable; 3 internal error."
      })
  static final class Drift extends Base {
    @Mixin DriftCommand.Inputs in = new DriftCommand.Inputs();

    @Option(
        names = "--fail-on",
        split = ",",
        paramLabel = "warn|inconclusive",
        description = "Also exit with 1 when the dataset verdict is WARN / INCONCLUSIVE.")
    List<DriftCommand.FailOn> failOn = new ArrayList<>();

    @Override
    int execute() throws IOException {
      Path ref = DriftCommand.required(in.reference);
      Path cur = DriftCommand.required(in.current);
      ReportOutput target = output();
      DriftCommand.Analysis a = DriftCommand.analyse(ref, cur, in.types, progress());
      ReportContext context =
          context("Drift of " + cur.getFileName() + " against " + ref.getFileName())
              .file("reference", ref.toString())
              .file("current", cur.toString())
              .build();
      write(target, o -> HtmlReports.drift(a.report(), context, o), a.report().verdict());
      return DriftCommand.exitCode(a.report().verdict(), failOn);
    }
  }

  /** {@code mlops report profile FILE [--types ...] --out F.html}. */
  @Command(
      name = "profile",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Write the profile of mlops profile (its sketch engine) as an HTML file: an overview"
            + " and per column its statistics, most frequent values and a histogram or bar chart.",
        "",
        "Exit codes: 0 done; 2 usage error, unreadable input or --out not writable; 3 internal"
            + " error."
      })
  static final class ProfileReport extends Base {
    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file.")
    @Nullable Path file;

    @Option(
        names = "--types",
        paramLabel = "NAME=TYPE[,...]",
        description = "Column types, numeric or categorical, as for mlops profile.")
    List<String> types = new ArrayList<>();

    @Override
    int execute() throws IOException {
      Path f = DriftCommand.required(file);
      ReportOutput target = output();
      Table table = ProfileCommand.read(f, types, progress());
      Profile profile = SketchProfileEngine.sketch(table);
      ReportContext context =
          context("Profile of " + f.getFileName()).file("data", f.toString()).build();
      write(target, o -> HtmlReports.profile(profile, context, o), null);
      return ExitCodes.OK;
    }
  }

  /** {@code mlops report validate --schema S.json FILE --out F.html}. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Write the validation of mlops validate as an HTML file: the verdict, a chart of failing"
            + " rows by check and the check table with examples of failing rows.",
        "",
        "Exit codes: 0 PASS or WARN; 1 a check of severity FAIL is violated (or WARN with"
            + " --fail-on warn); 2 usage error, bad schema, unreadable input or --out not"
            + " writable; 3 internal error."
      })
  static final class Validate extends Base {
    @Mixin ValidateCommand.Inputs in = new ValidateCommand.Inputs();

    @Option(
        names = "--fail-on",
        split = ",",
        paramLabel = "warn",
        description = "Also exit with 1 when the verdict is WARN.")
    List<DriftCommand.FailOn> failOn = new ArrayList<>();

    @Override
    int execute() throws IOException {
      Path s = DriftCommand.required(in.schema);
      Path f = DriftCommand.required(in.file);
      ReportOutput target = output();
      ValidateCommand.Validation v = ValidateCommand.validate(s, f, in.maxExamples, progress());
      ReportContext context =
          context("Validation of " + f.getFileName() + " against " + s.getFileName())
              .file("data", f.toString())
              .file("schema", s.toString())
              .build();
      write(target, o -> HtmlReports.validation(v.report(), context, o), v.report().verdict());
      return DriftCommand.exitCode(v.report().verdict(), failOn);
    }
  }

  /** {@code mlops report evaluate --predictions P.csv [...] --out F.html}. */
  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Write the evaluation of mlops evaluate as an HTML file: the gates with their verdicts,"
            + " the metrics with their intervals, a calibration plot, the slice table and per"
            + " metric its value on every slice with the interval as a whisker.",
        "",
        "Exit codes: 0 PASS or INCONCLUSIVE, or no gate; 1 a gate FAILed (or a verdict named by"
            + " --fail-on); 2 usage error, unreadable input or --out not writable; 3 internal"
            + " error."
      })
  static final class Evaluate extends Base {
    @Mixin EvaluateCommand.Inputs in = new EvaluateCommand.Inputs();

    @Option(
        names = "--fail-on",
        split = ",",
        paramLabel = "inconclusive",
        description = "Also exit with 1 when the verdict is INCONCLUSIVE (or WARN).")
    List<DriftCommand.FailOn> failOn = new ArrayList<>();

    @Override
    int execute() throws IOException {
      ReportOutput target = output();
      EvaluateCommand.Evaluation e = EvaluateCommand.evaluate(in, progress());
      ReportContext context =
          context("Evaluation of " + e.file().getFileName())
              .file("predictions", e.file().toString())
              .build();
      write(
          target,
          o -> HtmlReports.evaluation(e.report(), context, o),
          e.report().verdict().orElse(null));
      return e.report().verdict().map(v -> DriftCommand.exitCode(v, failOn)).orElse(ExitCodes.OK);
    }
  }
}
