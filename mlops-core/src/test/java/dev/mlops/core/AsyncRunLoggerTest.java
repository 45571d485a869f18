package dev.mlops.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.AsyncLoggerConfig;
import dev.mlops.api.tracking.AsyncLoggerConfig.BackPressure;
import dev.mlops.api.tracking.AsyncRunLogger;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.blob.InMemoryBlobStore;
import dev.mlops.core.metadata.InMemoryMetadataStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("async run logger")
class AsyncRunLoggerTest {
  @TempDir Path tmp;

  @BeforeAll
  static void tempDirectory() {
    TestBytes.ensureTempDirectory();
  }

  @AfterEach
  void noLoggerThreadSurvives() {
    assertThat(loggerThreads()).isEmpty();
  }

  static List<String> loggerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("mlops-async-logger-"))
        .toList();
  }

  Mlops open(BiFunction<Path, ManualClock, Mlops> factory) {
    return factory.apply(tmp, new ManualClock(TrackingTest.T0));
  }

  @Nested
  @DisplayName("ordering and flushing")
  class Ordering {
    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("points of one thread are stored in logging order, all of them after close")
    void order(BiFunction<Path, ManualClock, Mlops> factory) {
      int n = 5_000;
      try (Mlops mlops = open(factory);
          ActiveRun run = mlops.tracking().startRun("async").withoutGit().start()) {
        try (AsyncRunLogger log =
            run.async(AsyncLoggerConfig.defaults().withMaxBatch(700).withCapacity(n))) {
          for (int i = 0; i < n; i++) {
            log.logMetric("loss", i); // all at step 0: history order is insertion order
          }
        }
        assertThat(mlops.tracking().metricHistory(run.id(), "loss"))
            .extracting(MetricPoint::value)
            .containsExactlyElementsOf(LongStream.range(0, n).mapToObj(i -> (double) i).toList());
      }
    }

    @ParameterizedTest
    @MethodSource("dev.mlops.core.TrackingTest#stores")
    @DisplayName("flush() returns after everything logged before it is stored")
    void flush(BiFunction<Path, ManualClock, Mlops> factory) {
      try (Mlops mlops = open(factory);
          ActiveRun run = mlops.tracking().startRun("async").withoutGit().start();
          AsyncRunLogger log =
              run.async(AsyncLoggerConfig.defaults().withFlushInterval(Duration.ofHours(1)))) {
        for (int round = 1; round <= 3; round++) {
          for (int i = 0; i < 10; i++) {
            log.logMetric("acc", i, round);
          }
          log.flush();
          assertThat(mlops.tracking().metricHistory(run.id(), "acc")).hasSize(10 * round);
        }
      }
    }

    @Test
    @DisplayName("8 threads logging through one logger lose no point")
    void eightThreads() throws Exception {
      try (Mlops mlops = Mlops.inMemory();
          ActiveRun run = mlops.tracking().startRun("async").withoutGit().start()) {
        int threads = 8;
        int per = 2_000;
        CyclicBarrier barrier = new CyclicBarrier(threads);
        try (AsyncRunLogger log =
            run.async(AsyncLoggerConfig.defaults().withBackPressure(BackPressure.BLOCK))) {
          List<Thread> ts = new ArrayList<>();
          List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
          for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th =
                new Thread(
                    () -> {
                      try {
                        barrier.await();
                        for (int i = 0; i < per; i++) {
                          log.logMetric("m", i, thread * 100_000L + i);
                        }
                      } catch (Exception e) {
                        errors.add(e);
                      }
                    });
            th.start();
            ts.add(th);
          }
          for (Thread th : ts) {
            th.join();
          }
          assertThat(errors).isEmpty();
        }
        List<MetricPoint> h = mlops.tracking().metricHistory(run.id(), "m");
        assertThat(h).hasSize(threads * per);
        for (int t = 0; t < threads; t++) {
          long base = t * 100_000L;
          assertThat(h.stream().filter(p -> p.step() >= base && p.step() < base + per))
              .hasSize(per);
        }
      }
    }
  }

  @Nested
  @DisplayName("back-pressure")
  class BackPressurePolicies {
    /** A run whose store holds the logger's first drain at a gate. */
    record Held(Mlops mlops, GatedMetadataStore store, ActiveRun run) implements AutoCloseable {
      @Override
      public void close() {
        store.release();
        run.close();
        mlops.close();
        store.close();
      }
    }

    Held held() {
      GatedMetadataStore store = new GatedMetadataStore(InMemoryMetadataStore.create());
      Mlops mlops = Mlops.builder().metadata(store).blobs(InMemoryBlobStore.create()).build();
      return new Held(mlops, store, mlops.tracking().startRun("bp").withoutGit().start());
    }

    /** Fills the logger so that one point is in a held drain and the queue is full. */
    static void fill(Held h, AsyncRunLogger log, int capacity) throws InterruptedException {
      GatedMetadataStore.Gate gate = h.store().hold();
      log.logMetric("m", -1);
      assertThat(gate.entered().await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < capacity; i++) {
        log.logMetric("m", i);
      }
    }

    static AsyncLoggerConfig config(int capacity, BackPressure policy) {
      return new AsyncLoggerConfig(capacity, 1, Duration.ofMillis(1), policy);
    }

    @Test
    @DisplayName("DROP_NEWEST (the default) drops and counts new points when full, never waiting")
    void dropNewest() throws Exception {
      assertThat(AsyncLoggerConfig.defaults().backPressure()).isEqualTo(BackPressure.DROP_NEWEST);
      try (Held h = held()) {
        AsyncRunLogger log = h.run().async(config(4, BackPressure.DROP_NEWEST));
        fill(h, log, 4);
        log.logMetric("m", 100);
        log.logMetric("m", 101);
        assertThat(log.dropped()).isEqualTo(2);
        h.store().release();
        log.close();
        assertThat(h.mlops().tracking().metricHistory(h.run().id(), "m"))
            .extracting(MetricPoint::value)
            .containsExactly(-1.0, 0.0, 1.0, 2.0, 3.0);
      }
    }

    @Test
    @DisplayName("FAIL throws when full and keeps what was queued")
    void fail() throws Exception {
      try (Held h = held()) {
        AsyncRunLogger log = h.run().async(config(3, BackPressure.FAIL));
        fill(h, log, 3);
        assertThatThrownBy(() -> log.logMetric("m", 100))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("full");
        h.store().release();
        log.close();
        assertThat(h.mlops().tracking().metricHistory(h.run().id(), "m")).hasSize(4);
        assertThat(log.dropped()).isZero();
      }
    }

    @Test
    @DisplayName("BLOCK makes the caller wait for room, and loses nothing")
    void block() throws Exception {
      try (Held h = held()) {
        AsyncRunLogger log = h.run().async(config(2, BackPressure.BLOCK));
        fill(h, log, 2);
        CountDownLatch returned = new CountDownLatch(1);
        Thread caller =
            new Thread(
                () -> {
                  log.logMetric("m", 100);
                  returned.countDown();
                });
        caller.start();
        assertThat(returned.await(300, TimeUnit.MILLISECONDS))
            .as("the caller waits while the queue is full")
            .isFalse();
        h.store().release();
        assertThat(returned.await(30, TimeUnit.SECONDS)).isTrue();
        caller.join();
        log.close();
        assertThat(h.mlops().tracking().metricHistory(h.run().id(), "m"))
            .extracting(MetricPoint::value)
            .containsExactly(-1.0, 0.0, 1.0, 100.0);
      }
    }
  }

  @Nested
  @DisplayName("failures and closing")
  class Failures {
    @Test
    @DisplayName("a background failure is rethrown from the next flush, once")
    void surfacedByFlush() {
      try (Mlops mlops = Mlops.inMemory()) {
        ActiveRun run = mlops.tracking().startRun("f").withoutGit().start();
        AsyncRunLogger log = run.async();
        mlops.tracking().resume(run.id()).end(RunStatus.KILLED);
        log.logMetric("m", 1);
        assertThatThrownBy(log::flush)
            .isInstanceOf(ConflictException.class)
            .hasMessageContaining("KILLED");
        log.flush(); // reported once
        log.close();
      }
    }

    @Test
    @DisplayName("a background failure not yet flushed is rethrown from close, and the thread ends")
    void surfacedByClose() {
      try (Mlops mlops = Mlops.inMemory()) {
        ActiveRun run = mlops.tracking().startRun("f").withoutGit().start();
        AsyncRunLogger log = run.async();
        run.end(RunStatus.FINISHED);
        log.logMetric("m", 1);
        assertThatThrownBy(log::close).isInstanceOf(ConflictException.class);
        assertThat(loggerThreads()).isEmpty();
        log.close(); // idempotent
      }
    }

    @Test
    @DisplayName("logging after close and illegal keys are refused at the call")
    void refusedAtCall() {
      try (Mlops mlops = Mlops.inMemory();
          ActiveRun run = mlops.tracking().startRun("f").withoutGit().start()) {
        AsyncRunLogger log = run.async();
        assertThatThrownBy(() -> log.logMetric("../k", 1))
            .isInstanceOf(InvalidInputException.class);
        log.close();
        assertThatThrownBy(() -> log.logMetric("k", 1)).isInstanceOf(IllegalStateException.class);
        log.flush(); // nothing pending, no failure
        assertThat(mlops.tracking().latestMetrics(run.id())).isEmpty();
      }
    }

    @Test
    @DisplayName("the configuration refuses out-of-range values")
    void config() {
      assertThatThrownBy(() -> AsyncLoggerConfig.defaults().withCapacity(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AsyncLoggerConfig.defaults().withMaxBatch(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AsyncLoggerConfig.defaults().withFlushInterval(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
