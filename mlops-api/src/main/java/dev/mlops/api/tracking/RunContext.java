package dev.mlops.api.tracking;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The keys of the reserved tags that record where and how a run ran. Every run captures them when
 * it starts, without being asked; each can be overridden with {@link RunBuilder#context(String,
 * String)}, and git reading can be skipped with {@link RunBuilder#withoutGit()}. Keys start with
 * {@value #PREFIX}, which {@link ActiveRun#setTag} refuses.
 *
 * <p>A field that cannot be found is left out (git outside a repository) or set to {@value
 * #UNKNOWN} (the mlops version outside a jar, a host name that does not resolve).
 *
 * <pre>{@code
 * String commit = tracking.tags(runId).get(RunContext.GIT_COMMIT);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RunContext {
  /** The prefix of every reserved tag. */
  public static final String PREFIX = "mlops.";

  /** The value of a field that could not be determined. */
  public static final String UNKNOWN = "unknown";

  /** The full hex id of the git HEAD commit; absent outside a repository or on an unborn branch. */
  public static final String GIT_COMMIT = "mlops.git.commit";

  /** The branch git HEAD points at; absent when detached. */
  public static final String GIT_BRANCH = "mlops.git.branch";

  /**
   * {@code true} when tracked files differ from the HEAD commit, {@code false} when not, {@value
   * #UNKNOWN} when it cannot be decided (then {@link #GIT_DIRTY_REASON} says why).
   */
  public static final String GIT_DIRTY = "mlops.git.dirty";

  /** Why {@link #GIT_DIRTY} is {@value #UNKNOWN}; absent otherwise. */
  public static final String GIT_DIRTY_REASON = "mlops.git.dirty_reason";

  /** The system property {@code java.version}. */
  public static final String JAVA_VERSION = "mlops.java.version";

  /** The system property {@code java.vendor}. */
  public static final String JAVA_VENDOR = "mlops.java.vendor";

  /** The system property {@code os.name}. */
  public static final String OS_NAME = "mlops.os.name";

  /** The system property {@code os.arch}. */
  public static final String OS_ARCH = "mlops.os.arch";

  /**
   * The version of mlops-core ({@code Implementation-Version} of its jar), else {@value #UNKNOWN}.
   */
  public static final String MLOPS_VERSION = "mlops.version";

  /** The local host name, else {@value #UNKNOWN}. */
  public static final String HOST = "mlops.host";

  /** The system property {@code user.name}, else {@value #UNKNOWN}. */
  public static final String USER = "mlops.user";

  /** The run's start time on the injected clock, ISO-8601 ({@code 2026-03-01T10:15:30Z}). */
  public static final String START_TIME = "mlops.start_time";

  /** The class of the error a run failed with ({@link ActiveRun#fail(Throwable)}). */
  public static final String ERROR_CLASS = "mlops.error.class";

  /** The message of the error a run failed with, possibly truncated. */
  public static final String ERROR_MESSAGE = "mlops.error.message";

  /** Every context key {@link RunBuilder#context(String, String)} accepts. */
  public static final List<String> KEYS =
      List.of(
          GIT_COMMIT,
          GIT_BRANCH,
          GIT_DIRTY,
          GIT_DIRTY_REASON,
          JAVA_VERSION,
          JAVA_VENDOR,
          OS_NAME,
          OS_ARCH,
          MLOPS_VERSION,
          HOST,
          USER,
          START_TIME);

  private RunContext() {}

  /**
   * Returns whether a tag key is reserved.
   *
   * @param key the key
   * @return true if it starts with {@value #PREFIX}
   */
  public static boolean isReserved(String key) {
    return key.startsWith(PREFIX);
  }
}
