package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Laws of the registered model JSON format: garbage and mutated documents give only {@link
 * InvalidInputException}, and read(write(x)) == x.
 */
@Label("registered model JSON properties")
class ModelJsonProperties {
  private final ModelJson json = new ModelJson();

  /** Reads input; passes when it parses or fails with our exception, rethrows anything else. */
  private void readOrRefuse(byte[] input) {
    try {
      json.read(new ByteArrayInputStream(input));
    } catch (InvalidInputException expected) {
      assertThat(expected.getMessage()).startsWith("registered model JSON");
    }
  }

  @Property(tries = 500)
  @Label("arbitrary bytes give a document or InvalidInputException, nothing else")
  void garbageBytes(@ForAll @Size(max = 400) byte[] input) {
    readOrRefuse(input);
  }

  @Property(tries = 500)
  @Label("arbitrary text gives a document or InvalidInputException, nothing else")
  void garbageText(@ForAll @Size(max = 400) String input) {
    readOrRefuse(input.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> fragments() {
    return Arbitraries.of(
        "",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "null",
        "0",
        "-1",
        "1e999",
        "true",
        "\"x\"",
        "\"NONE\"",
        "\"version\"",
        "\"sha256:\"",
        "\\u0000",
        "[[[[[[[[[[[[[[[[[[[[");
  }

  @Property(tries = 1000)
  @Label("a valid document with one span replaced gives a document or InvalidInputException")
  void mutated(
      @ForAll @IntRange(min = 0, max = 2_000) int start,
      @ForAll @IntRange(min = 0, max = 12) int length,
      @ForAll("fragments") String replacement) {
    String valid = ModelJsonTest.VALID;
    int from = start % valid.length();
    int to = Math.min(valid.length(), from + length);
    String mutated = valid.substring(0, from) + replacement + valid.substring(to);
    readOrRefuse(mutated.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMinLength(1).ofMaxLength(40);
  }

  @Property(tries = 200)
  @Label("every model, versions, aliases and history read back equal")
  void roundTrip(
      @ForAll @IntRange(min = 0, max = 6) int versionCount,
      @ForAll("texts") String description,
      @ForAll("texts") String reason,
      @ForAll("texts") String tagValue,
      @ForAll long seconds) {
    Assume.that(seconds > -62_135_596_800L && seconds < 253_402_300_799L);
    Instant t = Instant.ofEpochSecond(seconds, Math.floorMod(seconds, 1_000_000_000L));
    RegisteredModel model = new RegisteredModel("churn", description, t);
    List<ModelJson.VersionEntry> versions = new ArrayList<>();
    Stage[] stages = Stage.values();
    for (int v = 1; v <= versionCount; v++) {
      ModelVersion mv =
          new ModelVersion(
              "churn",
              v,
              ArtifactRef.of("churn-model", 10L + v),
              v % 2 == 0 ? null : "run-" + v,
              v % 3 == 0 ? null : description,
              v % 2 == 0 ? Map.of() : Map.of("team", tagValue, "k.v-2", "x"),
              stages[v % stages.length],
              t.plusSeconds(v));
      List<ModelJson.ArtifactEntry> linked =
          v % 2 == 0
              ? List.of()
              : List.of(new ModelJson.ArtifactEntry(ArtifactRef.of("eval", v), digest(v + 100)));
      versions.add(new ModelJson.VersionEntry(mv, digest(v), linked));
    }
    Map<String, Long> aliases = versionCount == 0 ? Map.of() : Map.of("champion", 1L);
    List<Transition> history =
        versionCount == 0
            ? List.of()
            : List.of(
                new Transition(
                    "churn", 1, TransitionKind.STAGE, null, "NONE", "STAGING", "a", reason, t),
                new Transition(
                    "churn", 1, TransitionKind.REFUSED, "champion", null, "1", "b", null, t));
    ModelJson.Document doc = new ModelJson.Document(model, versions, aliases, history);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    json.write(doc, out);
    assertThat(json.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(doc);
  }

  private static Digest digest(int i) {
    return Digest.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
  }
}
