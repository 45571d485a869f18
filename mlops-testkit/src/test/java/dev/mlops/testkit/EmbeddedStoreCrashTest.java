package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import dev.mlops.core.internal.CrashPoints;
import dev.mlops.spi.MetadataTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that writes to the embedded store, again and again on one store directory, and
 * checks after each kill that every acknowledged write survived, that nothing is half-written, and
 * that version numbers stay gap-free. Half of the kills halt the child at a named crash point, half
 * SIGKILL it after a random delay. The number of kills comes from {@code mlops.crash.kills}; the
 * seed from {@code mlops.crash.seed} (else random), printed in every failure message.
 */
@Tag("crash")
@DisplayName("the embedded store survives its writer being killed")
class EmbeddedStoreCrashTest {
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);
  private static final int MAX_KILL_DELAY_MILLIS = 300;
  private static final int MAX_HIT = 6;

  @TempDir Path tmp;

  private long seed;
  private List<String> jvmOptions = List.of();

  /** Time spent in the checks: open, versions, read back, batches, listing and fsck. */
  private final long[] phaseMillis = new long[5];

  /** What the children acknowledged: name -> version -> digest, and batch ids. */
  private final Map<String, Map<Long, String>> ackedVersions = new TreeMap<>();

  private final Set<String> ackedBatches = new HashSet<>();

  @Test
  @DisplayName(
      "acknowledged writes survive every kill, nothing is half-written, versions are gap-free")
  void survivesKills() throws Exception {
    int kills = Integer.getInteger("mlops.crash.kills", 200);
    String seedProperty = System.getProperty("mlops.crash.seed");
    seed =
        seedProperty == null || seedProperty.isBlank()
            ? new SecureRandom().nextLong()
            : Long.parseLong(seedProperty.trim());
    System.out.println("crash test: " + kills + " kills, " + replay());
    Random master = new Random(seed);
    Path dir = tmp.resolve("store");
    long started = System.nanoTime();
    ChildJvm.ensureTempDirectory();
    jvmOptions = ChildJvm.sqliteNativeLibrary(tmp.resolve("native"));
    long warmedUp = System.nanoTime();

    List<String> points = CrashPoints.all();
    long childMillis = 0;
    int namedKills = 0;
    int randomKills = 0;
    long readyMillis = 0;
    int readyCount = 0;
    for (int round = 0; round < kills; round++) {
      boolean named = round % 2 == 0;
      String point = named ? points.get((round / 2) % points.size()) : "-";
      int k = 1 + master.nextInt(MAX_HIT);
      int delay = master.nextInt(MAX_KILL_DELAY_MILLIS);
      long childSeed = master.nextLong();
      String where =
          "round "
              + round
              + (named
                  ? " (halt at " + point + " hit " + k + ")"
                  : " (SIGKILL after " + delay + " ms)")
              + "; "
              + replay();

      long t0 = System.nanoTime();
      ChildJvm child =
          ChildJvm.start(
              tmp.resolve("child.err"),
              jvmOptions,
              "crash",
              dir.toString(),
              Long.toString(childSeed),
              Integer.toString(round),
              point,
              Integer.toString(k));
      List<String> acked;
      if (named) {
        boolean ended = child.waitFor(CHILD_TIMEOUT);
        if (!ended) {
          child.kill();
        }
        child.awaitOutput();
        acked = child.lines();
        assertThat(ended).as("child ended within %s; %s", CHILD_TIMEOUT, where).isTrue();
        assertThat(child.exitValue())
            .as(
                "child halted at the crash point; %s; output %s; stderr:%n%s",
                where, tail(acked), child.stderrTail())
            .isEqualTo(137);
        namedKills++;
      } else {
        boolean ready = child.awaitReady(CHILD_TIMEOUT);
        assertThat(ready)
            .as("child printed ready; %s; stderr:%n%s", where, child.stderrTail())
            .isTrue();
        boolean endedEarly = child.waitFor(Duration.ofMillis(delay));
        acked = child.lines(); // only what was read before the kill counts
        child.kill();
        assertThat(endedEarly)
            .as(
                "child still running when killed; %s; output %s; stderr:%n%s",
                where, tail(child.lines()), child.stderrTail())
            .isFalse();
        randomKills++;
      }
      childMillis += (System.nanoTime() - t0) / 1_000_000;
      if (child.millisToReady() >= 0) {
        readyMillis += child.millisToReady();
        readyCount++;
      }
      assertThat(child.lines().stream().filter(l -> l.startsWith("error")).toList())
          .as("child errors; %s; stderr:%n%s", where, child.stderrTail())
          .isEmpty();

      List<ArtifactVersion> fresh = recordAcks(acked, where);
      verify(dir, fresh, where, round == kills - 1);
    }

    long elapsed = (System.nanoTime() - started) / 1_000_000;
    int versions = ackedVersions.values().stream().mapToInt(Map::size).sum();
    System.out.printf(
        "crash test: %d kills (%d at named points, %d random) in %d ms (setup %d ms, children"
            + " %d ms, checks %d ms: open %d, versions %d, read back %d, batches %d, fsck %d);"
            + " child start to ready %d ms on average; %d acknowledged"
            + " artifact versions, %d batches; %s%n",
        kills,
        namedKills,
        randomKills,
        elapsed,
        (warmedUp - started) / 1_000_000,
        childMillis,
        elapsed - childMillis - (warmedUp - started) / 1_000_000,
        phaseMillis[0],
        phaseMillis[1],
        phaseMillis[2],
        phaseMillis[3],
        phaseMillis[4],
        readyCount == 0 ? -1 : readyMillis / readyCount,
        versions,
        ackedBatches.size(),
        replay());
    assertThat(namedKills + randomKills).isEqualTo(kills);
  }

  private String replay() {
    return "seed " + seed + " (replay with -Dmlops.crash.seed=" + seed + ")";
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 5), lines.size());
  }

  /** Adds the time since {@code since} to a phase of the checks; returns now. */
  private long lap(int phase, long since) {
    long now = System.nanoTime();
    phaseMillis[phase] += (now - since) / 1_000_000;
    return now;
  }

  /** Adds acknowledged writes to the model; returns the artifact versions new in this round. */
  private List<ArtifactVersion> recordAcks(List<String> lines, String where) {
    List<ArtifactVersion> fresh = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f.length == 4 && f[0].equals("ack") && f[1].equals("artifact")) {
        int colon = f[2].lastIndexOf(':');
        String name = f[2].substring(0, colon);
        long version = Long.parseLong(f[2].substring(colon + 1));
        String before =
            ackedVersions.computeIfAbsent(name, n -> new TreeMap<>()).put(version, f[3]);
        assertThat(before)
            .as("%s:%d was acknowledged twice (numbers reused); %s", name, version, where)
            .isNull();
        fresh.add(stub(name, version, f[3]));
      } else if (f.length == 4 && f[0].equals("ack") && f[1].equals("batch")) {
        assertThat(f[3]).isEqualTo(Integer.toString(CrashWorkload.BATCH_POINTS));
        assertThat(ackedBatches.add(f[2]))
            .as("batch %s acknowledged twice; %s", f[2], where)
            .isTrue();
      }
    }
    return fresh;
  }

  private static ArtifactVersion stub(String name, long version, String digest) {
    return new ArtifactVersion(
        name,
        version,
        "dataset",
        Digest.parse(digest),
        0,
        "x/x",
        Map.of(),
        CrashWorkload.T0,
        null,
        null);
  }

  /** Reopens the store in this process and checks every invariant. */
  private void verify(Path dir, List<ArtifactVersion> fresh, String where, boolean readAll) {
    long t = System.nanoTime();
    try (Mlops mlops = Mlops.open(dir)) {
      t = lap(0, t);
      // Artifact versions: gap-free, each with its blob, every acknowledged one with its digest.
      List<String> names =
          mlops.metadata().read(tx -> tx.listArtifactNames(null, MetadataTransaction.MAX_PAGE));
      assertThat(CrashWorkload.NAMES).as("artifact names; %s", where).containsAll(names);
      for (String name : names) {
        List<ArtifactVersion> versions = mlops.artifacts().versions(name);
        assertThat(versions)
            .extracting(ArtifactVersion::version)
            .as("versions of %s are 1..max without gaps; %s", name, where)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed().toList());
        for (ArtifactVersion v : versions) {
          assertThat(mlops.blobs().exists(v.digest()))
              .as("blob of %s (%s) exists; %s", v.ref(), v.digest(), where)
              .isTrue();
          assertThat(v.size())
              .as("size of %s; %s", v.ref(), where)
              .isEqualTo(mlops.blobs().size(v.digest()));
        }
        Map<Long, String> acked = ackedVersions.getOrDefault(name, Map.of());
        for (Map.Entry<Long, String> e : acked.entrySet()) {
          assertThat(e.getKey())
              .as("acknowledged %s:%d survived; %s", name, e.getKey(), where)
              .isLessThanOrEqualTo(versions.size());
          assertThat(versions.get((int) (e.getKey() - 1)).digest().toString())
              .as("digest of acknowledged %s:%d; %s", name, e.getKey(), where)
              .isEqualTo(e.getValue());
        }
      }
      for (String name : ackedVersions.keySet()) {
        assertThat(names).as("acknowledged artifact %s exists; %s", name, where).contains(name);
      }

      t = lap(1, t);
      // Acknowledged bytes read back verified: the new ones each round, all of them at the end.
      List<ArtifactVersion> toRead = new ArrayList<>(fresh);
      if (readAll) {
        toRead.clear();
        ackedVersions.forEach((n, m) -> m.forEach((v, d) -> toRead.add(stub(n, v, d))));
      }
      for (ArtifactVersion v : toRead) {
        try (InputStream in = mlops.artifacts().open(v.name(), v.version())) {
          assertThat(CrashWorkload.sha256(in.readAllBytes()))
              .as("bytes of %s; %s", v.ref(), where)
              .isEqualTo(v.digest().toString());
        } catch (IOException e) {
          throw new UncheckedIOException(where, e);
        }
      }

      t = lap(2, t);
      // Batches: every one present is complete, every acknowledged one is present.
      Map<String, MetricPoint> latest =
          mlops.metadata().read(tx -> tx.latestMetrics(CrashWorkload.RUN));
      Map<String, Set<Integer>> batches = new HashMap<>();
      for (MetricPoint p : latest.values()) {
        String key = p.key();
        assertThat(key).as("metric key; %s", where).startsWith(CrashWorkload.BATCH_KEY_PREFIX);
        int slash = key.lastIndexOf("/m");
        String id = key.substring(CrashWorkload.BATCH_KEY_PREFIX.length(), slash);
        int j = Integer.parseInt(key.substring(slash + 2));
        assertThat(p.step()).as("step of %s; %s", key, where).isEqualTo(j);
        assertThat(p.value())
            .as("value of %s; %s", key, where)
            .isEqualTo(CrashWorkload.pointValue(j));
        batches.computeIfAbsent(id, x -> new TreeSet<>()).add(j);
      }
      Set<Integer> complete = new TreeSet<>();
      for (int j = 0; j < CrashWorkload.BATCH_POINTS; j++) {
        complete.add(j);
      }
      batches.forEach(
          (id, js) ->
              assertThat(js)
                  .as("batch %s is complete or absent; %s", id, where)
                  .isEqualTo(complete));
      assertThat(batches.keySet())
          .as("acknowledged batches are present; %s", where)
          .containsAll(ackedBatches);

      t = lap(3, t);
      // The blob listing holds real blobs only, once each; fsck finds nothing corrupt or missing.
      List<Digest> listed;
      try (Stream<Digest> s = mlops.blobs().digests()) {
        listed = s.toList();
      }
      assertThat(listed).as("listed digests are distinct; %s", where).doesNotHaveDuplicates();
      assertThat(listed)
          .as("listed digests are stored blobs, not temp files; %s", where)
          .allMatch(d -> mlops.blobs().exists(d));
      FsckReport report = mlops.fsck();
      assertThat(report.corruptBlobs()).as("corrupt blobs; %s", where).isEmpty();
      assertThat(report.missingBlobs()).as("missing blobs; %s", where).isEmpty();
      assertThat(report.blobsChecked()).as("blobs checked; %s", where).isEqualTo(listed.size());
      lap(4, t);
    }
  }
}
