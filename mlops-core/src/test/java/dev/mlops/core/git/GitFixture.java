package dev.mlops.core.git;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real repositories made with the {@code git} binary, the independent oracle for {@link GitReader}.
 * The machine's git configuration never leaks in: {@code HOME} and {@code XDG_CONFIG_HOME} point
 * into the temp directory, {@code GIT_CONFIG_NOSYSTEM=1}, every inherited {@code GIT_*} variable is
 * dropped, and {@code GIT_CEILING_DIRECTORIES} keeps both git and the reader from walking up into
 * the project's own repository. The reader gets the same environment.
 */
final class GitFixture {
  private static volatile Boolean available;

  final Path root;
  final Map<String, String> env;

  GitFixture(Path tempDir) {
    requireGit();
    try {
      this.root = tempDir.toRealPath();
      Path home = Files.createDirectories(root.resolve("home"));
      Map<String, String> e = new HashMap<>(System.getenv());
      e.keySet().removeIf(k -> k.startsWith("GIT_"));
      e.put("HOME", home.toString());
      e.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      e.put("GIT_CONFIG_NOSYSTEM", "1");
      e.put("GIT_ATTR_NOSYSTEM", "1");
      e.put("GIT_CEILING_DIRECTORIES", root.toString());
      e.put("LC_ALL", "C");
      this.env = Map.copyOf(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private GitFixture(Path root, Map<String, String> env) {
    this.root = root;
    this.env = env;
  }

  /** The same temp root with one environment variable changed (for git and the reader). */
  GitFixture withEnv(String key, String value) {
    Map<String, String> e = new HashMap<>(env);
    e.put(key, value);
    return new GitFixture(root, Map.copyOf(e));
  }

  /** Skips (or, with CI=true, fails) when the git binary cannot be run. */
  static void requireGit() {
    Boolean known = available;
    if (known == null) {
      try {
        Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        known = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        known = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        known = false;
      }
      available = known;
    }
    if (!known) {
      String message =
          "the git binary is needed as the oracle for GitReader tests; install git (.ci/run"
              + " runs on an image that has it)";
      if ("true".equals(System.getenv("CI"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
  }

  /**
   * Runs git in {@code dir}; fails the test on a non-zero exit. Returns stdout, trailing NL cut.
   */
  String git(Path dir, String... args) {
    Result r = run(dir, args);
    if (r.exit != 0) {
      fail("git " + String.join(" ", args) + " failed (" + r.exit + "): " + r.err + r.out);
    }
    return r.out.endsWith("\n") ? r.out.substring(0, r.out.length() - 1) : r.out;
  }

  record Result(int exit, String out, String err) {}

  Result run(Path dir, String... args) {
    RawResult r = runRaw(dir, args);
    return new Result(r.exit, new String(r.out, StandardCharsets.UTF_8), r.err);
  }

  /** Runs git and returns stdout as bytes (binary object content); fails on a non-zero exit. */
  byte[] gitBytes(Path dir, String... args) {
    RawResult r = runRaw(dir, args);
    if (r.exit != 0) {
      fail("git " + String.join(" ", args) + " failed (" + r.exit + "): " + r.err);
    }
    return r.out;
  }

  private record RawResult(int exit, byte[] out, String err) {}

  private RawResult runRaw(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.addAll(
        List.of(
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
            "-c",
            "advice.detachedHead=false"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(
              () -> new String(drain(p.getErrorStream()), StandardCharsets.UTF_8));
      byte[] out = drain(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("git " + String.join(" ", args) + " did not finish");
      }
      return new RawResult(p.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] drain(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new repository with one committed file {@code a.txt} ("hello\n") and {@code dir/b.txt}. */
  Path repo(String name, String... initArgs) {
    Path dir = root.resolve(name);
    List<String> args = new ArrayList<>(List.of("init", "-q"));
    args.addAll(Arrays.asList(initArgs));
    args.add(dir.toString());
    git(root, args.toArray(String[]::new));
    write(dir.resolve("a.txt"), "hello\n");
    write(dir.resolve("dir/b.txt"), "bee\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "first");
    return dir;
  }

  Path emptyRepo(String name) {
    Path dir = root.resolve(name);
    git(root, "init", "-q", dir.toString());
    return dir;
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void setMtime(Path file, String instant) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.parse(instant)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<GitInfo> read(Path start) {
    return GitReader.read(start, env);
  }

  GitInfo info(Path start) {
    return read(start).orElseThrow(() -> new AssertionError("no repository found from " + start));
  }

  /** The oracle's dirty flag: anything in {@code git status --porcelain --untracked-files=no}. */
  boolean gitSaysDirty(Path dir) {
    return !git(dir, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no")
        .isEmpty();
  }

  String gitStatus(Path dir) {
    return git(dir, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no");
  }

  String headCommit(Path dir) {
    return git(dir, "rev-parse", "HEAD");
  }

  /**
   * The oracle's branch: {@code git symbolic-ref -q HEAD} without refs/heads/, null if detached.
   */
  String headBranch(Path dir) {
    Result r = run(dir, "symbolic-ref", "-q", "HEAD");
    if (r.exit != 0) {
      return null;
    }
    String ref = r.out.strip();
    return ref.startsWith("refs/heads/") ? ref.substring(11) : ref;
  }
}
