package dev.mlops.testkit;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.core.Mlops;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;

/**
 * A child JVM for {@link TrackingMultiProcessTest}: opens the embedded store, prints {@code ready},
 * waits for {@code go} on stdin, then runs writer threads that each log metrics to the shared run
 * and to a run of their own and log artifact versions of one shared name as outputs of their own
 * run ({@code ActiveRun.logArtifact}). Prints {@code ack version <n> <writer>-<i>} per version,
 * {@code error ...} on any exception, {@code done} at the end.
 */
final class TrackingWorkload {
  static final String SHARED_RUN = "shared-run";
  static final String EXPERIMENT = "multi-process";
  static final String ARTIFACT = "shared-dataset";
  private static final Object OUT_LOCK = new Object();

  private TrackingWorkload() {}

  static void print(String line) {
    synchronized (OUT_LOCK) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** args: directory, child index, threads, metrics per thread, artifact versions per thread. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int child = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int metrics = Integer.parseInt(args[3]);
    int versions = Integer.parseInt(args[4]);
    try (Mlops mlops = Mlops.open(dir)) {
      ActiveRun shared = mlops.tracking().resume(SHARED_RUN); // never closed here
      print("ready");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"go".equals(in.readLine())) {
        throw new IllegalStateException("expected go");
      }
      CyclicBarrier barrier = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = "c" + child + "-t" + t;
        Thread w =
            new Thread(
                () -> {
                  try {
                    barrier.await();
                    try (ActiveRun own =
                        mlops
                            .tracking()
                            .startRun(EXPERIMENT)
                            .runId("run-" + writer)
                            .withoutGit()
                            .start()) {
                      for (int i = 0; i < metrics; i++) {
                        shared.logMetric(writer, i, i);
                        own.logMetric("m", i, i);
                        if (i % Math.max(1, metrics / versions) == 0
                            && i / Math.max(1, metrics / versions) < versions) {
                          String content = writer + "-" + i;
                          ArtifactVersion v =
                              own.logArtifact(
                                  ARTIFACT,
                                  "dataset",
                                  "text/plain",
                                  new ByteArrayInputStream(
                                      content.getBytes(StandardCharsets.UTF_8)),
                                  Map.of("writer", content));
                          print("ack version " + v.version() + " " + content);
                        }
                      }
                    }
                  } catch (Throwable e) {
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    print("error " + e.toString().replace('\n', ' '));
                    System.err.println(trace);
                  }
                },
                "writer-" + writer);
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
    }
    print("done");
  }
}
