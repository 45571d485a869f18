package dev.mlops.testkit;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.core.Mlops;
import dev.mlops.core.internal.CrashPoints;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link EmbeddedStoreCrashTest} and {@link EmbeddedStoreMultiProcessTest}: opens
 * the embedded store with {@code Mlops.open(dir)} and writes to it, printing one flushed line per
 * write that returned ({@code ack artifact <name>:<version> <digest>} or {@code ack batch <id>
 * <points>}). Any exception prints {@code error ...} and exits with status 1.
 *
 * <ul>
 *   <li>{@code crash <dir> <seed> <round> <point|-> <k>}: writes until killed; with a point, halts
 *       the JVM (status 137) on the k-th time execution reaches it.
 *   <li>{@code multi <dir> <seed> <child> <threads> <seconds>}: waits for {@code go} on stdin, then
 *       writes from several threads for a while and prints {@code done <acks>}.
 * </ul>
 */
public final class CrashWorkload {
  static final String EXPERIMENT = "crash-experiment";
  static final String RUN = "crash-run";
  static final int BATCH_POINTS = 20;
  static final List<String> NAMES = List.of("art-a", "art-b", "art-c", "art-d");
  static final List<String> SHARED_NAMES = List.of("shared-0", "shared-1", "shared-2");
  static final int MAX_SIZE = 256 * 1024;
  static final int NAMED_POINT_MAX_WRITES = 1000;
  static final String BATCH_KEY_PREFIX = "batch/";
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final PrintStream OUT =
      new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
  private static final Object OUT_LOCK = new Object();

  private CrashWorkload() {}

  public static void main(String[] args) {
    try {
      switch (args[0]) {
        case "crash" ->
            crash(
                Path.of(args[1]),
                Long.parseLong(args[2]),
                Integer.parseInt(args[3]),
                args[4],
                Integer.parseInt(args[5]));
        case "multi" ->
            multi(
                Path.of(args[1]),
                Long.parseLong(args[2]),
                Integer.parseInt(args[3]),
                Integer.parseInt(args[4]),
                Integer.parseInt(args[5]));
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
      }
    } catch (Throwable t) {
      fail(t);
    }
  }

  static void print(String line) {
    synchronized (OUT_LOCK) {
      OUT.println(line);
      OUT.flush();
    }
  }

  private static void fail(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    print("error " + t.toString().replace('\n', ' '));
    System.err.println(trace);
    System.err.flush();
    Runtime.getRuntime().halt(1);
  }

  // ------------------------------------------------------------------ modes

  private static void crash(Path dir, long seed, int round, String point, int k) {
    Mlops mlops = Mlops.open(dir);
    ensureRun(mlops, RUN);
    AtomicInteger hits = new AtomicInteger();
    if (!"-".equals(point)) {
      CrashPoints.install(
          p -> {
            if (p.equals(point) && hits.incrementAndGet() == k) {
              Runtime.getRuntime().halt(137);
            }
          });
    }
    print("ready");
    Random rnd = new Random(seed);
    int limit = "-".equals(point) ? Integer.MAX_VALUE : NAMED_POINT_MAX_WRITES;
    for (int op = 0; op < limit; op++) {
      write(mlops, rnd, "r" + round + "-b" + op, NAMES, MAX_SIZE, RUN);
    }
    print("unreached " + point + " " + hits.get());
    Runtime.getRuntime().halt(3);
  }

  private static void multi(Path dir, long seed, int child, int threads, int seconds)
      throws Exception {
    Mlops mlops = Mlops.open(dir);
    print("ready");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String go = in.readLine();
    if (!"go".equals(go)) {
      throw new IllegalStateException("expected 'go' on stdin, got " + go);
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong acks = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w =
          new Thread(
              () -> {
                try {
                  Random rnd = new Random(seed * 31 + child * 1009L + thread);
                  for (int op = 0; System.nanoTime() < end; op++) {
                    write(
                        mlops,
                        rnd,
                        "c" + child + "-t" + thread + "-b" + op,
                        SHARED_NAMES,
                        16 * 1024,
                        EmbeddedStoreMultiProcessTest.RUN);
                    acks.incrementAndGet();
                  }
                } catch (Throwable e) {
                  fail(e);
                }
              },
              "writer-" + t);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    mlops.close();
    print("done " + acks.get());
  }

  // ------------------------------------------------------------------ writes

  static void ensureRun(Mlops mlops, String runId) {
    mlops
        .metadata()
        .inTransaction(
            tx -> {
              if (tx.findExperiment(EXPERIMENT).isEmpty()) {
                tx.createExperiment(new Experiment(EXPERIMENT, EXPERIMENT, T0));
              }
              if (tx.findRun(runId).isEmpty()) {
                tx.createRun(Run.start(runId, EXPERIMENT, null, runId, T0));
              }
              return null;
            });
  }

  /** One write, chosen at random: an artifact put (60 %) or a metrics batch; prints its ack. */
  private static void write(
      Mlops mlops, Random rnd, String batchId, List<String> names, int maxSize, String runId) {
    if (rnd.nextInt(10) < 6) {
      String name = names.get(rnd.nextInt(names.size()));
      byte[] bytes = new byte[size(rnd, maxSize)];
      rnd.nextBytes(bytes);
      String digest = sha256(bytes);
      ArtifactVersion v =
          mlops
              .artifacts()
              .put(
                  name,
                  "dataset",
                  "application/octet-stream",
                  new ByteArrayInputStream(bytes),
                  Map.of("batch", batchId));
      if (!v.digest().toString().equals(digest)) {
        throw new IllegalStateException(
            "put returned digest " + v.digest() + " for bytes whose SHA-256 is " + digest);
      }
      print("ack artifact " + v.name() + ":" + v.version() + " " + digest);
    } else {
      List<MetricPoint> points = new ArrayList<>(BATCH_POINTS);
      for (int j = 0; j < BATCH_POINTS; j++) {
        points.add(new MetricPoint(batchKey(batchId, j), pointValue(j), j, T0.plusSeconds(j)));
      }
      boolean fresh =
          mlops
              .metadata()
              .inTransaction(
                  tx -> {
                    if (!tx.registerBatch(runId, batchId)) {
                      return false;
                    }
                    tx.logMetrics(runId, points);
                    return true;
                  });
      if (!fresh) {
        throw new IllegalStateException("batch " + batchId + " was registered before");
      }
      print("ack batch " + batchId + " " + BATCH_POINTS);
    }
  }

  static String batchKey(String batchId, int j) {
    return BATCH_KEY_PREFIX + batchId + "/m" + j;
  }

  static double pointValue(int j) {
    return j + 0.25;
  }

  /** A size from 0 to maxSize, log-uniform, so most blobs are small and a few are large. */
  private static int size(Random rnd, int maxSize) {
    return (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(maxSize + 1.0))) - 1;
  }

  static String sha256(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
