package dev.mlops.api;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The rules for names, keys and values that every mlops API applies before anything is written. No
 * name, key or value ever becomes a file path or SQL text; these rules also refuse, up front, the
 * inputs that would be dangerous if some backend did so (path traversal, URL-encoded traversal,
 * absolute paths, schemes, NUL, unpaired surrogates, overly long strings).
 *
 * <p>Stateless and thread-safe.
 *
 * <ul>
 *   <li>A <b>name</b> (artifact, registered model, experiment, alias): 1 to {@value
 *       #MAX_NAME_LENGTH} ASCII characters from {@code A-Z a-z 0-9 . _ -}, starting with a letter
 *       or digit, not ending with {@code .}, and never containing {@code ..}.
 *   <li>A <b>key</b> (parameter, metric, tag, property): 1 to {@value #MAX_KEY_LENGTH} ASCII
 *       characters from {@code A-Z a-z 0-9 . _ - / space}, made of {@code /}-separated segments
 *       that are neither empty, {@code .} nor {@code ..}, with no leading or trailing space.
 *   <li>A <b>value</b> (tag, property, parameter text): any text up to a stated length, without NUL
 *       or unpaired surrogates (which cannot be stored as UTF-8).
 * </ul>
 *
 * <pre>{@code
 * Names.requireName("churn-model", "artifact name");      // returns "churn-model"
 * Names.requireName("../etc/passwd", "artifact name");    // throws InvalidInputException
 * Names.requireKey("train/loss", "metric key");            // returns "train/loss"
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public final class Names {
  /** The longest name accepted. */
  public static final int MAX_NAME_LENGTH = 200;

  /** The longest key accepted. */
  public static final int MAX_KEY_LENGTH = 250;

  /** The longest tag or property value accepted. */
  public static final int MAX_VALUE_LENGTH = 8_000;

  private Names() {}

  /**
   * Checks a name and returns it.
   *
   * @param name the name to check
   * @param what what the name is for, used in the message (e.g. {@code "artifact name"})
   * @return the name, unchanged
   * @throws InvalidInputException if the name breaks a rule; the message says which
   * @throws NullPointerException if {@code name} is null
   */
  public static String requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty()) {
      throw invalid(what, "must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw invalid(
          what, "is " + name.length() + " characters long; the limit is " + MAX_NAME_LENGTH);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isAlnum(c) || c == '.' || c == '_' || c == '-')) {
        throw invalid(
            what, quote(name) + " contains " + describe(c) + " at index " + i + NAME_HELP);
      }
    }
    if (!isAlnum(name.charAt(0))) {
      throw invalid(what, quote(name) + " must start with a letter or digit");
    }
    if (name.endsWith(".")) {
      throw invalid(what, quote(name) + " must not end with '.'");
    }
    if (name.contains("..")) {
      throw invalid(what, quote(name) + " must not contain '..'");
    }
    return name;
  }

  /**
   * Checks a key and returns it.
   *
   * @param key the key to check
   * @param what what the key is for, used in the message (e.g. {@code "metric key"})
   * @return the key, unchanged
   * @throws InvalidInputException if the key breaks a rule; the message says which
   * @throws NullPointerException if {@code key} is null
   */
  public static String requireKey(String key, String what) {
    Objects.requireNonNull(key, what);
    if (key.isEmpty()) {
      throw invalid(what, "must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw invalid(
          what, "is " + key.length() + " characters long; the limit is " + MAX_KEY_LENGTH);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ' ')) {
        throw invalid(what, quote(key) + " contains " + describe(c) + " at index " + i + KEY_HELP);
      }
    }
    if (key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
      throw invalid(what, quote(key) + " must not start or end with a space");
    }
    int start = 0;
    while (start <= key.length()) {
      int slash = key.indexOf('/', start);
      int end = slash < 0 ? key.length() : slash;
      String segment = key.substring(start, end);
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(
            what,
            quote(key)
                + " has an empty, '.' or '..' segment; use '/' only between non-empty parts");
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    return key;
  }

  /**
   * Checks a value (tag, property or parameter text) and returns it.
   *
   * @param value the value to check
   * @param what what the value is for, used in the message (e.g. {@code "tag 'owner'"})
   * @param maxLength the longest value accepted, in UTF-16 characters
   * @return the value, unchanged
   * @throws InvalidInputException if the value is too long or contains NUL or an unpaired surrogate
   * @throws NullPointerException if {@code value} is null
   */
  public static String requireValue(String value, String what, int maxLength) {
    Objects.requireNonNull(value, what);
    if (value.length() > maxLength) {
      throw invalid(what, "is " + value.length() + " characters long; the limit is " + maxLength);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0) {
        throw invalid(what, "contains NUL at index " + i + "; remove it");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        throw invalid(what, "contains an unpaired surrogate at index " + i + "; it is not text");
      }
      if (Character.isLowSurrogate(c)) {
        throw invalid(what, "contains an unpaired surrogate at index " + i + "; it is not text");
      }
    }
    return value;
  }

  private static final String NAME_HELP = "; use letters, digits, '.', '_' or '-'";
  private static final String KEY_HELP = "; use letters, digits, '.', '_', '-', ' ' or '/'";

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String describe(char c) {
    if (c < 0x20 || c == 0x7f || c > 0x7e) {
      return String.format("U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("'");
    int limit = Math.min(s.length(), 60);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? '?' : c);
    }
    if (s.length() > limit) {
      b.append("...");
    }
    return b.append('\'').toString();
  }

  private static InvalidInputException invalid(String what, String problem) {
    return InvalidInputException.of(what, what + " " + problem);
  }
}
