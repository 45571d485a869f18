package dev.mlops.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sqlite.util.OSInfo;

/**
 * A {@link CrashWorkload} child JVM whose stdout lines are read as they come, so the parent knows
 * exactly which acknowledgements it read before a kill.
 */
final class ChildJvm {
  private final Process process;
  private final Path stderr;
  private final Object lock = new Object();
  private final List<String> lines = new ArrayList<>(); // guarded by lock
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread reader;
  private final long startedNanos = System.nanoTime();
  private volatile long readyNanos;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readLines, "child-stdout-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /**
   * Starts a child JVM with fast-start flags (C1 only, serial GC, the JDK's class-data archive). An
   * application class-data archive would start it faster still, but the JDK cannot record one for a
   * class path with directories, which a test class path has.
   *
   * @param stderr where the child's stderr goes
   * @param jvmOptions further JVM options
   * @param workloadArgs the arguments of {@link CrashWorkload#main}
   */
  static ChildJvm start(Path stderr, List<String> jvmOptions, String... workloadArgs) {
    return start(CrashWorkload.class, stderr, jvmOptions, workloadArgs);
  }

  /**
   * Starts a child JVM as {@link #start(Path, List, String...)} does, running another main class
   * that speaks the same line protocol ({@code ready}, then one line per acknowledged write).
   *
   * @param main the main class
   * @param stderr where the child's stderr goes
   * @param jvmOptions further JVM options
   * @param args the arguments of its {@code main}
   */
  static ChildJvm start(Class<?> main, Path stderr, List<String> jvmOptions, String... args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Xshare:auto");
    cmd.add("-Xmx256m");
    // JVM warnings go to stderr, never into the ack protocol on stdout.
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    cmd.addAll(jvmOptions);
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()))
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      return new ChildJvm(p, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
  }

  private void readLines() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lock) {
          lines.add(line);
        }
        if (line.equals("ready")) {
          readyNanos = System.nanoTime();
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // The child was killed while we read: the lines read so far are all there is.
    } finally {
      ready.countDown(); // wake a waiter when the child dies before it is ready
    }
  }

  /** Returns the milliseconds from the start to {@code ready}, or -1 if it never came. */
  long millisToReady() {
    long r = readyNanos;
    return r == 0 ? -1 : (r - startedNanos) / 1_000_000;
  }

  /**
   * Copies SQLite's native library out of its jar once, so that children load it from there instead
   * of extracting their own copy at every start (and leaving it behind when killed).
   *
   * @return the JVM options that point SQLite at the copy, or none if it cannot be found
   */
  static List<String> sqliteNativeLibrary(Path dir) {
    String resource =
        "/org/sqlite/native/"
            + OSInfo.getNativeLibFolderPathForCurrentOS()
            + "/"
            + System.mapLibraryName("sqlitejdbc");
    try (InputStream in = OSInfo.class.getResourceAsStream(resource)) {
      if (in == null) {
        return List.of();
      }
      Files.createDirectories(dir);
      Path lib = dir.resolve(System.mapLibraryName("sqlitejdbc"));
      Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
      return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + lib.getFileName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates the directory {@code java.io.tmpdir} names (the build points it at a {@code target/tmp}
   * that may not exist yet, and SQLite extracts its native library there).
   */
  static void ensureTempDirectory() {
    try {
      Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the lines read so far. */
  List<String> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  /** Waits until the child printed {@code ready} (or ended); returns whether it is ready. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    return lines().contains("ready");
  }

  /** Waits up to a time for the child to end; returns whether it ended. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Kills the child with SIGKILL and waits until it is gone and its output is read. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** Waits for the end of the output after the child ended. */
  void awaitOutput() throws InterruptedException {
    reader.join(TimeUnit.SECONDS.toMillis(30));
  }

  int exitValue() {
    return process.exitValue();
  }

  void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to child " + process.pid(), e);
    }
  }

  /** Returns the last lines of the child's stderr, for failure messages. */
  String stderrTail() {
    try {
      List<String> all = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(stderr unreadable: " + e + ")";
    }
  }
}
