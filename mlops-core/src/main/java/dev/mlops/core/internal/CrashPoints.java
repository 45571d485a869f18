package dev.mlops.core.internal;

import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Internal; not for use outside mlops; may change in any release.
 *
 * <p>Named points on the write paths where the crash test kills the process. Production code calls
 * {@link #reach(String)} at each point; it costs one volatile read while no hook is installed
 * (always, outside the crash test). Thread-safe.
 *
 * <pre>{@code
 * CrashPoints.reach(CrashPoints.BLOB_AFTER_TEMP_WRITE);
 * }</pre>
 */
public final class CrashPoints {
  /** A blob's bytes are in its temp file, not yet fsynced. */
  public static final String BLOB_AFTER_TEMP_WRITE = "blob.after-temp-write";

  /** A blob's temp file is fsynced, not yet renamed. */
  public static final String BLOB_AFTER_FSYNC = "blob.after-fsync";

  /** A blob is renamed into place, its directory not yet fsynced. */
  public static final String BLOB_AFTER_RENAME = "blob.after-rename";

  /** A metadata transaction's work is done, the commit not yet issued. */
  public static final String METADATA_BEFORE_COMMIT = "metadata.before-commit";

  /** A metadata transaction committed, the call not yet returned. */
  public static final String METADATA_AFTER_COMMIT = "metadata.after-commit";

  /** Inside a multi-row write, after some rows and before the rest. */
  public static final String METADATA_MID_BATCH = "metadata.mid-batch";

  private static volatile @Nullable Consumer<String> hook;

  private CrashPoints() {}

  /**
   * Marks that execution reached a named point.
   *
   * @param point the point's name
   */
  public static void reach(String point) {
    Consumer<String> h = hook;
    if (h != null) {
      h.accept(point);
    }
  }

  /**
   * Installs the hook called at every point (test use only).
   *
   * @param newHook the hook, or null to remove it
   */
  public static void install(@Nullable Consumer<String> newHook) {
    hook = newHook;
  }

  /**
   * Returns the names of every point.
   *
   * @return the point names
   */
  public static List<String> all() {
    return List.of(
        BLOB_AFTER_TEMP_WRITE,
        BLOB_AFTER_FSYNC,
        BLOB_AFTER_RENAME,
        METADATA_BEFORE_COMMIT,
        METADATA_AFTER_COMMIT,
        METADATA_MID_BATCH);
  }
}
