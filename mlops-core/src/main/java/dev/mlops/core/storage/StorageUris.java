package dev.mlops.core.storage;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.spi.Durability;
import dev.mlops.spi.StorageConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The URI parsing the built-in providers share. A file path is built only from the URI's path
 * component, never from its authority, query or fragment; query options and {@link
 * StorageConfig#options()} are merged, and a key the provider does not know is refused. Stateless
 * and thread-safe.
 */
final class StorageUris {
  private StorageUris() {}

  /**
   * Returns the absolute, normalised file path a hierarchical URI names.
   *
   * @param uri the URI, e.g. {@code file:/var/lib/app/.mlops}
   * @param example an example of a good URI of this scheme, for messages
   * @return the path
   * @throws InvalidInputException if the URI is opaque, has an authority, or its path is empty or
   *     cannot be a path on this platform
   */
  static Path path(URI uri, String example) {
    String scheme = uri.getScheme();
    if (uri.isOpaque()) {
      throw InvalidInputException.of(
          "uri",
          "'"
              + uri
              + "' has no absolute path; a "
              + scheme
              + ": URI names an absolute path, like "
              + example);
    }
    if (uri.getRawAuthority() != null) {
      throw InvalidInputException.of(
          "uri",
          "'"
              + uri
              + "' names host '"
              + uri.getRawAuthority()
              + "'; a "
              + scheme
              + ": URI names a local absolute path, like "
              + example
              + " (three slashes after the colon, or one)");
    }
    if (uri.getRawFragment() != null) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' has a fragment ('#...'), which means nothing here; remove it");
    }
    String path = uri.getPath();
    if (path == null || path.isEmpty()) {
      throw InvalidInputException.of(
          "uri", "'" + uri + "' has an empty path; give an absolute path, like " + example);
    }
    try {
      // Only the path component reaches the file system; a file: URI built from it lets the
      // platform turn "/C:/x" into C:\x on Windows.
      return Path.of(new URI("file", null, path, null)).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) { // InvalidPathException too
      throw new InvalidInputException(
          "uri", -1, "'" + uri + "' does not name a path on this platform: " + e.getMessage(), e);
    }
  }

  /**
   * Merges the URI's query options and the configuration's options, refusing unknown keys.
   *
   * @param config the configuration
   * @param known the keys the provider knows
   * @return the options, in the order given (query first)
   * @throws InvalidInputException if a key is unknown, given twice with different values, or the
   *     query is malformed
   */
  static Map<String, String> options(StorageConfig config, Set<String> known) {
    URI uri = config.uri();
    Map<String, String> merged = new LinkedHashMap<>();
    String rawQuery = uri.isOpaque() ? null : uri.getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), uri);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), uri);
        if (merged.putIfAbsent(key, value) != null) {
          throw InvalidInputException.of(
              key, "option '" + key + "' occurs twice in the query of '" + uri + "'; give it once");
        }
      }
    }
    config
        .options()
        .forEach(
            (key, value) -> {
              String before = merged.putIfAbsent(key, value);
              if (before != null && !before.equals(value)) {
                throw InvalidInputException.of(
                    key,
                    "option '"
                        + key
                        + "' is given in the URI and in the options with different values; give"
                        + " it once");
              }
            });
    for (String key : merged.keySet()) {
      if (!known.contains(key)) {
        throw InvalidInputException.of(
            key,
            "unknown option '"
                + printable(key)
                + "' for "
                + config.scheme()
                + ": URIs; "
                + (known.isEmpty()
                    ? "this scheme takes no options"
                    : "known options: " + String.join(", ", new TreeSet<>(known))));
      }
    }
    return merged;
  }

  /**
   * Refuses a requested durability that a backend cannot give.
   *
   * @param config the configuration
   * @param gives what the backend gives
   * @param advice what to use instead, for the message
   * @throws InvalidInputException if more was asked than the backend gives
   */
  static void requireDurabilityAtMost(StorageConfig config, Durability gives, String advice) {
    config
        .requestedDurability()
        .filter(asked -> asked.compareTo(gives) > 0)
        .ifPresent(
            asked -> {
              throw InvalidInputException.of(
                  "durability",
                  config.scheme()
                      + ": gives durability "
                      + gives
                      + ", but "
                      + asked
                      + " was asked for '"
                      + config.uri()
                      + "'; "
                      + advice);
            });
  }

  /**
   * Creates a directory and its parents.
   *
   * @param dir the directory
   * @param what what it is, for messages
   * @throws StorageException if it cannot be created or is not a directory
   */
  static void createDirectories(Path dir, String what) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException(
          "cannot create the " + what + " directory " + dir + ": " + e + "; check the path", e);
    }
  }

  private static String decode(String raw, URI uri) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "uri", -1, "the query of '" + uri + "' is malformed: " + e.getMessage(), e);
    }
  }

  private static String printable(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
