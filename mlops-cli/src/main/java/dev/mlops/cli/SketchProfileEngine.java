package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.table.Table;
import dev.mlops.validation.profile.ProfileJson;
import dev.mlops.validation.profile.ProfileOptions;
import dev.mlops.validation.profile.Profiler;
import java.util.concurrent.ForkJoinPool;

/**
 * The mergeable sketch profile of {@code mlops-validation} ({@link Profiler} with {@link
 * ProfileOptions#defaults()}, in row chunks on the common fork-join pool), written by {@link
 * ProfileJson}: distinct counts and quantiles come from sketches and {@code approximate} states
 * their error bounds.
 *
 * <p>Stateless and thread-safe.
 */
final class SketchProfileEngine implements ProfileEngine {

  @Override
  public ObjectNode profile(Table table) {
    ObjectNode doc =
        Json.parseObject(
            ProfileJson.write(
                Profiler.profile(table, ProfileOptions.defaults(), ForkJoinPool.commonPool())));
    doc.put("engine", "sketch");
    return doc;
  }
}
