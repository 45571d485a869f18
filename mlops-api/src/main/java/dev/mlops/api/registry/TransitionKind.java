package dev.mlops.api.registry;

import org.apiguardian.api.API;

/**
 * What a registry transition changed.
 *
 * <pre>{@code
 * if (t.kind() == TransitionKind.ALIAS_SET) { ... }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum TransitionKind {
  /** A version moved from one stage to another. */
  STAGE,
  /** An alias was set on a version, or moved to it from another. */
  ALIAS_SET,
  /** An alias was removed. */
  ALIAS_REMOVED,
  /** A requested transition was refused by a guard; nothing changed. */
  REFUSED
}
