package dev.mlops.core.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The entries of git config files, in the order git reads them (a later value wins).
 *
 * <p>The syntax follows git's {@code config.c}: sections {@code [core]}, subsections {@code [remote
 * "origin"]} (case-sensitive, {@code \"} and {@code \\} escapes) and the old {@code [section.sub]}
 * form; names are case-insensitive; a name without {@code =} is boolean true; values may be quoted,
 * escape {@code \n \t \b \" \\}, continue a line with a trailing backslash, and end at an unquoted
 * {@code #} or {@code ;}. {@code include.path} and {@code includeIf.*.path} are followed (relative
 * to the including file, {@code ~/} from {@code HOME}, at most 10 deep, missing files ignored as
 * git does). The condition of {@code includeIf} is not evaluated: the file is always included. That
 * can only make the dirty check more cautious (a conversion setting from a conditional file is
 * taken as active), and it never changes which commit is read.
 *
 * <p>Keys are normalised to {@code section.subsection.name} with section and name in lower case.
 * Immutable.
 */
final class GitConfig {
  private static final int MAX_INCLUDE_DEPTH = 10;

  /** One {@code key = value}; value null for a bare name (boolean true). */
  record Entry(String key, @Nullable String value) {}

  private final List<Entry> entries;

  private GitConfig(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  static GitConfig empty() {
    return new GitConfig(List.of());
  }

  /** Parses config text (no includes followed). */
  static GitConfig parse(String text, String origin) throws Undecidable {
    return new GitConfig(new Parser(text, origin).parse());
  }

  /**
   * Reads a config file and the files it includes. A missing file is an empty config.
   *
   * @throws Undecidable when the file cannot be read or parsed (git refuses to run then too)
   */
  static GitConfig load(Path file, Map<String, String> env) throws Undecidable {
    List<Entry> out = new ArrayList<>();
    load(file, env, 0, out);
    return new GitConfig(out);
  }

  private static void load(Path file, Map<String, String> env, int depth, List<Entry> out)
      throws Undecidable {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | RuntimeException e) {
      throw new Undecidable("git config " + file + " could not be read: " + e);
    }
    for (Entry entry : new Parser(text, file.toString()).parse()) {
      out.add(entry);
      if (entry.value() != null && isInclude(entry.key())) {
        if (depth >= MAX_INCLUDE_DEPTH) {
          throw new Undecidable(
              "git config " + file + " nests includes deeper than " + MAX_INCLUDE_DEPTH);
        }
        Path included = expandPath(entry.value(), file.getParent(), env);
        if (included != null) {
          load(included, env, depth + 1, out);
        }
      }
    }
  }

  private static boolean isInclude(String key) {
    return key.equals("include.path") || (key.startsWith("includeif.") && key.endsWith(".path"));
  }

  /**
   * Resolves a path value as git does: {@code ~/} from {@code HOME}, relative to {@code base}.
   * Returns null when {@code ~} cannot be expanded.
   */
  static @Nullable Path expandPath(String value, @Nullable Path base, Map<String, String> env) {
    try {
      if (value.equals("~") || value.startsWith("~/")) {
        String home = env.get("HOME");
        if (home == null || home.isEmpty()) {
          return null;
        }
        return Path.of(home + value.substring(1));
      }
      if (value.startsWith("~")) {
        return null; // ~user: not supported, treated as absent
      }
      Path p = Path.of(value);
      return p.isAbsolute() || base == null ? p : base.resolve(p);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  GitConfig plus(GitConfig later) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(later.entries);
    return new GitConfig(all);
  }

  List<Entry> entries() {
    return entries;
  }

  /** True when the key appears at all (even as a bare name). */
  boolean has(String key) {
    for (Entry e : entries) {
      if (e.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  /** The last value of a key; a bare name reads as "true". */
  Optional<String> get(String key) {
    String found = null;
    for (Entry e : entries) {
      if (e.key().equals(key)) {
        found = e.value() == null ? "true" : e.value();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The last value of a key read as a git boolean, or empty when unset.
   *
   * @throws Undecidable when the value is not a boolean (git refuses it too)
   */
  Optional<Boolean> getBoolean(String key) throws Undecidable {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    Boolean b = parseBoolean(v.get());
    if (b == null) {
      throw new Undecidable("git config " + key + " = '" + v.get() + "' is not a boolean");
    }
    return Optional.of(b);
  }

  /** Git's boolean: true/yes/on, false/no/off/empty, or an integer (non-zero is true). */
  static @Nullable Boolean parseBoolean(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    switch (v) {
      case "true", "yes", "on" -> {
        return Boolean.TRUE;
      }
      case "false", "no", "off", "" -> {
        return Boolean.FALSE;
      }
      default -> {
        try {
          return Long.parseLong(v) != 0;
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
  }

  /** Character-level parser mirroring git's config.c (get_next_char, parse_value, get_base_var). */
  private static final class Parser {
    private final String text;
    private final String origin;
    private int pos;
    private int line = 1;

    Parser(String text, String origin) {
      // git skips a UTF-8 byte order mark at the start of a config file.
      this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
      this.origin = origin;
    }

    /** Next char with CRLF folded to LF; -1 at end. */
    private int next() {
      if (pos >= text.length()) {
        return -1;
      }
      char c = text.charAt(pos++);
      if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        c = text.charAt(pos++);
      }
      if (c == '\n') {
        line++;
      }
      return c;
    }

    private Undecidable error() {
      return new Undecidable("git config " + origin + " has a bad line " + line);
    }

    List<Entry> parse() throws Undecidable {
      List<Entry> out = new ArrayList<>();
      String section = null;
      boolean comment = false;
      while (true) {
        int c = next();
        if (c == -1) {
          return out;
        }
        if (c == '\n') {
          comment = false;
          continue;
        }
        if (comment || isSpace(c)) {
          continue;
        }
        if (c == '#' || c == ';') {
          comment = true;
          continue;
        }
        if (c == '[') {
          section = parseSection();
          continue;
        }
        if (!isAlpha(c)) {
          throw error();
        }
        StringBuilder name = new StringBuilder().append(lower(c));
        int d;
        while ((d = next()) != -1 && (isAlnum(d) || d == '-')) {
          name.append(lower(d));
        }
        while (d == ' ' || d == '\t') {
          d = next();
        }
        String value;
        if (d == '=') {
          value = parseValue();
        } else if (d == '\n' || d == -1) {
          value = null;
        } else {
          throw error();
        }
        // Before any section git reads the bare name as the key.
        out.add(new Entry(section == null ? name.toString() : section + "." + name, value));
      }
    }

    /** After '[': returns "section" or "section.subsection". */
    private String parseSection() throws Undecidable {
      StringBuilder base = new StringBuilder();
      while (true) {
        int c = next();
        if (c == -1 || c == '\n') {
          throw error();
        }
        if (c == ']') {
          if (base.length() == 0) {
            throw error();
          }
          // Old form [section.sub]: the whole name is lower-cased by git, dots kept.
          return base.toString();
        }
        if (isSpace(c)) {
          return parseExtendedSection(base.toString());
        }
        if (!isAlnum(c) && c != '-' && c != '.') {
          throw error();
        }
        base.append(lower(c));
      }
    }

    private String parseExtendedSection(String base) throws Undecidable {
      int c;
      do {
        c = next();
      } while (c != -1 && isSpace(c) && c != '\n');
      if (c != '"') {
        throw error();
      }
      StringBuilder sub = new StringBuilder();
      while (true) {
        c = next();
        if (c == -1 || c == '\n') {
          throw error();
        }
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          c = next();
          if (c == -1 || c == '\n') {
            throw error();
          }
        }
        sub.append((char) c);
      }
      if (next() != ']') {
        throw error();
      }
      return base + "." + sub;
    }

    private String parseValue() throws Undecidable {
      StringBuilder value = new StringBuilder();
      boolean quote = false;
      boolean comment = false;
      int space = 0;
      while (true) {
        int c = next();
        if (c == '\n' || c == -1) {
          if (quote) {
            throw error();
          }
          return value.toString();
        }
        if (comment) {
          continue;
        }
        if (isSpace(c) && !quote) {
          if (value.length() > 0) {
            space++;
          }
          continue;
        }
        if (!quote && (c == ';' || c == '#')) {
          comment = true;
          continue;
        }
        for (; space > 0; space--) {
          value.append(' ');
        }
        if (c == '\\') {
          c = next();
          switch (c) {
            case '\n':
              continue;
            case 't':
              c = '\t';
              break;
            case 'b':
              c = '\b';
              break;
            case 'n':
              c = '\n';
              break;
            case '\\':
            case '"':
              break;
            default:
              throw error();
          }
          value.append((char) c);
          continue;
        }
        if (c == '"') {
          quote = !quote;
          continue;
        }
        value.append((char) c);
      }
    }

    private static boolean isSpace(int c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isAlpha(int c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(int c) {
      return isAlpha(c) || (c >= '0' && c <= '9');
    }

    private static char lower(int c) {
      return (c >= 'A' && c <= 'Z') ? (char) (c + ('a' - 'A')) : (char) c;
    }
  }
}
