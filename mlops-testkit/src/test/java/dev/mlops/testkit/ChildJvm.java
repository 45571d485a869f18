package dev.mlops.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

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

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.reader = new Thread(this::readLines, "child-stdout-" + process.pid());
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /**
   * Starts a child JVM with fast-start flags.
   *
   * @param cds a class-data sharing archive: recorded at exit when {@code recordCds}, else used if
   *     it exists; or null
   */
  static ChildJvm start(
      Path stderr, @Nullable Path cds, boolean recordCds, String... workloadArgs) {
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
    // JVM warnings (e.g. about the archive) go to stderr, never into the ack protocol on stdout.
    cmd.add("-Xlog:disable");
    cmd.add("-Xlog:all=warning:stderr");
    if (cds != null) {
      if (recordCds) {
        cmd.add("-XX:ArchiveClassesAtExit=" + cds);
      } else if (Files.isRegularFile(cds)) {
        cmd.add("-XX:SharedArchiveFile=" + cds);
      }
    }
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CrashWorkload.class.getName());
    cmd.addAll(List.of(workloadArgs));
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
          ready.countDown();
        }
      }
    } catch (IOException e) {
      // The child was killed while we read: the lines read so far are all there is.
    } finally {
      ready.countDown(); // wake a waiter when the child dies before it is ready
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
