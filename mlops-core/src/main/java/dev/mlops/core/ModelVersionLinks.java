package dev.mlops.core;

import dev.mlops.api.lineage.Lineage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The execution ids that stand for registered model versions in lineage, so that an artifact (a
 * report) linked to a model version is a lineage event with the artifact as an input of that
 * "execution". The id is {@code model-version.<model>.v<version>}; it is injective because the
 * version is the digits after the last {@code .v}. When that would exceed the name limit (model
 * names longer than about 170 characters), the id is {@code model-version.sha256-<hex>} over the
 * model name and version instead, still unique and stable.
 *
 * <p>Likewise for derived artifact versions ({@link
 * dev.mlops.api.artifact.ArtifactRepository#linkDerivedFrom}): {@code derived.<name>.v<version>}
 * (or {@code derived.sha256-<hex>}) stands for the computation that read the sources (its inputs)
 * and wrote the derived version (its output).
 *
 * <p>Stateless and thread-safe.
 */
final class ModelVersionLinks {
  private static final int MAX_ID = dev.mlops.api.Names.MAX_NAME_LENGTH;

  private ModelVersionLinks() {}

  static String executionId(String model, long version) {
    return id(Lineage.RESERVED_EXECUTION_PREFIX, model, version);
  }

  static String derivedExecutionId(String artifact, long version) {
    return id(Lineage.DERIVED_EXECUTION_PREFIX, artifact, version);
  }

  private static String id(String prefix, String name, long version) {
    String id = prefix + name + ".v" + version;
    if (id.length() <= MAX_ID) {
      return id;
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] hash = sha.digest((name + "\n" + version).getBytes(StandardCharsets.UTF_8));
      return prefix + "sha256-" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256, which every JDK must provide", e);
    }
  }
}
