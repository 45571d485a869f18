package dev.mlops.api.monitor;

import dev.mlops.api.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One alert notification: a rule's condition started to hold ({@link AlertState#FIRING}) or stopped
 * holding ({@link AlertState#RESOLVED}) for one signal of one model version, observed in one
 * window.
 *
 * <p>Immutable and thread-safe (a record). Notifications of one episode share a {@link #dedupKey()}
 * (rule, model, model version and signal): a receiver that opens a ticket on FIRING closes the same
 * ticket on RESOLVED. Exactly one of {@link #observedValue()} and {@link #observedVerdict()} is
 * present: a threshold rule observes a number, a verdict rule a verdict. Numbers are finite.
 *
 * <pre>{@code
 * Alert alert = Alert.builder()
 *     .rule("p99-latency").severity(AlertSeverity.CRITICAL).state(AlertState.FIRING)
 *     .model("churn", 3)
 *     .window(Instant.parse("2026-06-01T10:00:00Z"), Instant.parse("2026-06-01T10:05:00Z"))
 *     .signal("latency.p99").observedValue(312.5).threshold(250.0)
 *     .condition("latency.p99 > 250.0 for 2 windows")
 *     .message("latency.p99 was 312.5 > 250.0 for 2 windows")
 *     .time(Instant.parse("2026-06-01T10:05:01Z"))
 *     .build();                         // dedupKey "p99-latency/churn/3/latency.p99"
 * }</pre>
 *
 * @param rule the rule's name, not blank
 * @param severity the rule's severity
 * @param state firing or resolved
 * @param model the model name, not blank
 * @param modelVersion the model version, not negative
 * @param windowStart the start of the window that decided the transition
 * @param windowEnd the end of that window, not before its start
 * @param signal the signal the rule observed, e.g. {@code drift.dataset}, not blank
 * @param observedValue the observed number, for a threshold rule; finite
 * @param observedVerdict the observed verdict, for a verdict rule
 * @param threshold the threshold the rule compares with (for a RESOLVED alert of a rule with
 *     hysteresis, the resolve threshold); finite; empty for a verdict rule
 * @param condition the rule's condition as text, e.g. {@code drift.dataset == FAIL for 2 windows}
 * @param message a sentence for people: what was observed, where, and since when
 * @param dedupKey the episode's key: the same for the FIRING and the RESOLVED of one episode, and
 *     for every episode of one rule, model version and signal
 * @param time when the transition was decided, on the engine's clock
 * @param labels the rule's labels (team, runbook, ...), copied
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Alert(
    String rule,
    AlertSeverity severity,
    AlertState state,
    String model,
    long modelVersion,
    Instant windowStart,
    Instant windowEnd,
    String signal,
    OptionalDouble observedValue,
    Optional<Verdict> observedVerdict,
    OptionalDouble threshold,
    String condition,
    String message,
    String dedupKey,
    Instant time,
    Map<String, String> labels) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a name is blank, the version negative, the window reversed,
   *     a number not finite, or not exactly one of observed value and observed verdict is present
   */
  public Alert {
    requireText(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    requireText(model, "model");
    if (modelVersion < 0) {
      throw new IllegalArgumentException(
          "modelVersion must not be negative, but was " + modelVersion);
    }
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (windowEnd.isBefore(windowStart)) {
      throw new IllegalArgumentException(
          "windowEnd " + windowEnd + " is before windowStart " + windowStart);
    }
    requireText(signal, "signal");
    Objects.requireNonNull(observedValue, "observedValue");
    Objects.requireNonNull(observedVerdict, "observedVerdict");
    Objects.requireNonNull(threshold, "threshold");
    if (observedValue.isPresent() == observedVerdict.isPresent()) {
      throw new IllegalArgumentException(
          "exactly one of observedValue and observedVerdict must be present, but got "
              + observedValue
              + " and "
              + observedVerdict);
    }
    requireFinite(observedValue, "observedValue");
    requireFinite(threshold, "threshold");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(message, "message");
    requireText(dedupKey, "dedupKey");
    Objects.requireNonNull(time, "time");
    labels = Map.copyOf(labels);
  }

  /**
   * Returns the default de-duplication key of an episode: {@code rule/model/modelVersion/signal}.
   *
   * @param rule the rule name
   * @param model the model name
   * @param modelVersion the model version
   * @param signal the signal
   * @return the key
   */
  public static String dedupKeyOf(String rule, String model, long modelVersion, String signal) {
    return rule + "/" + model + "/" + modelVersion + "/" + signal;
  }

  /**
   * Starts an alert.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding every component of this alert, to derive a changed copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .rule(rule)
            .severity(severity)
            .state(state)
            .model(model, modelVersion)
            .window(windowStart, windowEnd)
            .signal(signal)
            .condition(condition)
            .message(message)
            .dedupKey(dedupKey)
            .time(time)
            .labels(labels);
    observedValue.ifPresent(b::observedValue);
    observedVerdict.ifPresent(b::observedVerdict);
    threshold.ifPresent(b::threshold);
    return b;
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireFinite(OptionalDouble value, String name) {
    if (value.isPresent() && !Double.isFinite(value.getAsDouble())) {
      throw new IllegalArgumentException(name + " must be finite, but was " + value.getAsDouble());
    }
  }

  /**
   * Builds an {@link Alert}.
   *
   * <p>Not thread-safe. Setters overwrite; {@link #build()} validates (see {@link Alert}).
   * Defaults: severity {@link AlertSeverity#WARNING}, condition and message empty, dedup key {@link
   * Alert#dedupKeyOf}, labels empty.
   *
   * <pre>{@code
   * Alert resolved = firing.toBuilder().state(AlertState.RESOLVED).time(now).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable String rule;
    private AlertSeverity severity = AlertSeverity.WARNING;
    private @Nullable AlertState state;
    private @Nullable String model;
    private long modelVersion = -1;
    private @Nullable Instant windowStart;
    private @Nullable Instant windowEnd;
    private @Nullable String signal;
    private OptionalDouble observedValue = OptionalDouble.empty();
    private Optional<Verdict> observedVerdict = Optional.empty();
    private OptionalDouble threshold = OptionalDouble.empty();
    private String condition = "";
    private String message = "";
    private @Nullable String dedupKey;
    private @Nullable Instant time;
    private Map<String, String> labels = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the rule name.
     *
     * @param rule the rule name
     * @return this builder
     */
    public Builder rule(String rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Sets the severity. Default: {@link AlertSeverity#WARNING}.
     *
     * @param severity the severity
     * @return this builder
     */
    public Builder severity(AlertSeverity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /**
     * Sets the state.
     *
     * @param state the state
     * @return this builder
     */
    public Builder state(AlertState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /**
     * Sets the model.
     *
     * @param name the model name
     * @param version the model version
     * @return this builder
     */
    public Builder model(String name, long version) {
      this.model = Objects.requireNonNull(name, "name");
      this.modelVersion = version;
      return this;
    }

    /**
     * Sets the window.
     *
     * @param start the window start
     * @param end the window end
     * @return this builder
     */
    public Builder window(Instant start, Instant end) {
      this.windowStart = Objects.requireNonNull(start, "start");
      this.windowEnd = Objects.requireNonNull(end, "end");
      return this;
    }

    /**
     * Sets the signal.
     *
     * @param signal the signal name
     * @return this builder
     */
    public Builder signal(String signal) {
      this.signal = Objects.requireNonNull(signal, "signal");
      return this;
    }

    /**
     * Sets the observed number (a threshold rule).
     *
     * @param value the value
     * @return this builder
     */
    public Builder observedValue(double value) {
      this.observedValue = OptionalDouble.of(value);
      return this;
    }

    /**
     * Sets the observed verdict (a verdict rule).
     *
     * @param verdict the verdict
     * @return this builder
     */
    public Builder observedVerdict(Verdict verdict) {
      this.observedVerdict = Optional.of(Objects.requireNonNull(verdict, "verdict"));
      return this;
    }

    /**
     * Sets the threshold (a threshold rule).
     *
     * @param threshold the threshold
     * @return this builder
     */
    public Builder threshold(double threshold) {
      this.threshold = OptionalDouble.of(threshold);
      return this;
    }

    /**
     * Sets the condition text. Default: empty.
     *
     * @param condition the condition
     * @return this builder
     */
    public Builder condition(String condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /**
     * Sets the message. Default: empty.
     *
     * @param message the message
     * @return this builder
     */
    public Builder message(String message) {
      this.message = Objects.requireNonNull(message, "message");
      return this;
    }

    /**
     * Sets the de-duplication key. Default: {@link Alert#dedupKeyOf} of rule, model, version and
     * signal.
     *
     * @param dedupKey the key
     * @return this builder
     */
    public Builder dedupKey(String dedupKey) {
      this.dedupKey = Objects.requireNonNull(dedupKey, "dedupKey");
      return this;
    }

    /**
     * Sets the decision time.
     *
     * @param time the time
     * @return this builder
     */
    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Adds a label, replacing one of the same key.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Replaces the labels.
     *
     * @param labels the labels
     * @return this builder
     */
    public Builder labels(Map<String, String> labels) {
      this.labels = new LinkedHashMap<>(Objects.requireNonNull(labels, "labels"));
      return this;
    }

    /**
     * Builds the alert.
     *
     * @return the alert
     * @throws NullPointerException if rule, state, model, window, signal or time was not set
     * @throws IllegalArgumentException if a component is invalid (see {@link Alert})
     */
    public Alert build() {
      String r = Objects.requireNonNull(rule, "rule was not set");
      String m = Objects.requireNonNull(model, "model was not set");
      String s = Objects.requireNonNull(signal, "signal was not set");
      return new Alert(
          r,
          severity,
          Objects.requireNonNull(state, "state was not set"),
          m,
          modelVersion,
          Objects.requireNonNull(windowStart, "window was not set"),
          Objects.requireNonNull(windowEnd, "window was not set"),
          s,
          observedValue,
          observedVerdict,
          threshold,
          condition,
          message,
          dedupKey != null ? dedupKey : dedupKeyOf(r, m, modelVersion, s),
          Objects.requireNonNull(time, "time was not set"),
          labels);
    }
  }
}
