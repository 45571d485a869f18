package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.core.git.GitInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("run context")
class RunContextTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  Mlops open(BiFunction<Path, ManualClock, Mlops> factory) {
    return factory.apply(tmp, new ManualClock(TrackingTest.T0));
  }

  @Nested
  @DisplayName("captured without being asked")
  class Captured {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("JVM, OS, user, host, mlops version and the clock's start time are tags")
    void platform(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Mlops mlops = open(factory);
          ActiveRun run = mlops.tracking().startRun("ctx").withoutGit().start()) {
        Map<String, String> tags = mlops.tracking().tags(run.id());
        assertThat(tags)
            .containsEntry(RunContext.JAVA_VERSION, System.getProperty("java.version"))
            .containsEntry(RunContext.JAVA_VENDOR, System.getProperty("java.vendor"))
            .containsEntry(RunContext.OS_NAME, System.getProperty("os.name"))
            .containsEntry(RunContext.OS_ARCH, System.getProperty("os.arch"))
            .containsEntry(RunContext.USER, System.getProperty("user.name"))
            .containsEntry(RunContext.START_TIME, "2026-03-01T10:15:30Z");
        // Tests load mlops-core from target/classes, which has no manifest.
        assertThat(tags).containsEntry(RunContext.MLOPS_VERSION, RunContext.UNKNOWN);
        assertThat(tags.get(RunContext.HOST)).isNotBlank();
        assertThat(tags).doesNotContainKeys(RunContext.GIT_COMMIT, RunContext.GIT_DIRTY);
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("every field can be overridden through the run builder")
    void overrides(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Mlops mlops = open(factory);
          ActiveRun run =
              mlops
                  .tracking()
                  .startRun("ctx")
                  .withoutGit()
                  .context(RunContext.HOST, "trainer-7")
                  .context(RunContext.GIT_COMMIT, "0".repeat(40))
                  .context(RunContext.MLOPS_VERSION, "9.9")
                  .start()) {
        Map<String, String> tags = mlops.tracking().tags(run.id());
        assertThat(tags)
            .containsEntry(RunContext.HOST, "trainer-7")
            .containsEntry(RunContext.GIT_COMMIT, "0".repeat(40))
            .containsEntry(RunContext.MLOPS_VERSION, "9.9");
      }
    }

    @Test
    @DisplayName("only documented context keys can be overridden")
    void unknownKey() {
      try (Mlops mlops = Mlops.builder().store(URI.create("mem:/")).build()) {
        assertThatThrownBy(() -> mlops.tracking().startRun("ctx").context("team", "x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("mlops.host");
        assertThat(RunContext.KEYS).allMatch(RunContext::isReserved);
      }
    }

    @Test
    @DisplayName("an undecidable dirty flag is stored as unknown with its reason")
    void dirtyUnknown() {
      Map<String, String> tags = new LinkedHashMap<>();
      RunContextCapture.putGit(
          tags, new GitInfo(Path.of("/r"), "a".repeat(40), null, null, "split index"));
      assertThat(tags)
          .containsExactly(
              Map.entry(RunContext.GIT_COMMIT, "a".repeat(40)),
              Map.entry(RunContext.GIT_DIRTY, "unknown"),
              Map.entry(RunContext.GIT_DIRTY_REASON, "split index"));
    }
  }

  @Nested
  @DisplayName("git")
  class Git {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("commit, branch and dirty flag match what the git binary says")
    void realRepository(BiFunction<Path, ManualClock, Mlops> factory) throws Exception {
      Path repo = Files.createDirectories(tmp.resolve("repo-" + UUID.randomUUID()));
      git(repo, "init", "-q", "-b", "train", ".");
      Files.writeString(repo.resolve("model.py"), "print('hi')\n");
      git(repo, "add", "-A");
      git(repo, "commit", "-q", "-m", "first");
      String head = git(repo, "rev-parse", "HEAD").strip();

      try (Mlops mlops = open(factory)) {
        ActiveRun clean = mlops.tracking().startRun("git").workingDirectory(repo).start();
        Map<String, String> tags = mlops.tracking().tags(clean.id());
        assertThat(tags)
            .containsEntry(RunContext.GIT_COMMIT, head)
            .containsEntry(RunContext.GIT_BRANCH, "train")
            .containsEntry(RunContext.GIT_DIRTY, "false")
            .doesNotContainKey(RunContext.GIT_DIRTY_REASON);
        clean.close();

        Files.writeString(repo.resolve("model.py"), "print('changed, longer')\n");
        assertThat(git(repo, "status", "--porcelain", "--untracked-files=no")).isNotBlank();
        ActiveRun dirty = mlops.tracking().startRun("git").workingDirectory(repo).start();
        assertThat(mlops.tracking().tags(dirty.id())).containsEntry(RunContext.GIT_DIRTY, "true");
        dirty.close();

        ActiveRun without =
            mlops.tracking().startRun("git").workingDirectory(repo).withoutGit().start();
        assertThat(mlops.tracking().tags(without.id()))
            .doesNotContainKeys(RunContext.GIT_COMMIT, RunContext.GIT_BRANCH, RunContext.GIT_DIRTY);
        without.close();
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("outside a repository no git tag is recorded")
    void noRepository(BiFunction<Path, ManualClock, Mlops> factory) throws IOException {
      Path plain = Files.createDirectories(tmp.resolve("plain-" + UUID.randomUUID()));
      Assumptions.assumeTrue(
          dev.mlops.core.git.GitReader.read(plain).isEmpty(),
          "the temp directory lies inside a git repository");
      try (Mlops mlops = open(factory);
          ActiveRun run = mlops.tracking().startRun("git").workingDirectory(plain).start()) {
        assertThat(mlops.tracking().tags(run.id()).keySet())
            .noneMatch(k -> k.startsWith("mlops.git."));
      }
    }
  }

  /** Runs git with a private configuration; skips without git, fails with CI=true. */
  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(
        List.of(
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("GIT_"));
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("HOME", dir.toString());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("git is required under CI=true (see .ci/run)", e);
      }
      Assumptions.abort("git is not installed: " + e.getMessage());
      throw e;
    }
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      out = b.toByteArray();
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(
          "git " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
