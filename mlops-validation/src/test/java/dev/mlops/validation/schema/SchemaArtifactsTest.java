package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.validation.MapArtifactRepository;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("schemas stored as artifacts")
class SchemaArtifactsTest {

  @Test
  @DisplayName("a stored schema has kind schema, the schema media type, and reads back equal")
  void roundTrip() {
    MapArtifactRepository repo = new MapArtifactRepository();
    ArtifactVersion v =
        SchemaArtifacts.store(repo, "orders-schema", SchemaJsonTest.full(), Map.of("team", "a"));
    assertThat(v.kind()).isEqualTo("schema");
    assertThat(v.mediaType()).isEqualTo("application/vnd.mlops.schema+json");
    assertThat(v.version()).isEqualTo(1);
    assertThat(SchemaArtifacts.load(repo, "orders-schema", 1)).isEqualTo(SchemaJsonTest.full());
  }

  @Test
  @DisplayName("an artifact of another kind or with garbage bytes is rejected")
  void rejected() {
    MapArtifactRepository repo = new MapArtifactRepository();
    repo.put(
        "data",
        "dataset",
        "text/csv",
        new ByteArrayInputStream("a,b".getBytes(StandardCharsets.UTF_8)),
        Map.of());
    assertThatThrownBy(() -> SchemaArtifacts.load(repo, "data", 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a schema");
    repo.put(
        "bad",
        SchemaArtifacts.KIND,
        SchemaArtifacts.MEDIA_TYPE,
        new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8)),
        Map.of());
    assertThatThrownBy(() -> SchemaArtifacts.load(repo, "bad", 1))
        .isInstanceOf(InvalidInputException.class);
  }
}
