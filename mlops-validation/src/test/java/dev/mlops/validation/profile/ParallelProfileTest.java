package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.table.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("parallel profiling")
class ParallelProfileTest {

  private ExecutorService pool;

  @BeforeEach
  void start() {
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  @DisplayName("chunks on 4 threads merge to the profile of the whole table")
  void parallelEqualsWhole() {
    Table t = Fixtures.table(42, 50_000, 50);
    ProfileOptions o = ProfileOptions.defaults().withChunkRows(3_000);
    Profile whole = Profiler.profile(t, o);
    Profile parallel = Profiler.profile(t, o, pool);
    Fixtures.assertExactPartsEqual(parallel, whole);
    Fixtures.assertSketchesWithinBounds(parallel, t);
    // with exact frequencies, categorical top-5 is exact in both
    assertThat(((CategoricalColumnProfile) parallel.column("city")).top(5))
        .isEqualTo(((CategoricalColumnProfile) whole.column("city")).top(5));
  }

  @Test
  @DisplayName("8 threads profile, merge and read one shared profile at once and all agree")
  void concurrentReadersAndMergers() throws Exception {
    Table t = Fixtures.table(9, 20_000, 40);
    Profile shared = Profiler.profile(t.slice(0, 10_000));
    Profile other = Profiler.profile(t.slice(10_000, 20_000));
    byte[] sharedBytes = ProfileBinaryFormat.encode(shared);
    String expectedJson = ProfileJson.write(shared.merge(other));
    CyclicBarrier barrier = new CyclicBarrier(8);
    ExecutorService eight = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        fs.add(
            eight.submit(
                () -> {
                  barrier.await();
                  String s = "";
                  for (int r = 0; r < 20; r++) {
                    Profile m = shared.merge(other);
                    ((NumericColumnProfile) shared.column("x")).quantile(0.5);
                    s = ProfileJson.write(m);
                  }
                  return s;
                }));
      }
      for (Future<String> f : fs) {
        String json = f.get();
        // quantiles beyond exact mode may differ by the sketch's randomness; counts never
        assertThat(json).contains("\"rows\" : 20000");
        assertThat(countsOf(json)).isEqualTo(countsOf(expectedJson));
      }
    } finally {
      eight.shutdownNow();
    }
    assertThat(ProfileBinaryFormat.encode(shared)).isEqualTo(sharedBytes);
  }

  private static List<String> countsOf(String json) {
    List<String> out = new ArrayList<>();
    for (String line : json.split("\n")) {
      if (line.contains("_count\"") || line.contains("\"count\"")) {
        out.add(line.trim());
      }
    }
    return out;
  }
}
