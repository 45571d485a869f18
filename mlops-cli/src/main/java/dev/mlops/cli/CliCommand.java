package dev.mlops.cli;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code mlops} command shares: {@code --quiet}, {@code --verbose}, and the mapping of
 * failures to exit codes (2 for what the user can fix, as one line on stderr; 3 for internal
 * errors), with the stack trace only under {@code --verbose}.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print less: in text format only the verdict or summary line; log errors only.")
  boolean quiet;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print stack traces of errors and log debug messages.")
  boolean verbose;

  /** Runs the command and returns its exit code; errors are mapped by {@link #call()}. */
  abstract int execute() throws Exception;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (InvalidInputException e) {
      return fail(ExitCodes.USAGE, commandLineHint(oneLine(e.getMessage()), e), e);
    } catch (UsageException | StorageException e) {
      return fail(ExitCodes.USAGE, oneLine(e.getMessage()), e);
    } catch (OutOfMemoryError e) {
      return fail(
          ExitCodes.INTERNAL,
          "out of memory; give the JVM more with MLOPS_JAVA_OPTS=-Xmx4g (or more)",
          e);
    } catch (Exception | Error e) {
      // Any other Error (a LinkageError, an AWTError from a bad DISPLAY, ...) is ours too: exit 3,
      // never an uncaught throw whose exit code 1 would read as a FAIL verdict.
      return fail(
          ExitCodes.INTERNAL,
          "internal error: "
              + e.getClass().getName()
              + ": "
              + oneLine(e.getMessage())
              + (verbose ? "" : " (run with --verbose for the stack trace)"),
          e);
    }
  }

  private int fail(int code, String message, Throwable e) {
    PrintWriter err = spec().commandLine().getErr();
    err.println(prefix() + message);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /**
   * A progress bar on this command's stderr for long reads: drawn only when stderr is a terminal
   * and {@code --quiet} is off.
   */
  Progress progress() {
    return Progress.forTerminal(spec().commandLine().getErr(), quiet);
  }

  /** {@code "mlops drift: "} and the like. */
  String prefix() {
    return spec().qualifiedName() + ": ";
  }

  CommandSpec spec() {
    if (spec == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return spec;
  }

  /** Prints the command's output to standard output and flushes it. */
  void print(String text) {
    PrintWriter out = spec().commandLine().getOut();
    out.print(text);
    out.flush();
  }

  /** Replaces the reader's Java-API advice for a non-number by the command line's option. */
  static String commandLineHint(String message, InvalidInputException e) {
    String marker = " is not a number; ";
    int i = message.indexOf(marker);
    if (i < 0 || e.field().isEmpty()) {
      return message;
    }
    return message.substring(0, i + marker.length())
        + "fix the value or give --types "
        + e.field().get()
        + "=categorical";
  }

  static String oneLine(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    return message.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }

  /**
   * Checks that an input file exists and can be read.
   *
   * @throws UsageException naming the option and the file otherwise
   */
  static void requireReadable(String option, Path file) {
    if (!Files.exists(file)) {
      throw new UsageException(option + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new UsageException(option + file + ": is a directory, not a CSV file");
    }
    if (!Files.isReadable(file)) {
      throw new UsageException(option + file + ": cannot be read (permission denied)");
    }
  }
}
