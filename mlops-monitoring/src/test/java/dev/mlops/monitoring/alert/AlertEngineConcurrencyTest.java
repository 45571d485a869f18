package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AlertEngine under concurrency")
class AlertEngineConcurrencyTest {
  private static final int THREADS = 8;
  private static final int WINDOWS = 500;

  private static List<@Nullable Verdict> sequence(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Verdict[] pool = {Verdict.FAIL, Verdict.FAIL, Verdict.PASS, Verdict.WARN, Verdict.INCONCLUSIVE};
    List<@Nullable Verdict> out = new ArrayList<>();
    for (int i = 0; i < WINDOWS; i++) {
      int k = rnd.nextInt(pool.length + 1);
      out.add(k == pool.length ? null : pool[k]);
    }
    return out;
  }

  @Test
  @DisplayName(
      "8 threads evaluating 8 monitors at once get each monitor's alerts exactly, in order, at the sink too")
  void eightMonitors() throws Exception {
    Map<String, List<Alert>> atSink = new ConcurrentHashMap<>();
    try (AlertEngine engine =
        AlertEngine.builder()
            .rule(AlertRules.driftFailBuilder(2).resolveAfterWindows(2).build())
            .sink(
                AlertSinks.callback(
                    a ->
                        atSink
                            .computeIfAbsent(a.model(), k -> new CopyOnWriteArrayList<>())
                            .add(a)))
            .queueCapacity(THREADS * WINDOWS)
            .build()) {
      CyclicBarrier start = new CyclicBarrier(THREADS);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<List<Alert>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        String model = "model-" + t;
        List<@Nullable Verdict> seq = sequence(t);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Alert> got = new ArrayList<>();
                  for (int i = 0; i < WINDOWS; i++) {
                    Window w = Window.of(model, 1, i);
                    Verdict v = seq.get(i);
                    got.addAll(engine.evaluate(v == null ? w : w.with("drift.dataset", v)));
                  }
                  return got;
                }));
      }
      int total = 0;
      for (int t = 0; t < THREADS; t++) {
        List<Alert> got = futures.get(t).get(60, TimeUnit.SECONDS);
        List<AlertState> expected =
            ReferenceRule.run(sequence(t), 2, 2).stream().filter(Objects::nonNull).toList();

        assertThat(expected).isNotEmpty();
        assertThat(got).extracting(Alert::state).isEqualTo(expected);
        assertThat(got).extracting(Alert::model).containsOnly("model-" + t);
        total += got.size();
      }
      pool.shutdown();
      int expectedTotal = total;
      Await.until(
          "every alert reaches the sink",
          () -> atSink.values().stream().mapToInt(List::size).sum() == expectedTotal);
      for (int t = 0; t < THREADS; t++) {
        List<Alert> sinkOrder = atSink.get("model-" + t);
        assertThat(sinkOrder)
            .as("model-%d at the sink, in order", t)
            .isEqualTo(futures.get(t).get());
      }
      assertThat(engine.deliveryStats("callback").orElseThrow().dropped()).isZero();
    }
  }
}
