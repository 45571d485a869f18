package dev.mlops.api.lineage;

import org.apiguardian.api.API;

/**
 * Whether an execution read or wrote an artifact version.
 *
 * <pre>{@code
 * new LineageEvent("run-42", ArtifactRef.of("data", 3), Direction.INPUT, now);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum Direction {
  /** The execution read the artifact version. */
  INPUT,
  /** The execution produced the artifact version. */
  OUTPUT
}
