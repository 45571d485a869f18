package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** A hand-made window for tests: window {@code index} of 5 minutes from {@link #T0}. */
record Window(
    String model,
    long modelVersion,
    Instant windowStart,
    Instant windowEnd,
    boolean isFinal,
    Map<String, Double> values,
    Map<String, Verdict> verdicts)
    implements SignalSnapshot {
  static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  static final Duration LENGTH = Duration.ofMinutes(5);

  static Window of(int index) {
    return of("churn", 3, index);
  }

  static Window of(String model, long version, int index) {
    Instant start = T0.plus(LENGTH.multipliedBy(index));
    return new Window(model, version, start, start.plus(LENGTH), false, Map.of(), Map.of());
  }

  /** Window {@code index} with drift.dataset = verdict (absent when null). */
  static Window drift(int index, Verdict verdict) {
    Window w = of(index);
    return verdict == null ? w : w.with("drift.dataset", verdict);
  }

  Window with(String signal, double value) {
    Map<String, Double> v = new HashMap<>(values);
    v.put(signal, value);
    return new Window(
        model, modelVersion, windowStart, windowEnd, isFinal, Map.copyOf(v), verdicts);
  }

  Window with(String signal, Verdict verdict) {
    Map<String, Verdict> v = new HashMap<>(verdicts);
    v.put(signal, verdict);
    return new Window(model, modelVersion, windowStart, windowEnd, isFinal, values, Map.copyOf(v));
  }

  Window asFinal() {
    return new Window(model, modelVersion, windowStart, windowEnd, true, values, verdicts);
  }

  @Override
  public OptionalDouble value(String signal) {
    Double v = values.get(signal);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  @Override
  public Optional<Verdict> verdict(String signal) {
    return Optional.ofNullable(verdicts.get(signal));
  }

  @Override
  public Set<String> signals() {
    Set<String> all = new HashSet<>(values.keySet());
    all.addAll(verdicts.keySet());
    return Set.copyOf(all);
  }
}
