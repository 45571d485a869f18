package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import dev.mlops.spi.MetadataTransaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two child JVMs with four writer threads each write into one embedded store directory for 30
 * seconds: artifact versions of shared names and metrics batches. No caller may see any exception
 * (a busy database above all), and afterwards every acknowledged write is there, once.
 */
@Tag("long")
@DisplayName("two processes share one embedded store")
class EmbeddedStoreMultiProcessTest {
  static final String RUN = "multi-process-run";
  private static final int CHILDREN = 2;
  private static final int THREADS = 4;
  private static final int SECONDS = 30;

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "8 writers in 2 processes: no exception, every acknowledged write present, versions unique and gap-free")
  void twoProcesses() throws Exception {
    Path dir = tmp.resolve("store");
    long seed = Long.getLong("mlops.crash.seed", System.nanoTime());
    String replay = "seed " + seed + " (replay with -Dmlops.crash.seed=" + seed + ")";
    ChildJvm.ensureTempDirectory();
    List<String> jvmOptions = ChildJvm.sqliteNativeLibrary(tmp.resolve("native"));
    try (Mlops mlops = Mlops.open(dir)) {
      CrashWorkload.ensureRun(mlops, RUN);
    }

    List<ChildJvm> children = new ArrayList<>();
    for (int c = 0; c < CHILDREN; c++) {
      children.add(
          ChildJvm.start(
              tmp.resolve("child-" + c + ".err"),
              jvmOptions,
              "multi",
              dir.toString(),
              Long.toString(seed),
              Integer.toString(c),
              Integer.toString(THREADS),
              Integer.toString(SECONDS)));
    }
    for (ChildJvm child : children) {
      assertThat(child.awaitReady(Duration.ofSeconds(120)))
          .as("child ready; %s; stderr:%n%s", replay, child.stderrTail())
          .isTrue();
    }
    long started = System.nanoTime();
    for (ChildJvm child : children) {
      child.send("go");
    }
    for (ChildJvm child : children) {
      boolean ended = child.waitFor(Duration.ofSeconds(SECONDS + 120));
      if (!ended) {
        child.kill();
      }
      child.awaitOutput();
      assertThat(ended).as("child ended; %s", replay).isTrue();
    }
    long elapsed = (System.nanoTime() - started) / 1_000_000;

    Map<String, Map<Long, String>> acked = new TreeMap<>();
    Set<String> batches = new HashSet<>();
    long acks = 0;
    for (ChildJvm child : children) {
      List<String> lines = child.lines();
      assertThat(lines.stream().filter(l -> l.startsWith("error")).toList())
          .as("exceptions seen by a writer; %s; stderr:%n%s", replay, child.stderrTail())
          .isEmpty();
      assertThat(child.exitValue()).as("exit status; %s", replay).isZero();
      assertThat(lines).as("child finished; %s", replay).anyMatch(l -> l.startsWith("done "));
      for (String line : lines) {
        String[] f = line.split(" ");
        if (f.length == 4 && f[0].equals("ack") && f[1].equals("artifact")) {
          int colon = f[2].lastIndexOf(':');
          String name = f[2].substring(0, colon);
          long version = Long.parseLong(f[2].substring(colon + 1));
          String before = acked.computeIfAbsent(name, n -> new TreeMap<>()).put(version, f[3]);
          assertThat(before)
              .as("%s:%d acknowledged to two writers (a forked version); %s", name, version, replay)
              .isNull();
          acks++;
        } else if (f.length == 4 && f[0].equals("ack") && f[1].equals("batch")) {
          assertThat(batches.add(f[2]))
              .as("batch %s acknowledged twice; %s", f[2], replay)
              .isTrue();
          acks++;
        }
      }
    }

    try (Mlops mlops = Mlops.open(dir)) {
      List<String> names =
          mlops.metadata().read(tx -> tx.listArtifactNames(null, MetadataTransaction.MAX_PAGE));
      assertThat(names).as("artifact names; %s", replay).containsExactlyElementsOf(acked.keySet());
      for (String name : names) {
        List<ArtifactVersion> versions = mlops.artifacts().versions(name);
        Map<Long, String> expected = acked.get(name);
        assertThat(versions)
            .extracting(ArtifactVersion::version)
            .as("versions of %s: exactly the acknowledged ones, 1..max; %s", name, replay)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, expected.size()).boxed().toList());
        for (ArtifactVersion v : versions) {
          assertThat(v.digest().toString())
              .as("digest of %s; %s", v.ref(), replay)
              .isEqualTo(expected.get(v.version()));
        }
      }

      Map<String, MetricPoint> latest = mlops.metadata().read(tx -> tx.latestMetrics(RUN));
      Map<String, Integer> pointsPerBatch = new HashMap<>();
      for (MetricPoint p : latest.values()) {
        String key = p.key();
        String id = key.substring(CrashWorkload.BATCH_KEY_PREFIX.length(), key.lastIndexOf("/m"));
        pointsPerBatch.merge(id, 1, Integer::sum);
      }
      assertThat(pointsPerBatch.keySet())
          .as("batches present are the acknowledged ones; %s", replay)
          .isEqualTo(batches);
      assertThat(pointsPerBatch.values())
          .as("every batch complete; %s", replay)
          .allMatch(n -> n == CrashWorkload.BATCH_POINTS);

      FsckReport report = mlops.fsck();
      assertThat(report.isClean()).as("fsck %s; %s", report, replay).isTrue();
    }
    int versions = acked.values().stream().mapToInt(Map::size).sum();
    System.out.printf(
        "multi-process test: %d processes x %d threads for %d s (%d ms from go to exit):"
            + " %d acknowledged writes (%d artifact versions over %d names, %d batches); %s%n",
        CHILDREN, THREADS, SECONDS, elapsed, acks, versions, acked.size(), batches.size(), replay);
  }
}
