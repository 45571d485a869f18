package dev.mlops.junit;

import dev.mlops.core.Mlops;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import dev.mlops.core.storage.FileStorageProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh, private mlops store through parameters
 * annotated {@link TempStore}: an {@link Mlops} instance, or the {@link Path} of the embedded
 * store's directory (for code under test that opens the store itself, such as a command line).
 *
 * <p>Thread-safe and stateless: all state lives in JUnit's per-test extension store, so tests may
 * run in parallel. After each test the store is closed and its directory deleted; after a failed
 * test the directory is kept and its path published as the report entry {@code mlops.store}, so the
 * state that made the test fail can be inspected (for example with {@code mlops fsck --store
 * PATH}).
 *
 * <pre>{@code
 * @ExtendWith(MlopsExtension.class)
 * class TrainingJobTest {
 *   @Test
 *   void logsTheRun(@TempStore Mlops mlops) {
 *     try (ActiveRun run = mlops.tracking().startRun("nightly")) {
 *       run.logMetric("auc", 0.91);
 *     }
 *   }
 *
 *   @Test
 *   void cliReadsTheStore(@TempStore Path storeDirectory, @TempStore Mlops sameStore) { ... }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MlopsExtension implements ParameterResolver, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MlopsExtension.class);

  /** Creates the extension; JUnit calls this through {@code @ExtendWith}. */
  public MlopsExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    if (!parameter.isAnnotated(TempStore.class)) {
      return false;
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == Mlops.class || type == Path.class) {
      return true;
    }
    throw new ParameterResolutionException(
        "@TempStore fills parameters of type Mlops or Path, but "
            + parameter.getDeclaringExecutable().getName()
            + "'s parameter "
            + parameter.getIndex()
            + " has type "
            + type.getName()
            + "; change its type or remove the annotation");
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TempStore spec =
        parameter
            .findAnnotation(TempStore.class)
            .orElseThrow(() -> new ParameterResolutionException("no @TempStore annotation"));
    OpenStore store = storeFor(context, spec);
    if (parameter.getParameter().getType() == Path.class) {
      Path directory = store.directory;
      if (directory == null) {
        throw new ParameterResolutionException(
            "an in-memory @TempStore has no directory; use @TempStore(Kind.EMBEDDED) for the"
                + " Path parameter of "
                + parameter.getDeclaringExecutable().getName());
      }
      return directory;
    }
    return store.mlops;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    // A failed test keeps the directory of every embedded store it opened.
    OpenStore.Registry registry =
        context.getStore(NAMESPACE).get(OpenStore.Registry.class, OpenStore.Registry.class);
    if (registry != null) {
      registry.keepAll(context);
    }
  }

  private static OpenStore storeFor(ExtensionContext context, TempStore spec) {
    ExtensionContext.Store jupiterStore = context.getStore(NAMESPACE);
    OpenStore.Registry registry =
        jupiterStore.getOrComputeIfAbsent(
            OpenStore.Registry.class, key -> new OpenStore.Registry(), OpenStore.Registry.class);
    return registry.open(spec);
  }

  /** One open store and its directory; closed (and deleted unless kept) with the test. */
  static final class OpenStore {
    final Mlops mlops;
    final @Nullable Path directory;
    private final List<Runnable> owned;
    volatile boolean keep;

    private OpenStore(Mlops mlops, @Nullable Path directory, List<Runnable> owned) {
      this.mlops = mlops;
      this.directory = directory;
      this.owned = owned;
    }

    static OpenStore open(TempStore spec) {
      if (spec.value() == TempStore.Kind.IN_MEMORY) {
        InMemoryMetadataStore metadata = InMemoryMetadataStore.create();
        InMemoryBlobStore blobs = InMemoryBlobStore.create();
        Mlops mlops = Mlops.builder().metadata(metadata).blobs(blobs).actor(spec.actor()).build();
        return new OpenStore(mlops, null, List.of(blobs::close, metadata::close));
      }
      Path directory;
      try {
        directory = Files.createTempDirectory("mlops-test-store-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory for @TempStore", e);
      }
      Mlops mlops =
          Mlops.builder()
              .provider(new FileStorageProvider())
              .store(directory.toUri())
              .actor(spec.actor())
              .build();
      return new OpenStore(mlops, directory, List.of());
    }

    void close() throws IOException {
      mlops.close();
      for (Runnable closer : owned) {
        closer.run();
      }
      if (directory != null && !keep) {
        deleteRecursively(directory);
      }
    }

    private static void deleteRecursively(Path root) throws IOException {
      if (!Files.exists(root)) {
        return;
      }
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e)
                throws IOException {
              if (e != null) {
                throw e;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    }

    /** The stores one test opened, by kind and actor; closes them in reverse order. */
    static final class Registry implements AutoCloseable {
      private final Object lock = new Object();
      private final Map<String, OpenStore> stores = new LinkedHashMap<>();

      OpenStore open(TempStore spec) {
        String key = spec.value() + "\u0000" + spec.actor();
        synchronized (lock) {
          OpenStore existing = stores.get(key);
          if (existing != null) {
            return existing;
          }
          OpenStore store = OpenStore.open(spec);
          stores.put(key, store);
          return store;
        }
      }

      void keepAll(ExtensionContext context) {
        synchronized (lock) {
          for (OpenStore store : stores.values()) {
            if (store.directory != null) {
              store.keep = true;
              context.publishReportEntry("mlops.store", store.directory.toString());
            }
          }
        }
      }

      @Override
      public void close() throws IOException {
        List<OpenStore> reversed;
        synchronized (lock) {
          reversed = new ArrayList<>(stores.values());
          stores.clear();
        }
        Collections.reverse(reversed);
        IOException first = null;
        for (OpenStore store : reversed) {
          try {
            store.close();
          } catch (IOException e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }
    }
  }
}
