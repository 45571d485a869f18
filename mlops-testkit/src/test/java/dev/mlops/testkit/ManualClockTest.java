package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("ManualClock")
class ManualClockTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("stands still until told to move")
  void standsStill() {
    ManualClock clock = ManualClock.of(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(1_767_225_600_000L);
  }

  @Test
  @DisplayName("advances by the given step and returns the new instant")
  void advances() {
    ManualClock clock = ManualClock.of(START);
    assertThat(clock.advance(Duration.ofMinutes(5)))
        .isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    assertThat(clock.advance(Duration.ZERO)).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
    assertThat(clock.advance(Duration.ofNanos(1000)))
        .isEqualTo(Instant.parse("2026-01-01T00:05:00.000001Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00.000001Z"));
  }

  @Test
  @DisplayName("jumps forwards or backwards with set")
  void sets() {
    ManualClock clock = ManualClock.of(START);
    clock.set(Instant.parse("2030-06-01T12:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
    clock.set(Instant.parse("1999-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("1999-01-01T00:00:00Z"));
  }

  @Test
  @DisplayName("refuses a negative step and null arguments")
  void refusesBadInput() {
    ManualClock clock = ManualClock.of(START);
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.advance(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ManualClock.of(null)).isInstanceOf(NullPointerException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }

  @Test
  @Timeout(60)
  @DisplayName("loses no step when 8 threads advance it 1000 times each")
  void concurrentAdvancesAddUp() throws Exception {
    ManualClock clock = ManualClock.of(START);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  for (int j = 0; j < 1000; j++) {
                    clock.advance(Duration.ofMillis(1));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(8));
  }
}
