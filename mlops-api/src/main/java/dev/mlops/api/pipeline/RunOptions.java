package dev.mlops.api.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * How one pipeline run executes: the executor its steps run on, the failure policy, the seed, the
 * sleeper that waits between retries, listeners, and whether the cache is read.
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; {@link #defaults()} has every
 * default.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.builder()
 *     .executor(hostPool)
 *     .failurePolicy(FailurePolicy.FINISH_INDEPENDENT)
 *     .seed(42)
 *     .listener(progress)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunOptions {
  /** The seed when {@link Builder#seed(long)} is not called. */
  public static final long DEFAULT_SEED = 0L;

  /** The failure policy when {@link Builder#failurePolicy} is not called. */
  public static final FailurePolicy DEFAULT_FAILURE_POLICY = FailurePolicy.STOP;

  private static final RunOptions DEFAULTS = new Builder().build();

  private final @Nullable Executor executor;
  private final FailurePolicy failurePolicy;
  private final long seed;
  private final Sleeper sleeper;
  private final List<PipelineListener> listeners;
  private final boolean readCache;

  private RunOptions(Builder b) {
    this.executor = b.executor;
    this.failurePolicy = b.failurePolicy != null ? b.failurePolicy : DEFAULT_FAILURE_POLICY;
    this.seed = b.seed != null ? b.seed : DEFAULT_SEED;
    this.sleeper = b.sleeper != null ? b.sleeper : Sleeper.system();
    this.listeners = List.copyOf(b.listeners);
    this.readCache = b.readCache == null || b.readCache;
  }

  /**
   * Returns the defaults.
   *
   * @return options with every default
   */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts options.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the executor the steps run on.
   *
   * @return the host's executor, or empty for the engine's own pool
   */
  public Optional<Executor> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns the failure policy.
   *
   * @return the policy
   */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /**
   * Returns the run's seed.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns the sleeper.
   *
   * @return the sleeper
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns the listeners.
   *
   * @return the listeners, in the order added
   */
  public List<PipelineListener> listeners() {
    return listeners;
  }

  /**
   * Returns whether cached results are reused.
   *
   * @return true by default
   */
  public boolean readCache() {
    return readCache;
  }

  /**
   * Configures {@link RunOptions}.
   *
   * <p>Not thread-safe. Each option may be set once ({@link #listener} any number of times);
   * setting one again throws {@link IllegalStateException}.
   *
   * <pre>{@code
   * RunOptions o = RunOptions.builder().executor(Runnable::run).build(); // sequential
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable Executor executor;
    private @Nullable FailurePolicy failurePolicy;
    private @Nullable Long seed;
    private @Nullable Sleeper sleeper;
    private final List<PipelineListener> listeners = new ArrayList<>();
    private @Nullable Boolean readCache;

    private Builder() {}

    /**
     * Runs steps on the host's executor, which the engine never shuts down. {@code Runnable::run}
     * runs the whole pipeline sequentially on the calling thread. Default: the engine's pool,
     * bounded to the available processors.
     *
     * @param executor the executor
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder executor(Executor executor) {
      Objects.requireNonNull(executor, "executor");
      if (this.executor != null) {
        throw twice("executor");
      }
      this.executor = executor;
      return this;
    }

    /**
     * Sets the failure policy. Default: {@link FailurePolicy#STOP}.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder failurePolicy(FailurePolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (this.failurePolicy != null) {
        throw twice("failurePolicy");
      }
      this.failurePolicy = policy;
      return this;
    }

    /**
     * Sets the run's seed, recorded with the run and part of every step's cache key. Default:
     * {@value RunOptions#DEFAULT_SEED}.
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder seed(long seed) {
      if (this.seed != null) {
        throw twice("seed");
      }
      this.seed = seed;
      return this;
    }

    /**
     * Sets how the engine waits between attempts. Default: {@link Sleeper#system()}.
     *
     * @param sleeper the sleeper
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder sleeper(Sleeper sleeper) {
      Objects.requireNonNull(sleeper, "sleeper");
      if (this.sleeper != null) {
        throw twice("sleeper");
      }
      this.sleeper = sleeper;
      return this;
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(PipelineListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Sets whether cached results are reused; results are recorded either way. Default: true.
     *
     * @param enabled whether to read the cache
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder readCache(boolean enabled) {
      if (this.readCache != null) {
        throw twice("readCache");
      }
      this.readCache = enabled;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RunOptions build() {
      return new RunOptions(this);
    }

    private static IllegalStateException twice(String option) {
      return new IllegalStateException(option + " was already set; set each option once");
    }
  }
}
