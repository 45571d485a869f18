package dev.mlops.core.git;

import static dev.mlops.core.git.GitFixture.setMtime;
import static dev.mlops.core.git.GitFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitReader against real repositories made by the git binary; every expected value comes from git
 * itself ({@code rev-parse}, {@code symbolic-ref}, {@code status --porcelain -uno}).
 */
@DisplayName("GitReader")
class GitReaderTest {
  @TempDir Path temp;
  GitFixture fx;

  @BeforeEach
  void setUp() {
    fx = new GitFixture(temp);
  }

  /** Asserts the reader's dirty flag equals git's and is the expected value. */
  private void assertDirty(Path dir, boolean expected) {
    GitInfo info = fx.info(dir);
    boolean oracle = fx.gitSaysDirty(dir);
    assertThat(oracle).as("git status says %s", fx.gitStatus(dir)).isEqualTo(expected);
    assertThat(info.dirty()).as("reason: %s", info.dirtyUnknownReason()).isEqualTo(expected);
  }

  private void assertUndecided(Path dir, String reasonPart) {
    GitInfo info = fx.info(dir);
    assertThat(info.dirty()).isNull();
    assertThat(info.dirtyUnknownReason()).contains(reasonPart);
  }

  @Nested
  @DisplayName("finding the repository")
  class Discovery {
    @Test
    @DisplayName("a directory in no repository gives empty, where git rev-parse fails too")
    void noRepository() throws IOException {
      Path plain = Files.createDirectories(fx.root.resolve("plain/deeper"));
      assertThat(fx.run(plain, "rev-parse", "--git-dir").exit()).isNotZero();
      assertThat(fx.read(plain)).isEmpty();
    }

    @Test
    @DisplayName("is found from a nested directory, from a file and from a path not created yet")
    void nestedStarts() {
      Path repo = fx.repo("r");
      String head = fx.headCommit(repo);
      for (Path start :
          new Path[] {repo.resolve("dir"), repo.resolve("dir/b.txt"), repo.resolve("dir/x/y/z")}) {
        GitInfo info = fx.info(start);
        assertThat(info.repositoryRoot()).isEqualTo(repo);
        assertThat(info.commit()).isEqualTo(head);
      }
    }

    @Test
    @DisplayName("GIT_CEILING_DIRECTORIES stops the walk before the ceiling, as in git")
    void ceiling() throws IOException {
      Path repo = fx.repo("r");
      Path deep = Files.createDirectories(repo.resolve("sub/deep"));
      GitFixture below = fx.withEnv("GIT_CEILING_DIRECTORIES", repo.resolve("sub").toString());
      assertThat(below.read(deep)).isEmpty();
      assertThat(below.run(deep, "rev-parse", "--git-dir").exit()).isNotZero();
      // The repository root itself as ceiling: its .git is not examined either.
      GitFixture atRoot = fx.withEnv("GIT_CEILING_DIRECTORIES", repo + File.pathSeparator);
      assertThat(atRoot.read(deep)).isEmpty();
      assertThat(atRoot.run(deep, "rev-parse", "--git-dir").exit()).isNotZero();
      // The start directory itself is no ceiling (only proper ancestors are).
      GitFixture atStart = fx.withEnv("GIT_CEILING_DIRECTORIES", deep.toString());
      assertThat(atStart.read(deep)).isPresent();
      assertThat(atStart.git(deep, "rev-parse", "--show-toplevel")).isEqualTo(repo.toString());
    }

    @Test
    @DisplayName("an empty .git directory is not a repository: the walk goes on upwards")
    void emptyDotGitDirectory() throws IOException {
      Path repo = fx.repo("r");
      Path inner = Files.createDirectories(repo.resolve("inner/.git")).getParent();
      assertThat(fx.info(inner).repositoryRoot()).isEqualTo(repo);
      assertThat(fx.git(inner, "rev-parse", "--show-toplevel")).isEqualTo(repo.toString());
    }

