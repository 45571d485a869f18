package dev.mlops.api.tracking;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Experiments and runs: start a run, log parameters, metrics and tags to it, read them back, and
 * export or import a run as JSON.
 *
 * <p>Thread-safe; share one instance (from {@code Mlops.tracking()}). Every write is one metadata
 * transaction and is visible to other threads and processes once the call returns. State changes
 * (an experiment or a run created, a run ended) append an audit event in the same transaction;
 * parameters, metrics, tags and notes are not audited, to keep logging cheap.
 *
 * <pre>{@code
 * try (ActiveRun run = mlops.tracking().startRun("churn").name("baseline").start()) {
 *   run.logParam("lr", 0.01);
 *   for (int epoch = 0; epoch < 10; epoch++) {
 *     run.logMetric("loss", train(epoch), epoch);
 *   }
 * } // FINISHED on close
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Tracking {

  /** The largest page {@link #listRuns} returns. */
  int MAX_PAGE = 10_000;

  /**
   * Returns the experiment with this name, creating it (and auditing {@code experiment.created})
   * when it does not exist. Concurrent calls with one name return the same experiment.
   *
   * @param name the experiment name ({@link dev.mlops.api.Names#requireName})
   * @return the experiment
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  Experiment experiment(String name);

  /**
   * Finds an experiment by name without creating it.
   *
   * @param name the experiment name
   * @return the experiment, if it exists
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  Optional<Experiment> findExperiment(String name);

  /**
   * Prepares a run in an experiment (created when missing). Nothing is written until {@link
   * RunBuilder#start()}.
   *
   * @param experimentName the experiment name
   * @return a builder for the run
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   */
  RunBuilder startRun(String experimentName);

  /**
   * Returns a handle on an existing run, to go on logging to it (from another thread, after a
   * restart). Logging through it to a run that has ended throws {@link
   * dev.mlops.api.ConflictException}; closing it ends the run as {@link RunStatus#FINISHED} if it
   * is still running.
   *
   * @param runId the run id
   * @return the handle
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  ActiveRun resume(String runId);

  /**
   * Returns a run.
   *
   * @param runId the run id
   * @return the run
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  Run run(String runId);

  /**
   * Returns the parameters of a run.
   *
   * @param runId the run id
   * @return the parameters by key, sorted by key
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  Map<String, Param> params(String runId);

  /**
   * Returns the latest point of each metric of a run: the greatest step, then the latest timestamp,
   * then the last inserted.
   *
   * @param runId the run id
   * @return the latest points by key, sorted by key
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  Map<String, MetricPoint> latestMetrics(String runId);

  /**
   * Returns every point of one metric of a run, by step, then timestamp, then insertion.
   *
   * @param runId the run id
   * @param key the metric key
   * @return the series; empty if the key was never logged
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * Returns the tags of a run, the reserved {@link RunContext} tags included.
   *
   * @param runId the run id
   * @return the tags, sorted by key
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  Map<String, String> tags(String runId);

  /**
   * Lists the runs of an experiment by ascending run id, without their parameters, metrics or tags.
   * Page with the id of the last run of one page as {@code afterRunId} of the next. Listings are
   * weakly consistent: a run created while paging appears if its id sorts after the bound.
   *
   * @param experimentName the experiment name
   * @param afterRunId list runs whose id is greater than this, or null to start
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page; empty when the experiment does not exist
   * @throws IllegalArgumentException if {@code limit} is out of range
   */
  List<Run> listRuns(String experimentName, @Nullable String afterRunId, int limit);

  /**
   * Writes a run as JSON: the run, its experiment name, parameters, every metric point and every
   * tag (the context tags included). The layout has {@code "format_version": 1} and {@code "kind":
   * "run"}; non-finite metric values are written as the strings {@code "NaN"}, {@code "Infinity"}
   * and {@code "-Infinity"}. The stream is not closed.
   *
   * @param runId the run id
   * @param out where to write
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws dev.mlops.api.StorageException if writing fails
   */
  void exportRun(String runId, OutputStream out);

  /**
   * Reads a run written by {@link #exportRun} and creates it, with everything it carries, under a
   * new random id, in one transaction (its experiment is created when missing). The parent run id
   * is kept only if that run exists here. The stream is read to its end (at most 64 MiB) and not
   * closed.
   *
   * @param in the JSON
   * @return the created run
   * @throws dev.mlops.api.InvalidInputException if the JSON is malformed, too large or too deeply
   *     nested, of another kind or a newer format version, or holds an illegal value; nothing is
   *     written then
   */
  Run importRun(InputStream in);

  /**
   * As {@link #importRun(InputStream)}, under a given id.
   *
   * @param in the JSON
   * @param runId the id of the created run
   * @return the created run
   * @throws dev.mlops.api.ConflictException if a run with this id exists
   * @throws dev.mlops.api.InvalidInputException if the JSON or the id is illegal
   */
  Run importRun(InputStream in, String runId);
}
