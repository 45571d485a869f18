package dev.mlops.validation.schema;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Stores schemas as artifacts in a host's {@link ArtifactRepository} (kind {@value #KIND}, media
 * type {@value #MEDIA_TYPE}, the bytes of {@link SchemaJson#write}) and reads them back.
 *
 * <p>Stateless and thread-safe; the repository's own guarantees apply (nothing is stored half-way).
 *
 * <pre>{@code
 * ArtifactVersion v = SchemaArtifacts.store(mlops.artifacts(), "orders-schema", schema, Map.of());
 * Schema back = SchemaArtifacts.load(mlops.artifacts(), "orders-schema", v.version());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaArtifacts {

  /** The artifact kind of a schema. */
  public static final String KIND = "schema";

  /** The media type of a stored schema. */
  public static final String MEDIA_TYPE = "application/vnd.mlops.schema+json";

  private SchemaArtifacts() {}

  /**
   * Stores a schema as the next version of an artifact.
   *
   * @param repository the host's repository
   * @param name the artifact name
   * @param schema the schema
   * @param properties free-form properties of the version
   * @return the created version
   * @throws InvalidInputException if the name or a property is illegal; nothing is written
   * @throws StorageException if the store cannot be written
   * @throws NullPointerException if an argument is null
   */
  public static ArtifactVersion store(
      ArtifactRepository repository, String name, Schema schema, Map<String, String> properties) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(properties, "properties");
    byte[] bytes = SchemaJson.write(schema).getBytes(StandardCharsets.UTF_8);
    return repository.put(name, KIND, MEDIA_TYPE, new ByteArrayInputStream(bytes), properties);
  }

  /**
   * Reads a stored schema.
   *
   * @param repository the host's repository
   * @param name the artifact name
   * @param version the version
   * @return the schema
   * @throws dev.mlops.api.NotFoundException if the version does not exist or was deleted
   * @throws InvalidInputException if the version is not a schema (kind or media type) or its bytes
   *     are not a schema document
   * @throws StorageException if the bytes cannot be read
   * @throws NullPointerException if an argument is null
   */
  public static Schema load(ArtifactRepository repository, String name, long version) {
    Objects.requireNonNull(repository, "repository");
    ArtifactVersion v = repository.get(name, version);
    if (!KIND.equals(v.kind())) {
      throw InvalidInputException.of(
          "artifact",
          "artifact " + v.ref() + " is a " + v.kind() + ", not a " + KIND + "; pass a schema");
    }
    try (InputStream in = repository.open(name, version)) {
      return SchemaJson.read(in);
    } catch (IOException e) {
      throw new StorageException("cannot read schema artifact " + v.ref() + ": " + e, e);
    }
  }
}
