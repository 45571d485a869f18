package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.Table;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.ProfileJson;
import dev.mlops.validation.profile.ProfileOptions;
import dev.mlops.validation.profile.Profiler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The mergeable sketch profile of {@code mlops-validation} ({@link Profiler} with {@link
 * ProfileOptions#defaults()}, in row chunks on one thread per core), written by {@link
 * ProfileJson}: distinct counts and quantiles come from sketches and {@code approximate} states
 * their error bounds.
 *
 * <p>Stateless and thread-safe.
 */
final class SketchProfileEngine implements ProfileEngine {

  @Override
  public ObjectNode profile(Table table) {
    ObjectNode doc = Json.parseObject(ProfileJson.write(sketch(table)));
    doc.put("engine", "sketch");
    return doc;
  }

  /** The sketch profile of a table ({@code mlops profile} and {@code mlops report profile}). */
  static Profile sketch(Table table) {
    // One worker per core: the common pool has one fewer, a single worker on two cores.
    int threads = Runtime.getRuntime().availableProcessors();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "mlops-profile");
              t.setDaemon(true);
              return t;
            });
    try {
      return Profiler.profile(table, ProfileOptions.defaults(), pool);
    } finally {
      pool.shutdownNow();
    }
  }
}
