package dev.mlops.api.pipeline;

import dev.mlops.api.artifact.ArtifactRef;
import java.io.InputStream;
import org.apiguardian.api.API;

/**
 * What a running step sees: its declared inputs, a place for its declared outputs, and the identity
 * of the execution.
 *
 * <p>Not thread-safe beyond the step: use it from the thread that runs the body, or publish safely
 * to threads the body joins before returning. Valid only while the body runs.
 *
 * <p>An artifact parameter ({@link Parameter#ofArtifact}) reads as its resolved {@link ArtifactRef}
 * through {@link #get} and as bytes through {@link #open}.
 *
 * <pre>{@code
 * Step.builder("scale")
 *     .input(factor).input(raw).output(scaled)
 *     .body(ctx -> ctx.put(scaled, ctx.get(raw) * ctx.get(factor)));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface StepContext {

  /**
   * Returns the id of the tracked pipeline run.
   *
   * @return the run id
   */
  String runId();

  /**
   * Returns the step's name.
   *
   * @return the name
   */
  String stepName();

  /**
   * Returns the id of this step execution, as recorded in lineage.
   *
   * @return the execution id
   */
  String executionId();

  /**
   * Returns the attempt, 1 for the first.
   *
   * @return the attempt number
   */
  int attempt();

  /**
   * Returns the seed of this step: derived from the run's seed and the step name, equal in every
   * run with the same seed, so a step that draws random numbers from it is reproducible.
   *
   * @return the seed
   */
  long seed();

  /**
   * Returns the value of a declared input.
   *
   * @param input an input the step declared
   * @param <T> the value type
   * @return the value
   * @throws IllegalArgumentException if the step did not declare the input
   * @throws dev.mlops.api.CorruptArtifactException if a stored value cannot be decoded
   */
  <T> T get(Input<T> input);

  /**
   * Returns the artifact version a declared input reads in this execution: for an output of another
   * step, the version its producer stored (or reused from the cache) in this run; for an artifact
   * parameter ({@link Parameter#ofArtifact}), the version it resolved to. A step that records or
   * publishes what it consumed (e.g. registers a model version) names it with this reference.
   *
   * <pre>{@code
   * ArtifactRef model = ctx.artifact(MODEL); // e.g. rain.model:3
   * registry.registerVersion("rain-classifier", model, ctx.runId(), null, Map.of());
   * }</pre>
   *
   * @param input an output of another step, or an artifact parameter, that the step declared
   * @return the artifact version
   * @throws IllegalArgumentException if the step did not declare the input, or it is a parameter
   *     that is not an artifact parameter
   * @since 0.1
   */
  ArtifactRef artifact(Input<?> input);

  /**
   * Opens the bytes of the artifact version an artifact parameter resolved to in this run. The
   * stream checks the content digest as it is read (read to the end for that guarantee).
   *
   * <pre>{@code
   * try (InputStream in = ctx.open(dataset)) { table = csv.read(in); }
   * }</pre>
   *
   * @param artifact an artifact parameter the step declared ({@link Parameter#ofArtifact})
   * @return the stream, to be closed by the body
   * @throws IllegalArgumentException if the step did not declare the parameter
   * @throws dev.mlops.api.NotFoundException if the version was deleted since the run started
   * @throws dev.mlops.api.CorruptArtifactException if the bytes are missing or do not match
   */
  InputStream open(Parameter<ArtifactRef> artifact);

  /**
   * Sets the value of a declared output. It is encoded with the output's codec and stored as an
   * artifact when the body returns.
   *
   * @param output an output the step declared
   * @param value the value
   * @param <T> the value type
   * @throws IllegalArgumentException if the step did not declare the output, or the value is not of
   *     the output's type
   * @throws IllegalStateException if the output was set before in this attempt
   */
  <T> void put(Output<T> output, T value);
}
