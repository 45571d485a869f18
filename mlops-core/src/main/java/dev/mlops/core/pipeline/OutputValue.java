package dev.mlops.core.pipeline;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.pipeline.Output;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An output available in a run: its artifact version and digest, and its value once known (set by
 * the producing step, or decoded on first use for a cached output). Thread-safe.
 */
final class OutputValue {
  private final ArtifactRef ref;
  private final Digest digest;
  private final Object lock = new Object();
  private @Nullable Object value;

  OutputValue(ArtifactRef ref, Digest digest, @Nullable Object value) {
    this.ref = ref;
    this.digest = digest;
    this.value = value;
  }

  ArtifactRef ref() {
    return ref;
  }

  Digest digest() {
    return digest;
  }

  /** Returns the value, decoding it with the loader the first time. */
  <T> T value(Output<T> output, Function<ArtifactRef, T> loader) {
    synchronized (lock) {
      if (value == null) {
        value = loader.apply(ref);
      }
      return output.type().cast(value);
    }
  }
}
