package dev.mlops.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mlops.core.Mlops;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

@DisplayName("MlopsExtension")
class MlopsExtensionTest {

  /** Paths and instances the example tests saw; reset before each run of the engine. */
  static final List<Object> seen = new CopyOnWriteArrayList<>();

  /** True only while {@link #run} drives the engine, so the examples never run on their own. */
  private static volatile boolean underTestKit;

  static boolean underTestKit() {
    return underTestKit;
  }

  private static EngineExecutionResults run(Class<?> example) {
    seen.clear();
    underTestKit = true;
    try {
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(example)).execute();
    } finally {
      underTestKit = false;
    }
  }

  @Nested
  @DisplayName("an embedded store")
  class Embedded {
    @Test
    @DisplayName("is a working store in a directory of its own, shared by @BeforeEach and the test")
    void injected() {
      EngineExecutionResults results = run(EmbeddedExample.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
      assertThat(seen).hasSize(4);
      assertThat(seen.get(0)).isSameAs(seen.get(2)); // @BeforeEach and @Test: one Mlops
      Path directory = (Path) seen.get(1);
      assertThat(seen.get(3)).isEqualTo(directory);
      assertThat(directory).doesNotExist(); // deleted after the passing test
    }

    @Test
    @DisplayName("is kept after a failed test, and its path is published as a report entry")
    void keptOnFailure() throws Exception {
      EngineExecutionResults results = run(FailingExample.class);

      results.testEvents().assertStatistics(stats -> stats.failed(1));
      Path directory = (Path) seen.get(0);
      try {
        assertThat(directory).isDirectory();
        List<String> entries =
            results.allEvents().reportingEntryPublished().stream()
                .map(Event::getPayload)
                .flatMap(p -> p.stream())
                .map(ReportEntry.class::cast)
                .flatMap(e -> e.getKeyValuePairs().entrySet().stream())
                .filter(e -> e.getKey().equals("mlops.store"))
                .map(e -> e.getValue())
                .toList();
        assertThat(entries).containsExactly(directory.toString());
        // The kept store opens again and holds what the failed test wrote.
        try (Mlops reopened = Mlops.open(directory)) {
          assertThat(reopened.registry().model("kept")).isPresent();
        }
      } finally {
        deleteTree(directory);
      }
    }

    @Test
    @DisplayName("is a different store for every test method")
    void perTest() {
      EngineExecutionResults results = run(TwoTestsExample.class);

      results.testEvents().assertStatistics(stats -> stats.succeeded(2));
      assertThat(seen).hasSize(2);
      assertThat(seen.get(0)).isNotEqualTo(seen.get(1));
    }
  }

  @Nested
  @DisplayName("an in-memory store")
  class InMemory {
    @Test
    @DisplayName("works, and has no directory to give a Path parameter")
    void inMemory() {
      run(InMemoryExample.class)
          .testEvents()
          .assertStatistics(stats -> stats.succeeded(1).failed(1));
      assertThat(seen).containsExactly("in-memory ok");
    }
  }

  @Nested
  @DisplayName("a parameter of another type")
  class WrongType {
    @Test
    @DisplayName("fails the test with a message naming the method and the type")
    void wrongType() {
      EngineExecutionResults results = run(WrongTypeExample.class);

      results.testEvents().assertStatistics(stats -> stats.failed(1));
      Throwable failure =
          results.testEvents().failed().stream()
              .findFirst()
              .orElseThrow()
              .getPayload(org.junit.platform.engine.TestExecutionResult.class)
              .orElseThrow()
              .getThrowable()
              .orElseThrow();
      assertThat(failure)
          .hasMessageContaining("@TempStore fills parameters of type Mlops or Path")
          .hasMessageContaining("wrong")
          .hasMessageContaining("java.lang.String");
    }
  }

  private static void deleteTree(Path root) throws Exception {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  // ---------------------------------------------------------------- examples run by the engine

  @EnabledIf("dev.mlops.junit.MlopsExtensionTest#underTestKit")
  @ExtendWith(MlopsExtension.class)
  static class EmbeddedExample {
    @BeforeEach
    void before(@TempStore Mlops mlops, @TempStore Path directory) {
      seen.add(mlops);
      seen.add(directory);
    }

    @Test
    void test(@TempStore Mlops mlops, @TempStore Path directory) {
      seen.add(mlops);
      seen.add(directory);
      mlops.registry().registerModel("churn", null);
      assertThat(mlops.registry().model("churn")).isPresent();
      assertThat(directory).isDirectory();
      assertThat(directory).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".db"));
    }
  }

  @EnabledIf("dev.mlops.junit.MlopsExtensionTest#underTestKit")
  @ExtendWith(MlopsExtension.class)
  static class FailingExample {
    @Test
    void test(@TempStore Mlops mlops, @TempStore Path directory) {
      seen.add(directory);
      mlops.registry().registerModel("kept", null);
      throw new AssertionError("the test under test fails on purpose");
    }
  }

  @EnabledIf("dev.mlops.junit.MlopsExtensionTest#underTestKit")
  @ExtendWith(MlopsExtension.class)
  static class TwoTestsExample {
    @Test
    void first(@TempStore Path directory) {
      seen.add(directory);
    }

    @Test
    void second(@TempStore Path directory) {
      seen.add(directory);
    }
  }

  @EnabledIf("dev.mlops.junit.MlopsExtensionTest#underTestKit")
  @ExtendWith(MlopsExtension.class)
  static class InMemoryExample {
    @Test
    void works(@TempStore(TempStore.Kind.IN_MEMORY) Mlops mlops) {
      mlops.registry().registerModel("m", null);
      seen.add("in-memory ok");
    }

    @Test
    void noDirectory(@TempStore(TempStore.Kind.IN_MEMORY) Path directory) {
      seen.add("resolved a path for an in-memory store");
    }
  }

  @EnabledIf("dev.mlops.junit.MlopsExtensionTest#underTestKit")
  @ExtendWith(MlopsExtension.class)
  static class WrongTypeExample {
    @Test
    void wrong(@TempStore String notAStore) {}
  }
}
