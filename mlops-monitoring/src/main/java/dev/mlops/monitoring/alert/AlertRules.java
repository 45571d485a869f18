package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import org.apiguardian.api.API;

/**
 * Built-in rules.
 *
 * <p>Stateless and thread-safe; every method returns a new immutable rule.
 *
 * <pre>{@code
 * AlertEngine engine = AlertEngine.builder()
 *     .rule(AlertRules.driftFailFor(2))   // "drift.dataset FAIL in 2 consecutive windows"
 *     .sink(AlertSinks.slf4j())
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AlertRules {
  /** The name of {@link #driftFailFor(int)}'s rule. */
  public static final String DRIFT_FAIL = "drift-fail";

  /** The signal holding a window's dataset-level drift verdict. */
  public static final String DRIFT_DATASET = "drift.dataset";

  private AlertRules() {}

  /**
   * Returns the default drift rule: {@code drift.dataset == FAIL} in {@code windows} consecutive
   * windows, severity WARNING, resolved by one window whose verdict is PASS or WARN.
   *
   * @param windows consecutive FAIL windows before it fires, at least 1
   * @return the rule, named {@value #DRIFT_FAIL}
   * @throws IllegalArgumentException if {@code windows < 1}
   */
  public static AlertRule driftFailFor(int windows) {
    return builderFor(windows).build();
  }

  /**
   * Returns a builder preset as {@link #driftFailFor(int)}, to add a retraining trigger, labels, a
   * severity or hysteresis.
   *
   * <pre>{@code
   * AlertRule r = AlertRules.driftFailBuilder(2).retrain(trigger).resolveAfterWindows(2).build();
   * }</pre>
   *
   * @param windows consecutive FAIL windows before it fires, at least 1
   * @return the builder
   * @throws IllegalArgumentException if {@code windows < 1}
   */
  public static AlertRule.Builder driftFailBuilder(int windows) {
    return builderFor(windows);
  }

  private static AlertRule.Builder builderFor(int windows) {
    return AlertRule.builder(DRIFT_FAIL)
        .whenVerdict(DRIFT_DATASET, Verdict.FAIL)
        .forWindows(windows);
  }
}
