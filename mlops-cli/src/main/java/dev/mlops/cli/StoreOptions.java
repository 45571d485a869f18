package dev.mlops.cli;

import dev.mlops.core.Mlops;
import dev.mlops.core.storage.FileStorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code --store PATH|URI} and {@code --actor} options of the store commands, and how they open
 * a store: a path (default {@value #DEFAULT_STORE}) or a {@code file:} URI must name an existing
 * embedded store directory, which {@link Mlops#open(Path)} opens; any other URI goes through {@link
 * Mlops.Builder#store(URI)}. A command never creates a store by mistake: a path that is not a store
 * is a usage error.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
final class StoreOptions {
  /** The embedded store in the working directory. */
  static final String DEFAULT_STORE = ".mlops";

  /** A URI scheme of two or more characters (so that {@code C:\dir} stays a path). */
  private static final Pattern URI_SCHEME =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  @Option(
      names = "--store",
      paramLabel = "PATH|URI",
      description =
          "The store: the directory of an embedded store (default ./"
              + DEFAULT_STORE
              + "), or a URI, e.g. mem:name.")
  @Nullable String store;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who the audit log records for changes (default: the user name).")
  @Nullable String actor;

  @Option(
      names = "--audit-key-env",
      paramLabel = "VAR",
      description =
          "The environment variable that holds the store's audit key (HMAC, as hex), for a store"
              + " whose application keys its audit log; the key itself never appears on the"
              + " command line.")
  @Nullable String auditKeyEnv;

  /** What the store was given as, for messages. */
  String describe() {
    return store == null ? "./" + DEFAULT_STORE : store;
  }

  /**
   * Opens the store.
   *
   * @return the open store; the caller closes it
   * @throws UsageException if the path is not a store or the URI is malformed
   */
  Mlops open() {
    String given = store == null ? DEFAULT_STORE : store;
    if (given.isBlank()) {
      throw new UsageException("--store is empty; give the path of a store directory or a URI");
    }
    if (URI_SCHEME.matcher(given).matches()) {
      URI uri;
      try {
        uri = new URI(given);
      } catch (URISyntaxException e) {
        throw new UsageException("--store " + given + " is not a valid URI: " + e.getMessage());
      }
      if (FileStorageProvider.SCHEME.equals(uri.getScheme().toLowerCase(Locale.ROOT))) {
        Path dir;
        try {
          dir = Path.of(uri);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
          throw new UsageException(
              "--store " + given + " is not a file URI of a directory: " + e.getMessage());
        }
        return openDirectory(dir);
      }
      return build(Mlops.builder().store(uri), given);
    }
    Path dir;
    try {
      dir = Path.of(given);
    } catch (InvalidPathException e) {
      throw new UsageException("--store " + given + " is not a valid path: " + e.getMessage());
    }
    return openDirectory(dir);
  }

  private Mlops openDirectory(Path dir) {
    requireStore(dir);
    if (actor == null && auditKeyEnv == null) {
      return Mlops.open(dir);
    }
    return build(
        Mlops.builder()
            .provider(new FileStorageProvider())
            .store(dir.toAbsolutePath().normalize().toUri()),
        dir.toString());
  }

  private Mlops build(Mlops.Builder b, String given) {
    if (actor != null) {
      try {
        b.actor(actor);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--actor " + actor + ": " + CliCommand.oneLine(e.getMessage()));
      }
    }
    if (auditKeyEnv != null) {
      byte[] key = auditKey(auditKeyEnv, System.getenv(auditKeyEnv));
      try {
        b.auditKey(key);
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--audit-key-env " + auditKeyEnv + ": " + CliCommand.oneLine(e.getMessage()));
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new UsageException("--store " + given + ": " + CliCommand.oneLine(e.getMessage()));
    }
  }

  /**
   * The audit key from the value of an environment variable: hex digits, at least 32 (16 bytes).
   *
   * @throws UsageException if the variable is unset or not hex
   */
  static byte[] auditKey(String variable, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new UsageException(
          "--audit-key-env "
              + variable
              + ": the environment variable "
              + variable
              + " is not set; export the store's audit key (hex) in it");
    }
    try {
      return HexFormat.of().parseHex(value.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--audit-key-env "
              + variable
              + ": the value is not hex digits; give the key as hex, e.g. 64 digits for 32 bytes");
    }
  }

  /** Checks that a directory holds an embedded store, without creating anything. */
  private void requireStore(Path dir) {
    String what = store == null ? "no store at ./" + DEFAULT_STORE + " (the default)" : null;
    if (!Files.exists(dir)) {
      throw new UsageException(
          (what != null ? what : "--store " + dir + ": no such directory")
              + "; give --store PATH|URI of an existing store, or run where its "
              + DEFAULT_STORE
              + " directory is");
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          "--store " + dir + " is a file, not a store directory; give the directory of a store");
    }
    if (!Files.isRegularFile(dir.resolve(FileStorageProvider.METADATA_FILE_NAME))) {
      throw new UsageException(
          "--store "
              + dir
              + " is not an mlops store: it has no "
              + FileStorageProvider.METADATA_FILE_NAME
              + "; give the directory an application opened with Mlops.open(dir)");
    }
  }
}
