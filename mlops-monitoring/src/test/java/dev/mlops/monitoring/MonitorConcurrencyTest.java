package dev.mlops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MonitorConcurrencyTest {

  static final int RECORDERS = 4;
  static final int LABELERS = 3;
  static final int WINDOWS = 5;
  static final int PER_THREAD_PER_WINDOW = 1_000;

  /** An id to label, with the label the test chose and the window it belongs to. */
  record Job(long id, double label) {}

  @Test
  @DisplayName(
      "labels delivered from 3 threads while 4 threads record join the right windows: every window's counts and accuracy match the test's own tally")
  void delayedLabelsUnderConcurrency() throws Exception {
    TestClock clock = new TestClock(ModelMonitorTest.T0);
    List<WindowSnapshot> finals = new CopyOnWriteArrayList<>();
    List<WindowSnapshot> closed = new CopyOnWriteArrayList<>();
    ModelMonitor m =
        ModelMonitor.builder("churn", 1)
            .numericFeatures("a", "b", "c")
            .clock(clock)
            .executor(Runnable::run)
            .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
            .labelMaturity(Duration.ofSeconds(30))
            .listener(s -> (s.isFinal() ? finals : closed).add(s))
            .build();
    AtomicLongArray right = new AtomicLongArray(WINDOWS);
    AtomicLongArray count = new AtomicLongArray(WINDOWS);
    BlockingQueue<Job> jobs = new LinkedBlockingQueue<>();
    CyclicBarrier barrier = new CyclicBarrier(RECORDERS, () -> clock.advanceMillis(1_000));
    ExecutorService pool = Executors.newFixedThreadPool(RECORDERS + LABELERS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < LABELERS; t++) {
      futures.add(
          pool.submit(
              () -> {
                while (true) {
                  Job j = jobs.take();
                  if (j.id() < 0) {
                    return null;
                  }
                  m.recordOutcome(j.id(), j.label());
                }
              }));
    }
    List<Future<?>> recorders = new ArrayList<>();
    for (int t = 0; t < RECORDERS; t++) {
      int seed = t;
      recorders.add(
          pool.submit(
              () -> {
                SplittableRandom r = new SplittableRandom(seed);
                double[] row = new double[3];
                for (int w = 0; w < WINDOWS; w++) {
                  for (int i = 0; i < PER_THREAD_PER_WINDOW; i++) {
                    row[0] = r.nextGaussian();
                    row[1] = r.nextGaussian();
                    row[2] = r.nextGaussian();
                    double score = r.nextDouble();
                    double label = r.nextDouble() < score ? 1 : 0;
                    long id = m.record(row, score, 1_000 + i);
                    if ((score >= 0.5) == (label == 1)) {
                      right.incrementAndGet(w);
                    }
                    count.incrementAndGet(w);
                    jobs.put(new Job(id, label));
                  }
                  barrier.await(30, TimeUnit.SECONDS);
                }
                return null;
              }));
    }
    for (Future<?> f : recorders) {
      f.get(60, TimeUnit.SECONDS);
    }
    for (int t = 0; t < LABELERS; t++) {
      jobs.put(new Job(-1, 0));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    clock.advanceMillis(60_000);
    m.advance();
    long total = (long) RECORDERS * WINDOWS * PER_THREAD_PER_WINDOW;
    assertThat(m.labelStats().matched()).isEqualTo(total);
    assertThat(m.labelStats().unmatched()).isZero();
    assertThat(m.labelStats().late()).isZero();
    assertThat(m.recorded()).isEqualTo(total);
    assertThat(finals.size()).isGreaterThanOrEqualTo(WINDOWS);
    for (int w = 0; w < WINDOWS; w++) {
      WindowSnapshot f = finals.get(w);
      assertThat(f.windowStart().toEpochMilli()).isEqualTo(ModelMonitorTest.T0 + 1_000L * w);
      assertThat(f.value("traffic.count")).hasValue(count.get(w));
      assertThat(f.value("labels.count")).hasValue(count.get(w));
      assertThat(f.value("labels.coverage")).hasValue(1.0);
      assertThat(f.value("quality.accuracy").getAsDouble())
          .isEqualTo((double) right.get(w) / count.get(w));
    }
  }
}
