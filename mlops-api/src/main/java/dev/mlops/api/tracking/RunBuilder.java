package dev.mlops.api.tracking;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Configures a run before it starts: display name, parent run, explicit id and the captured context
 * ({@link RunContext}). Obtained from {@link Tracking#startRun(String)}; nothing is written until
 * {@link #start()}.
 *
 * <p>Not thread-safe: configure and start it on one thread. Each setter checks its argument at
 * once.
 *
 * <pre>{@code
 * try (ActiveRun child = tracking.startRun("churn")
 *     .name("fold-3")
 *     .parent(parent.id())
 *     .context(RunContext.HOST, "trainer-7")
 *     .withoutGit()
 *     .start()) {
 *   child.logMetric("auc", 0.91);
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RunBuilder {

  /**
   * Sets the display name. Default: none.
   *
   * @param name up to {@value dev.mlops.api.Names#MAX_NAME_LENGTH} characters of text
   * @return this builder
   * @throws dev.mlops.api.InvalidInputException if the name is too long or not text
   */
  RunBuilder name(String name);

  /**
   * Nests the run under a parent run, which must exist when the run starts.
   *
   * @param parentRunId the parent run id
   * @return this builder
   * @throws dev.mlops.api.InvalidInputException if the id is illegal
   */
  RunBuilder parent(String parentRunId);

  /**
   * Sets the run id. Default: a random UUID.
   *
   * @param runId the id ({@link dev.mlops.api.Names#requireName})
   * @return this builder
   * @throws dev.mlops.api.InvalidInputException if the id is illegal
   */
  RunBuilder runId(String runId);

  /**
   * Overrides one captured context field, or adds it when capture did not find it.
   *
   * @param key one of the keys in {@link RunContext#KEYS}
   * @param value the value, up to {@value dev.mlops.api.Names#MAX_VALUE_LENGTH} characters
   * @return this builder
   * @throws IllegalArgumentException if the key is not a context key
   * @throws dev.mlops.api.InvalidInputException if the value is too long or not text
   */
  RunBuilder context(String key, String value);

  /**
   * Skips reading git: no {@code mlops.git.*} tag is captured (ones set with {@link #context} are
   * kept).
   *
   * @return this builder
   */
  RunBuilder withoutGit();

  /**
   * Sets the directory git state is read around. Default: the system property {@code user.dir}.
   *
   * @param directory a directory in the work tree
   * @return this builder
   */
  RunBuilder workingDirectory(Path directory);

  /**
   * Captures the context and creates the run, RUNNING, with its context tags, in one transaction
   * (the experiment too, when missing), auditing {@code run.created}.
   *
   * @return the handle of the running run
   * @throws dev.mlops.api.ConflictException if the run id is taken
   * @throws dev.mlops.api.NotFoundException if the parent run does not exist
   * @throws IllegalStateException if this builder was started before
   */
  ActiveRun start();
}
