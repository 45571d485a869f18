package dev.mlops.monitoring.alert;

import static dev.mlops.api.Verdict.FAIL;
import static dev.mlops.api.Verdict.INCONCLUSIVE;
import static dev.mlops.api.Verdict.PASS;
import static dev.mlops.api.Verdict.WARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertSeverity;
import dev.mlops.api.monitor.AlertState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("AlertEngine rule semantics")
class AlertEngineTest {
  private final TestClock clock = new TestClock();
  private final List<AlertEngine> engines = new ArrayList<>();

  @AfterEach
  void closeEngines() {
    engines.forEach(AlertEngine::close);
  }

  private AlertEngine engine(AlertRule... rules) {
    AlertEngine.Builder b = AlertEngine.builder().clock(clock);
    for (AlertRule r : rules) {
      b.rule(r);
    }
    AlertEngine e = b.build();
    engines.add(e);
    return e;
  }

  /** Feeds drift verdicts as windows 0, 1, 2, ...; returns the states emitted per window. */
  private static List<List<AlertState>> feed(AlertEngine engine, Verdict... verdicts) {
    List<List<AlertState>> out = new ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      out.add(engine.evaluate(Window.drift(i, verdicts[i])).stream().map(Alert::state).toList());
    }
    return out;
  }

  private static final List<AlertState> NONE = List.of();
  private static final List<AlertState> FIRES = List.of(AlertState.FIRING);
  private static final List<AlertState> RESOLVES = List.of(AlertState.RESOLVED);

  @Nested
  @DisplayName("a \"for\" of 2 windows")
  class ForWindows {
    @Test
    @DisplayName("fires on the 2nd consecutive FAIL window, not the 1st")
    void firesOnSecond() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      assertThat(feed(e, FAIL, FAIL, FAIL)).containsExactly(NONE, FIRES, NONE);
    }

    @Test
    @DisplayName("does not fire on FAIL windows that are not consecutive")
    void brokenStreak() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      assertThat(feed(e, FAIL, PASS, FAIL, WARN, FAIL, INCONCLUSIVE, FAIL, null, FAIL))
          .allMatch(List::isEmpty);
    }

    @Test
    @DisplayName("with a duration, fires only once the streak has lasted that long on the clock")
    void duration() {
      AlertEngine e =
          engine(AlertRules.driftFailBuilder(2).forDuration(Duration.ofMinutes(10)).build());
      assertThat(e.evaluate(Window.drift(0, FAIL))).isEmpty(); // streak starts at T0
      clock.advance(Duration.ofMinutes(5));
      assertThat(e.evaluate(Window.drift(1, FAIL))).isEmpty(); // 2 windows, 5 min < 10 min
      clock.advance(Duration.ofMinutes(5));
      assertThat(e.evaluate(Window.drift(2, FAIL)))
          .extracting(Alert::state)
          .containsExactly(AlertState.FIRING); // 10 min
    }

    @Test
    @DisplayName("the default drift rule is drift.dataset == FAIL in 2 consecutive windows")
    void defaultRule() {
      AlertRule r = AlertRules.driftFailFor(2);
      assertThat(r.condition()).isEqualTo("drift.dataset == FAIL for 2 windows");
      assertThat(r.forWindows()).isEqualTo(2);
      assertThat(r.verdicts()).containsExactly(FAIL);
      assertThat(r.severity()).isEqualTo(AlertSeverity.WARNING);
    }
  }

  @Nested
  @DisplayName("hysteresis")
  class Hysteresis {
    @Test
    @DisplayName(
        "3 clear windows to resolve: an alternating FAIL/PASS sequence fires once and never flaps")
    void alternating() {
      AlertEngine e = engine(AlertRules.driftFailBuilder(1).resolveAfterWindows(3).build());
      List<List<AlertState>> out =
          feed(e, FAIL, PASS, FAIL, PASS, FAIL, PASS, FAIL, PASS, FAIL, PASS);
      assertThat(out.get(0)).isEqualTo(FIRES);
      assertThat(out.subList(1, out.size())).allMatch(List::isEmpty);
      assertThat(e.firing()).hasSize(1);
    }

    @Test
    @DisplayName("without hysteresis the same sequence flaps (the control case)")
    void flapsWithout() {
      AlertEngine e = engine(AlertRules.driftFailFor(1));
      assertThat(feed(e, FAIL, PASS, FAIL, PASS)).containsExactly(FIRES, RESOLVES, FIRES, RESOLVES);
    }

    @Test
    @DisplayName("resolves after the 3rd consecutive clear window")
    void resolvesAfterThree() {
      AlertEngine e = engine(AlertRules.driftFailBuilder(1).resolveAfterWindows(3).build());
      assertThat(feed(e, FAIL, PASS, WARN, PASS, PASS))
          .containsExactly(FIRES, NONE, NONE, RESOLVES, NONE);
    }

    @Test
    @DisplayName("an INCONCLUSIVE or missing window neither resolves nor counts as clear")
    void inconclusiveKeepsFiring() {
      AlertEngine e = engine(AlertRules.driftFailBuilder(1).resolveAfterWindows(2).build());
      assertThat(feed(e, FAIL, PASS, INCONCLUSIVE, PASS, null, PASS, PASS))
          .containsExactly(FIRES, NONE, NONE, NONE, NONE, NONE, RESOLVES);
    }

    @Test
    @DisplayName(
        "a resolve threshold: fires above 250, stays firing between 200 and 250, resolves at 200")
    void resolveThreshold() {
      AlertEngine e =
          engine(
              AlertRule.builder("p99")
                  .whenValue("latency.p99", AlertRule.Comparison.GREATER_THAN, 250)
                  .resolveAt(200)
                  .build());
      double[] p99 = {240, 260, 230, 249, 210, 200, 240, 251};
      List<List<AlertState>> out = new ArrayList<>();
      for (int i = 0; i < p99.length; i++) {
        out.add(
            e.evaluate(Window.of(i).with("latency.p99", p99[i])).stream()
                .map(Alert::state)
                .toList());
      }
      assertThat(out).containsExactly(NONE, FIRES, NONE, NONE, NONE, RESOLVES, NONE, FIRES);
    }

    @Test
    @DisplayName(
        "a below-threshold rule (accuracy < 0.8, resolve at 0.85) works the other way round")
    void downward() {
      AlertEngine e =
          engine(
              AlertRule.builder("accuracy")
                  .whenValue("quality.accuracy", AlertRule.Comparison.LESS_THAN, 0.8)
                  .resolveAt(0.85)
                  .build());
      double[] acc = {0.9, 0.79, 0.84, 0.85, 0.86};
      List<AlertState> states = new ArrayList<>();
      for (int i = 0; i < acc.length; i++) {
        e.evaluate(Window.of(i).with("quality.accuracy", acc[i]))
            .forEach(a -> states.add(a.state()));
      }
      // 0.79 fires; 0.84 < 0.85 still firing; 0.85 is not < 0.85: resolves.
      assertThat(states).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
    }
  }

  @Nested
  @DisplayName("de-duplication")
  class Dedup {
    @Test
    @DisplayName("one FIRING per episode, one RESOLVED at its end, with the same key")
    void oneFiringPerEpisode() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      List<Alert> all = new ArrayList<>();
      Verdict[] seq = {FAIL, FAIL, FAIL, FAIL, FAIL, PASS, FAIL, FAIL, FAIL, PASS};
      for (int i = 0; i < seq.length; i++) {
        all.addAll(e.evaluate(Window.drift(i, seq[i])));
      }
      assertThat(all)
          .extracting(Alert::state)
          .containsExactly(
              AlertState.FIRING, AlertState.RESOLVED, AlertState.FIRING, AlertState.RESOLVED);
      assertThat(all).extracting(Alert::dedupKey).containsOnly("drift-fail/churn/3/drift.dataset");
    }

    @Test
    @DisplayName("two model versions keep separate episodes")
    void versionsSeparate() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      List<Alert> v3 = new ArrayList<>();
      List<Alert> v4 = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        v3.addAll(e.evaluate(Window.of("churn", 3, i).with("drift.dataset", FAIL)));
        v4.addAll(e.evaluate(Window.of("churn", 4, i).with("drift.dataset", i == 1 ? PASS : FAIL)));
      }
      assertThat(v3).hasSize(1);
      assertThat(v4).isEmpty();
      assertThat(e.firing()).extracting(Alert::modelVersion).containsExactly(3L);
    }

    @Test
    @DisplayName("the FIRING alert carries every field of the decision")
    void fields() {
      AlertEngine e =
          engine(
              AlertRule.builder("p99")
                  .whenValue("latency.p99", AlertRule.Comparison.AT_LEAST, 250)
                  .resolveAt(200)
                  .severity(AlertSeverity.CRITICAL)
                  .label("team", "ml")
                  .build());
      clock.advance(Duration.ofSeconds(301));
      Alert a = e.evaluate(Window.of(1).with("latency.p99", 250.0)).get(0);
      assertThat(a.rule()).isEqualTo("p99");
      assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
      assertThat(a.state()).isEqualTo(AlertState.FIRING);
      assertThat(a.model()).isEqualTo("churn");
      assertThat(a.modelVersion()).isEqualTo(3);
      assertThat(a.windowStart()).isEqualTo(Window.T0.plus(Duration.ofMinutes(5)));
      assertThat(a.windowEnd()).isEqualTo(Window.T0.plus(Duration.ofMinutes(10)));
      assertThat(a.signal()).isEqualTo("latency.p99");
      assertThat(a.observedValue()).hasValue(250.0);
      assertThat(a.observedVerdict()).isEmpty();
      assertThat(a.threshold()).hasValue(250.0);
      assertThat(a.condition()).isEqualTo("latency.p99 >= 250.0 for 1 window");
      assertThat(a.message()).contains("churn v3", "latency.p99", "250.0", "p99");
      assertThat(a.dedupKey()).isEqualTo("p99/churn/3/latency.p99");
      assertThat(a.time()).isEqualTo(Window.T0.plusSeconds(301));
      assertThat(a.labels()).containsExactlyEntriesOf(java.util.Map.of("team", "ml"));
      Alert r = e.evaluate(Window.of(2).with("latency.p99", 150.0)).get(0);
      assertThat(r.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(r.threshold()).hasValue(200.0);
      assertThat(r.dedupKey()).isEqualTo(a.dedupKey());
      assertThat(e.firing()).isEmpty();
    }
  }

  @Nested
  @DisplayName("windows")
  class Windows {
    @Test
    @DisplayName("a window that arrives again (e.g. when it becomes final) is not counted twice")
    void repeatedWindow() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      assertThat(e.evaluate(Window.drift(0, FAIL))).isEmpty();
      assertThat(e.evaluate(Window.drift(0, FAIL).asFinal())).isEmpty();
      assertThat(e.evaluate(Window.drift(1, FAIL))).hasSize(1);
    }

    @Test
    @DisplayName("an earlier window arriving late is ignored")
    void lateWindow() {
      AlertEngine e = engine(AlertRules.driftFailFor(1));
      assertThat(e.evaluate(Window.drift(5, PASS))).isEmpty();
      assertThat(e.evaluate(Window.drift(3, FAIL))).isEmpty();
    }

    @Test
    @DisplayName("a final-windows-only rule ignores windows that are not final")
    void finalOnly() {
      AlertEngine e =
          engine(
              AlertRule.builder("accuracy")
                  .whenValue("quality.accuracy", AlertRule.Comparison.LESS_THAN, 0.8)
                  .finalWindowsOnly()
                  .build());
      assertThat(e.evaluate(Window.of(0).with("quality.accuracy", 0.5))).isEmpty();
      assertThat(e.evaluate(Window.of(0).with("quality.accuracy", 0.7).asFinal()))
          .extracting(Alert::observedValue)
          .containsExactly(java.util.OptionalDouble.of(0.7));
    }

    @Test
    @DisplayName("a pattern rule keeps one episode per matching signal")
    void pattern() {
      AlertEngine e =
          engine(
              AlertRule.builder("feature-drift")
                  .whenValue("drift.*.d", AlertRule.Comparison.GREATER_THAN, 0.2)
                  .build());
      List<Alert> out =
          e.evaluate(
              Window.of(0)
                  .with("drift.age.d", 0.3)
                  .with("drift.income.d", 0.1)
                  .with("drift.zip.d", 0.25)
                  .with("drift.dataset", FAIL)
                  .with("latency.p99", 900));
      assertThat(out).extracting(Alert::signal).containsExactly("drift.age.d", "drift.zip.d");
      assertThat(out)
          .extracting(Alert::dedupKey)
          .containsExactly(
              "feature-drift/churn/3/drift.age.d", "feature-drift/churn/3/drift.zip.d");
    }

    @Test
    @DisplayName("a signal that was never observed creates no state; NaN counts as absent")
    void absent() {
      AlertEngine e =
          engine(
              AlertRule.builder("p99")
                  .whenValue("latency.p99", AlertRule.Comparison.GREATER_THAN, 1)
                  .build());
      assertThat(e.evaluate(Window.of(0))).isEmpty();
      assertThat(e.evaluate(Window.of(1).with("latency.p99", Double.NaN))).isEmpty();
      assertThat(e.firing()).isEmpty();
    }
  }

  @Nested
  @DisplayName("configuration")
  class Configuration {
    @Test
    @DisplayName("two rules of one name, or an option set twice, are refused at build time")
    void duplicates() {
      AlertEngine.Builder b = AlertEngine.builder().rule(AlertRules.driftFailFor(2));
      assertThatThrownBy(() -> b.rule(AlertRules.driftFailFor(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("drift-fail");
      AlertEngine.Builder c = AlertEngine.builder().sendTimeout(Duration.ofSeconds(1));
      assertThatThrownBy(() -> c.sendTimeout(Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> AlertEngine.builder().queueCapacity(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> AlertEngine.builder().sendTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      AlertEngine.Builder d = AlertEngine.builder().sink(AlertSinks.callback(a -> {}));
      assertThatThrownBy(() -> d.sink(AlertSinks.callback(a -> {})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("callback");
    }

    @Test
    @DisplayName("evaluate(null) is a caller bug")
    void nullSnapshot() {
      AlertEngine e = engine(AlertRules.driftFailFor(2));
      assertThatThrownBy(() -> e.evaluate(null)).isInstanceOf(NullPointerException.class);
    }
  }
}
