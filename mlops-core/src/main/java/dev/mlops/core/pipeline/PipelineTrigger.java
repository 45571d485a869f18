package dev.mlops.core.pipeline;

import dev.mlops.api.MlopsException;
import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.monitor.RetrainTrigger;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.Pipelines;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.core.Mlops;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RetrainTrigger} that starts a run of a (training) pipeline, at most once per cool-down,
 * so one drift episode (or a burst of alerts from several rules) starts one retraining.
 *
 * <p>Thread-safe; concurrent requests are serialised, and of all the requests within one cool-down
 * exactly the first starts a run. The cool-down runs on the injected clock from the moment a run
 * was started; a request that arrives during it is answered {@link
 * RetrainResult.Outcome#SUPPRESSED} with the time it ends. A run that could not be started (the
 * arguments do not fit, the engine is closed, the store fails) is answered {@link
 * RetrainResult.Outcome#FAILED} and does not start a cool-down, so the next request tries again.
 * The trigger does not wait for the run: {@link #lastRun()} gives its handle. Cover one model per
 * trigger: the cool-down covers every request the trigger gets.
 *
 * <pre>{@code
 * PipelineTrigger retrain = PipelineTrigger.builder(mlops, trainingPipeline)
 *     .arguments(request -> Arguments.of(DATA, "weather-latest"))
 *     .coolDown(Duration.ofHours(12))
 *     .build();
 * AlertRule drift = AlertRules.driftFailBuilder(2).retrain(retrain).build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PipelineTrigger implements RetrainTrigger {
  /** The cool-down when {@link Builder#coolDown} is not called. */
  public static final Duration DEFAULT_COOL_DOWN = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(PipelineTrigger.class);

  private final Pipelines pipelines;
  private final Pipeline pipeline;
  private final Function<RetrainRequest, Arguments> arguments;
  private final RunOptions options;
  private final Duration coolDown;
  private final InstantSource clock;
  private final Object lock = new Object();

  // Guarded by lock.
  private @Nullable Instant lastStart;
  private @Nullable PipelineRun lastRun;
  private long started;

  private PipelineTrigger(Builder b) {
    this.pipelines = b.pipelines;
    this.pipeline = b.pipeline;
    this.arguments = b.arguments != null ? b.arguments : request -> Arguments.empty();
    this.options = b.options != null ? b.options : RunOptions.defaults();
    this.coolDown = b.coolDown != null ? b.coolDown : DEFAULT_COOL_DOWN;
    this.clock = b.clock;
  }

  /**
   * Starts a trigger that runs a pipeline through an {@link Mlops} instance, on its clock.
   *
   * @param mlops the instance whose {@link Mlops#pipelines()} runs the pipeline
   * @param pipeline the (training) pipeline
   * @return a builder
   */
  public static Builder builder(Mlops mlops, Pipeline pipeline) {
    Objects.requireNonNull(mlops, "mlops");
    return new Builder(mlops.pipelines(), pipeline, mlops.clock());
  }

  /**
   * Starts a trigger on any {@link Pipelines} and clock.
   *
   * @param pipelines the pipeline runner
   * @param pipeline the (training) pipeline
   * @param clock the clock the cool-down runs on
   * @return a builder
   */
  public static Builder builder(Pipelines pipelines, Pipeline pipeline, InstantSource clock) {
    return new Builder(pipelines, pipeline, clock);
  }

  /**
   * Starts a pipeline run unless a cool-down is running.
   *
   * @param request what to retrain and why
   * @return STARTED with the run id, SUPPRESSED with the end of the cool-down, or FAILED with the
   *     reason the run could not start
   * @throws NullPointerException if {@code request} is null
   */
  @Override
  public RetrainResult trigger(RetrainRequest request) {
    Objects.requireNonNull(request, "request");
    synchronized (lock) {
      Instant now = clock.instant();
      if (lastStart != null) {
        Instant until = lastStart.plus(coolDown);
        if (now.isBefore(until)) {
          String runId = lastRun != null ? lastRun.runId() : "?";
          LOG.debug(
              "retraining of {} v{} suppressed: run {} started at {}, cool-down until {}",
              request.model(),
              request.modelVersion(),
              runId,
              lastStart,
              until);
          return RetrainResult.suppressed(
              until,
              "pipeline '"
                  + pipeline.name()
                  + "' run "
                  + runId
                  + " started at "
                  + lastStart
                  + "; cool-down until "
                  + until);
        }
      }
      PipelineRun run;
      try {
        run = pipelines.start(pipeline, arguments.apply(request), options);
      } catch (MlopsException | IllegalArgumentException | IllegalStateException e) {
        LOG.warn(
            "retraining of {} v{} could not start pipeline '{}'",
            request.model(),
            request.modelVersion(),
            pipeline.name(),
            e);
        return RetrainResult.failed(
            "pipeline '" + pipeline.name() + "' did not start: " + e.getMessage());
      }
      lastStart = now;
      lastRun = run;
      started++;
      LOG.info(
          "retraining of {} v{} started as pipeline '{}' run {}: {}",
          request.model(),
          request.modelVersion(),
          pipeline.name(),
          run.runId(),
          request.reason());
      return RetrainResult.started(
          run.runId(),
          "pipeline '" + pipeline.name() + "' run " + run.runId() + " because " + request.reason());
    }
  }

  /**
   * Returns the last run this trigger started.
   *
   * @return its handle, to await or cancel; empty before the first
   */
  public Optional<PipelineRun> lastRun() {
    synchronized (lock) {
      return Optional.ofNullable(lastRun);
    }
  }

  /**
   * Returns how many runs this trigger started.
   *
   * @return the count
   */
  public long runsStarted() {
    synchronized (lock) {
      return started;
    }
  }

  /**
   * Returns the cool-down.
   *
   * @return the cool-down
   */
  public Duration coolDown() {
    return coolDown;
  }

  /**
   * Configures a {@link PipelineTrigger}.
   *
   * <p>Not thread-safe. Each option may be set once; a second call throws {@link
   * IllegalStateException}. Defaults: cool-down 24 hours, no arguments (every parameter takes its
   * default), {@link RunOptions#defaults()} (note that a run whose inputs did not change hits the
   * step cache; pass {@code RunOptions.builder().readCache(false)} to force training).
   *
   * <pre>{@code
   * PipelineTrigger t = PipelineTrigger.builder(mlops, training)
   *     .options(RunOptions.builder().readCache(false).build())
   *     .coolDown(Duration.ofHours(6))
   *     .build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final Pipelines pipelines;
    private final Pipeline pipeline;
    private final InstantSource clock;
    private @Nullable Function<RetrainRequest, Arguments> arguments;
    private @Nullable RunOptions options;
    private @Nullable Duration coolDown;

    private Builder(Pipelines pipelines, Pipeline pipeline, InstantSource clock) {
      this.pipelines = Objects.requireNonNull(pipelines, "pipelines");
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sets fixed arguments for every run. Default: none (parameter defaults).
     *
     * @param arguments the arguments
     * @return this builder
     * @throws IllegalStateException if arguments were set before
     */
    public Builder arguments(Arguments arguments) {
      Objects.requireNonNull(arguments, "arguments");
      return arguments(request -> arguments);
    }

    /**
     * Derives each run's arguments from the request (e.g. the model version that degraded).
     *
     * @param arguments the function; must be thread-safe and must not return null
     * @return this builder
     * @throws IllegalStateException if arguments were set before
     */
    public Builder arguments(Function<RetrainRequest, Arguments> arguments) {
      Objects.requireNonNull(arguments, "arguments");
      if (this.arguments != null) {
        throw twice("arguments");
      }
      this.arguments = arguments;
      return this;
    }

    /**
     * Sets how runs execute. Default: {@link RunOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder options(RunOptions options) {
      Objects.requireNonNull(options, "options");
      if (this.options != null) {
        throw twice("options");
      }
      this.options = options;
      return this;
    }

    /**
     * Sets the cool-down after a started run during which requests start nothing. Default: 24
     * hours.
     *
     * @param coolDown not negative; zero starts a run for every request
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if set before
     */
    public Builder coolDown(Duration coolDown) {
      Objects.requireNonNull(coolDown, "coolDown");
      if (coolDown.isNegative()) {
        throw new IllegalArgumentException("coolDown must not be negative, but was " + coolDown);
      }
      if (this.coolDown != null) {
        throw twice("coolDown");
      }
      this.coolDown = coolDown;
      return this;
    }

    /**
     * Builds the trigger.
     *
     * @return the trigger
     */
    public PipelineTrigger build() {
      return new PipelineTrigger(this);
    }

    private static IllegalStateException twice(String option) {
      return new IllegalStateException(option + " was already set; set each option once");
    }
  }
}
