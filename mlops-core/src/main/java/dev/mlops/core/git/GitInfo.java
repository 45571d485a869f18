package dev.mlops.core.git;

import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The git state of a work tree at one moment, as read by {@link GitReader}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * GitInfo git = GitReader.read(Path.of("")).orElseThrow();
 * if (Boolean.TRUE.equals(git.dirty())) {
 *   log.warn("training from uncommitted code on top of {}", git.commit());
 * }
 * }</pre>
 *
 * @param repositoryRoot the top of the work tree (the directory holding {@code .git}, or {@code
 *     core.worktree}); for a bare repository, its git directory
 * @param commit the full hex id of the HEAD commit (40 digits in a SHA-1 repository, 64 in a
 *     SHA-256 one), or null when HEAD names a branch with no commit yet (unborn) or cannot be
 *     resolved
 * @param branch what HEAD points at: the branch name without {@code refs/heads/} ("main"), the full
 *     ref name if it points outside {@code refs/heads/}, or null when HEAD is detached or
 *     unreadable
 * @param dirty true when tracked content differs from the HEAD commit (staged or not), false when
 *     it does not, null when it cannot be decided without guessing
 * @param dirtyUnknownReason why {@code dirty} is null; null exactly when {@code dirty} is not
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record GitInfo(
    Path repositoryRoot,
    @Nullable String commit,
    @Nullable String branch,
    @Nullable Boolean dirty,
    @Nullable String dirtyUnknownReason) {

  /**
   * Checks the fields.
   *
   * @param repositoryRoot the top of the work tree, or a bare repository's git directory
   * @param commit the HEAD commit's full hex id, or null
   * @param branch the branch HEAD points at, or null when detached
   * @param dirty whether tracked content differs from HEAD, or null when undecidable
   * @param dirtyUnknownReason why {@code dirty} is null, else null
   * @throws NullPointerException if {@code repositoryRoot} is null
   * @throws IllegalArgumentException if {@code commit} is not 40 or 64 lower-case hex digits, if
   *     {@code branch} is empty, or if {@code dirtyUnknownReason} is not set exactly when {@code
   *     dirty} is null (or is blank)
   */
  public GitInfo {
    Objects.requireNonNull(repositoryRoot, "repositoryRoot");
    if (commit != null
        && !ObjectFormat.SHA1.isHexId(commit)
        && !ObjectFormat.SHA256.isHexId(commit)) {
      throw new IllegalArgumentException(
          "commit must be 40 or 64 lower-case hex digits, got '" + commit + "'");
    }
    if (branch != null && branch.isEmpty()) {
      throw new IllegalArgumentException("branch must not be empty (use null when detached)");
    }
    if ((dirty == null) != (dirtyUnknownReason != null)) {
      throw new IllegalArgumentException(
          "dirtyUnknownReason must be given exactly when dirty is null");
    }
    if (dirtyUnknownReason != null && dirtyUnknownReason.isBlank()) {
      throw new IllegalArgumentException("dirtyUnknownReason must not be blank");
    }
  }
}
