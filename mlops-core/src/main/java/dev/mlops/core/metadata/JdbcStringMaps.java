package dev.mlops.core.metadata;

import dev.mlops.api.StorageException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The column form of a string map (properties, tags, audit details): a flat JSON object with keys
 * in ascending order, e.g. {@code {"owner":"ml","rows":"1461"}}. JSON keeps the column readable
 * with any SQL client and lets a later schema query it (PostgreSQL {@code ::jsonb}); the encoder
 * and the strict decoder here need no JSON library.
 */
final class JdbcStringMaps {
  private JdbcStringMaps() {}

  /** Encodes a map as a JSON object, keys sorted. */
  static String encode(Map<String, String> map) {
    if (map.isEmpty()) {
      return "{}";
    }
    StringBuilder b = new StringBuilder(16 + map.size() * 24).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, e.getKey());
      b.append(':');
      quote(b, e.getValue());
    }
    return b.append('}').toString();
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws StorageException if the text is not a flat JSON object of strings
   */
  static SortedMap<String, String> decode(String json, String column) {
    SortedMap<String, String> out = new TreeMap<>();
    Parser p = new Parser(json, column);
    p.expect('{');
    if (!p.tryConsume('}')) {
      do {
        String key = p.string();
        p.expect(':');
        out.put(key, p.string());
      } while (p.tryConsume(','));
      p.expect('}');
    }
    p.end();
    return Collections.unmodifiableSortedMap(out);
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private static final class Parser {
    private final String s;
    private final String column;
    private int i;

    Parser(String s, String column) {
      this.s = s;
      this.column = column;
    }

    void expect(char c) {
      skipSpace();
      if (i >= s.length() || s.charAt(i) != c) {
        throw corrupt("expected '" + c + "' at index " + i);
      }
      i++;
    }

    boolean tryConsume(char c) {
      skipSpace();
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw corrupt("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw corrupt("unterminated escape");
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw corrupt("short \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException x) {
              throw corrupt("bad \\u escape at index " + i);
            }
            i += 4;
          }
          default -> throw corrupt("unknown escape '\\" + e + "'");
        }
      }
    }

    void end() {
      skipSpace();
      if (i != s.length()) {
        throw corrupt("trailing text at index " + i);
      }
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private StorageException corrupt(String problem) {
      return new StorageException(
          "metadata column "
              + column
              + " does not hold a JSON object of strings ("
              + problem
              + "); the row was edited outside mlops: restore it from a backup");
    }
  }
}
