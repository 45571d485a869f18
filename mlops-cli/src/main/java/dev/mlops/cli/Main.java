package dev.mlops.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apiguardian.api.API;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * The entry point of the {@code mlops} command line (the launcher script {@code mlops} runs it).
 *
 * <p>Thread-safe: {@link #run} keeps no state between calls (but SLF4J's level is fixed by the
 * first call in a JVM).
 *
 * <pre>{@code
 * mlops drift --reference ref.csv --current cur.csv --format json
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Main {
  private Main() {}

  private static volatile long mainEntered;

  /** Milliseconds from JVM start to {@link #main}, or -1 when not started through main. */
  static long startupMillis() {
    long entered = mainEntered;
    return entered == 0
        ? -1
        : entered - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    mainEntered = System.currentTimeMillis();
    // mlops report draws its charts with Java 2D: a command line never opens a window, and a
    // DISPLAY that cannot be reached (an ssh session without its X server) must not stop it.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    PrintWriter out =
        new PrintWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
            false);
    PrintWriter err =
        new PrintWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
            true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs the command line without exiting.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0, 1, 2 or 3 (CLI-JSON.md)
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    configureLogging(args);
    CommandLine cl = commandLine(new MlopsCommand());
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }

  /** A command line with the settings and error handlers of {@code mlops}. */
  static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("mlops: internal error: " + e);
          e.printStackTrace(c.getErr());
          c.getErr().flush();
          return ExitCodes.INTERNAL;
        });
    return cl;
  }

  /** One line naming the command and the option, no usage dump: exit code 2. */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine c = e.getCommandLine();
    String name = c.getCommandSpec().qualifiedName();
    c.getErr()
        .println(name + ": " + CliCommand.oneLine(e.getMessage()) + " (see " + name + " --help)");
    c.getErr().flush();
    return ExitCodes.USAGE;
  }

  /** SLF4J simple's level must be set before the first logger is made. */
  private static void configureLogging(String[] args) {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(key) != null) {
      return;
    }
    if (Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v")) {
      System.setProperty(key, "debug");
    } else if (Arrays.asList(args).contains("--quiet") || Arrays.asList(args).contains("-q")) {
      System.setProperty(key, "error");
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"mlops " + (v == null ? "(development build)" : v)};
    }
  }
}