    @Test
    @DisplayName("a malformed .git file ends the walk with every field unknown and the reason")
    void malformedGitFile() {
      Path repo = fx.repo("r");
      Path inner = repo.resolve("inner");
      write(inner.resolve(".git"), "this is not a gitfile\n");
      GitInfo info = fx.info(inner);
      assertThat(info.repositoryRoot()).isEqualTo(inner);
      assertThat(info.commit()).isNull();
      assertThat(info.dirty()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("gitdir: ");
      assertThat(fx.run(inner, "rev-parse", "HEAD").exit()).isNotZero();
    }

    @Test
    @DisplayName("a bare repository gives commit and branch, and dirty unknown")
    void bare() {
      Path repo = fx.repo("r");
      Path bare = fx.root.resolve("bare.git");
      fx.git(fx.root, "clone", "-q", "--bare", repo.toString(), bare.toString());
      GitInfo info = fx.info(bare);
      assertThat(info.repositoryRoot()).isEqualTo(bare);
      assertThat(info.commit()).isEqualTo(fx.headCommit(bare));
      assertThat(info.branch()).isEqualTo("main");
      assertThat(info.dirty()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("bare");
    }
  }

  @Nested
  @DisplayName("commit and branch")
  class CommitAndBranch {
    @Test
    @DisplayName("a branch checkout gives git's commit and branch")
    void onBranch() {
      Path repo = fx.repo("r");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isEqualTo(fx.headCommit(repo)).hasSize(40);
      assertThat(info.branch()).isEqualTo(fx.headBranch(repo)).isEqualTo("main");
    }

    @Test
    @DisplayName("a detached HEAD has the commit and no branch")
    void detached() {
      Path repo = fx.repo("r");
      write(repo.resolve("a.txt"), "second\n");
      fx.git(repo, "commit", "-q", "-am", "second");
      fx.git(repo, "checkout", "-q", "--detach", "HEAD~1");
      GitInfo info = fx.info(repo);
      assertThat(fx.headBranch(repo)).isNull();
      assertThat(info.branch()).isNull();
      assertThat(info.commit()).isEqualTo(fx.headCommit(repo));
      assertThat(info.dirty()).isFalse();
    }

    @Test
    @DisplayName("refs moved into packed-refs (with a peeled tag line) are still resolved")
    void packedRefs() throws IOException {
      Path repo = fx.repo("r");
      fx.git(repo, "tag", "-a", "-m", "annotated", "v1");
      fx.git(repo, "checkout", "-q", "-b", "feature");
      fx.git(repo, "pack-refs", "--all");
      Path gitDir = repo.resolve(".git");
      assertThat(gitDir.resolve("refs/heads/feature")).doesNotExist();
      String packed = Files.readString(gitDir.resolve("packed-refs"));
      assertThat(packed).startsWith("# pack-refs with:").contains("\n^");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isEqualTo(fx.headCommit(repo));
      assertThat(info.branch()).isEqualTo("feature");
      assertThat(info.dirty()).isFalse();
    }

    @Test
    @DisplayName("a loose ref wins over a stale packed-refs line, as in git")
    void looseWinsOverPacked() {
      Path repo = fx.repo("r");
      fx.git(repo, "pack-refs", "--all");
      write(repo.resolve("a.txt"), "second\n");
      fx.git(repo, "commit", "-q", "-am", "second");
      assertThat(fx.info(repo).commit()).isEqualTo(fx.headCommit(repo));
    }

    @Test
    @DisplayName("an unborn branch has a branch, no commit, and is clean until something is staged")
    void unborn() {
      Path repo = fx.emptyRepo("r");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isNull();
      assertThat(info.branch()).isEqualTo(fx.headBranch(repo)).isEqualTo("main");
      assertThat(fx.run(repo, "rev-parse", "--verify", "-q", "HEAD").exit()).isNotZero();
      assertDirty(repo, false);
      write(repo.resolve("new.txt"), "n\n");
      assertDirty(repo, false); // untracked
      fx.git(repo, "add", "new.txt");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("symbolic refs are followed through a chain; the branch is its end, as in git")
    void symrefChain() {
      Path repo = fx.repo("r");
      fx.git(repo, "symbolic-ref", "refs/heads/alias", "refs/heads/main");
      fx.git(repo, "symbolic-ref", "HEAD", "refs/heads/alias");
      GitInfo info = fx.info(repo);
      assertThat(info.branch()).isEqualTo(fx.headBranch(repo)).isEqualTo("main");
      assertThat(info.commit()).isEqualTo(fx.headCommit(repo));
    }

    @Test
    @DisplayName("a symbolic ref loop leaves the commit unknown instead of spinning")
    void symrefLoop() {
      Path repo = fx.repo("r");
      write(repo.resolve(".git/refs/heads/x"), "ref: refs/heads/y\n");
      write(repo.resolve(".git/refs/heads/y"), "ref: refs/heads/x\n");
      write(repo.resolve(".git/HEAD"), "ref: refs/heads/x\n");
      assertThat(fx.run(repo, "rev-parse", "HEAD").exit()).isNotZero();
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isNull();
      assertThat(info.branch()).isEqualTo("x");
      assertThat(info.dirty()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("deeper than 5");
    }

    @Test
    @DisplayName("a HEAD pointing outside refs/ is refused, not followed")
    void hostileHead() {
      Path repo = fx.repo("r");
      write(repo.resolve(".git/HEAD"), "ref: refs/../../../../etc/passwd\n");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("invalid ref name");
    }

    @Test
    @DisplayName("a SHA-256 repository gives its 64-digit commit and detects changes")
    void sha256() {
      Path probe = fx.root.resolve("probe");
      GitFixture.Result r =
          fx.run(fx.root, "init", "-q", "--object-format=sha256", probe.toString());
      assumeThat(r.exit()).as("this git has no SHA-256 support: %s", r.err()).isZero();
      Path repo = fx.repo("r", "--object-format=sha256");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isEqualTo(fx.headCommit(repo)).hasSize(64);
      assertDirty(repo, false);
      write(repo.resolve("dir/b.txt"), "BEE\n");
      setMtime(repo.resolve("dir/b.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, true);
      fx.git(repo, "add", "-A");
      assertDirty(repo, true); // staged
    }
  }

  @Nested
  @DisplayName("worktrees and submodules")
  class Layouts {
    @Test
    @DisplayName("a linked worktree reads its own HEAD and index and the shared refs")
    void worktree() {
      Path repo = fx.repo("r");
      Path wt = fx.root.resolve("wt");
      fx.git(repo, "worktree", "add", "-q", "-b", "feature", wt.toString());
      fx.git(repo, "pack-refs", "--all");
      GitInfo info = fx.info(wt.resolve("dir"));
      assertThat(info.repositoryRoot()).isEqualTo(wt);
      assertThat(info.branch()).isEqualTo("feature");
      assertThat(info.commit()).isEqualTo(fx.headCommit(wt));
      assertDirty(wt, false);
      write(wt.resolve("a.txt"), "changed in the worktree\n");
      assertDirty(wt, true);
      assertDirty(repo, false);
      assertThat(fx.info(repo).branch()).isEqualTo("main");
    }

    @Test
    @DisplayName(
        "a submodule is read from inside it, and moves or edits in it make the parent dirty")
    void submodule() {
      Path lib = fx.repo("lib");
      Path app = fx.repo("app");
      fx.git(app, "submodule", "add", "-q", lib.toString(), "libs/lib");
      fx.git(app, "commit", "-q", "-m", "add submodule");
      Path sub = app.resolve("libs/lib");
      assertThat(Files.isRegularFile(sub.resolve(".git"))).isTrue();

      GitInfo inner = fx.info(sub.resolve("dir"));
      assertThat(inner.repositoryRoot()).isEqualTo(sub);
      assertThat(inner.commit()).isEqualTo(fx.headCommit(sub));
      assertDirty(sub, false);
      assertDirty(app, false);

      write(sub.resolve("a.txt"), "edited inside the submodule\n");
      assertDirty(sub, true);
      assertDirty(app, true);

      fx.git(sub, "commit", "-q", "-am", "moved");
      assertDirty(sub, false);
      assertDirty(app, true); // the checkout no longer matches the recorded commit
    }

    @Test
    @DisplayName("an uninitialised submodule counts as unchanged, as in git")
    void uninitialisedSubmodule() {
      Path lib = fx.repo("lib");
      Path app = fx.repo("app");
      fx.git(app, "submodule", "add", "-q", lib.toString(), "libs/lib");
      fx.git(app, "commit", "-q", "-m", "add submodule");
      Path clone = fx.root.resolve("clone");
      fx.git(fx.root, "clone", "-q", app.toString(), clone.toString());
      assertThat(clone.resolve("libs/lib")).isEmptyDirectory();
      assertDirty(clone, false);
    }

    @Test
    @DisplayName("core.worktree in the git directory's config places the work tree")
    void coreWorktree() throws IOException {
      Path repo = fx.repo("r");
      Path elsewhere = fx.root.resolve("elsewhere");
      Files.move(repo.resolve(".git"), elsewhere);
      fx.git(fx.root, "--git-dir=" + elsewhere, "config", "core.worktree", "../r");
      write(repo.resolve(".git"), "gitdir: ../elsewhere\n");
      GitInfo info = fx.info(repo.resolve("dir"));
      assertThat(info.repositoryRoot()).isEqualTo(repo);
      assertDirty(repo, false);
      write(repo.resolve("dir/b.txt"), "a longer text\n");
      assertDirty(repo, true);
    }
  }

  @Nested
  @DisplayName("dirty flag")
  class Dirty {
    @Test
    @DisplayName("a freshly committed repository is clean")
    void clean() {
      assertDirty(fx.repo("r"), false);
    }

    @Test
    @DisplayName("same size, different content, changed mtime: dirty")
    void modifiedSameSize() {
      Path repo = fx.repo("r");
      write(repo.resolve("a.txt"), "HELLO\n");
      setMtime(repo.resolve("a.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("touched (mtime changed, same content): clean")
    void touched() {
      Path repo = fx.repo("r");
      setMtime(repo.resolve("a.txt"), "2001-01-01T00:00:00Z");
      setMtime(repo.resolve("dir/b.txt"), "2030-01-01T00:00:00.123456789Z");
      assertDirty(repo, false);
    }

    @Test
    @DisplayName("size and mtime equal to the index entry: the file is trusted unread, as git does")
    void statMatchIsTrusted() {
      Path repo = fx.repo("r");
      // Git also compares ctime and inode; the reader does not (documented), so git is told to
      // trust size and mtime only, as the reader does, to stay a deterministic oracle.
      fx.git(repo, "config", "core.trustctime", "false");
      fx.git(repo, "config", "core.checkStat", "minimal");
      Path a = repo.resolve("a.txt");
      setMtime(a, "2001-01-01T00:00:00Z");
      fx.git(repo, "update-index", "--refresh"); // index now records the old mtime
      write(a, "HELLO\n");
      setMtime(a, "2001-01-01T00:00:00Z");
      assertDirty(repo, false); // git is fooled the same way: proof that the file was not read
    }

    @Test
    @DisplayName("an entry not older than the index is racily clean and is hashed, as git does")
    void racilyClean() {
      Path repo = fx.repo("r");
      Path a = repo.resolve("a.txt");
      setMtime(a, "2099-01-01T00:00:00Z");
      fx.git(repo, "update-index", "--refresh"); // entry mtime 2099 > index file mtime
      write(a, "HELLO\n");
      setMtime(a, "2099-01-01T00:00:00Z");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a deleted tracked file is dirty; an untracked file is not")
    void deletedAndUntracked() throws IOException {
      Path repo = fx.repo("r");
      write(repo.resolve("untracked.txt"), "u\n");
      assertDirty(repo, false);
      Files.delete(repo.resolve("dir/b.txt"));
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a staged change or a staged deletion is dirty even when the work tree matches")
    void staged() {
      Path repo = fx.repo("r");
      write(repo.resolve("a.txt"), "staged\n");
      fx.git(repo, "add", "a.txt");
      assertDirty(repo, true);
      Path other = fx.repo("r2");
      fx.git(other, "rm", "-q", "--cached", "a.txt");
      assertDirty(other, true);
    }

    @Test
    @DisplayName("a missing index with commits means everything is staged for deletion: dirty")
    void missingIndex() throws IOException {
      Path repo = fx.repo("r");
      Files.delete(repo.resolve(".git/index"));
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a flipped executable bit is dirty when core.fileMode is true")
    void executableBit() throws IOException {
      Path repo = fx.repo("r");
      Path a = repo.resolve("a.txt");
      assumeThat(a.getFileSystem().supportedFileAttributeViews()).contains("posix");
      Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
      assertDirty(repo, true);
      fx.git(repo, "config", "core.fileMode", "false");
      assertDirty(repo, false);
    }

    @Test
    @DisplayName("symlinks are compared by target; a file replaced by a symlink is a type change")
    void symlinks() throws IOException {
      Path repo = fx.repo("r");
      Files.createSymbolicLink(repo.resolve("link"), Path.of("a.txt"));
      fx.git(repo, "add", "link");
      fx.git(repo, "commit", "-q", "-m", "link");
      assertDirty(repo, false);
      Files.delete(repo.resolve("link"));
      Files.createSymbolicLink(repo.resolve("link"), Path.of("b.txt")); // same length
      assertDirty(repo, true);
      Files.delete(repo.resolve("link"));
      Files.createSymbolicLink(repo.resolve("link"), Path.of("a.txt"));
      assertDirty(repo, false);
      Files.delete(repo.resolve("dir/b.txt"));
      Files.createSymbolicLink(repo.resolve("dir/b.txt"), Path.of("../a.txt"));
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a tracked file under a directory replaced by a symlink counts as deleted")
    void symlinkedDirectory() throws IOException {
      Path repo = fx.repo("r");
      Path copy = Files.createDirectories(fx.root.resolve("copy"));
      Files.copy(repo.resolve("dir/b.txt"), copy.resolve("b.txt"));
      Files.delete(repo.resolve("dir/b.txt"));
      Files.delete(repo.resolve("dir"));
      Files.createSymbolicLink(repo.resolve("dir"), copy);
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a merge conflict in progress is dirty, and so is its staged resolution")
    void conflict() {
      Path repo = fx.repo("r");
      fx.git(repo, "checkout", "-q", "-b", "other");
      write(repo.resolve("a.txt"), "other\n");
      fx.git(repo, "commit", "-q", "-am", "other");
      fx.git(repo, "checkout", "-q", "main");
      write(repo.resolve("a.txt"), "mine\n");
      fx.git(repo, "commit", "-q", "-am", "mine");
      assertThat(fx.run(repo, "merge", "-q", "other").exit()).isNotZero();
      assertDirty(repo, true);
      write(repo.resolve("a.txt"), "resolved\n");
      fx.git(repo, "add", "a.txt"); // records the conflict stages in the REUC extension
      assertThat(indexText(repo)).contains("REUC");
      assertDirty(repo, true); // resolved but not committed
      fx.git(repo, "commit", "-q", "--no-edit");
      assertDirty(repo, false);
    }
  }

  @Nested
  @DisplayName("index formats and extensions")
  class IndexFormats {
    @Test
    @DisplayName("index v4 (prefix-compressed paths): clean and modified are told apart")
    void version4() {
      Path repo = fx.repo("r");
      write(repo.resolve("dir/c.txt"), "sea\n");
      write(repo.resolve("dir/deeper/d.txt"), "dee\n");
      fx.git(repo, "add", "-A");
      fx.git(repo, "commit", "-q", "-m", "more");
      fx.git(repo, "update-index", "--index-version", "4");
      assertThat(indexVersion(repo)).isEqualTo(4);
      assertDirty(repo, false);
      write(repo.resolve("dir/deeper/d.txt"), "DEE\n");
      setMtime(repo.resolve("dir/deeper/d.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, true);
      assertThat(indexVersion(repo)).isEqualTo(4);
    }

    @Test
    @DisplayName("index v3 with skip-worktree: the flagged entry is trusted, as git does")
    void version3SkipWorktree() {
      Path repo = fx.repo("r");
      fx.git(repo, "update-index", "--skip-worktree", "a.txt");
      assertThat(indexVersion(repo)).isEqualTo(3);
      write(repo.resolve("a.txt"), "changed but skipped\n");
      assertDirty(repo, false);
      write(repo.resolve("dir/b.txt"), "changed and not skipped\n");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("index v3 with an intent-to-add entry (git add -N) is dirty")
    void version3IntentToAdd() {
      Path repo = fx.repo("r");
      write(repo.resolve("new.txt"), "");
      fx.git(repo, "add", "-N", "new.txt");
      assertThat(indexVersion(repo)).isEqualTo(3);
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("assume-unchanged entries are trusted, as git does")
    void assumeUnchanged() {
      Path repo = fx.repo("r");
      fx.git(repo, "update-index", "--assume-unchanged", "a.txt");
      write(repo.resolve("a.txt"), "changed but assumed unchanged\n");
      assertDirty(repo, false);
    }

    @Test
    @DisplayName("a split index (required extension 'link') leaves dirty unknown")
    void splitIndex() {
      Path repo = fx.repo("r");
      fx.git(repo, "update-index", "--split-index");
      assertUndecided(repo, "'link'");
      assertThat(fx.info(repo).commit()).isEqualTo(fx.headCommit(repo));
    }

    @Test
    @DisplayName("a sparse checkout without sparse index: entries outside the cone are trusted")
    void sparseCheckout() {
      Path repo = fx.repo("r");
      fx.git(repo, "sparse-checkout", "set", "--cone", "--no-sparse-index", "x");
      assertThat(repo.resolve("dir")).doesNotExist();
      assertDirty(repo, false);
      write(repo.resolve("a.txt"), "top-level files stay in the cone\n");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a sparse index (required extension 'sdir') leaves dirty unknown")
    void sparseIndex() {
      Path repo = fx.repo("r");
      fx.git(repo, "sparse-checkout", "set", "--cone", "--sparse-index", "x");
      assertThat(indexText(repo)).contains("sdir");
      assertUndecided(repo, "'sdir'");
    }

    @Test
    @DisplayName("optional extensions (TREE, UNTR, EOIE, IEOT) are skipped")
    void optionalExtensions() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.untrackedCache", "true");
      fx.git(repo, "update-index", "--untracked-cache");
      fx.git(repo, "status", "--porcelain"); // fills UNTR and TREE
      fx.git(
          repo,
          "-c",
          "index.recordEndOfIndexEntries=true",
          "-c",
          "index.recordOffsetTable=true",
          "-c",
          "index.threads=2",
          "update-index",
          "--really-refresh",
          // without it git keeps the old index when nothing changed, and the extensions are
          // written only when the index is
          "--force-write-index");
      assertThat(indexText(repo)).contains("TREE", "UNTR", "EOIE", "IEOT");
      assertDirty(repo, false);
      write(repo.resolve("a.txt"), "changed\n");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a corrupted index (checksum mismatch) leaves dirty unknown")
    void corruptChecksum() throws IOException {
      Path repo = fx.repo("r");
      try (RandomAccessFile f = new RandomAccessFile(repo.resolve(".git/index").toFile(), "rw")) {
        f.seek(12 + 8); // mtime seconds of the first entry
        int b = f.read();
        f.seek(12 + 8);
        f.write(b ^ 0x01);
      }
      assertUndecided(repo, "checksum");
    }
  }

  @Nested
  @DisplayName("content conversions")
  class Conversion {
    @Test
    @DisplayName("core.autocrlf=true: an LF-only change is dirty (git stores CR-free bytes as is)")
    void autocrlfLfChange() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.autocrlf", "true");
      write(repo.resolve("a.txt"), "HELLO\n");
      setMtime(repo.resolve("a.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("core.autocrlf=true: a size change is dirty, as git status says even for CRLF")
    void autocrlfSizeChange() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.autocrlf", "true");
      write(repo.resolve("a.txt"), "hello\r\n"); // converts back to the blob, but the size moved
      assertDirty(repo, true);
    }

    @Test
    @DisplayName(
        "core.autocrlf=true: a touched CRLF file that matches only after CRLF->LF is undecided")
    void autocrlfTouchedCrlf() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.autocrlf", "true");
      write(repo.resolve("crlf.txt"), "one\r\ntwo\r\n");
      fx.git(repo, "add", "crlf.txt"); // stored as "one\ntwo\n"
      fx.git(repo, "commit", "-q", "-m", "crlf");
      setMtime(repo.resolve("crlf.txt"), "2001-01-01T00:00:00Z");
      GitInfo info = fx.info(repo);
      assertThat(fx.gitSaysDirty(repo)).isFalse(); // git converts and sees no change
      assertThat(info.dirty()).isNull(); // deciding needs git's text detection, not replayed
      assertThat(info.dirtyUnknownReason()).contains("crlf.txt").contains("core.autocrlf=true");
    }

    @Test
    @DisplayName("core.autocrlf=true: a same-size CRLF edit that differs after conversion is dirty")
    void autocrlfCrlfChange() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.autocrlf", "true");
      write(repo.resolve("crlf.txt"), "one\r\ntwo\r\n");
      fx.git(repo, "add", "crlf.txt");
      fx.git(repo, "commit", "-q", "-m", "crlf");
      write(repo.resolve("crlf.txt"), "One\r\ntwo\r\n");
      setMtime(repo.resolve("crlf.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("'* text=auto' in .gitattributes: an LF change is still decided")
    void textAuto() {
      Path repo = fx.repo("r");
      write(repo.resolve(".gitattributes"), "* text=auto\n*.png binary\n");
      fx.git(repo, "add", ".gitattributes");
      fx.git(repo, "commit", "-q", "-m", "attributes");
      assertDirty(repo, false);
      write(repo.resolve("dir/b.txt"), "changed\n");
      assertDirty(repo, true);
    }

    @Test
    @DisplayName("a filter attribute (as git-lfs sets) makes a changed file undecided")
    void filter() {
      Path repo = fx.repo("r");
      write(repo.resolve("dir/.gitattributes"), "*.txt filter=lfs diff=lfs merge=lfs -text\n");
      fx.git(repo, "add", "dir/.gitattributes");
      fx.git(repo, "commit", "-q", "-m", "attributes");
      setMtime(repo.resolve("dir/b.txt"), "2001-01-01T00:00:00Z");
      assertDirty(repo, false); // touched only: the raw bytes still match
      write(repo.resolve("dir/b.txt"), "BEE\n"); // same size: only the content could tell
      setMtime(repo.resolve("dir/b.txt"), "2002-01-01T00:00:00Z");
      assertUndecided(repo, "filter=lfs");
      write(repo.resolve("a.txt"), "the root file is outside dir/ and its attributes\n");
      assertDirty(repo, true); // a definite change elsewhere wins over the undecided one
    }
  }

  @Nested
  @DisplayName("hostile or damaged repositories")
  class Hostile {
    @Test
    @DisplayName("an index entry with '..' or an absolute path leaves dirty unknown")
    void pathOutsideWorkTree() throws IOException {
      for (String bad :
          new String[] {"../outside.txt", "/etc/passwd", "a/../../x", "x/.git/config"}) {
        Path repo = fx.emptyRepo("r" + Math.abs(bad.hashCode()));
        byte[] id = ObjectFormat.SHA1.objectId("blob", "x".getBytes(StandardCharsets.UTF_8));
        Files.write(repo.resolve(".git/index"), TestIndex.v2(bad, id));
        GitInfo info = fx.info(repo);
        assertThat(info.dirty()).as(bad).isNull();
        assertThat(info.dirtyUnknownReason()).contains("index entry outside the work tree");
      }
    }

    @Test
    @DisplayName("an index of an unknown version leaves dirty unknown")
    void unknownVersion() throws IOException {
      Path repo = fx.repo("r");
      byte[] index = Files.readAllBytes(repo.resolve(".git/index"));
      index[7] = 5;
      Files.write(repo.resolve(".git/index"), TestIndex.rehash(index));
      assertUndecided(repo, "version 5");
    }

    @Test
    @DisplayName("an unknown repository extension leaves everything unknown, as git refuses too")
    void unknownExtension() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.repositoryFormatVersion", "1");
      fx.git(repo, "config", "extensions.somethingNew", "true");
      assertThat(fx.run(repo, "status").exit()).isNotZero();
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("extensions.somethingnew");
    }

    @Test
    @DisplayName("reftable refs are not read: commit unknown, with the reason")
    void reftable() {
      Path repo = fx.repo("r");
      fx.git(repo, "config", "core.repositoryFormatVersion", "1");
      fx.git(repo, "config", "extensions.refStorage", "reftable");
      GitInfo info = fx.info(repo);
      assertThat(info.commit()).isNull();
      assertThat(info.branch()).isNull();
      assertThat(info.dirty()).isNull();
      assertThat(info.dirtyUnknownReason()).contains("reftable");
    }
  }

  @Nested
  @DisplayName("object store")
  class ObjectStore {
    @Test
    @DisplayName("a HEAD commit stored in a pack (after gc) is read, so staged changes are seen")
    void packedCommit() throws IOException {
      Path repo = fx.repo("r");
      fx.git(repo, "gc", "-q", "--prune=now");
      try (var s = Files.list(repo.resolve(".git/objects"))) {
        assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.length() == 2)).isEmpty();
      }
      assertDirty(repo, false);
      write(repo.resolve("a.txt"), "staged\n");
      fx.git(repo, "add", "a.txt");
      assertDirty(repo, true);
    }
  }

  private static int indexVersion(Path repo) {
    try {
      byte[] b = Files.readAllBytes(repo.resolve(".git/index"));
      return b[7];
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String indexText(Path repo) {
    try {
      return new String(
          Files.readAllBytes(repo.resolve(".git/index")), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
