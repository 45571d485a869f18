package dev.mlops.api.pipeline;

import dev.mlops.api.artifact.ArtifactRef;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Runs pipelines: every run is a tracked run (experiment = pipeline name) whose parameters, seed
 * and pipeline version are recorded; every step execution is recorded in lineage with the artifact
 * versions it read and wrote, its status, attempts, duration and error; outputs pass through their
 * codecs and are stored as artifacts, so a later step, run or process can read them.
 *
 * <p>Thread-safe; share one instance. Several runs may go on at once. A step is skipped when its
 * cache key (step name, step version, codec ids and versions, the run seed, the values of the
 * parameters it reads and the content digests of its inputs) already has a result; an in-process
 * cache sits in front of the persistent record.
 *
 * <pre>{@code
 * Pipelines pipelines = mlops.pipelines();
 * PipelineResult first = pipelines.run(pipeline, Arguments.of(rows, 100L));
 * PipelinePlan plan = pipelines.plan(pipeline, Arguments.of(rows, 200L)); // what would re-run
 * PipelineResult second = pipelines.run(pipeline, Arguments.of(rows, 200L));
 * System.out.println(second.explain());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Pipelines {

  /**
   * Runs a pipeline with the default options and waits for it.
   *
   * @param pipeline the pipeline
   * @param arguments parameter values; missing ones take their defaults
   * @return the result; a failed step makes it FAILED, it does not throw
   * @throws IllegalArgumentException if an argument names no parameter of the pipeline, or a
   *     parameter without default has no value
   */
  PipelineResult run(Pipeline pipeline, Arguments arguments);

  /**
   * Runs a pipeline and waits for it.
   *
   * @param pipeline the pipeline
   * @param arguments parameter values
   * @param options how to run
   * @return the result
   * @throws IllegalArgumentException if the arguments do not fit the pipeline
   */
  PipelineResult run(Pipeline pipeline, Arguments arguments, RunOptions options);

  /**
   * Starts a pipeline run and returns at once.
   *
   * @param pipeline the pipeline
   * @param arguments parameter values
   * @param options how to run
   * @return the handle of the running run
   * @throws IllegalArgumentException if the arguments do not fit the pipeline
   * @throws IllegalStateException if the engine is closed
   */
  PipelineRun start(Pipeline pipeline, Arguments arguments, RunOptions options);

  /**
   * Predicts, without running anything or writing anything, which steps will hit the cache in a run
   * with the default seed ({@link RunOptions#DEFAULT_SEED}) that reads the cache. A step whose
   * input comes from a step that will run is predicted to run (its input digest is not known yet),
   * although it may still hit the cache if that step reproduces the same bytes.
   *
   * @param pipeline the pipeline
   * @param arguments parameter values
   * @return the plan
   * @throws IllegalArgumentException if the arguments do not fit the pipeline
   */
  PipelinePlan plan(Pipeline pipeline, Arguments arguments);

  /**
   * Resumes a failed or cancelled run as a new run with the same parameters and seed: steps that
   * succeeded (or were cached) in it are reused without running, the failed, skipped and cancelled
   * ones and what depends on them execute.
   *
   * @param pipeline the pipeline of that run (same name; a step whose version changed runs again)
   * @param runId the run to resume
   * @param options how to run (its seed is ignored: the original seed is used)
   * @return the result of the new run
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws IllegalArgumentException if the run belongs to another pipeline
   */
  PipelineResult resume(Pipeline pipeline, String runId, RunOptions options);

  /**
   * Re-executes a recorded run from its provenance (parameters, seed, step versions), bypassing the
   * cache, and compares every output digest with the original.
   *
   * @param pipeline the pipeline of that run; its name and step versions must match the record
   * @param runId the run to reproduce
   * @param options how to run (cache reading is off; the original seed is used)
   * @return the comparison
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws IllegalArgumentException if the pipeline's name or a step version differs from the
   *     record (the message names the step and both versions)
   */
  Reproduction rerun(Pipeline pipeline, String runId, RunOptions options);

  /**
   * Returns the step executions of a run, by step name.
   *
   * @param runId the run
   * @return the executions; empty for a run that is not a pipeline run
   */
  List<StepExecution> executions(String runId);

  /**
   * Reads and decodes an output of a run.
   *
   * @param result the run
   * @param output the output
   * @param <T> the value type
   * @return the value
   * @throws IllegalArgumentException if the run has no such output
   * @throws dev.mlops.api.CorruptArtifactException if the stored bytes cannot be decoded
   */
  <T> T value(PipelineResult result, Output<T> output);

  /**
   * Reads and decodes a stored step output.
   *
   * @param artifact the artifact version
   * @param output the output handle whose codec decodes it
   * @param <T> the value type
   * @return the value
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   * @throws dev.mlops.api.CorruptArtifactException if the bytes cannot be decoded
   */
  <T> T read(ArtifactRef artifact, Output<T> output);

  /**
   * Forgets every cached result of a step of a pipeline, so its next run executes it.
   *
   * @param pipeline the pipeline name
   * @param step the step name
   * @return how many cache entries were removed
   */
  int invalidateStep(String pipeline, String step);

  /**
   * Forgets every cached result produced by a run.
   *
   * @param runId the run
   * @return how many cache entries were removed
   */
  int invalidateRun(String runId);
}
