package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.Run;
import dev.mlops.spi.MetadataTransaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the compatibility kit cannot see of how {@link InMemoryMetadataStore} keeps step executions
 * (column-wise per run, {@link RunSteps}, with ids of the form {@code <run>.<step>} not stored):
 * ids of other forms, ids that two runs could both derive, rollback, extreme times, and many
 * executions per run.
 */
@DisplayName("In-memory store: step executions")
class InMemoryStepExecutionsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final InMemoryMetadataStore store = InMemoryMetadataStore.create();

  @BeforeEach
  void runs() {
    write(
        tx -> {
          tx.createExperiment(new Experiment("exp", "experiment", T0));
          for (String run : List.of("run-1", "a", "a.b", "other")) {
            tx.createRun(Run.start(run, "exp", null, null, T0));
          }
        });
  }

  private void write(Consumer<MetadataTransaction> work) {
    store.inTransaction(
        tx -> {
          work.accept(tx);
          return null;
        });
  }

  private static StepExecution execution(String id, String run, String step) {
    return execution(id, run, step, T0, T0.plusMillis(5));
  }

  private static StepExecution execution(
      String id, String run, String step, Instant started, Instant ended) {
    return new StepExecution(
        id,
        run,
        "etl",
        step,
        "1",
        StepStatus.CACHED,
        0,
        started,
        ended,
        "c".repeat(64),
        Map.of("step", step, "seed", "0"),
        Map.of("raw", ArtifactRef.of("etl.raw", 2)),
        Map.of(),
        null,
        "cached");
  }

  private StepExecution find(String id) {
    return store.read((MetadataTransaction tx) -> tx.findStepExecution(id)).orElseThrow();
  }

  @Nested
  @DisplayName("ids")
  class Ids {
    @Test
    @DisplayName("an id that is not <run>.<step> is found, listed and conflicts like the others")
    void foreignIds() {
      StepExecution foreign = execution("x-17", "run-1", "load");
      StepExecution engine = execution("run-1.train", "run-1", "train");
      write(tx -> tx.recordStepExecutions(List.of(foreign, engine)));
      assertThat(find("x-17")).isEqualTo(foreign);
      assertThat(find("run-1.train")).isEqualTo(engine);
      assertThat(store.read((MetadataTransaction tx) -> tx.findStepExecution("run-1.load")))
          .isEmpty();
      assertThat(store.read((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
          .containsExactly(foreign, engine);
      // the same foreign id in another run, and an engine-form id equal to a foreign one
      assertThatThrownBy(() -> write(tx -> tx.recordStepExecution(execution("x-17", "a", "s"))))
          .isInstanceOf(ConflictException.class);
      StepExecution takesEngineId = execution("a.load", "other", "load");
      write(tx -> tx.recordStepExecution(takesEngineId));
      assertThatThrownBy(
              () -> write(tx -> tx.recordStepExecution(execution("a.load", "a", "load"))))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("'a.load'");
      assertThat(store.read((MetadataTransaction tx) -> tx.listStepExecutions("a"))).isEmpty();
    }

    @Test
    @DisplayName(
        "run 'a' step 'b.c' and run 'a.b' step 'c' derive the same id: it is recorded once")
    void sameDerivedId() {
      StepExecution first = execution("a.b.c", "a", "b.c");
      write(tx -> tx.recordStepExecution(first));
      assertThatThrownBy(() -> write(tx -> tx.recordStepExecution(execution("a.b.c", "a.b", "c"))))
          .isInstanceOf(ConflictException.class);
      assertThat(find("a.b.c")).isEqualTo(first);
      assertThat(store.read((MetadataTransaction tx) -> tx.listStepExecutions("a.b"))).isEmpty();
    }
  }

  @Test
  @DisplayName("a transaction that fails after recording leaves none of its executions")
  void rollback() {
    StepExecution kept = execution("run-1.kept", "run-1", "kept");
    write(tx -> tx.recordStepExecution(kept));
    assertThatThrownBy(
            () ->
                write(
                    tx -> {
                      tx.recordStepExecutions(
                          List.of(
                              execution("run-1.gone", "run-1", "gone"),
                              execution("y-1", "run-1", "foreign")));
                      throw new IllegalStateException("work failed");
                    }))
        .hasMessage("work failed");
    assertThat(store.read((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
        .containsExactly(kept);
    assertThat(store.read((MetadataTransaction tx) -> tx.findStepExecution("y-1"))).isEmpty();
    // the ids are free again
    write(tx -> tx.recordStepExecution(execution("y-1", "run-1", "foreign")));
    assertThat(find("y-1").step()).isEqualTo("foreign");
  }

  @Test
  @DisplayName("times before 1677 and after 2262, beyond nanoseconds in a long, round-trip")
  void extremeTimes() {
    Instant early = Instant.parse("1500-01-01T00:00:00.000000001Z");
    Instant late = Instant.parse("3000-06-01T12:00:00.5Z");
    StepExecution e = execution("run-1.old", "run-1", "old", early, late);
    StepExecution negative =
        execution(
            "run-1.pre-epoch",
            "run-1",
            "pre-epoch",
            Instant.parse("1969-12-31T23:59:59.999999999Z"),
            T0);
    write(tx -> tx.recordStepExecutions(List.of(e, negative)));
    assertThat(find("run-1.old")).isEqualTo(e);
    assertThat(find("run-1.pre-epoch")).isEqualTo(negative);
  }

  @Test
  @DisplayName("5,000 executions of one run in 20 batches: each is found by id, listed by step")
  void many() {
    List<StepExecution> all = new ArrayList<>();
    for (int batch = 0; batch < 20; batch++) {
      List<StepExecution> list = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        String step = String.format("s%04d", batch * 250 + i);
        list.add(execution("run-1." + step, "run-1", step));
      }
      all.addAll(list);
      write(tx -> tx.recordStepExecutions(list));
    }
    for (StepExecution e : all) {
      assertThat(find(e.executionId())).isEqualTo(e);
    }
    assertThat(store.read((MetadataTransaction tx) -> tx.listStepExecutions("run-1")))
        .containsExactlyElementsOf(all);
    assertThatThrownBy(
            () -> write(tx -> tx.recordStepExecution(execution("run-1.s2345", "run-1", "s2345"))))
        .isInstanceOf(ConflictException.class);
  }
}
