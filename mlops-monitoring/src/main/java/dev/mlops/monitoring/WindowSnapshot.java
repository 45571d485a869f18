package dev.mlops.monitoring;

import dev.mlops.api.Verdict;
import dev.mlops.monitoring.alert.SignalSnapshot;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.SketchDriftReport;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One window of a {@link ModelMonitor}: its golden and model signals, verdicts, and (for the first,
 * closed snapshot) the window's profile and drift reports.
 *
 * <p>Immutable and thread-safe. A window yields two snapshots: when it closes (its end has passed
 * on the injected clock; {@link #isFinal()} false; labels joined so far, and the CBPE estimate) and
 * when its label maturity has passed ({@link #isFinal()} true; every label that will ever count,
 * the realised quality reconciled with the estimate). The final snapshot repeats the closed one's
 * numbers and verdicts but drops the profile and drift reports, which were already delivered.
 *
 * <p>Signals (names as in {@link SignalSnapshot}): {@code latency.p50/p90/p99/max} (nanoseconds),
 * {@code traffic.count}, {@code traffic.rate} (per second), {@code errors.count}, {@code
 * errors.ratio}, {@code saturation.in_flight} (the most requests in flight at once) and {@code
 * saturation.<gauge>} (host gauges, sampled at close), {@code prediction.mean/p50/p90/p99}, {@code
 * drift.<feature>.d} and {@code drift.<feature>.bound} with verdicts {@code drift.<feature>},
 * {@code drift.dataset} and {@code drift.prediction}, {@code labels.count}, {@code
 * labels.coverage}, {@code quality.<metric>} (once coverage reaches the threshold; from the
 * model-validation evaluators: binary {@code accuracy, precision, recall, f1, roc_auc,
 * average_precision, log_loss, brier_score_loss, ece}, regression {@code mae, rmse, r2, mape}), the
 * label-free CBPE estimate {@code estimate.<metric>} with its interval {@code
 * estimate.<metric>.low} and {@code .high} (binary classification: {@code accuracy, precision,
 * recall, f1, roc_auc}; while coverage is below the threshold and in every final snapshot), {@code
 * estimate.<metric>.error} (realised minus estimated, when both exist), and the counters {@code
 * records.missing_values}, {@code records.unknown_values} and {@code records.negative_latency}.
 *
 * <pre>{@code
 * monitor.latest().ifPresent(s -> {
 *   double p99 = s.value("latency.p99").orElse(Double.NaN);
 *   boolean drifted = s.verdict("drift.dataset").orElse(Verdict.PASS) == Verdict.FAIL;
 * });
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WindowSnapshot implements SignalSnapshot {

  private final String model;
  private final long modelVersion;
  private final Instant windowStart;
  private final Instant windowEnd;
  private final boolean isFinal;
  private final Map<String, Double> values;
  private final Map<String, Verdict> verdicts;
  private final @Nullable Profile profile;
  private final @Nullable SketchDriftReport featureDrift;
  private final @Nullable SketchDriftReport predictionDrift;
  private final @Nullable WindowState state;

  WindowSnapshot(
      String model,
      long modelVersion,
      Instant windowStart,
      Instant windowEnd,
      boolean isFinal,
      Map<String, Double> values,
      Map<String, Verdict> verdicts,
      @Nullable Profile profile,
      @Nullable SketchDriftReport featureDrift,
      @Nullable SketchDriftReport predictionDrift,
      @Nullable WindowState state) {
    this.model = Objects.requireNonNull(model, "model");
    this.modelVersion = modelVersion;
    this.windowStart = Objects.requireNonNull(windowStart, "windowStart");
    this.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
    this.isFinal = isFinal;
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.verdicts = Collections.unmodifiableMap(new TreeMap<>(verdicts));
    this.profile = profile;
    this.featureDrift = featureDrift;
    this.predictionDrift = predictionDrift;
    this.state = state;
  }

  @Override
  public String model() {
    return model;
  }

  @Override
  public long modelVersion() {
    return modelVersion;
  }

  @Override
  public Instant windowStart() {
    return windowStart;
  }

  @Override
  public Instant windowEnd() {
    return windowEnd;
  }

  @Override
  public boolean isFinal() {
    return isFinal;
  }

  @Override
  public OptionalDouble value(String signal) {
    Double v = values.get(Objects.requireNonNull(signal, "signal"));
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  @Override
  public Optional<Verdict> verdict(String signal) {
    return Optional.ofNullable(verdicts.get(Objects.requireNonNull(signal, "signal")));
  }

  @Override
  public Set<String> signals() {
    Set<String> s = new TreeSet<>(values.keySet());
    s.addAll(verdicts.keySet());
    return Collections.unmodifiableSet(s);
  }

  /**
   * Returns every numeric signal.
   *
   * @return name to value, sorted by name, unmodifiable
   */
  public Map<String, Double> values() {
    return values;
  }

  /**
   * Returns every verdict signal.
   *
   * @return name to verdict, sorted by name, unmodifiable
   */
  public Map<String, Verdict> verdicts() {
    return verdicts;
  }

  /**
   * Returns the window's profile: the numeric and categorical features plus the prediction column.
   *
   * @return the profile; empty in a final snapshot
   */
  public Optional<Profile> profile() {
    return Optional.ofNullable(profile);
  }

  /**
   * Returns the features' drift against the reference profile, each column saying which mode
   * decided ({@code exact}, {@code sketch_pvalue} or {@code sketch_d}).
   *
   * @return the report; empty without a reference profile and in a final snapshot
   */
  public Optional<SketchDriftReport> featureDrift() {
    return Optional.ofNullable(featureDrift);
  }

  /**
   * Returns the prediction column's drift against the reference profile's prediction column.
   *
   * @return the report; empty when the reference has no prediction column and in a final snapshot
   */
  public Optional<SketchDriftReport> predictionDrift() {
    return Optional.ofNullable(predictionDrift);
  }

  /**
   * Returns the window's mergeable state, to combine per-instance monitors of one model version.
   *
   * @return the state; empty in a final snapshot and in one made by {@link
   *     ModelMonitor#snapshotOf(WindowState)}
   */
  public Optional<WindowState> state() {
    return Optional.ofNullable(state);
  }

  WindowSnapshot asFinal(Map<String, Double> newValues) {
    return new WindowSnapshot(
        model,
        modelVersion,
        windowStart,
        windowEnd,
        true,
        newValues,
        verdicts,
        null,
        null,
        null,
        null);
  }

  /** A copy without profile, drift reports and state: what an open window keeps for labels. */
  WindowSnapshot slim() {
    return new WindowSnapshot(
        model,
        modelVersion,
        windowStart,
        windowEnd,
        isFinal,
        values,
        verdicts,
        null,
        null,
        null,
        null);
  }

  @Override
  public String toString() {
    return "WindowSnapshot["
        + model
        + " v"
        + modelVersion
        + " "
        + windowStart
        + ".."
        + windowEnd
        + (isFinal ? " final" : " closed")
        + ", "
        + values.size()
        + " values, "
        + verdicts.size()
        + " verdicts]";
  }
}
