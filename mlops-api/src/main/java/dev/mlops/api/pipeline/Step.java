package dev.mlops.api.pipeline;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One named step of a {@link Pipeline}: its body, declared inputs and outputs, explicit ordering
 * edges, version, retry policy, timeout and whether its results may be cached.
 *
 * <p>Immutable and thread-safe. Change the {@linkplain #version() version} whenever the body's
 * behaviour changes: it is part of the cache key, so results of the old code are not reused.
 *
 * <pre>{@code
 * Step train = Step.builder("train")
 *     .version("3")
 *     .input(features).input(learningRate)
 *     .output(model)
 *     .retry(RetryPolicy.fixed(3, Duration.ofSeconds(5)))
 *     .timeout(Duration.ofMinutes(30))
 *     .body(ctx -> ctx.put(model, fit(ctx.get(features), ctx.get(learningRate))));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Step {
  /** The version of a step when {@link Builder#version(String)} is not called. */
  public static final String DEFAULT_VERSION = "1";

  /** The longest step name, leaving room for the run id in execution ids. */
  public static final int MAX_NAME_LENGTH = 120;

  private final String name;
  private final String version;
  private final List<Input<?>> inputs;
  private final List<Output<?>> outputs;
  private final Set<String> after;
  private final RetryPolicy retry;
  private final @Nullable Duration timeout;
  private final boolean cacheable;
  private final StepBody body;

  private Step(Builder b, StepBody body) {
    this.name = b.name;
    this.version = b.version != null ? b.version : DEFAULT_VERSION;
    this.inputs = List.copyOf(b.inputs);
    this.outputs = List.copyOf(b.outputs);
    this.after = Set.copyOf(b.after);
    this.retry = b.retry != null ? b.retry : RetryPolicy.none();
    this.timeout = b.timeout;
    this.cacheable = b.cacheable == null || b.cacheable;
    this.body = body;
  }

  /** Copy with a new name and renamed ordering edges, for pipelines included in others. */
  Step renamed(String newName, Set<String> newAfter) {
    Builder b = new Builder(newName);
    b.version = version;
    b.inputs.addAll(inputs);
    b.outputs.addAll(outputs);
    b.after.addAll(newAfter);
    b.retry = retry;
    b.timeout = timeout;
    b.cacheable = cacheable;
    return new Step(b, body);
  }

  /**
   * Starts a step.
   *
   * @param name the step name ({@link Names#requireName}, at most {@value #MAX_NAME_LENGTH}
   *     characters)
   * @return a builder
   * @throws InvalidInputException if the name is illegal
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the declared version.
   *
   * @return the version
   */
  public String version() {
    return version;
  }

  /**
   * Returns the declared inputs, in declaration order.
   *
   * @return the inputs
   */
  public List<Input<?>> inputs() {
    return inputs;
  }

  /**
   * Returns the declared outputs, in declaration order.
   *
   * @return the outputs
   */
  public List<Output<?>> outputs() {
    return outputs;
  }

  /**
   * Returns the names of the steps this one runs after besides its data dependencies.
   *
   * @return the step names
   */
  public Set<String> after() {
    return after;
  }

  /**
   * Returns the retry policy.
   *
   * @return the policy; {@link RetryPolicy#none()} by default
   */
  public RetryPolicy retry() {
    return retry;
  }

  /**
   * Returns the timeout of one attempt.
   *
   * @return the timeout, if any (none by default)
   */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /**
   * Returns whether the step's results may be cached and reused.
   *
   * @return true by default
   */
  public boolean cacheable() {
    return cacheable;
  }

  /**
   * Returns the body.
   *
   * @return the body
   */
  public StepBody body() {
    return body;
  }

  @Override
  public String toString() {
    return "step '" + name + "' v" + version;
  }

  /**
   * Configures a {@link Step}.
   *
   * <p>Not thread-safe. Each setter checks its argument at once; {@link #version}, {@link #retry},
   * {@link #timeout} and {@link #cacheable} may be set once, and declaring the same input, output
   * or ordering edge twice throws {@link IllegalStateException}.
   *
   * <pre>{@code
   * Step s = Step.builder("load").output(raw).body(ctx -> ctx.put(raw, read()));
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private @Nullable String version;
    private final List<Input<?>> inputs = new ArrayList<>();
    private final List<Output<?>> outputs = new ArrayList<>();
    private final Set<String> after = new LinkedHashSet<>();
    private @Nullable RetryPolicy retry;
    private @Nullable Duration timeout;
    private @Nullable Boolean cacheable;

    private Builder(String name) {
      Names.requireName(name, "step name");
      if (name.length() > MAX_NAME_LENGTH) {
        throw InvalidInputException.of(
            "step name",
            "step name '"
                + name.substring(0, 40)
                + "...' is "
                + name.length()
                + " characters long; the limit is "
                + MAX_NAME_LENGTH);
      }
      this.name = name;
    }

    /**
     * Sets the version, part of the cache key. Default: {@value Step#DEFAULT_VERSION}.
     *
     * @param version 1 to 100 characters of text
     * @return this builder
     * @throws IllegalArgumentException if the version is empty or too long
     * @throws IllegalStateException if it was set before
     */
    public Builder version(String version) {
      Objects.requireNonNull(version, "version");
      if (version.isEmpty() || version.length() > 100) {
        throw new IllegalArgumentException(
            "step '"
                + name
                + "': version must have 1 to 100 characters, but has "
                + version.length());
      }
      try {
        Names.requireValue(version, "version", 100);
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      if (this.version != null) {
        throw twice("version");
      }
      this.version = version;
      return this;
    }

    /**
     * Declares an input: another step's output, or a pipeline parameter.
     *
     * @param input the input
     * @return this builder
     * @throws IllegalStateException if an input of that name was declared before
     */
    public Builder input(Input<?> input) {
      Objects.requireNonNull(input, "input");
      for (Input<?> i : inputs) {
        if (i.name().equals(input.name())) {
          throw new IllegalStateException(
              "step '" + name + "' already declares an input named '" + input.name() + "'");
        }
      }
      inputs.add(input);
      return this;
    }

    /**
     * Declares an output.
     *
     * @param output the output
     * @return this builder
     * @throws IllegalStateException if an output of that name was declared before
     */
    public Builder output(Output<?> output) {
      Objects.requireNonNull(output, "output");
      for (Output<?> o : outputs) {
        if (o.name().equals(output.name())) {
          throw new IllegalStateException(
              "step '" + name + "' already declares the output '" + output.name() + "'");
        }
      }
      outputs.add(output);
      return this;
    }

    /**
     * Orders this step after another, without a data dependency.
     *
     * @param stepName the step that must finish first
     * @return this builder
     * @throws InvalidInputException if the name is illegal
     * @throws IllegalStateException if the edge was declared before
     * @throws IllegalArgumentException if the step names itself
     */
    public Builder after(String stepName) {
      Names.requireName(stepName, "step name");
      if (stepName.equals(name)) {
        throw new IllegalArgumentException("step '" + name + "' cannot run after itself");
      }
      if (!after.add(stepName)) {
        throw new IllegalStateException(
            "step '" + name + "' already runs after '" + stepName + "'");
      }
      return this;
    }

    /**
     * Sets the retry policy. Default: {@link RetryPolicy#none()}.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if it was set before
     */
    public Builder retry(RetryPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (retry != null) {
        throw twice("retry");
      }
      this.retry = policy;
      return this;
    }

    /**
     * Sets the timeout of each attempt: the attempt's thread is interrupted when it runs longer,
     * and the attempt fails. Default: none.
     *
     * @param limit a positive duration
     * @return this builder
     * @throws IllegalArgumentException if the duration is not positive
     * @throws IllegalStateException if it was set before
     */
    public Builder timeout(Duration limit) {
      Objects.requireNonNull(limit, "limit");
      if (limit.isZero() || limit.isNegative()) {
        throw new IllegalArgumentException(
            "step '" + name + "': timeout must be positive, but was " + limit);
      }
      if (timeout != null) {
        throw twice("timeout");
      }
      this.timeout = limit;
      return this;
    }

    /**
     * Sets whether results may be cached; turn it off for non-deterministic steps. Default: true.
     *
     * @param enabled whether to cache
     * @return this builder
     * @throws IllegalStateException if it was set before
     */
    public Builder cacheable(boolean enabled) {
      if (cacheable != null) {
        throw twice("cacheable");
      }
      this.cacheable = enabled;
      return this;
    }

    /**
     * Sets the body and builds the step.
     *
     * @param body the work
     * @return the step
     */
    public Step body(StepBody body) {
      Objects.requireNonNull(body, "body");
      return new Step(this, body);
    }

    private IllegalStateException twice(String option) {
      return new IllegalStateException(
          "step '" + name + "': " + option + " was already set; set each option once");
    }
  }
}
