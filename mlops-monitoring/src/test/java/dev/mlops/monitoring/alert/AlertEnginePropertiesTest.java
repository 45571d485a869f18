package dev.mlops.monitoring.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;

/** Laws of the rule engine over arbitrary sequences of window verdicts. */
class AlertEnginePropertiesTest {

  @Provide
  Arbitrary<List<@Nullable Verdict>> windows() {
    // null = the window has no drift verdict; FAIL weighted up so episodes happen.
    Arbitrary<@Nullable Verdict> one =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.just(Verdict.FAIL)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Verdict.PASS)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Verdict.WARN)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Verdict.INCONCLUSIVE)),
            net.jqwik.api.Tuple.of(1, Arbitraries.<@Nullable Verdict>just(null)));
    return one.list().ofMaxSize(60);
  }

  private static List<@Nullable AlertState> evaluate(
      List<@Nullable Verdict> windows, int n, int m) {
    try (AlertEngine engine =
        AlertEngine.builder()
            .rule(AlertRules.driftFailBuilder(n).resolveAfterWindows(m).build())
            .build()) {
      List<@Nullable AlertState> out = new ArrayList<>();
      for (int i = 0; i < windows.size(); i++) {
        List<Alert> alerts = engine.evaluate(Window.drift(i, windows.get(i)));
        assertThat(alerts).hasSizeLessThanOrEqualTo(1);
        out.add(alerts.isEmpty() ? null : alerts.get(0).state());
      }
      return out;
    }
  }

  @Property(tries = 300)
  @Label("FIRING and RESOLVED alternate, starting with FIRING")
  void alternate(
      @ForAll("windows") List<@Nullable Verdict> windows,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 3) int m) {
    List<AlertState> states = evaluate(windows, n, m).stream().filter(Objects::nonNull).toList();
    for (int i = 0; i < states.size(); i++) {
      assertThat(states.get(i)).isEqualTo(i % 2 == 0 ? AlertState.FIRING : AlertState.RESOLVED);
    }
  }

  @Property(tries = 300)
  @Label("FIRINGs are at most the runs of at least N consecutive FAILs")
  void firingBound(
      @ForAll("windows") List<@Nullable Verdict> windows,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 3) int m) {
    long firing = evaluate(windows, n, m).stream().filter(s -> s == AlertState.FIRING).count();
    int runs = 0;
    int run = 0;
    for (Verdict v : windows) {
      run = v == Verdict.FAIL ? run + 1 : 0;
      if (run == n) {
        runs++;
      }
    }
    assertThat(firing).isLessThanOrEqualTo(runs);
  }

  @Property(tries = 300)
  @Label("the engine emits exactly what the rule's specification, written as a plain loop, says")
  void matchesReference(
      @ForAll("windows") List<@Nullable Verdict> windows,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 3) int m) {
    assertThat(evaluate(windows, n, m)).isEqualTo(ReferenceRule.run(windows, n, m));
  }
}
