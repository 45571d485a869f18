package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.audit.AuditVerification;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.core.FsckReport;
import dev.mlops.core.Mlops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM in the middle of a pipeline run on the embedded SQLite store (step records are
 * written in batches), then re-runs the pipeline in this process (even rounds with a fresh run that
 * reads the cache, odd rounds with {@code resume}) and checks, from side files the step bodies
 * append to: no step whose record committed runs again, the steps whose body ran but whose record
 * was lost are at most one batch (plus the step in flight), every other step runs exactly once, and
 * the store passes fsck and audit verification. Rounds: {@code mlops.pipeline.crash.kills} (default
 * 5); seed: {@code mlops.crash.seed} (else random), printed in every failure message.
 */
@Tag("crash")
@DisplayName("a pipeline killed mid-run re-runs at most its unrecorded steps")
class PipelineCrashTest {
  /** The recorder's batch bound (StepRecorder.MAX_BATCH), plus the step in flight. */
  private static final int MAX_UNRECORDED = 256 + 1;

  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "recorded steps never run again, lost records are at most one batch, the store stays sound")
  void survivesKills() throws Exception {
    int kills = Integer.getInteger("mlops.pipeline.crash.kills", 5);
    String seedProperty = System.getProperty("mlops.crash.seed");
    long seed =
        seedProperty == null || seedProperty.isBlank()
            ? new SecureRandom().nextLong()
            : Long.parseLong(seedProperty.trim());
    Random random = new Random(seed);
    ChildJvm.ensureTempDirectory();
    List<String> jvmOptions = ChildJvm.sqliteNativeLibrary(tmp.resolve("native"));
    Set<String> all = new TreeSet<>();
    for (int k = 0; k < PipelineCrashWorkload.STEPS; k++) {
      all.add(PipelineCrashWorkload.stepName(k));
    }
    int totalRecorded = 0;
    int totalLost = 0;
    for (int round = 0; round < kills; round++) {
      int readyAfter = 30 + random.nextInt(270);
      int delay = random.nextInt(150);
      String where =
          "round "
              + round
              + " (ready after "
              + readyAfter
              + " steps, kill after "
              + delay
              + " ms); seed "
              + seed
              + " (replay with -Dmlops.crash.seed="
              + seed
              + ")";
      Path roundDir = Files.createDirectories(tmp.resolve("round-" + round));
      Path store = roundDir.resolve("store");
      Path childSide = roundDir.resolve("child.txt");
      Path parentSide = roundDir.resolve("parent.txt");

      ChildJvm child =
          ChildJvm.start(
              PipelineCrashWorkload.class,
              roundDir.resolve("child.err"),
              jvmOptions,
              store.toString(),
              childSide.toString(),
              Integer.toString(readyAfter));
      boolean ready = child.awaitReady(CHILD_TIMEOUT);
      if (!ready) {
        child.kill();
      }
      assertThat(ready)
          .as(
              "child printed ready; %s; output %s; stderr:%n%s",
              where, child.lines(), child.stderrTail())
          .isTrue();
      boolean endedEarly = child.waitFor(Duration.ofMillis(delay));
      child.kill();
      assertThat(endedEarly)
          .as("child still running when killed; %s; output %s", where, child.lines())
          .isFalse();
      String runId =
          child.lines().stream()
              .filter(l -> l.startsWith("run "))
              .map(l -> l.substring(4))
              .findFirst()
              .orElseThrow(() -> new AssertionError("child printed no run id; " + where));

      List<String> childRan = lines(childSide);
      assertThat(childRan)
          .as("each body ran at most once in the child; %s", where)
          .doesNotHaveDuplicates();

      try (Mlops mlops = Mlops.open(store)) {
        Set<String> recorded =
            mlops.pipelines().executions(runId).stream()
                .filter(e -> e.status() == StepStatus.SUCCEEDED)
                .map(StepExecution::step)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> lost = new TreeSet<>(childRan);
        lost.removeAll(recorded);
        assertThat(childRan)
            .as("a step is recorded only after its body ran; %s", where)
            .containsAll(recorded);
        assertThat(lost.size())
            .as("bodies that ran without a committed record (%s); %s", lost, where)
            .isLessThanOrEqualTo(MAX_UNRECORDED);

        Pipeline pipeline = PipelineCrashWorkload.pipeline(parentSide);
        boolean resume = round % 2 == 1;
        PipelineResult again =
            resume
                ? mlops.pipelines().resume(pipeline, runId, RunOptions.defaults())
                : mlops.pipelines().run(pipeline, Arguments.empty());
        assertThat(again.succeeded()).as("the re-run finished; %s", where).isTrue();

        List<String> parentRan = lines(parentSide);
        assertThat(parentRan)
            .as("each body ran at most once in the re-run; %s", where)
            .doesNotHaveDuplicates();
        Set<String> rerun = new HashSet<>(parentRan);
        rerun.retainAll(recorded);
        assertThat(rerun).as("recorded steps that ran again; %s", where).isEmpty();
        Set<String> expected = new TreeSet<>(all);
        expected.removeAll(recorded);
        assertThat(new TreeSet<>(parentRan))
            .as("the re-run executed exactly the unrecorded steps; %s", where)
            .isEqualTo(expected);
        Map<String, StepStatus> statuses =
            again.steps().stream()
                .collect(Collectors.toMap(StepExecution::step, StepExecution::status));
        for (String s : all) {
          assertThat(statuses.get(s))
              .as("status of %s in the re-run; %s", s, where)
              .isEqualTo(recorded.contains(s) ? StepStatus.CACHED : StepStatus.SUCCEEDED);
        }

        FsckReport fsck = mlops.fsck();
        assertThat(fsck.corruptBlobs()).as("corrupt blobs; %s", where).isEmpty();
        assertThat(fsck.missingBlobs()).as("missing blobs; %s", where).isEmpty();
        AuditVerification audit = mlops.audit().verify();
        assertThat(audit.intact()).as("audit chain intact (%s); %s", audit, where).isTrue();
        totalRecorded += recorded.size();
        totalLost += lost.size();
      }
    }
    System.out.printf(
        "pipeline crash test: %d kills; %d step records survived, %d bodies re-ran for lost"
            + " records; seed %d%n",
        kills, totalRecorded, totalLost, seed);
  }

  private static List<String> lines(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
