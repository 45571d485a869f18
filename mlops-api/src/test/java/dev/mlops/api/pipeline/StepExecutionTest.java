package dev.mlops.api.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.artifact.ArtifactRef;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Step execution")
class StepExecutionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static StepExecution execution(
      String executionId, String step, Map<String, String> parts, Map<String, ArtifactRef> in) {
    return new StepExecution(
        executionId,
        "run-1",
        "etl",
        step,
        "1",
        StepStatus.CACHED,
        0,
        T0,
        T0.plusNanos(1_000),
        "a".repeat(64),
        parts,
        in,
        Map.of(),
        null,
        "cached");
  }

  @Nested
  @DisplayName("maps")
  class Maps {
    @Test
    @DisplayName(
        "iterate sorted by key, whatever the order given, and equal any map of the entries")
    void sortedAndEqual() {
      Map<String, String> given = new LinkedHashMap<>();
      given.put("step", "load");
      given.put("param.rows", "100");
      given.put("seed", "0");
      given.put("input.raw", "sha256:00");
      StepExecution e = execution("run-1.load", "load", given, Map.of());
      assertThat(List.copyOf(e.keyParts().keySet()))
          .containsExactly("input.raw", "param.rows", "seed", "step");
      assertThat(List.copyOf(e.keyParts().values()))
          .containsExactly("sha256:00", "100", "0", "load");
      assertThat(e.keyParts()).isEqualTo(new HashMap<>(given)).isEqualTo(new TreeMap<>(given));
      assertThat(new HashMap<>(given)).isEqualTo(e.keyParts());
      assertThat(e.keyParts().hashCode()).isEqualTo(new HashMap<>(given).hashCode());
      assertThat(e.keyParts().get("seed")).isEqualTo("0");
      assertThat(e.keyParts().get("nope")).isNull();
      assertThat(e.keyParts().containsKey("step")).isTrue();
      assertThat(e.keyParts().containsKey("zzz")).isFalse();
      assertThat(e.keyParts().toString())
          .isEqualTo("{input.raw=sha256:00, param.rows=100, seed=0, step=load}");
    }

    @Test
    @DisplayName("are copies the caller cannot change, neither through the record nor the source")
    void immutable() {
      Map<String, String> given = new HashMap<>(Map.of("b", "2", "a", "1"));
      StepExecution e = execution("run-1.load", "load", given, Map.of());
      given.put("c", "3");
      assertThat(e.keyParts()).hasSize(2);
      assertThatThrownBy(() -> e.keyParts().put("z", "9"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> e.keyParts().entrySet().iterator().next().setValue("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> e.keyParts().keySet().remove("a"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> e.keyParts().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(e.keyParts()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    }

    @Test
    @DisplayName("of one execution are shared, not copied, by an execution made from them")
    void sharedNotCopied() {
      StepExecution a =
          execution(
              "run-1.load",
              "load",
              Map.of("seed", "0", "step", "load"),
              Map.of("raw", ArtifactRef.of("etl.raw", 3)));
      StepExecution b = execution("run-2.load", "load", a.keyParts(), a.inputs());
      assertThat(b.keyParts()).isSameAs(a.keyParts());
      assertThat(b.inputs()).isSameAs(a.inputs());
      assertThat(b).isNotEqualTo(a);
    }
  }

  @Nested
  @DisplayName("execution id")
  class ExecutionId {
    @Test
    @DisplayName("of the engine's form <run>.<step> is accepted")
    void runDotStep() {
      assertThat(execution("run-1.load", "load", Map.of(), Map.of()).executionId())
          .isEqualTo("run-1.load");
    }

    @Test
    @DisplayName("is still checked in full when it is not <run>.<step>, and when it is too long")
    void checked() {
      assertThatThrownBy(() -> execution("run-1..load", "load", Map.of(), Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> execution("run-1.load/x", "load", Map.of(), Map.of()))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> execution(".run-1.load", "load", Map.of(), Map.of()))
          .isInstanceOf(InvalidInputException.class);
      String longStep = "s".repeat(199);
      assertThatThrownBy(() -> execution("run-1." + longStep, longStep, Map.of(), Map.of()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("execution id");
      assertThat(execution("other-id", "load", Map.of(), Map.of()).executionId())
          .isEqualTo("other-id");
    }
  }
}
