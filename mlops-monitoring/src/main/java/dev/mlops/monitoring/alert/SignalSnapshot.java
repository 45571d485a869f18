package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * One closed (or final) window of one monitor, as the alert engine reads it: the model, the window
 * bounds, and its signals by name, each either a number ({@link #value(String)}) or a verdict
 * ({@link #verdict(String)}).
 *
 * <p>Implementations must be immutable (or at least not change while {@code
 * AlertEngine.evaluate(snapshot)} reads them) and thread-safe. A monitor hands the engine one
 * snapshot per closed window, in window order; the same window may arrive again when it becomes
 * final ({@link #isFinal()}: all labels matured). The engine counts a window once per rule and
 * signal: a snapshot whose window does not end after the last one that carried the signal is
 * ignored for it, so a re-sent final window adds only the signals its first snapshot lacked (rules
 * on label-based signals should read final windows only).
 *
 * <p>Signal names are lowercase dot paths. Values: {@code latency.p50}, {@code latency.p90}, {@code
 * latency.p99}, {@code latency.max}, {@code traffic.rate}, {@code errors.count}, {@code
 * errors.ratio}, {@code saturation.in_flight}, {@code quality.<metric>} (e.g. {@code
 * quality.accuracy}), {@code estimate.<metric>}, {@code labels.coverage}, {@code
 * drift.<feature>.d}. Verdicts: {@code drift.dataset}, {@code drift.<feature>}. A signal the window
 * could not compute (no labels yet, too few rows) is absent, not NaN.
 *
 * <pre>{@code
 * SignalSnapshot window = ...; // from the monitor
 * window.value("latency.p99").ifPresent(p99 -> ...);
 * boolean drifted = window.verdict("drift.dataset").orElse(Verdict.PASS) == Verdict.FAIL;
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface SignalSnapshot {

  /**
   * Returns the monitored model's name.
   *
   * @return the model name
   */
  String model();

  /**
   * Returns the monitored model version.
   *
   * @return the model version, at least 1
   */
  long modelVersion();

  /**
   * Returns the start of the window, inclusive, on the monitor's clock.
   *
   * @return the window start
   */
  Instant windowStart();

  /**
   * Returns the end of the window, exclusive, on the monitor's clock.
   *
   * @return the window end, after {@link #windowStart()}
   */
  Instant windowEnd();

  /**
   * Returns whether the window is final: its label maturity has passed, so no more labels join it.
   *
   * @return true for a final window
   */
  boolean isFinal();

  /**
   * Returns a numeric signal.
   *
   * @param signal the signal name, e.g. {@code latency.p99}
   * @return the value, or empty if the window has no such signal or could not compute it; never NaN
   * @throws NullPointerException if {@code signal} is null
   */
  OptionalDouble value(String signal);

  /**
   * Returns a verdict signal.
   *
   * @param signal the signal name, e.g. {@code drift.dataset}
   * @return the verdict, or empty if the window has no such signal
   * @throws NullPointerException if {@code signal} is null
   */
  Optional<Verdict> verdict(String signal);

  /**
   * Returns the names of every signal present in this window, numeric and verdict.
   *
   * @return the signal names, unmodifiable
   */
  Set<String> signals();
}
