package dev.mlops.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code HEAD} through the files backend of git refs: loose ref files, then {@code
 * packed-refs}, following symbolic refs at most {@value #MAX_SYMREF_DEPTH} deep (git's {@code
 * SYMREF_MAXDEPTH}). Per-worktree refs ({@code HEAD}, {@code refs/bisect/}, {@code refs/worktree/},
 * {@code refs/rewritten/}) are read from the worktree's git directory, all others from the common
 * directory.
 */
final class Refs {
  static final int MAX_SYMREF_DEPTH = 5;
  private static final long MAX_REF_FILE_BYTES = 1 << 16;
  private static final long MAX_PACKED_REFS_BYTES = 1L << 28;

  /**
   * What HEAD says.
   *
   * @param branch the ref HEAD resolves to through symbolic refs, as {@code git symbolic-ref HEAD}
   *     prints it ("main" for refs/heads/main); HEAD's own target when the chain is broken; null
   *     when detached
   * @param commit the resolved object id, null when unborn or unresolvable
   * @param unborn HEAD names a branch that does not exist yet
   * @param problem why the commit could not be resolved (null when resolved or unborn)
   */
  record Head(
      @Nullable String branch, @Nullable String commit, boolean unborn, @Nullable String problem) {}

  private final Path gitDir;
  private final Path commonDir;
  private final ObjectFormat format;

  Refs(Path gitDir, Path commonDir, ObjectFormat format) {
    this.gitDir = gitDir;
    this.commonDir = commonDir;
    this.format = format;
  }

  /** "main" for refs/heads/main; other refs keep their full name. */
  private static String branchName(String ref) {
    return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
  }

  Head head() {
    String content;
    try {
      content = readSmall(gitDir.resolve("HEAD"));
    } catch (IOException e) {
      return new Head(null, null, false, "HEAD could not be read: " + e);
    }
    if (content == null) {
      return new Head(null, null, false, "HEAD is missing");
    }
    if (!content.startsWith("ref:")) {
      if (format.isHexId(content)) {
        return new Head(null, content, false, null);
      }
      return new Head(null, null, false, "HEAD holds neither a ref nor an object id");
    }
    String target = content.substring(4).strip();
    if (!isSafeRefName(target)) {
      return new Head(null, null, false, "HEAD points at an invalid ref name '" + target + "'");
    }
    String name = target;
    for (int depth = 0; depth < MAX_SYMREF_DEPTH; depth++) {
      String value;
      try {
        value = lookup(name);
      } catch (IOException e) {
        return new Head(branchName(name), null, false, "ref " + name + " could not be read: " + e);
      } catch (Undecidable e) {
        return new Head(branchName(name), null, false, e.getMessage());
      }
      if (value == null) {
        return new Head(branchName(name), null, true, null);
      }
      if (value.startsWith("ref:")) {
        String next = value.substring(4).strip();
        if (!isSafeRefName(next)) {
          return new Head(
              branchName(target), null, false, "ref " + name + " points at invalid '" + next + "'");
        }
        name = next;
        continue;
      }
      if (format.isHexId(value)) {
        return new Head(branchName(name), value, false, null);
      }
      return new Head(branchName(name), null, false, "ref " + name + " holds no valid object id");
    }
    return new Head(
        branchName(target),
        null,
        false,
        "symbolic refs from HEAD nest deeper than " + MAX_SYMREF_DEPTH + " (a loop?)");
  }

  /** The content of a ref (trimmed), or null when it does not exist. */
  private @Nullable String lookup(String name) throws IOException, Undecidable {
    boolean perWorktree =
        !name.startsWith("refs/")
            || name.startsWith("refs/bisect/")
            || name.startsWith("refs/worktree/")
            || name.startsWith("refs/rewritten/");
    Path loose = (perWorktree ? gitDir : commonDir).resolve(name);
    String value = readSmall(loose);
    if (value != null || perWorktree) {
      return value;
    }
    return packed(name);
  }

  /** Looks a ref up in {@code packed-refs}: "# header", "<id> <name>", "^<peeled id>" lines. */
  private @Nullable String packed(String name) throws IOException, Undecidable {
    Path file = commonDir.resolve("packed-refs");
    byte[] data;
    try {
      if (Files.size(file) > MAX_PACKED_REFS_BYTES) {
        throw new Undecidable("packed-refs is larger than " + MAX_PACKED_REFS_BYTES + " bytes");
      }
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    String text = new String(data, StandardCharsets.UTF_8);
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("^")) {
        continue;
      }
      int space = line.indexOf(' ');
      if (space != format.hexLength() || !format.isHexId(line.substring(0, space))) {
        throw new Undecidable("packed-refs has an unexpected line: '" + line + "'");
      }
      if (line.substring(space + 1).equals(name)) {
        return line.substring(0, space);
      }
    }
    return null;
  }

  /** Reads a small file, trimmed; null when absent or a directory. */
  private static @Nullable String readSmall(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null; // absent, or a directory (a ref namespace, not a ref)
    }
    if (Files.size(file) > MAX_REF_FILE_BYTES) {
      throw new IOException(file + " is too large to be a ref");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /**
   * The part of git's {@code check_refname_format} that keeps a ref inside the refs directory:
   * "HEAD"-like names or names under refs/, with no empty, "." or ".." component and none of the
   * characters git forbids.
   */
  static boolean isSafeRefName(String name) {
    if (name.isEmpty() || name.endsWith("/") || name.endsWith(".lock") || name.contains("@{")) {
      return false;
    }
    if (!name.startsWith("refs/") && !name.matches("[A-Z_]+")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || " ~^:?*[\\".indexOf(c) >= 0) {
        return false;
      }
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.startsWith(".") || part.contains("..")) {
        return false;
      }
    }
    return true;
  }
}
