package dev.mlops.api.tracking;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * A handle on a running run, to log parameters, metrics and tags and to end it.
 *
 * <p>Thread-safe: several threads may log through one handle. Each call is one metadata
 * transaction, visible to readers once it returns. Logging to a run that has ended (through this
 * handle or any other) throws {@link dev.mlops.api.ConflictException}; illegal keys and oversized
 * values throw {@link dev.mlops.api.InvalidInputException} before anything is written.
 *
 * <p>Artifacts: {@link #logArtifact(String, String, String, InputStream, Map) logArtifact} stores
 * an output of the run as a new artifact version created by it, and {@link #logInput(ArtifactRef)}
 * records an artifact version the run read; both are lineage events with the run id as the
 * execution id, so {@link dev.mlops.api.lineage.Lineage#upstream} of a model logged here reaches
 * the data the run read.
 *
 * <p>Ending: {@link #close()} ends a still-running run as {@link RunStatus#FINISHED}. To mark a
 * failure, call {@link #fail(Throwable)} (status {@link RunStatus#FAILED}, with the error class and
 * message as the tags {@link RunContext#ERROR_CLASS} and {@link RunContext#ERROR_MESSAGE}) or
 * {@link #end(RunStatus)} before the handle closes:
 *
 * <pre>{@code
 * try (ActiveRun run = tracking.startRun("churn").start()) {
 *   try {
 *     run.logParam("lr", 0.01);
 *     run.logMetric("loss", 0.3, 1);
 *   } catch (RuntimeException e) {
 *     run.fail(e);
 *     throw e;
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ActiveRun extends AutoCloseable {

  /**
   * Returns the run id.
   *
   * @return the id
   */
  String id();

  /**
   * Reads the run's current state from the store.
   *
   * @return the run
   */
  Run run();

  /**
   * Logs a text parameter. Parameters are immutable: logging a key again with an equal value does
   * nothing, with another value throws.
   *
   * @param key the key ({@link dev.mlops.api.Names#requireKey})
   * @param value the value, up to {@value Param#MAX_VALUE_LENGTH} characters
   * @throws dev.mlops.api.ConflictException if the key already has another value (the message names
   *     the key, the old and the new value), or the run has ended
   * @throws dev.mlops.api.InvalidInputException if the key or value is illegal
   */
  void logParam(String key, String value);

  /**
   * Logs a number parameter.
   *
   * @param key the key
   * @param value a finite number
   * @throws dev.mlops.api.ConflictException if the key already has another value, or the run has
   *     ended
   * @throws dev.mlops.api.InvalidInputException if the key is illegal or the value not finite
   */
  void logParam(String key, double value);

  /**
   * Logs a boolean parameter.
   *
   * @param key the key
   * @param value the flag
   * @throws dev.mlops.api.ConflictException if the key already has another value, or the run has
   *     ended
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  void logParam(String key, boolean value);

  /**
   * Logs a metric value at step 0, timestamped by the injected clock.
   *
   * @param key the key ({@link dev.mlops.api.Names#requireKey})
   * @param value any double, NaN and the infinities included
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  void logMetric(String key, double value);

  /**
   * Logs a metric value at a step, timestamped by the injected clock.
   *
   * @param key the key
   * @param value any double
   * @param step the step, e.g. the epoch
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.InvalidInputException if the key is illegal
   */
  void logMetric(String key, double value, long step);

  /**
   * Sets a tag, replacing its value if it exists.
   *
   * @param key the key; keys starting with {@value RunContext#PREFIX} are reserved
   * @param value the value, up to {@value dev.mlops.api.Names#MAX_VALUE_LENGTH} characters
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.InvalidInputException if the key is illegal or reserved, or the value too
   *     long
   */
  void setTag(String key, String value);

  /**
   * Sets the run's note, replacing any earlier one.
   *
   * @param text up to {@value Run#MAX_NOTE_LENGTH} characters
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.InvalidInputException if the text is too long or not text
   */
  void note(String text);

  /**
   * Logs metrics, parameters and tags in one transaction: all or nothing. The whole batch is
   * checked before the transaction starts. A batch whose id was applied to this run before is
   * skipped without writing, so a retry after a lost reply is safe. The cost is proportional to the
   * batch.
   *
   * @param batch the batch
   * @return true if the batch was written, false if it had been applied before
   * @throws dev.mlops.api.ConflictException if a parameter conflicts or the run has ended; nothing
   *     is written
   * @throws dev.mlops.api.InvalidInputException if a tag key is reserved or a tag value too long;
   *     nothing is written
   */
  boolean logBatch(LogBatch batch);

  /**
   * Stores an output of this run as the next version of an artifact, created by this run ({@link
   * ArtifactVersion#createdByRunId()}), and records it as an OUTPUT lineage event of the run. The
   * arguments and the run's state are checked first; then the bytes are stored (content-addressed,
   * as {@link dev.mlops.api.artifact.ArtifactRepository#put(String, String, String, InputStream,
   * Map) ArtifactRepository.put} does); then one metadata transaction checks again that the run is
   * running, creates the version, records the lineage event and appends the audit events {@code
   * artifact.version.created} and {@code lineage.recorded}. A failure at any point leaves no
   * version and no lineage event (bytes already stored stay unreferenced until a retry reuses them;
   * fsck reports them).
   *
   * <pre>{@code
   * ArtifactVersion model = run.logArtifact("churn-model", ArtifactVersion.KIND_MODEL,
   *     "application/json", new ByteArrayInputStream(weights), Map.of("framework", "none"));
   * }</pre>
   *
   * @param name the artifact name ({@link dev.mlops.api.Names#requireName})
   * @param kind the kind, e.g. {@link ArtifactVersion#KIND_MODEL}
   * @param mediaType the media type, e.g. {@code application/json}
   * @param content the bytes, read to the end; the caller closes it
   * @param properties free-form properties
   * @return the created version
   * @throws dev.mlops.api.ConflictException if the run has ended; nothing is written
   * @throws dev.mlops.api.InvalidInputException if a name, key or value is illegal; nothing is
   *     written
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws dev.mlops.api.StorageException if reading the content or a store fails; no version is
   *     created
   * @since 0.1
   */
  ArtifactVersion logArtifact(
      String name,
      String kind,
      String mediaType,
      InputStream content,
      Map<String, String> properties);

  /**
   * Stores a file as an output of this run; otherwise as {@link #logArtifact(String, String,
   * String, InputStream, Map)}.
   *
   * @param name the artifact name
   * @param kind the kind
   * @param mediaType the media type
   * @param file the file to store
   * @param properties free-form properties
   * @return the created version
   * @throws dev.mlops.api.ConflictException if the run has ended; nothing is written
   * @throws dev.mlops.api.InvalidInputException if a name, key or value is illegal
   * @throws dev.mlops.api.NotFoundException if the run does not exist
   * @throws dev.mlops.api.StorageException if the file cannot be read or a store fails
   * @since 0.1
   */
  ArtifactVersion logArtifact(
      String name, String kind, String mediaType, Path file, Map<String, String> properties);

  /**
   * Records that this run read an artifact version: an INPUT lineage event with the run id as the
   * execution id, audited as {@code lineage.recorded}, in one transaction that checks the run is
   * running. Recording the same input again records nothing.
   *
   * @param artifact the artifact version read
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.NotFoundException if the run or the artifact version does not exist, or
   *     the version is deleted
   * @since 0.1
   */
  void logInput(ArtifactRef artifact);

  /**
   * Records that this run read version {@code version} of artifact {@code name}; the same as {@code
   * logInput(ArtifactRef.of(name, version))}.
   *
   * @param name the artifact name
   * @param version the version number, 1 or more
   * @throws dev.mlops.api.ConflictException if the run has ended
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws dev.mlops.api.NotFoundException if the run or the artifact version does not exist
   * @throws IllegalArgumentException if the version is below 1
   * @since 0.1
   */
  default void logInput(String name, long version) {
    logInput(ArtifactRef.of(name, version));
  }

  /**
   * Returns an asynchronous logger for this run with the default configuration ({@link
   * AsyncLoggerConfig#defaults()}). Close it before this run.
   *
   * @return a new logger owning one background thread
   */
  AsyncRunLogger async();

  /**
   * Returns an asynchronous logger for this run.
   *
   * @param config the configuration
   * @return a new logger owning one background thread
   */
  AsyncRunLogger async(AsyncLoggerConfig config);

  /**
   * Ends the run with a terminal status, auditing {@code run.ended}.
   *
   * @param status FINISHED, FAILED or KILLED
   * @throws IllegalArgumentException if {@code status} is RUNNING
   * @throws dev.mlops.api.ConflictException if the run has already ended
   */
  void end(RunStatus status);

  /**
   * Ends the run as {@link RunStatus#FAILED}, storing the error's class and message (truncated to
   * {@value dev.mlops.api.Names#MAX_VALUE_LENGTH} characters) as the tags {@link
   * RunContext#ERROR_CLASS} and {@link RunContext#ERROR_MESSAGE}, in the same transaction.
   *
   * @param error the failure
   * @throws dev.mlops.api.ConflictException if the run has already ended
   */
  void fail(Throwable error);

  /**
   * Ends the run as {@link RunStatus#FINISHED} unless it has already ended. Idempotent.
   *
   * @throws dev.mlops.api.StorageException if the store fails
   */
  @Override
  void close();
}
