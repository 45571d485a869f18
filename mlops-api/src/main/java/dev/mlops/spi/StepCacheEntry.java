package dev.mlops.spi;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * A persistent pipeline cache record: the outputs a step produced for one cache key.
 *
 * <p>Immutable and thread-safe. Maps are sorted by key.
 *
 * <pre>{@code
 * tx.putStepCacheEntry(new StepCacheEntry(key, "etl", "load", runId, executionId,
 *     Map.of("raw", ArtifactRef.of("etl.raw", 3)), keyParts, now));
 * }</pre>
 *
 * @param key the cache key, 64 lowercase hex digits
 * @param pipeline the pipeline name
 * @param step the step name
 * @param runId the run whose execution produced the outputs
 * @param executionId the producing step execution
 * @param outputs the artifact versions, by output name
 * @param keyParts the labelled parts the key was computed from, to explain the next miss
 * @param createdAt when it was recorded
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StepCacheEntry(
    String key,
    String pipeline,
    String step,
    String runId,
    String executionId,
    Map<String, ArtifactRef> outputs,
    Map<String, String> keyParts,
    Instant createdAt) {

  /**
   * Validates the fields and copies the maps.
   *
   * @throws IllegalArgumentException if the key is not 64 lowercase hex digits
   * @throws dev.mlops.api.InvalidInputException if a name or id is illegal
   */
  public StepCacheEntry {
    Objects.requireNonNull(key, "key");
    if (!isHex64(key)) {
      throw new IllegalArgumentException("a cache key has 64 lowercase hex digits, but got " + key);
    }
    Names.requireName(pipeline, "pipeline name");
    Names.requireName(step, "step name");
    Names.requireName(runId, "run id");
    Names.requireName(executionId, "execution id");
    Objects.requireNonNull(createdAt, "createdAt");
    outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
    keyParts = Collections.unmodifiableSortedMap(new TreeMap<>(keyParts));
  }

  private static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
