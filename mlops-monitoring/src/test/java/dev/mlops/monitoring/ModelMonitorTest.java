package dev.mlops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.Profiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelMonitorTest {

  static final long T0 = 1_700_000_000_000L; // a whole second

  final TestClock clock = new TestClock(T0);
  final List<WindowSnapshot> closed = new CopyOnWriteArrayList<>();
  final List<WindowSnapshot> finals = new CopyOnWriteArrayList<>();

  ModelMonitor.Builder base() {
    return ModelMonitor.builder("churn", 3)
        .numericFeatures("a", "b")
        .clock(clock)
        .executor(Runnable::run)
        .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
        .listener(s -> (s.isFinal() ? finals : closed).add(s));
  }

  static Profile reference(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
      b[i] = r.nextGaussian();
    }
    return Profiler.profile(Table.of(NumericColumn.of("a", a), NumericColumn.of("b", b)));
  }

  @Nested
  @DisplayName("configuration")
  class Configuration {
    @Test
    @DisplayName(
        "a monitor without features, a repeated option or a feature missing from the reference is refused at build time")
    void refused() {
      assertThatThrownBy(() -> ModelMonitor.builder("m", 1).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("feature");
      assertThatThrownBy(() -> base().clock(clock)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> ModelMonitor.builder("m", 1).numericFeatures("a", "a"))
          .isInstanceOf(IllegalArgumentException.class);
      Profile ref = reference(100, 1);
      assertThatThrownBy(
              () -> ModelMonitor.builder("m", 1).numericFeatures("a", "zz").reference(ref).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'zz'");
      assertThatThrownBy(() -> ModelMonitor.builder("m", 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> base().coverageThreshold(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> WindowSpec.sliding(Duration.ofSeconds(5), Duration.ofSeconds(2)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("golden signals")
  class Golden {
    @Test
    @DisplayName(
        "latency quantiles are within 1 % of the exact ones, traffic and errors count exactly")
    void latencyTrafficErrors() {
      ModelMonitor m = base().build();
      // latencies 1..1000 microseconds, shuffled; 10 % errors
      List<Long> lat = new ArrayList<>();
      for (long i = 1; i <= 1000; i++) {
        lat.add(i * 1000);
      }
      java.util.Collections.shuffle(lat, new java.util.Random(5));
      for (int i = 0; i < 1000; i++) {
        m.record(new double[] {0, 0}, 0.5, lat.get(i), i % 10 == 0);
      }
      clock.advanceMillis(1000);
      m.advance();
      assertThat(closed).hasSize(1);
      WindowSnapshot s = closed.get(0);
      // exact order statistics of 1..1000 us: p50 = 500 us, p90 = 900 us, p99 = 990 us, max 1000
      assertThat(s.value("latency.p50").getAsDouble()).isCloseTo(500_000, within(5_000.0));
      assertThat(s.value("latency.p90").getAsDouble()).isCloseTo(900_000, within(9_000.0));
      assertThat(s.value("latency.p99").getAsDouble()).isCloseTo(990_000, within(9_900.0));
      assertThat(s.value("latency.max").getAsDouble()).isCloseTo(1_000_000, within(10_000.0));
      assertThat(s.value("traffic.count")).hasValue(1000);
      assertThat(s.value("traffic.rate")).hasValue(1000); // per second over a 1 s window
      assertThat(s.value("errors.count")).hasValue(100);
      assertThat(s.value("errors.ratio")).hasValue(0.1);
      assertThat(s.windowStart().toEpochMilli()).isEqualTo(T0);
      assertThat(s.windowEnd().toEpochMilli()).isEqualTo(T0 + 1000);
      assertThat(s.isFinal()).isFalse();
    }

    @Test
    @DisplayName("saturation reports the most requests in flight and the host's gauges")
    void saturation() {
      ModelMonitor m = base().saturationGauge("queue", () -> 7).build();
      m.begin();
      m.begin();
      m.begin();
      m.end();
      m.record(new double[] {1, 1}, 0.5, 10);
      m.end();
      clock.advanceMillis(1000);
      m.advance();
      assertThat(closed.get(0).value("saturation.in_flight")).hasValue(3);
      assertThat(closed.get(0).value("saturation.queue")).hasValue(7);
      assertThat(m.inFlight()).isEqualTo(1);
    }

    @Test
    @DisplayName("a window closes on the first record of a later pane, without advance()")
    void closesOnRotation() {
      ModelMonitor m = base().build();
      m.record(new double[] {1, 1}, 0.5, 10);
      clock.advanceMillis(1000);
      assertThat(closed).isEmpty();
      m.record(new double[] {1, 1}, 0.5, 10);
      assertThat(closed).hasSize(1);
      assertThat(closed.get(0).value("traffic.count")).hasValue(1);
    }

    @Test
    @DisplayName("sliding windows merge their panes: each window counts the panes it spans")
    void sliding() {
      ModelMonitor m =
          ModelMonitor.builder("churn", 3)
              .numericFeatures("a")
              .clock(clock)
              .executor(Runnable::run)
              .window(WindowSpec.sliding(Duration.ofSeconds(3), Duration.ofSeconds(1)))
              .listener(s -> closed.add(s))
              .build();
      for (int sec = 0; sec < 4; sec++) {
        for (int i = 0; i <= sec; i++) { // 1, 2, 3, 4 records in seconds 0..3
          m.record(new double[] {i}, 0.5, 10);
        }
        clock.advanceMillis(1000);
      }
      m.advance();
      assertThat(closed)
          .extracting(s -> s.value("traffic.count").getAsDouble())
          .containsExactly(1.0, 3.0, 6.0, 9.0); // windows ending after seconds 0, 1, 2, 3
      assertThat(
              closed.get(3).windowEnd().toEpochMilli() - closed.get(3).windowStart().toEpochMilli())
          .isEqualTo(3000);
    }
  }

  @Nested
  @DisplayName("merging instances")
  class MergingInstances {
    @Test
    @DisplayName("two replicas' states of one window merge into the view of all their predictions")
    void replicas() {
      List<WindowSnapshot> other = new CopyOnWriteArrayList<>();
      ModelMonitor a = base().reference(reference(5_000, 3)).build();
      ModelMonitor b =
          ModelMonitor.builder("churn", 3)
              .numericFeatures("a", "b")
              .reference(reference(5_000, 3))
              .clock(clock)
              .executor(Runnable::run)
              .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
              .listener(other::add)
              .build();
      SplittableRandom r = new SplittableRandom(9);
      for (int i = 0; i < 300; i++) {
        a.record(new double[] {r.nextGaussian(), r.nextGaussian()}, 0.5, 1_000, i < 30);
      }
      for (int i = 0; i < 700; i++) {
        b.record(new double[] {r.nextGaussian(), r.nextGaussian()}, 0.5, 5_000_000, false);
      }
      clock.advanceMillis(1000);
      a.advance();
      b.advance();
      WindowState sa = closed.get(0).state().orElseThrow();
      WindowState sb = other.get(0).state().orElseThrow();
      WindowState both = sa.merge(sb);
      assertThat(both.count()).isEqualTo(1_000);
      assertThat(both.errors()).isEqualTo(30);
      assertThat(sa.count()).isEqualTo(300); // inputs unchanged
      assertThat(sb.merge(sa).count()).isEqualTo(1_000);
      WindowSnapshot s = a.snapshotOf(both);
      assertThat(s.value("traffic.count")).hasValue(1_000);
      assertThat(s.value("errors.ratio")).hasValue(0.03);
      assertThat(s.value("latency.max").getAsDouble())
          .isCloseTo(5_000_000, within(5_000_000 / 128.0));
      assertThat(s.value("latency.p50").getAsDouble())
          .isCloseTo(5_000_000, within(5_000_000 / 128.0)); // 700 of 1,000 at 5 ms
      assertThat(s.profile().orElseThrow().column("a").count()).isEqualTo(1_000);
      assertThat(s.verdict("drift.dataset")).isPresent();
      assertThat(s.state()).isEmpty();
      assertThatThrownBy(() -> sa.merge(sa)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("recording never throws on data")
  class NeverThrows {
    @Test
    @DisplayName(
        "null, short and long arrays, NaN, null categories and negative latencies are counted")
    void counted() {
      ModelMonitor m =
          ModelMonitor.builder("churn", 3)
              .numericFeatures("a", "b")
              .categoricalFeatures("city")
              .clock(clock)
              .executor(Runnable::run)
              .window(WindowSpec.tumbling(Duration.ofSeconds(1)))
              .listener(closed::add)
              .build();
      assertThatCode(
              () -> {
                m.record(null, 0.5, 10);
                m.record(new double[] {1}, 0.5, 10);
                m.record(new double[] {1, 2, 3, 4}, 0.5, 10);
                m.record(new double[] {Double.NaN, 2}, new String[] {null}, Double.NaN, -5, false);
                m.record((FeatureRow) null, 0.5, 10, false);
                m.record(
                    i -> {
                      throw new IllegalStateException("broken row");
                    },
                    0.5,
                    10,
                    false);
                m.recordOutcome(424242, 1);
                m.recordOutcome(424243, Double.NaN);
              })
          .doesNotThrowAnyException();
      clock.advanceMillis(1000);
      m.advance();
      WindowSnapshot s = closed.get(0);
      assertThat(s.value("traffic.count")).hasValue(6);
      // missing: 3 (null) + 2 (b, city) + 1 (city) + 2 (NaN a, city) + 3 (null row) + 3 (broken)
      assertThat(s.value("records.missing_values")).hasValue(14);
      assertThat(s.value("records.unknown_values")).hasValue(2);
      assertThat(s.value("records.negative_latency")).hasValue(1);
      assertThat(m.labelStats().unmatched()).isEqualTo(1);
      assertThat(m.labelStats().invalid()).isEqualTo(1);
      assertThat(m.listenerFailures()).isEqualTo(2);
    }

    @Test
    @DisplayName("a listener that throws is counted and never reaches the recording thread")
    void listenerIsolated() {
      ModelMonitor m =
          base()
              .listener(
                  s -> {
                    throw new IllegalStateException("sink down");
                  })
              .build();
      m.record(new double[] {1, 1}, 0.5, 10);
      clock.advanceMillis(1000);
      assertThatCode(() -> m.record(new double[] {1, 1}, 0.5, 10)).doesNotThrowAnyException();
      assertThat(m.listenerFailures()).isEqualTo(1);
      assertThat(closed).hasSize(1); // the other listener still ran
    }
  }

  @Nested
  @DisplayName("drift")
  class Drift {
    @Test
    @DisplayName(
        "a shifted feature fails in sketch mode, an unshifted one passes, and the mode is reported")
    void shifted() {
      Profile ref = reference(20_000, 11);
      ModelMonitor m = base().reference(ref).maxPendingLabels(0).build();
      SplittableRandom r = new SplittableRandom(12);
      for (int i = 0; i < 2_000; i++) {
        m.record(new double[] {r.nextGaussian() + 1.0, r.nextGaussian()}, 0.5, 10);
      }
      clock.advanceMillis(1000);
      m.advance();
      WindowSnapshot s = closed.get(0);
      assertThat(s.verdict("drift.a")).contains(Verdict.FAIL);
      assertThat(s.verdict("drift.b")).contains(Verdict.PASS);
      assertThat(s.verdict("drift.dataset")).contains(Verdict.FAIL);
      // D of N(1,1) vs N(0,1): 2 Phi(0.5) - 1 = 0.3829
      assertThat(s.value("drift.a.d").getAsDouble()).isCloseTo(0.383, within(0.06));
      assertThat(s.value("drift.a.bound").getAsDouble()).isCloseTo(2 * 0.0133, within(0.001));
      assertThat(s.featureDrift().orElseThrow().columns().get(0).mode()).isEqualTo("sketch_pvalue");
      assertThat(s.verdict("drift.prediction")).isEmpty(); // no prediction column in reference
      assertThat(s.profile().orElseThrow().rows()).isEqualTo(2_000);
    }
  }

  @Nested
  @DisplayName("labels")
  class Labels {
    @Test
    @DisplayName(
        "a delayed label counts in its prediction's window; the window is final after the maturity")
    void eventTime() {
      ModelMonitor m = base().labelMaturity(Duration.ofSeconds(10)).build();
      // window 0: 4 predictions; labels make 3 of 4 right at threshold 0.5
      long[] ids = new long[4];
      double[] scores = {0.9, 0.8, 0.3, 0.6};
      for (int i = 0; i < 4; i++) {
        ids[i] = m.record(new double[] {1, 1}, scores[i], 10);
      }
      clock.advanceMillis(1000);
      m.record(new double[] {1, 1}, 0.5, 10); // window 1
      assertThat(closed).hasSize(1);
      assertThat(closed.get(0).value("labels.coverage")).hasValue(0);
      // CBPE: expected accuracy = mean(0.9, 0.8, 0.7, 0.6) = 0.75
      assertThat(closed.get(0).value("estimate.accuracy").getAsDouble())
          .isCloseTo(0.75, within(1e-12));
      // CBPE's interval around it, from model validation's estimator
      assertThat(closed.get(0).value("estimate.accuracy.low").getAsDouble()).isLessThan(0.75);
      assertThat(closed.get(0).value("estimate.accuracy.high").getAsDouble()).isGreaterThan(0.75);
      // expected TP = 0.9 + 0.8 + 0.6, predicted positive 3: expected precision 2.3 / 3
      assertThat(closed.get(0).value("estimate.precision").getAsDouble())
          .isCloseTo(2.3 / 3, within(1e-12));
      clock.advanceMillis(3000); // labels arrive 3 s later, while window 1 is closed too
      m.recordOutcome(ids[0], 1);
      m.recordOutcome(ids[1], 1);
      m.recordOutcome(ids[2], 0);
      m.recordOutcome(ids[3], 0); // wrong: 0.6 >= 0.5 predicted positive
      m.recordOutcome(ids[3], 0); // twice: unmatched
      clock.advanceMillis(7000); // window 0 ends at T0+1000, matures at T0+11000
      m.advance();
      assertThat(finals).hasSize(1);
      WindowSnapshot f = finals.get(0);
      assertThat(f.isFinal()).isTrue();
      assertThat(f.windowStart().toEpochMilli()).isEqualTo(T0);
      assertThat(f.value("labels.count")).hasValue(4);
      assertThat(f.value("labels.coverage")).hasValue(1);
      assertThat(f.value("quality.accuracy")).hasValue(0.75);
      assertThat(f.value("quality.precision")).hasValue(2.0 / 3); // tp 2, fp 1
      assertThat(f.value("quality.recall")).hasValue(1.0);
      // AUC: positives {0.9, 0.8}, negatives {0.3, 0.6}: every pair ordered right
      assertThat(f.value("quality.roc_auc")).hasValue(1.0);
      // Brier: (0.1^2 + 0.2^2 + 0.3^2 + 0.6^2) / 4
      assertThat(f.value("quality.brier_score_loss").getAsDouble()).isCloseTo(0.125, within(1e-12));
      assertThat(f.value("estimate.accuracy.error").getAsDouble()).isCloseTo(0.0, within(1e-12));
      assertThat(f.value("traffic.count")).hasValue(4); // kept from the closed snapshot
      assertThat(f.profile()).isEmpty();
      LabelStats st = m.labelStats();
      assertThat(st.matched()).isEqualTo(4);
      assertThat(st.unmatched()).isEqualTo(1);
    }

    @Test
    @DisplayName("a label for a final window is late, one never sent makes its prediction expire")
    void lateAndExpired() {
      ModelMonitor m =
          base()
              .labelMaturity(Duration.ofSeconds(2))
              .pendingLabelExpiry(Duration.ofSeconds(60))
              .build();
      long a = m.record(new double[] {1, 1}, 0.9, 10);
      m.record(new double[] {1, 1}, 0.9, 10);
      clock.advanceMillis(4000);
      m.advance();
      // windows 0..3 closed (1..3 empty), 0 and 1 final (end + 2 s <= now)
      assertThat(closed).hasSize(4);
      assertThat(finals).hasSize(2);
      assertThat(finals.get(0).windowStart().toEpochMilli()).isEqualTo(T0);
      assertThat(closed.get(1).value("traffic.count")).hasValue(0);
      m.recordOutcome(a, 1);
      assertThat(m.labelStats().late()).isEqualTo(1);
      clock.advanceMillis(60_000);
      m.advance();
      assertThat(m.labelStats().expired()).isEqualTo(1);
      assertThat(m.labelStats().pending()).isZero();
    }

    @Test
    @DisplayName("the pending store holds its bound: 1,500 records into a bound of 1,000 evict 500")
    void bound() {
      ModelMonitor m = base().maxPendingLabels(1_000).build();
      for (int i = 0; i < 1_500; i++) {
        m.record(new double[] {1, 1}, 0.5, 10);
      }
      m.advance(); // runs the store's maintenance
      LabelStats s = m.labelStats();
      assertThat(s.pending()).isEqualTo(1_000);
      assertThat(s.evicted()).isEqualTo(500);
      assertThat(s.expired()).isZero();
    }

    @Test
    @DisplayName("with label joining off every label is unmatched")
    void off() {
      ModelMonitor m = base().maxPendingLabels(0).build();
      long id = m.record(new double[] {1, 1}, 0.5, 10);
      m.recordOutcome(id, 1);
      assertThat(m.labelStats().unmatched()).isEqualTo(1);
      assertThat(m.labelStats().pending()).isZero();
    }

    @Test
    @DisplayName("regression windows report MAE and RMSE on joined labels")
    void regression() {
      ModelMonitor m = base().task(ModelTask.REGRESSION).labelMaturity(Duration.ZERO).build();
      long a = m.record(new double[] {1, 1}, 3.0, 10);
      long b = m.record(new double[] {1, 1}, 5.0, 10);
      m.recordOutcome(a, 1.0); // error 2
      m.recordOutcome(b, 5.0); // error 0
      clock.advanceMillis(1000);
      m.advance();
      WindowSnapshot f = finals.get(0);
      assertThat(f.value("quality.mae")).hasValue(1.0);
      assertThat(f.value("quality.rmse").getAsDouble()).isCloseTo(Math.sqrt(2), within(1e-12));
      assertThat(f.value("estimate.accuracy")).isEmpty();
    }
  }
}
