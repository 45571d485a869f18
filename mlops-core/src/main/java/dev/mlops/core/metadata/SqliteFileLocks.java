package dev.mlops.core.metadata;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM-wide registry of locks per SQLite database file, keyed by the file's canonical path (real
 * parent directory plus file name). Every store open on a file in this JVM shares its entry, so
 * threads of one process queue for the file's single writer slot on a fair Java lock instead of
 * spinning on {@code SQLITE_BUSY}; only processes contend inside SQLite. An entry lives while a
 * store uses it. Thread-safe.
 */
final class SqliteFileLocks {

  /** The locks of one database file. */
  static final class Entry {
    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ReentrantLock migrationLock = new ReentrantLock(true);
    private int users; // guarded by REGISTRY_LOCK

    private Entry(Path file) {
      this.file = file;
    }

    /** The canonical path of the database file. */
    Path file() {
      return file;
    }

    /** Serialises write transactions on the file within this JVM. */
    ReentrantLock writeLock() {
      return writeLock;
    }

    /**
     * Serialises schema migrations within this JVM; a file lock on {@code <db>.migrate.lock} does
     * so across processes (a JVM may hold only one lock on a file region, hence this one too).
     */
    ReentrantLock migrationLock() {
      return migrationLock;
    }
  }

  private static final Object REGISTRY_LOCK = new Object();
  private static final Map<Path, Entry> ENTRIES = new HashMap<>(); // guarded by REGISTRY_LOCK

  private SqliteFileLocks() {}

  /** Returns the entry of a canonical path and counts one more user. */
  static Entry acquire(Path canonicalFile) {
    synchronized (REGISTRY_LOCK) {
      Entry e = ENTRIES.computeIfAbsent(canonicalFile, Entry::new);
      e.users++;
      return e;
    }
  }

  /** Counts one user less; the entry is dropped when nobody uses it. */
  static void release(Entry entry) {
    synchronized (REGISTRY_LOCK) {
      entry.users--;
      if (entry.users == 0) {
        ENTRIES.remove(entry.file, entry);
      }
    }
  }
}
