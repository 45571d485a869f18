package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertSeverity;
import dev.mlops.api.monitor.AlertState;
import java.time.Instant;

/** Sample alerts with every field set. */
final class Alerts {
  private Alerts() {}

  static Alert threshold(AlertState state) {
    return Alert.builder()
        .rule("p99-latency")
        .severity(AlertSeverity.CRITICAL)
        .state(state)
        .model("churn", 3)
        .window(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:05:00Z"))
        .signal("latency.p99")
        .observedValue(312.5)
        .threshold(250.0)
        .condition("latency.p99 > 250.0 for 2 windows")
        .message("churn v3: latency.p99 was 312.5 > 250.0 in 2 consecutive windows \"quoted\" é")
        .time(Instant.parse("2026-06-01T10:05:00.123456789Z"))
        .label("team", "ml")
        .label("runbook", "https://wiki.example/p99")
        .build();
  }

  static Alert verdict(AlertState state) {
    return Alert.builder()
        .rule("drift-fail")
        .state(state)
        .model("churn", 3)
        .window(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:05:00Z"))
        .signal("drift.dataset")
        .observedVerdict(state == AlertState.FIRING ? Verdict.FAIL : Verdict.PASS)
        .condition("drift.dataset == FAIL for 2 windows")
        .message("drift")
        .time(Instant.parse("2026-06-01T10:05:01Z"))
        .build();
  }
}
