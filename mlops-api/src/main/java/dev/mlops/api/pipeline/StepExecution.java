package dev.mlops.api.pipeline;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The record of one step execution in one pipeline run: what it read and wrote (artifact versions
 * by input and output name), how it ended, how many attempts it took, how long, the error, its
 * cache key with the parts the key was computed from, and why it ran or was cached.
 *
 * <p>Immutable and thread-safe. Maps are sorted by key.
 *
 * <pre>{@code
 * for (StepExecution e : pipelines.executions(runId)) {
 *   System.out.println(e.step() + " " + e.status() + " " + e.reason());
 * }
 * }</pre>
 *
 * @param executionId the execution id, also the execution in lineage ({@link Names#requireName})
 * @param runId the tracked run of the pipeline
 * @param pipeline the pipeline name
 * @param step the step name
 * @param stepVersion the step's declared version
 * @param status how it ended
 * @param attempts attempts made (0 when the body did not run)
 * @param startedAt when it started, on the injected clock
 * @param endedAt when it ended, not before {@code startedAt}
 * @param cacheKey the cache key (64 hex digits), or null when the inputs were never available
 * @param keyParts the labelled parts of the cache key (e.g. {@code param.rows -> 100})
 * @param inputs the artifact versions read, by input name
 * @param outputs the artifact versions written or reused, by output name
 * @param error the error class and message of the last failed attempt, if any
 * @param reason "cached", or why the step ran, or why it did not
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StepExecution(
    String executionId,
    String runId,
    String pipeline,
    String step,
    String stepVersion,
    StepStatus status,
    int attempts,
    Instant startedAt,
    Instant endedAt,
    @Nullable String cacheKey,
    Map<String, String> keyParts,
    Map<String, ArtifactRef> inputs,
    Map<String, ArtifactRef> outputs,
    @Nullable String error,
    String reason) {

  /**
   * Validates the fields and copies the maps.
   *
   * @throws dev.mlops.api.InvalidInputException if an id or name is illegal
   * @throws IllegalArgumentException if attempts is negative or the times are out of order
   */
  public StepExecution {
    Names.requireName(runId, "run id");
    Names.requireName(pipeline, "pipeline name");
    Names.requireName(step, "step name");
    Objects.requireNonNull(executionId, "execution id");
    if (!isRunDotStep(executionId, runId, step) || executionId.length() > Names.MAX_NAME_LENGTH) {
      Names.requireName(executionId, "execution id");
    }
    Objects.requireNonNull(stepVersion, "stepVersion");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(reason, "reason");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, but was " + attempts);
    }
    if (endedAt.isBefore(startedAt)) {
      throw new IllegalArgumentException(
          "step '" + step + "' ended at " + endedAt + ", before it started at " + startedAt);
    }
    keyParts = sorted(keyParts);
    inputs = sorted(inputs);
    outputs = sorted(outputs);
  }

  /**
   * Whether the id is {@code <runId>.<step>}, the pipeline engine's form: of two legal names joined
   * by a dot, which is legal when not too long, so it needs no scan.
   */
  private static boolean isRunDotStep(String id, String runId, String step) {
    int r = runId.length();
    return id.length() == r + 1 + step.length()
        && id.charAt(r) == '.'
        && id.startsWith(runId)
        && id.endsWith(step);
  }

  /**
   * Returns an immutable copy sorted by key; a map that is already such a copy (e.g. {@code
   * keyParts()} of another execution) is shared, not copied, so the records of a cached step that
   * repeat the parts of its earlier executions cost no copy.
   */
  private static <V> Map<String, V> sorted(Map<String, V> m) {
    if (m instanceof Frozen<?>) {
      return m;
    }
    return m.isEmpty() ? Collections.emptySortedMap() : new Frozen<>(new TreeMap<>(m));
  }

  /**
   * An immutable map sorted by key, backed by two arrays: smaller than a {@link TreeMap} and its
   * unmodifiable view, and recognisable, so a map that is already one is shared.
   */
  private static final class Frozen<V> extends AbstractMap<String, V> {
    private final String[] keys;
    private final Object[] values;

    Frozen(TreeMap<String, V> sorted) {
      int n = sorted.size();
      keys = new String[n];
      values = new Object[n];
      int i = 0;
      for (Map.Entry<String, V> e : sorted.entrySet()) {
        keys[i] = Objects.requireNonNull(e.getKey(), "key");
        values[i] = Objects.requireNonNull(e.getValue(), "value");
        i++;
      }
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
      return key instanceof String k && Arrays.binarySearch(keys, k) >= 0;
    }

    @Override
    public @Nullable V get(@Nullable Object key) {
      if (!(key instanceof String k)) {
        return null;
      }
      int i = Arrays.binarySearch(keys, k);
      return i < 0 ? null : value(i);
    }

    @SuppressWarnings("unchecked") // values[i] was put from a Map<String, V>
    private V value(int i) {
      return (V) values[i];
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public int size() {
          return keys.length;
        }

        @Override
        public Iterator<Map.Entry<String, V>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Map.Entry<String, V> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new AbstractMap.SimpleImmutableEntry<>(keys[i], value(i));
            }
          };
        }
      };
    }
  }

  /**
   * Returns how long the execution took.
   *
   * @return the duration
   */
  public Duration duration() {
    return Duration.between(startedAt, endedAt);
  }

  /**
   * Returns the error of the last failed attempt.
   *
   * @return the error text, if any
   */
  public Optional<String> failure() {
    return Optional.ofNullable(error);
  }
}
