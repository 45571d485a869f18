package dev.mlops.core.git;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the git commit, branch and dirty flag of the work tree around a directory, from the files
 * under {@code .git}, without running git and without JGit. Thread-safe: stateless; concurrent
 * calls share nothing. A call reads the repository as it is at that moment; git working at the same
 * time may make the answer stale, never wrong in a way the {@link GitInfo} fields do not admit (an
 * index being rewritten fails its checksum and gives {@code dirty == null}).
 *
 * <pre>{@code
 * GitReader.read(Path.of("")).ifPresent(git -> {
 *   String commit = git.commit();          // null on an unborn branch
 *   Boolean dirty = git.dirty();           // null: see git.dirtyUnknownReason()
 * });
 * }</pre>
 *
 * <h2>Finding the repository</h2>
 *
 * From {@code start} (a file starts from its directory; a path that does not exist from its nearest
 * existing ancestor; symlinks resolved, as git uses the physical directory) upwards, each directory
 * is asked, in git's order:
 *
 * <ol>
 *   <li>does it hold {@code .git}? A directory is used when it looks like a git directory ({@code
 *       HEAD} present, {@code objects/} and {@code refs/} in its common directory), else the walk
 *       goes on, as in git. A file must read {@code gitdir: <path>} (relative to the directory
 *       holding it, or absolute): that is how linked worktrees ({@code .git/worktrees/<name>}) and
 *       submodules ({@code .git/modules/<name>}) point at their git directory. A {@code .git} file
 *       that is malformed or points nowhere ends the walk with a {@link GitInfo} whose fields are
 *       null and whose reason says so (git stops with an error there too).
 *   <li>is it itself a git directory with {@code core.bare = true}? Then it is a bare repository:
 *       commit and branch are read, {@code dirty} is null.
 * </ol>
 *
 * <p>The walk stops at the file-system root; before a directory listed in {@code
 * GIT_CEILING_DIRECTORIES} (it and its ancestors are not examined; entries are absolute paths
 * separated by {@link File#pathSeparator}); and before crossing into another file system unless
 * {@code GIT_DISCOVERY_ACROSS_FILESYSTEM} is true (where the platform exposes device numbers). The
 * variables {@code GIT_DIR}, {@code GIT_WORK_TREE}, {@code GIT_COMMON_DIR}, {@code GIT_INDEX_FILE}
 * and {@code GIT_OBJECT_DIRECTORY} are not honoured: the answer depends on {@code start} only.
 *
 * <h2>Commit and branch</h2>
 *
 * {@code HEAD} is read as {@code ref: <name>} or a detached object id; refs are looked up as loose
 * files and then in {@code packed-refs}, symbolic refs followed at most 5 deep. Refs in the
 * reftable format ({@code extensions.refStorage = reftable}) are not read: commit and branch are
 * null. See {@link GitInfo} for the meaning of each field.
 *
 * <h2>Dirty flag</h2>
 *
 * True when {@code git status --porcelain --untracked-files=no} would list something: a staged
 * change (the index's tree differs from HEAD's tree); an unstaged change to a tracked file (a size
 * different from the one recorded in the index, as git rules, or an mtime change with a content
 * hash different from the indexed blob; mode and type changes; deletions); a conflict; an
 * intent-to-add entry; or a submodule whose checkout moved or is itself dirty. Untracked files are
 * ignored. Assume-unchanged and skip-worktree entries are trusted, as git trusts them. Null, with a
 * reason, when deciding would require guessing: an index version other than 2-4, a required index
 * extension ({@code link} split index, {@code sdir} sparse index), a checksum mismatch, an index
 * path outside the work tree, a changed file under a content filter or line-ending conversion whose
 * result cannot be known without running git, or a HEAD commit that cannot be read. A definite
 * change anywhere wins over an undecidable one elsewhere.
 *
 * <p>Cost: one {@code lstat} per tracked file, the HEAD commit, and reading only the files whose
 * stat changed (plus those git itself would re-check as "racily clean", written in the same clock
 * tick as the index); the scan stops at the first change.
 *
 * <h2>Not handled</h2>
 *
 * <ul>
 *   <li>reftable refs, split and sparse indexes, index versions other than 2-4, unknown repository
 *       extensions: reported as unknown, never guessed;
 *   <li>ctime, inode, uid and gid are not compared (git does by default), so an edit that keeps a
 *       file's size and restores its mtime is not seen;
 *   <li>attribute patterns are not matched: a conversion declared for any path counts for every
 *       changed file under that attributes file (more "unknown", never a wrong answer); git's text
 *       auto-detection is not replayed, so a touched CRLF file under {@code core.autocrlf} is
 *       unknown; {@code includeIf} conditions are not evaluated (the file is always included);
 *   <li>{@code submodule.<name>.ignore} and {@code diff.ignoreSubmodules} are not read (a moved or
 *       dirty submodule always counts);
 *   <li>index paths must be UTF-8 (and representable as file names on this platform);
 *   <li>configuration from the command line or the environment ({@code GIT_CONFIG_COUNT}, {@code
 *       GIT_CONFIG_PARAMETERS}), {@code ~user/} paths, and C-quoted alternates are not read.
 * </ul>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GitReader {
  private static final Logger LOG = LoggerFactory.getLogger(GitReader.class);

  private GitReader() {}

  /**
   * Finds the git repository around {@code start} and reads its state, using this process's
   * environment ({@code HOME}, {@code XDG_CONFIG_HOME} and the {@code GIT_*} variables named in the
   * class description).
   *
   * <p>Never throws because of what is (or is not) on disk: unreadable parts make the affected
   * fields null.
   *
   * @param start a directory or file in the work tree; relative paths are resolved against the
   *     current directory
   * @return the repository's state, or empty when {@code start} is in no repository
   * @throws NullPointerException if {@code start} is null
   */
  public static Optional<GitInfo> read(Path start) {
    Objects.requireNonNull(start, "start");
    return read(start, System.getenv());
  }

  /** As {@link #read(Path)} with an explicit environment (tests pass their own). */
  static Optional<GitInfo> read(Path start, Map<String, String> env) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(env, "env");
    Path dir;
    try {
      dir = physicalDirectory(start);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot look for a git repository from {}", start, e);
      return Optional.empty();
    }
    Path ceiling = ceiling(dir, env);
    boolean acrossFileSystems = Conversions.isTrue(env.get("GIT_DISCOVERY_ACROSS_FILESYSTEM"));
    Object device = acrossFileSystems ? null : device(dir);
    for (Path d = dir; d != null; d = d.getParent()) {
      if (d.equals(ceiling)) {
        return Optional.empty();
      }
      if (device != null && !device.equals(device(d))) {
        return Optional.empty(); // git: GIT_DIR_HIT_MOUNT_POINT
      }
      Optional<GitInfo> found = inspectDirectory(d, env, 0);
      if (found.isPresent()) {
        return found;
      }
      if (isGitDirectory(d) && isBare(d, env)) {
        return Optional.of(inspect(null, d, env, 0));
      }
    }
    return Optional.empty();
  }

  /**
   * Examines {@code dir/.git} only (no walking). Empty when there is no {@code .git} or it is a
   * directory that is not a git directory.
   */
  static Optional<GitInfo> inspectDirectory(Path dir, Map<String, String> env, int depth) {
    Path dotGit = dir.resolve(".git");
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(dotGit, BasicFileAttributes.class);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (attrs.isDirectory()) {
      if (!isGitDirectory(dotGit)) {
        return Optional.empty();
      }
      return Optional.of(inspect(dir, realOrNormal(dotGit), env, depth));
    }
    if (!attrs.isRegularFile()) {
      return Optional.empty();
    }
    String text;
    try {
      if (attrs.size() > 1 << 16) {
        return Optional.of(
            broken(dir, "the .git file " + dotGit + " is too large to be a gitfile"));
      }
      text = Files.readString(dotGit, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return Optional.of(broken(dir, "the .git file " + dotGit + " could not be read: " + e));
    }
    if (!text.startsWith("gitdir: ")) {
      return Optional.of(
          broken(dir, "the .git file " + dotGit + " does not start with 'gitdir: '"));
    }
    String target = text.substring("gitdir: ".length()).replaceAll("[\r\n]+$", "");
    Path gitDir;
    try {
      gitDir = realOrNormal(dir.resolve(target));
    } catch (RuntimeException e) {
      return Optional.of(broken(dir, "the .git file " + dotGit + " names an invalid path"));
    }
    if (!isGitDirectory(gitDir)) {
      return Optional.of(
          broken(
              dir, "the .git file " + dotGit + " points to " + gitDir + ", not a git directory"));
    }
    return Optional.of(inspect(dir, gitDir, env, depth));
  }

  private static GitInfo broken(Path root, String reason) {
    LOG.debug("{}", reason);
    return new GitInfo(root, null, null, null, reason);
  }

  private static GitInfo inspect(
      @Nullable Path workTree, Path gitDir, Map<String, String> env, int depth) {
    try {
      return inspectUnguarded(workTree, gitDir, env, depth);
    } catch (RuntimeException e) {
      // Reading git state is context for a run and must never fail it (STYLE rule 24): a bug here
      // or a file-system oddity (an unmappable file name, say) becomes an unknown state.
      LOG.warn("could not read the git state of {}", gitDir, e);
      return new GitInfo(
          workTree != null ? workTree : gitDir,
          null,
          null,
          null,
          "the git state could not be read: " + e);
    }
  }

  private static GitInfo inspectUnguarded(
      @Nullable Path workTree, Path gitDir, Map<String, String> env, int depth) {
    Repository repo;
    try {
      repo = Repository.open(workTree, gitDir, env);
    } catch (Undecidable e) {
      return broken(workTree != null ? workTree : gitDir, e.getMessage());
    }
    Refs.Head head = repo.head();
    WorkTreeCheck.Decision decision = new WorkTreeCheck(repo, head, depth).run();
    String reason = decision.reason();
    if (reason != null && head.problem() != null && !reason.contains(head.problem())) {
      reason = reason + "; " + head.problem();
    }
    return new GitInfo(repo.root(), head.commit(), head.branch(), decision.dirty(), reason);
  }

  /**
   * Git's {@code is_git_directory}: {@code HEAD} exists, and the common directory has {@code
   * objects/} and {@code refs/}.
   */
  static boolean isGitDirectory(Path dir) {
    try {
      if (!Files.isRegularFile(dir.resolve("HEAD"))) {
        return false;
      }
      Path common = Repository.commonDirOf(dir).orElse(dir);
      return Files.isDirectory(common.resolve("objects"))
          && Files.isDirectory(common.resolve("refs"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static boolean isBare(Path dir, Map<String, String> env) {
    try {
      return GitConfig.load(dir.resolve("config"), env).getBoolean("core.bare").orElse(false);
    } catch (Undecidable e) {
      return false;
    }
  }

  private static Path physicalDirectory(Path start) throws IOException {
    Path p = start.toAbsolutePath().normalize();
    while (true) {
      try {
        Path real = p.toRealPath();
        return Files.isDirectory(real) ? real : Objects.requireNonNull(real.getParent(), "parent");
      } catch (NoSuchFileException e) {
        Path parent = p.getParent();
        if (parent == null) {
          throw e;
        }
        p = parent;
      }
    }
  }

  private static Path realOrNormal(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  /**
   * The deepest directory of {@code GIT_CEILING_DIRECTORIES} that is a proper ancestor of {@code
   * dir}, or null. Entries after an empty entry are compared without resolving symlinks, as in git.
   */
  static @Nullable Path ceiling(Path dir, Map<String, String> env) {
    String value = env.get("GIT_CEILING_DIRECTORIES");
    if (value == null || value.isEmpty()) {
      return null;
    }
    Path best = null;
    boolean resolve = true;
    for (String part : value.split(File.pathSeparator, -1)) {
      if (part.isEmpty()) {
        resolve = false;
        continue;
      }
      Path c;
      try {
        c = Path.of(part);
      } catch (RuntimeException e) {
        continue;
      }
      if (!c.isAbsolute()) {
        continue;
      }
      c = resolve ? realOrNormal(c) : c.normalize();
      if (!c.equals(dir) && dir.startsWith(c) && (best == null || c.startsWith(best))) {
        best = c;
      }
    }
    return best;
  }

  private static @Nullable Object device(Path dir) {
    try {
      return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      return null; // not a Unix file system view: do not check
    }
  }
}
