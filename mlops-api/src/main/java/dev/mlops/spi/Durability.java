package dev.mlops.spi;

import org.apiguardian.api.API;

/**
 * What a write that returned survives. Each backend states its level.
 *
 * <pre>{@code
 * if (store.durability() == Durability.POWER_LOSS) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum Durability {
  /**
   * Nothing at all: the data lives in this process's memory (the in-memory backend). Provided so
   * that a backend never claims more than it gives.
   */
  NONE,
  /**
   * A write that returned survives the process being killed at any moment, but may be lost if the
   * operating system crashes or the power fails (SQLite WAL with {@code synchronous=NORMAL}).
   */
  PROCESS,
  /**
   * A write that returned survives an operating-system crash or a power cut (fsync before
   * returning: SQLite {@code synchronous=FULL}, PostgreSQL's defaults, blobs fsynced with their
   * directory).
   */
  POWER_LOSS
}
