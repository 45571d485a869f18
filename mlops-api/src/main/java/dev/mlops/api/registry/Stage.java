package dev.mlops.api.registry;

import org.apiguardian.api.API;

/**
 * The lifecycle stage of a model version.
 *
 * <pre>{@code
 * registry.transition("churn", 3, Stage.PRODUCTION, "passed the evaluation gate");
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum Stage {
  /** Registered, not staged. */
  NONE,
  /** Under evaluation before production. */
  STAGING,
  /** Serving. */
  PRODUCTION,
  /** Retired. */
  ARCHIVED
}
