package dev.mlops.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An opened repository: where its pieces live and the configuration that matters for reading it.
 *
 * <ul>
 *   <li>{@code gitDir}: HEAD, index, {@code config.worktree} (for a linked worktree: {@code
 *       <main>/.git/worktrees/<name>}; for a submodule: {@code <super>/.git/modules/<name>}).
 *   <li>{@code commonDir}: refs, {@code packed-refs}, {@code config}, objects, {@code info/} (named
 *       by {@code <gitDir>/commondir}, else the gitDir itself).
 *   <li>{@code workTree}: {@code core.worktree} when set (relative to the gitDir), else the
 *       directory that holds {@code .git}; null for a bare repository. For a linked worktree,
 *       {@code core.bare} and {@code core.worktree} count only from {@code config.worktree}: git
 *       applies those keys in the common config to the main worktree only.
 * </ul>
 *
 * <p>Configuration: the repository's own ({@code config}, then {@code config.worktree} when {@code
 * extensions.worktreeConfig}) decides format and layout; for conversions the system ({@code
 * /etc/gitconfig} or {@code GIT_CONFIG_SYSTEM}, skipped with {@code GIT_CONFIG_NOSYSTEM}) and
 * global ({@code GIT_CONFIG_GLOBAL}, else {@code $XDG_CONFIG_HOME/git/config} and {@code
 * ~/.gitconfig}) files come first. Command-line style configuration ({@code GIT_CONFIG_COUNT},
 * {@code GIT_CONFIG_PARAMETERS}) is not read.
 */
final class Repository {
  final @Nullable Path workTree;
  final Path gitDir;
  final Path commonDir;
  final ObjectFormat format;
  final String refStorage;
  final GitConfig repoConfig;
  final GitConfig allConfig;
  final Map<String, String> env;

  private Repository(
      @Nullable Path workTree,
      Path gitDir,
      Path commonDir,
      ObjectFormat format,
      String refStorage,
      GitConfig repoConfig,
      GitConfig allConfig,
      Map<String, String> env) {
    this.workTree = workTree;
    this.gitDir = gitDir;
    this.commonDir = commonDir;
    this.format = format;
    this.refStorage = refStorage;
    this.repoConfig = repoConfig;
    this.allConfig = allConfig;
    this.env = env;
  }

  /** The common directory a git directory names in its {@code commondir} file, if any. */
  static Optional<Path> commonDirOf(Path gitDir) throws IOException {
    try {
      String text = Files.readString(gitDir.resolve("commondir"), StandardCharsets.UTF_8).strip();
      if (text.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(gitDir.resolve(text).normalize());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the repository whose git directory is {@code gitDir}.
   *
   * @param candidateWorkTree the directory holding {@code .git}, or null when the git directory
   *     itself was found (a bare repository)
   * @throws Undecidable when its configuration is unreadable or asks for something unsupported
   */
  static Repository open(@Nullable Path candidateWorkTree, Path gitDir, Map<String, String> env)
      throws Undecidable {
    Path commonDir;
    boolean linked;
    try {
      Optional<Path> common = commonDirOf(gitDir);
      linked = common.isPresent();
      commonDir = common.orElse(gitDir);
    } catch (IOException | RuntimeException e) {
      throw new Undecidable(gitDir.resolve("commondir") + " could not be read: " + e);
    }
    GitConfig shared = GitConfig.load(commonDir.resolve("config"), env);
    int version = parseVersion(shared.get("core.repositoryformatversion").orElse("0"));
    if (version > 1) {
      throw new Undecidable(
          "the repository format version is " + version + " (this reader knows 0 and 1)");
    }
    ObjectFormat format = ObjectFormat.SHA1;
    String refStorage = "files";
    boolean worktreeConfig = false;
    if (version == 1) {
      for (GitConfig.Entry e : shared.entries()) {
        if (!e.key().startsWith("extensions.")) {
          continue;
        }
        String name = e.key().substring("extensions.".length());
        String value = e.value() == null ? "true" : e.value();
        switch (name) {
          case "objectformat" -> {
            format =
                switch (value.toLowerCase(Locale.ROOT)) {
                  case "sha1" -> ObjectFormat.SHA1;
                  case "sha256" -> ObjectFormat.SHA256;
                  default ->
                      throw new Undecidable("unknown extensions.objectFormat '" + value + "'");
                };
          }
          case "refstorage" -> refStorage = value.toLowerCase(Locale.ROOT);
          case "worktreeconfig" -> worktreeConfig = Conversions.isTrue(value);
          case "noop", "noop-v1", "preciousobjects", "partialclone", "compatobjectformat" -> {
            // no effect on reading HEAD, the index or the work tree
          }
          default ->
              throw new Undecidable(
                  "the repository uses extensions." + name + ", which this reader does not know");
        }
      }
    }
    GitConfig perWorktree =
        worktreeConfig ? GitConfig.load(gitDir.resolve("config.worktree"), env) : GitConfig.empty();
    GitConfig repoConfig = shared.plus(perWorktree);
    GitConfig layout = linked ? perWorktree : repoConfig;

    Path workTree = candidateWorkTree;
    Optional<String> configured = layout.get("core.worktree");
    if (layout.getBoolean("core.bare").orElse(false)) {
      workTree = null;
    } else if (configured.isPresent()) {
      Path p = GitConfig.expandPath(configured.get(), gitDir, env);
      if (p == null) {
        throw new Undecidable("core.worktree '" + configured.get() + "' cannot be resolved");
      }
      workTree = p.normalize();
    }
    GitConfig allConfig = userConfig(env).plus(repoConfig);
    return new Repository(
        workTree, gitDir, commonDir, format, refStorage, repoConfig, allConfig, env);
  }

  private static int parseVersion(String text) throws Undecidable {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new Undecidable("core.repositoryformatversion '" + text + "' is not a number");
    }
  }

  /** System then global configuration, as git reads them. */
  private static GitConfig userConfig(Map<String, String> env) throws Undecidable {
    GitConfig config = GitConfig.empty();
    if (!Conversions.isTrue(env.get("GIT_CONFIG_NOSYSTEM"))) {
      String system = env.get("GIT_CONFIG_SYSTEM");
      config = config.plus(loadNamed(system != null ? system : "/etc/gitconfig", env));
    }
    String global = env.get("GIT_CONFIG_GLOBAL");
    if (global != null) {
      config = config.plus(loadNamed(global, env));
    } else {
      Path xdg = Conversions.xdgFile(env, "config");
      if (xdg != null) {
        config = config.plus(GitConfig.load(xdg, env));
      }
      Path home = GitConfig.expandPath("~/.gitconfig", null, env);
      if (home != null) {
        config = config.plus(GitConfig.load(home, env));
      }
    }
    return config;
  }

  private static GitConfig loadNamed(String file, Map<String, String> env) throws Undecidable {
    Path p = GitConfig.expandPath(file, null, env);
    return p == null || file.isEmpty() ? GitConfig.empty() : GitConfig.load(p, env);
  }

  /** The work tree if there is one, else the git directory. */
  Path root() {
    return workTree != null ? workTree : gitDir;
  }

  Refs.Head head() {
    if (!refStorage.equals("files")) {
      return new Refs.Head(
          null,
          null,
          false,
          "the refs are stored in the '"
              + refStorage
              + "' format (extensions.refStorage), which this reader does not read");
    }
    return new Refs(gitDir, commonDir, format).head();
  }
}
