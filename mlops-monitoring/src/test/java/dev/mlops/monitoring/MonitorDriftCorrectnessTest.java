package dev.mlops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.monitoring.alert.AlertEngine;
import dev.mlops.monitoring.alert.AlertRules;
import dev.mlops.monitoring.alert.AlertSinks;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.Profiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The correctness claim: 20 independent standard-normal features, a reference profile of
 * 100,000 rows, windows of 1,000 predictions, the default rule "drift FAIL in 2 consecutive
 * windows" ({@link AlertRules#driftFailFor(int)} through the real {@link AlertEngine}).
 */
@Tag("long")
class MonitorDriftCorrectnessTest {

  static final int FEATURES = 20;
  static final int REFERENCE_ROWS = 100_000;
  static final int WINDOWS = 100;
  static final int PER_WINDOW = 1_000;
  static final int SEEDS = 20;
  static final long T0 = 1_700_000_000_000L;

  static Profile reference(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] cols = new double[FEATURES][REFERENCE_ROWS];
    for (int i = 0; i < REFERENCE_ROWS; i++) {
      for (int f = 0; f < FEATURES; f++) {
        cols[f][i] = r.nextGaussian();
      }
    }
    List<Column> cs = new ArrayList<>();
    for (int f = 0; f < FEATURES; f++) {
      cs.add(NumericColumn.of("f" + f, cols[f]));
    }
    return Profiler.profile(Table.of(cs));
  }

  /** Runs one seed; returns the window index of each FIRING alert. */
  static List<Integer> run(long seed, boolean drift) {
    Profile ref = reference(seed * 2 + 1);
    TestClock clock = new TestClock(T0);
    List<Alert> alerts = new CopyOnWriteArrayList<>();
    List<WindowSnapshot> closed = new ArrayList<>();
    String[] names = new String[FEATURES];
    for (int f = 0; f < FEATURES; f++) {
      names[f] = "f" + f;
    }
    try (AlertEngine engine =
        AlertEngine.builder()
            .clock(clock)
            .rule(AlertRules.driftFailFor(2))
            .sink(AlertSinks.callback("test", alerts::add))
            .build()) {
      ModelMonitor m =
          ModelMonitor.builder("m", 1)
              .numericFeatures(names)
              .reference(ref)
              .clock(clock)
              .executor(Runnable::run)
              .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
              .maxPendingLabels(0)
              .alerts(engine)
              .listener(s -> closed.add(s))
              .build();
      SplittableRandom r = new SplittableRandom(seed * 2 + 2);
      double[] row = new double[FEATURES];
      for (int w = 0; w < WINDOWS; w++) {
        double shift = drift && w >= 50 ? 0.5 : 0.0; // 0.5 reference std
        for (int i = 0; i < PER_WINDOW; i++) {
          for (int f = 0; f < FEATURES; f++) {
            row[f] = r.nextGaussian() + (f < 3 ? shift : 0.0);
          }
          m.record(row, 0.5, 1_000);
          clock.advanceMillis(1);
        }
      }
      m.advance();
      assertThat(closed).hasSize(WINDOWS);
      assertThat(closed).allSatisfy(s -> assertThat(s.value("traffic.count")).hasValue(PER_WINDOW));
    }
    List<Integer> at = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.state() == AlertState.FIRING) {
        at.add((int) ((a.windowStart().toEpochMilli() - T0) / 1_000));
      }
    }
    return at;
  }

  @Test
  @DisplayName("without drift, 20 seeds x 100 windows raise at most 1 alert in total")
  void noDrift() {
    int total = 0;
    for (long seed = 0; seed < SEEDS; seed++) {
      total += run(seed, false).size();
    }
    assertThat(total).isLessThanOrEqualTo(1);
  }

  @Test
  @DisplayName(
      "with 3 features shifted by 0.5 std from window 50 on, every seed alerts at window 51 or 52 and never earlier")
  void shiftedFeatures() {
    for (long seed = 0; seed < SEEDS; seed++) {
      List<Integer> at = run(seed, true);
      assertThat(at).as("seed %d", seed).isNotEmpty();
      assertThat(at.get(0)).as("seed %d first alert", seed).isBetween(51, 52);
    }
  }
}
