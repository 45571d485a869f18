package dev.mlops.spi;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The typed operations of one metadata transaction, handed to {@link TransactionWork}. Valid only
 * during that call, on that thread. Writes throw {@link IllegalStateException} in a read-only
 * transaction.
 *
 * <p>Not thread-safe: one transaction belongs to one thread. Lookups return {@link Optional};
 * listings take an exclusive lower bound and a limit (1 to {@value #MAX_PAGE}) and return at most
 * that many items in a stated order, so a caller pages with the last item of one page as the bound
 * of the next. Values are validated by their records before they get here; a store checks only what
 * needs stored state (existence, uniqueness, immutability).
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *   tx.logMetrics(runId, List.of(new MetricPoint("loss", 0.3, 1, now)));
 *   tx.setTags(runId, Map.of("phase", "train"));
 *   return null;
 * });
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface MetadataTransaction {

  /** The largest page a listing returns. */
  int MAX_PAGE = 10_000;

  // ---------------------------------------------------------------- artifact versions

  /**
   * Creates the next version of an artifact: 1 for a new name, otherwise one more than the greatest
   * version ever created for it (tombstones included), so numbers have no gaps and are never
   * reused.
   *
   * @param draft the version to create
   * @return the created version
   */
  ArtifactVersion createArtifactVersion(ArtifactVersionDraft draft);

  /**
   * Finds a version, live or tombstone.
   *
   * @param name the artifact name
   * @param version the version number
   * @return the version, if it was ever created
   */
  Optional<ArtifactVersion> findArtifactVersion(String name, long version);

  /**
   * Finds the greatest live (not deleted) version of an artifact.
   *
   * @param name the artifact name
   * @return the latest live version, if any
   */
  Optional<ArtifactVersion> findLatestArtifactVersion(String name);

  /**
   * Lists versions of an artifact, tombstones included, by ascending version.
   *
   * @param name the artifact name
   * @param afterVersion list versions greater than this (0 to start)
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<ArtifactVersion> listArtifactVersions(String name, long afterVersion, int limit);

  /**
   * Lists artifact names by ascending code point order.
   *
   * @param afterName list names greater than this, or null to start
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<String> listArtifactNames(@Nullable String afterName, int limit);

  /**
   * Marks a version deleted. Its number stays taken (a tombstone). Deleting a tombstone again
   * returns it unchanged.
   *
   * @param name the artifact name
   * @param version the version number
   * @param at the deletion time
   * @return the tombstone
   * @throws dev.mlops.api.NotFoundException if the version was never created
   */
  ArtifactVersion markArtifactVersionDeleted(String name, long version, Instant at);

  /**
   * Lists the live versions whose bytes have a digest, by ascending name then version.
   *
   * @param digest the digest
   * @return the live versions referencing it; empty when the bytes may be deleted
   */
  List<ArtifactRef> liveArtifactVersionsWithDigest(Digest digest);

  /**
   * Points an alias of an artifact at one of its live versions, moving it if it existed.
   *
   * @param name the artifact name
   * @param alias the alias ({@link dev.mlops.api.Names#requireName})
   * @param version the version
   * @return the version the alias pointed at before, if any
   * @throws dev.mlops.api.NotFoundException if the version does not exist or is deleted
   */
  Optional<Long> setArtifactAlias(String name, String alias, long version);

  /**
   * Finds the version an artifact alias points at.
   *
   * @param name the artifact name
   * @param alias the alias
   * @return the version, if the alias exists
   */
  Optional<Long> findArtifactAlias(String name, String alias);

  /**
   * Removes an artifact alias.
   *
   * @param name the artifact name
   * @param alias the alias
   * @return the version it pointed at, if it existed
   */
  Optional<Long> removeArtifactAlias(String name, String alias);

  // ---------------------------------------------------------------- experiments and runs

  /**
   * Creates an experiment.
   *
   * @param experiment the experiment
   * @throws dev.mlops.api.ConflictException if its id or name is taken
   */
  void createExperiment(Experiment experiment);

  /**
   * Finds an experiment by id.
   *
   * @param id the id
   * @return the experiment, if any
   */
  Optional<Experiment> findExperiment(String id);

  /**
   * Finds an experiment by name.
   *
   * @param name the name
   * @return the experiment, if any
   */
  Optional<Experiment> findExperimentByName(String name);

  /**
   * Lists experiments by ascending id.
   *
   * @param afterId list ids greater than this, or null to start
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<Experiment> listExperiments(@Nullable String afterId, int limit);

  /**
   * Creates a run.
   *
   * @param run the run, usually {@link dev.mlops.api.tracking.RunStatus#RUNNING}
   * @throws dev.mlops.api.ConflictException if the id is taken
   * @throws dev.mlops.api.NotFoundException if its experiment or parent run does not exist
   */
  void createRun(Run run);

  /**
   * Replaces the mutable fields of a run (status, end time, name, note); id, experiment, parent and
   * start time must be unchanged.
   *
   * @param run the new state
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws IllegalArgumentException if an immutable field differs
   */
  void updateRun(Run run);

  /**
   * Finds a run.
   *
   * @param runId the id
   * @return the run, if any
   */
  Optional<Run> findRun(String runId);

  /**
   * Lists the runs of an experiment by ascending id, without their parameters, metrics or tags.
   *
   * @param experimentId the experiment
   * @param afterRunId list ids greater than this, or null to start
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<Run> listRuns(String experimentId, @Nullable String afterRunId, int limit);

  /**
   * Searches runs of every experiment: those the query's filter matches (TRUE in three-valued
   * logic), in the query's total order, strictly after its cursor, at most its page size. The
   * meaning of filters and orders is stated on {@link dev.mlops.api.tracking.query.RunFilter} and
   * {@link dev.mlops.api.tracking.query.OrderBy}; a metric field means the run's latest value of
   * that metric (greatest step, then latest timestamp, then last inserted). A SQL backend binds
   * every value and key of the query as a parameter and never loads every metric of every run.
   *
   * <p>The page's cursor, when present, holds the sort values and id of its last run; the next page
   * holds the runs strictly after that position, so paging never repeats or skips a run that exists
   * and matches throughout.
   *
   * @param query the query, with its page size and cursor
   * @return the page; its cursor is null when no run follows
   * @throws NullPointerException if {@code query} is null
   */
  RunPage searchRuns(RunQuery query);

  /**
   * Logs parameters. A key logged before with an equal value (same type and text) is left as it is;
   * with another value the whole call fails.
   *
   * @param runId the run
   * @param params the parameters, keys distinct
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws dev.mlops.api.ConflictException if a key already has another value
   * @throws IllegalArgumentException if a key occurs twice in {@code params} with different values
   */
  void logParams(String runId, List<Param> params);

  /**
   * Returns the parameters of a run by key.
   *
   * @param runId the run
   * @return the parameters, sorted by key
   */
  Map<String, Param> params(String runId);

  /**
   * Appends metric points, in list order (which breaks ties for "latest").
   *
   * @param runId the run
   * @param points the points
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  void logMetrics(String runId, List<MetricPoint> points);

  /**
   * Returns every point of one metric of a run, ordered by step, then timestamp, then insertion.
   *
   * @param runId the run
   * @param key the metric key
   * @return the series, empty if none
   */
  List<MetricPoint> metricHistory(String runId, String key);

  /**
   * Returns the latest point of each metric of a run: the greatest step, then the latest timestamp,
   * then the last inserted.
   *
   * @param runId the run
   * @return the latest points, sorted by key
   */
  Map<String, MetricPoint> latestMetrics(String runId);

  /**
   * Sets tags, replacing the values of existing keys.
   *
   * @param runId the run
   * @param tags the tags
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  void setTags(String runId, Map<String, String> tags);

  /**
   * Deletes a tag.
   *
   * @param runId the run
   * @param key the key
   * @return true if it existed
   */
  boolean deleteTag(String runId, String key);

  /**
   * Returns the tags of a run.
   *
   * @param runId the run
   * @return the tags, sorted by key
   */
  Map<String, String> tags(String runId);

  /**
   * Records that a client batch was applied to a run, for idempotent retries. Call it first in the
   * batch's transaction and skip the batch when it returns false.
   *
   * @param runId the run
   * @param batchId the client-supplied batch id ({@link dev.mlops.api.Names#requireName})
   * @return true if the batch is new, false if it was applied before
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   */
  boolean registerBatch(String runId, String batchId);

  // ---------------------------------------------------------------- lineage

  /**
   * Records a lineage event. Recording the same (execution, artifact, direction) again keeps the
   * first.
   *
   * @param event the event
   * @throws dev.mlops.api.NotFoundException if the artifact version does not exist
   */
  void recordLineageEvent(LineageEvent event);

  /**
   * Returns the events that touch an artifact version, by time then execution id.
   *
   * @param artifact the artifact version
   * @return the events
   */
  List<LineageEvent> lineageEventsOfArtifact(ArtifactRef artifact);

  /**
   * Returns the events of an execution, by time then artifact.
   *
   * @param executionId the run or step-execution id
   * @return the events
   */
  List<LineageEvent> lineageEventsOfExecution(String executionId);

  // ---------------------------------------------------------------- registry

  /**
   * Creates a registered model.
   *
   * @param model the model
   * @throws dev.mlops.api.ConflictException if the name is taken
   */
  void createRegisteredModel(RegisteredModel model);

  /**
   * Finds a registered model.
   *
   * @param name the name
   * @return the model, if any
   */
  Optional<RegisteredModel> findRegisteredModel(String name);

  /**
   * Lists registered models by ascending name.
   *
   * @param afterName list names greater than this, or null to start
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<RegisteredModel> listRegisteredModels(@Nullable String afterName, int limit);

  /**
   * Registers the next version of a model (numbered like artifact versions), in stage NONE.
   *
   * @param draft the version
   * @return the created version
   * @throws dev.mlops.api.NotFoundException if the model or the artifact version does not exist
   */
  ModelVersion createModelVersion(ModelVersionDraft draft);

  /**
   * Finds a model version.
   *
   * @param modelName the model
   * @param version the version
   * @return the version, if any
   */
  Optional<ModelVersion> findModelVersion(String modelName, long version);

  /**
   * Lists versions of a model by ascending version.
   *
   * @param modelName the model
   * @param afterVersion list versions greater than this (0 to start)
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<ModelVersion> listModelVersions(String modelName, long afterVersion, int limit);

  /**
   * Sets the stage of a model version.
   *
   * @param modelName the model
   * @param version the version
   * @param stage the new stage
   * @return the changed version
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   */
  ModelVersion setModelVersionStage(String modelName, long version, Stage stage);

  /**
   * Points a model alias at a version, moving it if it existed.
   *
   * @param modelName the model
   * @param alias the alias
   * @param version the version
   * @return the version the alias pointed at before, if any
   * @throws dev.mlops.api.NotFoundException if the version does not exist
   */
  Optional<Long> setModelAlias(String modelName, String alias, long version);

  /**
   * Removes a model alias.
   *
   * @param modelName the model
   * @param alias the alias
   * @return the version it pointed at, if it existed
   */
  Optional<Long> removeModelAlias(String modelName, String alias);

  /**
   * Finds the version behind a model alias.
   *
   * @param modelName the model
   * @param alias the alias
   * @return the version, if the alias exists
   */
  Optional<Long> findModelAlias(String modelName, String alias);

  /**
   * Returns every alias of a model.
   *
   * @param modelName the model
   * @return alias to version, sorted by alias
   */
  Map<String, Long> modelAliases(String modelName);

  /**
   * Records a registry transition.
   *
   * @param transition the transition
   * @throws dev.mlops.api.NotFoundException if the model does not exist
   */
  void recordTransition(Transition transition);

  /**
   * Returns the transitions of a model in the order they were recorded.
   *
   * @param modelName the model
   * @return the history
   */
  List<Transition> listTransitions(String modelName);

  // ---------------------------------------------------------------- audit log

  /**
   * Locks the head of the audit chain for the rest of this transaction and returns it. A concurrent
   * transaction calling this waits (or is retried) until this one ends, so the chain never forks.
   *
   * @return the head: sequence 0 and the genesis hash for an empty log
   */
  AuditCheckpoint lockAuditHead();

  /**
   * Appends an event after the head locked by {@link #lockAuditHead()} in this transaction.
   *
   * @param event the event; its sequence must be the head's plus one and its previous hash the
   *     head's hash
   * @throws IllegalStateException if the head was not locked in this transaction
   * @throws dev.mlops.api.ConflictException if the event does not extend the head
   */
  void appendAuditEvent(AuditEvent event);

  /**
   * Lists audit events by ascending sequence.
   *
   * @param fromSequence the first sequence to return (1 to start)
   * @param limit the page size, 1 to {@value #MAX_PAGE}
   * @return the page
   */
  List<AuditEvent> listAuditEvents(long fromSequence, int limit);

  // ---------------------------------------------------------------- pipeline steps and cache

  /**
   * Records a step execution of a pipeline run.
   *
   * @param execution the execution
   * @throws dev.mlops.api.NotFoundException if its run does not exist
   * @throws dev.mlops.api.ConflictException if its execution id was recorded before
   */
  void recordStepExecution(StepExecution execution);

  /**
   * Records many step executions, as {@link #recordStepExecution} would one by one in list order; a
   * store may do it in fewer round trips. The pipeline engine writes its batches of finished steps
   * through this method. If one of them is rejected, the exception propagates and the enclosing
   * transaction rolls back, so none of them is kept.
   *
   * <pre>{@code
   * store.inTransaction(tx -> { tx.recordStepExecutions(batch); return null; });
   * }</pre>
   *
   * @param executions the executions, in the order to record them
   * @throws dev.mlops.api.NotFoundException if the run of one of them does not exist
   * @throws dev.mlops.api.ConflictException if an execution id was recorded before, or occurs twice
   *     in the list
   * @since 0.1
   */
  default void recordStepExecutions(List<StepExecution> executions) {
    for (StepExecution e : executions) {
      recordStepExecution(e);
    }
  }

  /**
   * Finds a step execution.
   *
   * @param executionId the execution id
   * @return the execution, if recorded
   */
  Optional<StepExecution> findStepExecution(String executionId);

  /**
   * Returns the step executions of a run, by ascending step name.
   *
   * @param runId the run
   * @return the executions; empty if none
   */
  List<StepExecution> listStepExecutions(String runId);

  /**
   * Stores a cache entry, replacing the entry with the same key.
   *
   * @param entry the entry
   * @throws dev.mlops.api.NotFoundException if an output artifact version does not exist
   */
  void putStepCacheEntry(StepCacheEntry entry);

  /**
   * Finds a cache entry.
   *
   * @param key the cache key
   * @return the entry, if stored
   */
  Optional<StepCacheEntry> findStepCacheEntry(String key);

  /**
   * Finds the most recent cache entry of a step: the greatest creation time, then the greatest key.
   *
   * @param pipeline the pipeline name
   * @param step the step name
   * @return the entry, if any
   */
  Optional<StepCacheEntry> latestStepCacheEntry(String pipeline, String step);

  /**
   * Deletes every cache entry of a step.
   *
   * @param pipeline the pipeline name
   * @param step the step name
   * @return how many were deleted
   */
  int deleteStepCacheEntries(String pipeline, String step);

  /**
   * Deletes every cache entry produced by a run.
   *
   * @param runId the run
   * @return how many were deleted
   */
  int deleteStepCacheEntriesOfRun(String runId);
}
