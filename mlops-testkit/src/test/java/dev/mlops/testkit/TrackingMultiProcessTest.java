package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
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
 * Two child JVMs with eight threads each log metrics (to one shared run and to a run per thread)
 * and artifact versions of one shared name into one embedded store, through {@code
 * ActiveRun.logArtifact}: no writer sees an exception (a busy database above all), every value is
 * present, the version numbers are unique and gap-free, each version is an output of the run that
 * logged it, and the audit chain verifies and holds exactly one creation and one lineage event per
 * version (plus the experiment and run events).
 */
@Tag("long")
@DisplayName("tracking from two processes into one embedded store")
class TrackingMultiProcessTest {
  private static final int CHILDREN = 2;
  private static final int THREADS = 8;
  private static final int METRICS = 60;
  private static final int VERSIONS = 6;

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "8 threads in each of 2 processes: every metric present, versions unique and gap-free, no"
          + " busy error")
  void twoProcesses() throws Exception {
    Path dir = tmp.resolve("store");
    ChildJvm.ensureTempDirectory();
    List<String> jvmOptions = ChildJvm.sqliteNativeLibrary(tmp.resolve("native"));
    ActiveRun shared;
    Mlops parent = Mlops.open(dir);
    try {
      shared =
          parent
              .tracking()
              .startRun("shared")
              .runId(TrackingWorkload.SHARED_RUN)
              .withoutGit()
              .start();

      List<ChildJvm> children = new ArrayList<>();
      for (int c = 0; c < CHILDREN; c++) {
        children.add(
            ChildJvm.start(
                TrackingWorkload.class,
                tmp.resolve("child-" + c + ".err"),
                jvmOptions,
                dir.toString(),
                Integer.toString(c),
                Integer.toString(THREADS),
                Integer.toString(METRICS),
                Integer.toString(VERSIONS)));
      }
      for (ChildJvm child : children) {
        assertThat(child.awaitReady(Duration.ofSeconds(120)))
            .as("child ready; stderr:%n%s", child.stderrTail())
            .isTrue();
      }
      for (ChildJvm child : children) {
        child.send("go");
      }
      Map<Long, String> acked = new HashMap<>();
      for (ChildJvm child : children) {
        boolean ended = child.waitFor(Duration.ofSeconds(300));
        if (!ended) {
          child.kill();
        }
        child.awaitOutput();
        assertThat(ended).as("child ended").isTrue();
        List<String> lines = child.lines();
        assertThat(lines.stream().filter(l -> l.startsWith("error")).toList())
            .as("exceptions seen by a writer; stderr:%n%s", child.stderrTail())
            .isEmpty();
        assertThat(child.exitValue()).isZero();
        assertThat(lines).contains("done");
        for (String line : lines) {
          String[] f = line.split(" ");
          if (f.length == 4 && f[0].equals("ack") && f[1].equals("version")) {
            assertThat(acked.put(Long.parseLong(f[2]), f[3]))
                .as("version %s acknowledged to two writers", f[2])
                .isNull();
          }
        }
      }

      int writers = CHILDREN * THREADS;
      List<Double> expectedValues = LongStream.range(0, METRICS).mapToObj(i -> (double) i).toList();
      Map<String, MetricPoint> latest = parent.tracking().latestMetrics(shared.id());
      assertThat(latest).hasSize(writers);
      for (String key : latest.keySet()) {
        assertThat(parent.tracking().metricHistory(shared.id(), key))
            .extracting(MetricPoint::value)
            .as("metric %s of the shared run", key)
            .containsExactlyElementsOf(expectedValues);
      }
      for (int c = 0; c < CHILDREN; c++) {
        for (int t = 0; t < THREADS; t++) {
          String runId = "run-c" + c + "-t" + t;
          assertThat(parent.tracking().run(runId).status()).isEqualTo(RunStatus.FINISHED);
          assertThat(parent.tracking().metricHistory(runId, "m"))
              .extracting(MetricPoint::value)
              .containsExactlyElementsOf(expectedValues);
        }
      }
      assertThat(parent.tracking().listRuns("multi-process", null, 100)).hasSize(writers);

      int versionCount = writers * VERSIONS;
      List<ArtifactVersion> versions = parent.artifacts().versions(TrackingWorkload.ARTIFACT);
      assertThat(versions)
          .extracting(ArtifactVersion::version)
          .as("version numbers 1..%d, each once", versionCount)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, versionCount).boxed().toList());
      assertThat(acked)
          .as("every version acknowledged to exactly one writer")
          .hasSize(versionCount);
      Map<String, Set<ArtifactRef>> outputsByRun = new HashMap<>();
      for (ArtifactVersion v : versions) {
        String content = acked.get(v.version());
        assertThat(v.properties()).containsEntry("writer", content);
        String runId = "run-" + content.substring(0, content.lastIndexOf('-'));
        assertThat(v.createdByRunId()).as("creator of %s", v.ref()).contains(runId);
        outputsByRun.computeIfAbsent(runId, k -> new HashSet<>()).add(v.ref());
      }
      for (Map.Entry<String, Set<ArtifactRef>> e : outputsByRun.entrySet()) {
        List<LineageEvent> events =
            parent.metadata().read(tx -> tx.lineageEventsOfExecution(e.getKey()));
        assertThat(events).allMatch(ev -> ev.direction() == Direction.OUTPUT);
        assertThat(events)
            .extracting(LineageEvent::artifact)
            .as("lineage outputs of %s", e.getKey())
            .containsExactlyInAnyOrderElementsOf(e.getValue());
      }
      assertThat(outputsByRun).hasSize(writers);

      shared.close();
      // The audit chain: intact, and exactly the events the workload's state changes append:
      // 2 experiments, 1 + 16 runs created and ended, and per version its creation and its
      // lineage event.
      AuditVerification verification = parent.audit().verify();
      assertThat(verification.intact()).as("audit verify: %s", verification).isTrue();
      AuditCheckpoint checkpoint = parent.audit().checkpoint();
      assertThat(parent.audit().verify(checkpoint).intact()).isTrue();
      List<AuditEvent> events = parent.audit().events(1, 10_000);
      Map<String, Long> byAction = new TreeMap<>();
      events.forEach(ev -> byAction.merge(ev.action(), 1L, Long::sum));
      assertThat(byAction)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "experiment.created",
                  2L,
                  "run.created",
                  (long) writers + 1,
                  "run.ended",
                  (long) writers + 1,
                  "artifact.version.created",
                  (long) versionCount,
                  "lineage.recorded",
                  (long) versionCount));
      assertThat(verification.eventsChecked()).isEqualTo(events.size());
      assertThat(checkpoint.sequence()).isEqualTo(events.size());
      assertThat(
              events.stream()
                  .filter(ev -> ev.action().equals("artifact.version.created"))
                  .map(AuditEvent::subject)
                  .distinct()
                  .count())
          .as("one creation event per version")
          .isEqualTo(versionCount);
    } finally {
      parent.close();
    }
  }
}
