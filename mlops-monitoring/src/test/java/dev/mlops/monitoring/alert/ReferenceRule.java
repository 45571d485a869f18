package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.AlertState;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The drift rule's specification written out as a plain loop over window verdicts, independently of
 * the engine: fire after {@code n} FAIL windows in a row; once firing, resolve after {@code m}
 * PASS/WARN windows in a row (INCONCLUSIVE and missing windows break both runs).
 */
final class ReferenceRule {
  private ReferenceRule() {}

  static List<@Nullable AlertState> run(List<@Nullable Verdict> windows, int n, int m) {
    List<@Nullable AlertState> out = new ArrayList<>();
    boolean firing = false;
    int run = 0;
    for (Verdict v : windows) {
      AlertState emitted = null;
      if (!firing) {
        run = v == Verdict.FAIL ? run + 1 : 0;
        if (run == n) {
          firing = true;
          run = 0;
          emitted = AlertState.FIRING;
        }
      } else {
        run = (v == Verdict.PASS || v == Verdict.WARN) ? run + 1 : 0;
        if (run == m) {
          firing = false;
          run = 0;
          emitted = AlertState.RESOLVED;
        }
      }
      out.add(emitted);
    }
    return out;
  }
}
