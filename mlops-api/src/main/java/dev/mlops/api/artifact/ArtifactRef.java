package dev.mlops.api.artifact;

import dev.mlops.api.Names;
import org.apiguardian.api.API;

/**
 * A reference to one version of an artifact: its name and version number.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ArtifactRef ref = ArtifactRef.of("training-data", 3); // printed as training-data:3
 * }</pre>
 *
 * @param name the artifact name ({@link Names#requireName})
 * @param version the version number, 1 or more
 * @since 0.1
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ArtifactRef(String name, long version) {
  /**
   * Validates the name and version.
   *
   * @throws dev.mlops.api.InvalidInputException if the name is illegal
   * @throws IllegalArgumentException if the version is below 1
   */
  public ArtifactRef {
    Names.requireName(name, "artifact name");
    if (version < 1) {
      throw new IllegalArgumentException(
          "artifact version numbers start at 1, but got " + version + " for '" + name + "'");
    }
  }

  /**
   * Creates a reference.
   *
   * @param name the artifact name
   * @param version the version number, 1 or more
   * @return the reference
   */
  public static ArtifactRef of(String name, long version) {
    return new ArtifactRef(name, version);
  }

  /**
   * Returns {@code name:version}.
   *
   * @return the printed form
   */
  @Override
  public String toString() {
    return name + ":" + version;
  }
}
