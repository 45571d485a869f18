package dev.mlops.core.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a repository's work tree and index differ from its HEAD commit, the way {@code
 * git status --porcelain --untracked-files=no} would report it, or says why it cannot.
 *
 * <ol>
 *   <li>Read the index (see {@link GitIndex}).
 *   <li>Unmerged entries (stage 1-3, a conflict in progress) and intent-to-add entries ({@code git
 *       add -N}) are changes not yet committed: dirty.
 *   <li>Staged changes: the tree the index would be written as ({@code git write-tree}, computed in
 *       memory from the entries) is compared with the tree of the HEAD commit (read from the object
 *       store). With an unborn HEAD, any entry is a staged change.
 *   <li>Unstaged changes, entry by entry, stopping at the first change:
 *       <ul>
 *         <li>assume-valid ({@code git update-index --assume-unchanged}) and skip-worktree (sparse
 *             checkout) entries are trusted as unchanged, as git does;
 *         <li>a missing file, or one under a symlinked or replaced directory, is a deletion;
 *         <li>a different file type (file, symlink, directory), or a flipped owner-execute bit when
 *             {@code core.fileMode} is true (the default) and the file system has POSIX
 *             permissions, is a change;
 *         <li>when size and mtime match the entry (mtime compared to the nanosecond where both
 *             sides have nanoseconds, else to the second), the file is not read, unless the entry
 *             is "racily clean" (its mtime is not older than the index file) or was smudged to size
 *             0 by git: then it is hashed, as git does. Ctime, inode, uid and gid are not compared
 *             (git compares them unless {@code core.trustCtime=false}, {@code
 *             core.checkStat=minimal}), so an edit that keeps the size and puts the mtime back is
 *             not seen;
 *         <li>a size different from a non-zero recorded size is a change without reading the file
 *             (git's rule in {@code ie_modified}; it holds under conversions too, since the
 *             recorded size is the work-tree size);
 *         <li>otherwise the file is hashed as a git blob (a symlink: its target) and compared with
 *             the indexed id; see {@link Conversions} for when a mismatch cannot be decided;
 *         <li>a submodule (gitlink) is changed when its checked-out HEAD differs from the recorded
 *             commit or its own work tree is dirty (checked recursively, at most {@value
 *             #MAX_SUBMODULE_DEPTH} deep); an uninitialised submodule (no {@code .git}) is
 *             unchanged, as git treats it. {@code submodule.<name>.ignore} and {@code
 *             diff.ignoreSubmodules} are not read, so this can be stricter than git.
 *       </ul>
 * </ol>
 *
 * <p>Untracked files are ignored. A definite change anywhere wins over an undecidable entry
 * elsewhere: the result is null only when nothing changed for certain.
 */
final class WorkTreeCheck {
  private static final Logger LOG = LoggerFactory.getLogger(WorkTreeCheck.class);
  static final int MAX_SUBMODULE_DEPTH = 8;
  private static final int BUFFER = 64 * 1024;

  /** The answer: {@code dirty} null exactly when {@code reason} is set. */
  record Decision(@Nullable Boolean dirty, @Nullable String reason) {
    static final Decision CLEAN = new Decision(false, null);
    static final Decision DIRTY = new Decision(true, null);

    static Decision unknown(String reason) {
      return new Decision(null, reason);
    }
  }

  private enum Outcome {
    SAME,
    CHANGED
  }

  private final Repository repo;
  private final Refs.Head head;
  private final int depth;
  private final Map<String, Boolean> realDirs = new HashMap<>();
  private @Nullable Conversions conversions;
  private @Nullable FileTime indexTime;
  private boolean trustExecutableBit;
  private boolean symlinks;

  WorkTreeCheck(Repository repo, Refs.Head head, int depth) {
    this.repo = repo;
    this.head = head;
    this.depth = depth;
  }

  Decision run() {
    Path workTree = repo.workTree;
    if (workTree == null) {
      return Decision.unknown("bare repository: there is no work tree to compare");
    }
    List<GitIndex.Entry> entries;
    try {
      trustExecutableBit = repo.allConfig.getBoolean("core.filemode").orElse(true);
      symlinks = repo.allConfig.getBoolean("core.symlinks").orElse(true);
      Path indexFile = repo.gitDir.resolve("index");
      entries = GitIndex.read(indexFile, repo.format);
      indexTime = indexTime(indexFile);
    } catch (Undecidable e) {
      return Decision.unknown(e.getMessage());
    }
    for (GitIndex.Entry e : entries) {
      if (e.stage() != 0) {
        return dirty("'" + e.path() + "' is unmerged (a conflict is in progress)");
      }
      if (e.intentToAdd()) {
        return dirty("'" + e.path() + "' is marked intent-to-add");
      }
    }
    String firstUnknown = null;
    try {
      if (stagedChanges(entries)) {
        return dirty("the index differs from the HEAD commit (staged changes)");
      }
    } catch (Undecidable e) {
      firstUnknown = e.getMessage();
    }
    for (GitIndex.Entry e : entries) {
      if (e.assumeValid() || e.skipWorktree()) {
        continue;
      }
      try {
        if (check(workTree, e) == Outcome.CHANGED) {
          return dirty("'" + e.path() + "' differs from the index");
        }
      } catch (Undecidable u) {
        if (firstUnknown == null) {
          firstUnknown = u.getMessage();
        }
      }
    }
    return firstUnknown == null ? Decision.CLEAN : Decision.unknown(firstUnknown);
  }

  private Decision dirty(String why) {
    LOG.debug("{} is dirty: {}", repo.root(), why);
    return Decision.DIRTY;
  }

  private static @Nullable FileTime indexTime(Path indexFile) throws Undecidable {
    try {
      return Files.getLastModifiedTime(indexFile);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new Undecidable("the git index " + indexFile + " could not be read: " + e);
    }
  }

  private boolean stagedChanges(List<GitIndex.Entry> entries) throws Undecidable {
    if (head.commit() == null) {
      if (head.unborn()) {
        return !entries.isEmpty();
      }
      throw new Undecidable("HEAD could not be resolved: " + head.problem());
    }
    GitObjects objects = GitObjects.open(repo.commonDir.resolve("objects"), repo.format);
    String headTree = objects.treeOfCommit(head.commit());
    String indexTree = ObjectFormat.hex(treeId(entries, repo.format));
    return !headTree.equals(indexTree);
  }

  /**
   * The id {@code git write-tree} would give the index: one tree object per directory, entries
   * {@code <octal mode> <name>\0<raw id>} sorted by name with directories compared as "name/".
   */
  static byte[] treeId(List<GitIndex.Entry> entries, ObjectFormat format) {
    return tree(entries, 0, entries.size(), 0, format);
  }

  private record TreeItem(byte[] name, int mode, byte[] id) {
    byte[] sortKey() {
      if (mode != 040000) {
        return name;
      }
      byte[] k = Arrays.copyOf(name, name.length + 1);
      k[name.length] = '/';
      return k;
    }
  }

  private static byte[] tree(
      List<GitIndex.Entry> entries, int from, int to, int prefix, ObjectFormat format) {
    List<TreeItem> items = new ArrayList<>();
    int i = from;
    while (i < to) {
      byte[] p = entries.get(i).pathBytes();
      int slash = indexOf(p, (byte) '/', prefix);
      if (slash < 0) {
        GitIndex.Entry e = entries.get(i);
        items.add(new TreeItem(Arrays.copyOfRange(p, prefix, p.length), e.mode(), e.id()));
        i++;
        continue;
      }
      int j = i + 1;
      while (j < to && startsWithDir(entries.get(j).pathBytes(), p, slash)) {
        j++;
      }
      byte[] sub = tree(entries, i, j, slash + 1, format);
      items.add(new TreeItem(Arrays.copyOfRange(p, prefix, slash), 040000, sub));
      i = j;
    }
    items.sort((a, b) -> Arrays.compareUnsigned(a.sortKey(), b.sortKey()));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (TreeItem item : items) {
      out.writeBytes(Integer.toOctalString(item.mode()).getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
      out.writeBytes(item.name());
      out.write(0);
      out.writeBytes(item.id());
    }
    return format.objectId("tree", out.toByteArray());
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** True when {@code path} starts with {@code dir[0..slash]} followed by '/'. */
  private static boolean startsWithDir(byte[] path, byte[] dir, int slash) {
    if (path.length <= slash) {
      return false;
    }
    return Arrays.equals(path, 0, slash + 1, dir, 0, slash + 1);
  }

  private Outcome check(Path workTree, GitIndex.Entry e) throws Undecidable {
    try {
      return checkPath(workTree, e);
    } catch (InvalidPathException ex) {
      throw new Undecidable(
          "'" + e.path() + "' cannot be named on this file system (" + ex.getMessage() + ")");
    }
  }

  private Outcome checkPath(Path workTree, GitIndex.Entry e) throws Undecidable {
    String[] parts = e.path().split("/");
    Path file = workTree;
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      file = file.resolve(parts[i]);
      prefix.append(parts[i]).append('/');
      if (!isRealDirectory(prefix.toString(), file)) {
        return Outcome.CHANGED; // git: a path under a symlink or a non-directory is deleted
      }
    }
    file = file.resolve(parts[parts.length - 1]);
    if (!file.normalize().startsWith(workTree)) {
      throw new Undecidable("index entry outside the work tree: '" + e.path() + "'");
    }
    BasicFileAttributes attrs;
    try {
      attrs = stat(file);
    } catch (NoSuchFileException ex) {
      return Outcome.CHANGED; // deleted
    } catch (IOException ex) {
      throw new Undecidable("'" + e.path() + "' could not be examined: " + ex);
    }
    int type = e.mode() & GitIndex.MODE_TYPE_MASK;
    switch (type) {
      case GitIndex.MODE_GITLINK:
        return submodule(file, e, attrs);
      case GitIndex.MODE_SYMLINK:
        if (attrs.isSymbolicLink()) {
          if (sizeChanged(e, attrs)) {
            return Outcome.CHANGED;
          }
          if (statMatches(e, attrs)) {
            return Outcome.SAME;
          }
          byte[] target = linkTarget(file, e);
          return MessageDigest.isEqual(repo.format.objectId("blob", target), e.id())
              ? Outcome.SAME
              : Outcome.CHANGED;
        }
        if (attrs.isRegularFile() && !symlinks) {
          return regularFile(file, e, attrs, false); // core.symlinks=false: link text in a file
        }
        return Outcome.CHANGED; // type change
      case GitIndex.MODE_REGULAR:
        if (!attrs.isRegularFile()) {
          return Outcome.CHANGED; // type change
        }
        return regularFile(file, e, attrs, true);
      default:
        throw new Undecidable(
            "'" + e.path() + "' has index mode " + Integer.toOctalString(e.mode()) + ", unknown");
    }
  }

  private static BasicFileAttributes stat(Path file) throws IOException {
    try {
      return Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
  }

  private boolean isRealDirectory(String key, Path dir) throws Undecidable {
    Boolean known = realDirs.get(key);
    if (known != null) {
      return known;
    }
    boolean real;
    try {
      real =
          Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .isDirectory();
    } catch (NoSuchFileException e) {
      real = false;
    } catch (IOException e) {
      throw new Undecidable("directory " + dir + " could not be examined: " + e);
    }
    realDirs.put(key, real);
    return real;
  }

  private Outcome regularFile(Path file, GitIndex.Entry e, BasicFileAttributes attrs, boolean mode)
      throws Undecidable {
    if (mode && trustExecutableBit && attrs instanceof PosixFileAttributes posix) {
      boolean exec = posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
      boolean indexExec = (e.mode() & GitIndex.MODE_EXECUTABLE) != 0;
      if (exec != indexExec) {
        return Outcome.CHANGED;
      }
    }
    if (sizeChanged(e, attrs)) {
      return Outcome.CHANGED;
    }
    if (statMatches(e, attrs)) {
      return Outcome.SAME;
    }
    Hashed raw = hashFile(file, e, false);
    if (MessageDigest.isEqual(raw.id(), e.id())) {
      if (raw.crlfPairs() > 0) {
        Conversions.Declared d = conversions().forPath(e.path());
        if (d.explicitText) {
          throw new Undecidable(
              "'"
                  + e.path()
                  + "' matches the index byte for byte but has CRLF line endings, which git may"
                  + " re-normalise because of "
                  + d.describe());
        }
      }
      return Outcome.SAME;
    }
    Conversions.Declared d = conversions().forPath(e.path());
    if (d.arbitrary) {
      throw new Undecidable(
          "'"
              + e.path()
              + "' differs from the index byte for byte, but git passes it through a content"
              + " conversion this reader does not run: "
              + d.describe());
    }
    if (d.lineEndings() && raw.crlfPairs() > 0) {
      Hashed normalised = hashFile(file, e, true);
      if (MessageDigest.isEqual(normalised.id(), e.id())) {
        throw new Undecidable(
            "'"
                + e.path()
                + "' matches the index only after CRLF to LF conversion; whether git converts it"
                + " depends on its text detection ("
                + d.describe()
                + ")");
      }
    }
    return Outcome.CHANGED;
  }

  private Conversions conversions() {
    Conversions c = conversions;
    if (c == null) {
      Path workTree = repo.workTree;
      c =
          new Conversions(
              workTree == null ? repo.gitDir : workTree, repo.commonDir, repo.allConfig, repo.env);
      conversions = c;
    }
    return c;
  }

  /**
   * Git's rule in {@code ie_modified}: a size different from a non-zero recorded size is a change,
   * without looking at the content (the recorded size is the work-tree size at {@code git add}, so
   * this holds under conversions too; size 0 means "smudged", decided by content).
   */
  private static boolean sizeChanged(GitIndex.Entry e, BasicFileAttributes attrs) {
    return e.size() != 0 && (int) attrs.size() != e.size();
  }

  /**
   * Git's stat check, restricted to size and mtime: the sizes agree modulo 2^32 (the index keeps 32
   * bits), the mtimes agree, the entry is not racily clean and not smudged.
   */
  private boolean statMatches(GitIndex.Entry e, BasicFileAttributes attrs) {
    if ((int) attrs.size() != e.size()) {
      return false;
    }
    Instant mtime = attrs.lastModifiedTime().toInstant();
    long entrySeconds = Integer.toUnsignedLong(e.mtimeSeconds());
    if ((mtime.getEpochSecond() & 0xffffffffL) != entrySeconds) {
      return false;
    }
    if (e.mtimeNanos() != 0 && mtime.getNano() != 0 && e.mtimeNanos() != mtime.getNano()) {
      return false;
    }
    if (e.size() == 0
        && !MessageDigest.isEqual(e.id(), repo.format.objectId("blob", new byte[0]))) {
      return false; // smudged by git as racily clean: must look at the content
    }
    FileTime index = indexTime;
    if (index != null) {
      Instant t = index.toInstant();
      if (entrySeconds > t.getEpochSecond()) {
        return false;
      }
      if (entrySeconds == t.getEpochSecond()
          && (e.mtimeNanos() == 0 || t.getNano() == 0 || t.getNano() <= e.mtimeNanos())) {
        return false; // racily clean: modified in the same tick the index was written
      }
    }
    return true;
  }

  private record Hashed(byte[] id, long crlfPairs) {}

  /**
   * Hashes a file as a git blob. With {@code normalise}, CRLF pairs are hashed as LF (the only
   * change git's line-ending conversion makes on the way into the index).
   */
  private Hashed hashFile(Path file, GitIndex.Entry e, boolean normalise) throws Undecidable {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = ch.size();
      long pairs = 0;
      if (normalise) {
        pairs = countCrlf(ch);
      }
      MessageDigest md = repo.format.newDigest();
      md.update(("blob " + (size - pairs) + "\0").getBytes(StandardCharsets.US_ASCII));
      ByteBuffer buf = ByteBuffer.allocate(BUFFER);
      byte[] out = new byte[BUFFER];
      long read = 0;
      long seen = 0;
      boolean pendingCr = false;
      long pos = 0;
      int n;
      while ((n = ch.read(buf, pos)) > 0) {
        pos += n;
        read += n;
        byte[] a = buf.array();
        int o = 0;
        for (int i = 0; i < n; i++) {
          byte b = a[i];
          if (pendingCr) {
            pendingCr = false;
            if (b == '\n') {
              seen++;
              if (!normalise) {
                out[o++] = '\r';
              }
            } else {
              out[o++] = '\r';
            }
          }
          if (b == '\r') {
            pendingCr = true;
          } else {
            out[o++] = b;
          }
          if (o >= out.length - 1) {
            md.update(out, 0, o);
            o = 0;
          }
        }
        md.update(out, 0, o);
        buf.clear();
      }
      if (pendingCr) {
        md.update((byte) '\r');
      }
      if (read != size || (normalise && seen != pairs)) {
        throw new Undecidable("'" + e.path() + "' changed while it was being read");
      }
      return new Hashed(md.digest(), seen);
    } catch (NoSuchFileException ex) {
      throw new Undecidable("'" + e.path() + "' disappeared while it was being read");
    } catch (IOException ex) {
      throw new Undecidable("'" + e.path() + "' could not be read: " + ex);
    }
  }

  private static long countCrlf(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    long pairs = 0;
    boolean cr = false;
    long pos = 0;
    int n;
    while ((n = ch.read(buf, pos)) > 0) {
      pos += n;
      byte[] a = buf.array();
      for (int i = 0; i < n; i++) {
        if (cr && a[i] == '\n') {
          pairs++;
        }
        cr = a[i] == '\r';
      }
      buf.clear();
    }
    return pairs;
  }

  private static byte[] linkTarget(Path file, GitIndex.Entry e) throws Undecidable {
    try {
      String target = Files.readSymbolicLink(file).toString();
      return target.getBytes(fileNameCharset());
    } catch (IOException ex) {
      throw new Undecidable("symlink '" + e.path() + "' could not be read: " + ex);
    }
  }

  private static Charset fileNameCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException ex) {
      return StandardCharsets.UTF_8;
    }
  }

  private Outcome submodule(Path dir, GitIndex.Entry e, BasicFileAttributes attrs)
      throws Undecidable {
    if (!attrs.isDirectory()) {
      return Outcome.CHANGED;
    }
    if (!Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
      return Outcome.SAME; // not initialised: git reports nothing either
    }
    if (depth >= MAX_SUBMODULE_DEPTH) {
      throw new Undecidable("submodules nest deeper than " + MAX_SUBMODULE_DEPTH);
    }
    Optional<GitInfo> sub = GitReader.inspectDirectory(dir, repo.env, depth + 1);
    if (sub.isEmpty()) {
      throw new Undecidable("submodule '" + e.path() + "' has a .git that is not a repository");
    }
    GitInfo info = sub.get();
    String recorded = ObjectFormat.hex(e.id());
    if (info.commit() == null) {
      throw new Undecidable("submodule '" + e.path() + "': its HEAD names no commit");
    }
    if (!info.commit().equals(recorded)) {
      return Outcome.CHANGED;
    }
    if (info.dirty() == null) {
      throw new Undecidable("submodule '" + e.path() + "': " + info.dirtyUnknownReason());
    }
    return info.dirty() ? Outcome.CHANGED : Outcome.SAME;
  }
}
