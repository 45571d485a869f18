package dev.mlops.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether git may convert a file's bytes on their way into the index, so that the raw bytes in the
 * work tree need not hash to the indexed blob even when git considers the file unchanged.
 *
 * <p>Two kinds are told apart:
 *
 * <ul>
 *   <li><b>line endings</b>: {@code core.autocrlf} true or input, or the attributes {@code text},
 *       {@code eol}, {@code crlf}. On the way in git only turns CRLF into LF, so a file without a
 *       CRLF pair is stored as it is. {@code text=auto} and {@code core.autocrlf} leave alone a
 *       file whose indexed blob already has CRLF; an explicit {@code text}, {@code eol} or {@code
 *       crlf} attribute does not.
 *   <li><b>arbitrary</b>: the attributes {@code filter} (git-lfs, for one), {@code ident} and
 *       {@code working-tree-encoding}: any output is possible.
 * </ul>
 *
 * <p>Attributes are looked for where git looks for the path being checked: {@code .gitattributes}
 * in the work tree root and in each directory leading to the file, {@code info/attributes} in the
 * common git directory, {@code core.attributesFile} (default {@code
 * $XDG_CONFIG_HOME/git/attributes}), and {@code /etc/gitattributes} unless {@code
 * GIT_ATTR_NOSYSTEM}. A declaration counts wherever it appears in those files, whatever its
 * pattern, and also inside {@code [attr]} macro definitions: this errs towards "cannot decide",
 * never towards a wrong answer. Unset forms ({@code -text}, {@code !eol}, the {@code binary} macro)
 * declare nothing.
 */
final class Conversions {

  /** What applies to one path: flags plus where they come from (for the reason text). */
  static final class Declared {
    boolean explicitText;
    boolean autoText;
    boolean arbitrary;
    final Set<String> sources = new LinkedHashSet<>();

    boolean lineEndings() {
      return explicitText || autoText;
    }

    void add(Declared other) {
      explicitText |= other.explicitText;
      autoText |= other.autoText;
      arbitrary |= other.arbitrary;
      sources.addAll(other.sources);
    }

    String describe() {
      return String.join(", ", sources);
    }
  }

  private final Path workTree;
  private final List<Path> fixedFiles = new ArrayList<>();
  private final @Nullable String autocrlf;
  private final Map<Path, Declared> byFile = new HashMap<>();

  Conversions(Path workTree, Path commonDir, GitConfig allConfig, Map<String, String> env) {
    this.workTree = workTree;
    String crlf = allConfig.get("core.autocrlf").orElse("false");
    Boolean b = GitConfig.parseBoolean(crlf);
    this.autocrlf = (b != null && !b) ? null : crlf;
    if (!isTrue(env.get("GIT_ATTR_NOSYSTEM"))) {
      fixedFiles.add(Path.of("/etc/gitattributes"));
    }
    Path global =
        allConfig
            .get("core.attributesfile")
            .map(v -> GitConfig.expandPath(v, null, env))
            .orElseGet(() -> xdgFile(env, "attributes"));
    if (global != null) {
      fixedFiles.add(global);
    }
    fixedFiles.add(commonDir.resolve("info").resolve("attributes"));
  }

  static boolean isTrue(@Nullable String value) {
    if (value == null) {
      return false;
    }
    Boolean b = GitConfig.parseBoolean(value);
    return b != null && b;
  }

  /** {@code $XDG_CONFIG_HOME/git/<name>}, or {@code $HOME/.config/git/<name>}. */
  static @Nullable Path xdgFile(Map<String, String> env, String name) {
    try {
      String xdg = env.get("XDG_CONFIG_HOME");
      if (xdg != null && !xdg.isEmpty()) {
        return Path.of(xdg, "git", name);
      }
      String home = env.get("HOME");
      return home == null || home.isEmpty() ? null : Path.of(home, ".config", "git", name);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** What may convert the file at the repository-relative path. */
  Declared forPath(String path) throws Undecidable {
    Declared d = new Declared();
    if (autocrlf != null) {
      d.autoText = true;
      d.sources.add("core.autocrlf=" + autocrlf);
    }
    for (Path f : fixedFiles) {
      d.add(scan(f));
    }
    Path dir = workTree;
    d.add(scan(dir.resolve(".gitattributes")));
    String[] parts = path.split("/");
    for (int i = 0; i < parts.length - 1; i++) {
      dir = dir.resolve(parts[i]);
      d.add(scan(dir.resolve(".gitattributes")));
    }
    return d;
  }

  private Declared scan(Path file) throws Undecidable {
    Declared cached = byFile.get(file);
    if (cached != null) {
      return cached;
    }
    Declared d = new Declared();
    String text = null;
    try {
      if (Files.isRegularFile(file)) {
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      text = null;
    } catch (IOException | RuntimeException e) {
      throw new Undecidable("attributes file " + file + " could not be read: " + e);
    }
    if (text != null) {
      for (String line : text.split("\r?\n")) {
        scanLine(line, file, d);
      }
    }
    byFile.put(file, d);
    return d;
  }

  private static void scanLine(String line, Path file, Declared d) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#")) {
      return;
    }
    int attrsFrom;
    if (s.startsWith("\"")) {
      int i = 1;
      while (i < s.length() && s.charAt(i) != '"') {
        i += s.charAt(i) == '\\' ? 2 : 1;
      }
      attrsFrom = Math.min(i + 1, s.length());
    } else {
      int i = 0;
      while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      attrsFrom = i;
    }
    for (String token : s.substring(attrsFrom).strip().split("\\s+")) {
      if (token.isEmpty() || token.startsWith("-") || token.startsWith("!")) {
        continue;
      }
      int eq = token.indexOf('=');
      String name = eq < 0 ? token : token.substring(0, eq);
      String value = eq < 0 ? null : token.substring(eq + 1);
      switch (name) {
        case "text" -> {
          if ("auto".equals(value)) {
            d.autoText = true;
          } else {
            d.explicitText = true;
          }
          d.sources.add("'" + token + "' in " + file);
        }
        case "eol", "crlf" -> {
          d.explicitText = true;
          d.sources.add("'" + token + "' in " + file);
        }
        case "filter", "ident", "working-tree-encoding" -> {
          d.arbitrary = true;
          d.sources.add("'" + token + "' in " + file);
        }
        default -> {
          // not a conversion attribute
        }
      }
    }
  }
}
