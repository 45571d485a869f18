package dev.mlops.cli;

import dev.mlops.core.Mlops;
import dev.mlops.core.storage.FileStorageProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
              + "), or a URI such as file:/srv/mlops/.mlops or mem:name.")
  @Nullable String store;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Who the audit log records for changes (default: the user name).")
  @Nullable String actor;

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
      try {
        Mlops.Builder b = Mlops.builder().store(uri);
        if (actor != null) {
          b.actor(actor);
        }
        return b.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new UsageException("--store " + given + ": " + CliCommand.oneLine(e.getMessage()));
      }
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
    if (actor == null) {
      return Mlops.open(dir);
    }
    try {
      return Mlops.builder()
          .provider(new FileStorageProvider())
          .store(dir.toAbsolutePath().normalize().toUri())
          .actor(actor)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException("--actor " + actor + ": " + CliCommand.oneLine(e.getMessage()));
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
