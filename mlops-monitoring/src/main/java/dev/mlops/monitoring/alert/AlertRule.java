package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.AlertSeverity;
import dev.mlops.api.monitor.RetrainTrigger;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A condition on one signal of a window, with how long it must hold before an alert fires and how
 * long it must clear before the alert resolves.
 *
 * <p>Immutable and thread-safe; build once, share. A rule is either a <b>threshold</b> on a numeric
 * signal ({@code latency.p99 > 250}) or a <b>verdict</b> condition ({@code drift.dataset == FAIL}).
 * Per rule, model version and signal the {@link AlertEngine} keeps one state:
 *
 * <ul>
 *   <li><b>Firing.</b> The condition must hold in {@link Builder#forWindows(int) N consecutive
 *       windows} (default 1) and, if {@link Builder#forDuration(Duration)} is set, for at least
 *       that long on the engine's clock, counted from the first window of the streak. A window in
 *       which the signal is absent (or a verdict is INCONCLUSIVE and not part of the condition)
 *       breaks the streak.
 *   <li><b>Resolving (hysteresis).</b> A firing alert resolves only after the signal is clear in
 *       {@link Builder#resolveAfterWindows(int) M consecutive windows} (default 1). For a threshold
 *       rule "clear" means the value no longer meets the {@link Builder#resolveAt(double) resolve
 *       threshold} (default: the threshold), which lies on the clear side of the firing threshold:
 *       {@code > 250} with {@code resolveAt(200)} fires above 250 and resolves at or below 200. For
 *       a verdict rule "clear" is any verdict outside the condition other than INCONCLUSIVE. A
 *       window without the signal keeps the alert firing and restarts the count.
 *   <li><b>De-duplication.</b> One FIRING per episode, one RESOLVED at its end, with the same
 *       {@link dev.mlops.api.monitor.Alert#dedupKey()}.
 * </ul>
 *
 * <p>The signal may be a pattern with {@code *} (any characters), e.g. {@code drift.*.d} or {@code
 * drift.*}: the rule then watches every matching signal of the window, each with its own state and
 * episodes (a pattern only observes the signals a window has).
 *
 * <pre>{@code
 * AlertRule latency = AlertRule.builder("p99-latency")
 *     .whenValue("latency.p99", AlertRule.Comparison.GREATER_THAN, 250.0)
 *     .resolveAt(200.0)            // hysteresis: resolve at or below 200 ms
 *     .forWindows(2)
 *     .severity(AlertSeverity.CRITICAL)
 *     .label("runbook", "https://wiki.example/latency")
 *     .build();
 * AlertRule drift = AlertRule.builder("drift")
 *     .whenVerdict("drift.dataset", Verdict.FAIL)
 *     .forWindows(2)
 *     .resolveAfterWindows(3)
 *     .retrain(pipelineTrigger)     // called once per episode, on FIRING
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AlertRule {
  /** Consecutive windows the condition must hold when {@link Builder#forWindows} is not called. */
  public static final int DEFAULT_FOR_WINDOWS = 1;

  /** Consecutive clear windows that resolve when {@link Builder#resolveAfterWindows} is not set. */
  public static final int DEFAULT_RESOLVE_AFTER_WINDOWS = 1;

  /** The severity when {@link Builder#severity} is not called. */
  public static final AlertSeverity DEFAULT_SEVERITY = AlertSeverity.WARNING;

  private final String name;
  private final String signal;
  private final @Nullable Pattern pattern;
  private final @Nullable Comparison comparison;
  private final double threshold;
  private final double resolveThreshold;
  private final Set<Verdict> verdicts;
  private final int forWindows;
  private final Duration forDuration;
  private final int resolveAfterWindows;
  private final AlertSeverity severity;
  private final Map<String, String> labels;
  private final boolean finalWindowsOnly;
  private final @Nullable RetrainTrigger retrain;

  private AlertRule(Builder b, String signal) {
    this.name = b.name;
    this.signal = signal;
    this.pattern = signal.indexOf('*') >= 0 ? glob(signal) : null;
    this.comparison = b.comparison;
    this.threshold = b.threshold;
    this.resolveThreshold = b.resolveThreshold != null ? b.resolveThreshold : b.threshold;
    this.verdicts = b.verdicts == null ? Set.of() : Set.copyOf(b.verdicts);
    this.forWindows = b.forWindows != null ? b.forWindows : DEFAULT_FOR_WINDOWS;
    this.forDuration = b.forDuration != null ? b.forDuration : Duration.ZERO;
    this.resolveAfterWindows =
        b.resolveAfterWindows != null ? b.resolveAfterWindows : DEFAULT_RESOLVE_AFTER_WINDOWS;
    this.severity = b.severity != null ? b.severity : DEFAULT_SEVERITY;
    this.labels = Map.copyOf(b.labels);
    this.finalWindowsOnly = b.finalWindowsOnly;
    this.retrain = b.retrain;
  }

  /**
   * Starts a rule.
   *
   * @param name the rule's name, unique within an engine; part of every alert's de-duplication key
   * @return a builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank or contains {@code /}
   */
  public static Builder builder(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "a rule name is not blank and has no '/', but was '" + name + "'");
    }
    return new Builder(name);
  }

  /**
   * Returns the rule's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the signal name or pattern the rule watches.
   *
   * @return the signal, e.g. {@code latency.p99} or {@code drift.*}
   */
  public String signal() {
    return signal;
  }

  /**
   * Returns whether the rule compares a numeric signal with a threshold (else it tests a verdict).
   *
   * @return true for a threshold rule
   */
  public boolean isThresholdRule() {
    return comparison != null;
  }

  /**
   * Returns the comparison of a threshold rule.
   *
   * @return the comparison, or empty for a verdict rule
   */
  public Optional<Comparison> comparison() {
    return Optional.ofNullable(comparison);
  }

  /**
   * Returns the firing threshold of a threshold rule.
   *
   * @return the threshold, or empty for a verdict rule
   */
  public OptionalDouble threshold() {
    return comparison == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
  }

  /**
   * Returns the resolve threshold of a threshold rule.
   *
   * @return the resolve threshold (the threshold unless {@link Builder#resolveAt} was set), or
   *     empty for a verdict rule
   */
  public OptionalDouble resolveThreshold() {
    return comparison == null ? OptionalDouble.empty() : OptionalDouble.of(resolveThreshold);
  }

  /**
   * Returns the verdicts that meet the condition of a verdict rule.
   *
   * @return the verdicts; empty for a threshold rule
   */
  public Set<Verdict> verdicts() {
    return verdicts;
  }

  /**
   * Returns how many consecutive windows the condition must hold.
   *
   * @return at least 1
   */
  public int forWindows() {
    return forWindows;
  }

  /**
   * Returns how long the condition must hold on the engine's clock.
   *
   * @return the duration, zero when only windows count
   */
  public Duration forDuration() {
    return forDuration;
  }

  /**
   * Returns how many consecutive clear windows resolve a firing alert.
   *
   * @return at least 1
   */
  public int resolveAfterWindows() {
    return resolveAfterWindows;
  }

  /**
   * Returns the severity.
   *
   * @return the severity
   */
  public AlertSeverity severity() {
    return severity;
  }

  /**
   * Returns the labels copied into every alert.
   *
   * @return the labels, unmodifiable
   */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Returns whether the rule reads only final windows (those whose labels have matured).
   *
   * @return true if non-final snapshots are ignored
   */
  public boolean finalWindowsOnly() {
    return finalWindowsOnly;
  }

  /**
   * Returns the retraining trigger called when the rule fires.
   *
   * @return the trigger, if configured
   */
  public Optional<RetrainTrigger> retrain() {
    return Optional.ofNullable(retrain);
  }

  /**
   * Returns the condition as text, e.g. {@code latency.p99 > 250.0 for 2 windows}.
   *
   * @return the condition
   */
  public String condition() {
    StringBuilder s = new StringBuilder(signal);
    if (comparison != null) {
      s.append(' ').append(comparison.symbol()).append(' ').append(threshold);
    } else if (verdicts.size() == 1) {
      s.append(" == ").append(verdicts.iterator().next());
    } else {
      s.append(" in ").append(sortedVerdicts());
    }
    s.append(" for ").append(forWindows).append(forWindows == 1 ? " window" : " windows");
    if (!forDuration.isZero()) {
      s.append(" and ").append(forDuration);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "AlertRule[" + name + ": " + condition() + ", " + severity + "]";
  }

  boolean matches(String candidate) {
    return pattern == null ? signal.equals(candidate) : pattern.matcher(candidate).matches();
  }

  boolean isPattern() {
    return pattern != null;
  }

  /** Whether the value meets the firing condition. */
  boolean breaches(double value) {
    return Objects.requireNonNull(comparison).test(value, threshold);
  }

  /** Whether a value clears a firing alert (hysteresis: against the resolve threshold). */
  boolean clears(double value) {
    return !Objects.requireNonNull(comparison).test(value, resolveThreshold);
  }

  boolean breaches(Verdict verdict) {
    return verdicts.contains(verdict);
  }

  boolean clears(Verdict verdict) {
    return !verdicts.contains(verdict) && verdict != Verdict.INCONCLUSIVE;
  }

  private String sortedVerdicts() {
    return verdicts.stream().sorted().map(Enum::name).collect(Collectors.joining(", ", "[", "]"));
  }

  private static Pattern glob(String signal) {
    StringBuilder regex = new StringBuilder();
    for (String part : signal.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString());
  }

  /**
   * How a threshold rule compares the observed value with its threshold.
   *
   * <p>Immutable and thread-safe (an enum).
   *
   * <pre>{@code
   * AlertRule.Comparison.GREATER_THAN.test(300, 250);  // true
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public enum Comparison {
    /** {@code value > threshold}. */
    GREATER_THAN(">"),
    /** {@code value >= threshold}. */
    AT_LEAST(">="),
    /** {@code value < threshold}. */
    LESS_THAN("<"),
    /** {@code value <= threshold}. */
    AT_MOST("<=");

    private final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    /**
     * Returns the operator, e.g. {@code >=}.
     *
     * @return the symbol
     */
    public String symbol() {
      return symbol;
    }

    /**
     * Compares.
     *
     * @param value the observed value
     * @param threshold the threshold
     * @return whether the value meets the condition; false if either is NaN
     */
    public boolean test(double value, double threshold) {
      return switch (this) {
        case GREATER_THAN -> value > threshold;
        case AT_LEAST -> value >= threshold;
        case LESS_THAN -> value < threshold;
        case AT_MOST -> value <= threshold;
      };
    }

    boolean upward() {
      return this == GREATER_THAN || this == AT_LEAST;
    }
  }

  /**
   * Builds an {@link AlertRule}.
   *
   * <p>Not thread-safe. Exactly one condition ({@link #whenValue} or {@link #whenVerdict}) is
   * required. Each option may be set once ({@link #label} any number of times); setting one again
   * throws {@link IllegalStateException}, as do two conflicting options. Defaults: for {@value
   * AlertRule#DEFAULT_FOR_WINDOWS} window, no duration, resolve after {@value
   * AlertRule#DEFAULT_RESOLVE_AFTER_WINDOWS} clear window at the firing threshold, severity
   * WARNING, no labels, every window (final or not), no retraining.
   *
   * <pre>{@code
   * AlertRule r = AlertRule.builder("errors")
   *     .whenValue("errors.ratio", AlertRule.Comparison.AT_LEAST, 0.05)
   *     .build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private @Nullable String signal;
    private @Nullable Comparison comparison;
    private double threshold;
    private @Nullable Double resolveThreshold;
    private @Nullable Set<Verdict> verdicts;
    private @Nullable Integer forWindows;
    private @Nullable Duration forDuration;
    private @Nullable Integer resolveAfterWindows;
    private @Nullable AlertSeverity severity;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean finalWindowsOnly;
    private @Nullable RetrainTrigger retrain;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Makes this a threshold rule on a numeric signal.
     *
     * @param signal the signal name or {@code *} pattern, e.g. {@code latency.p99}
     * @param comparison how the value compares with the threshold to fire
     * @param threshold the threshold, finite
     * @return this builder
     * @throws IllegalArgumentException if the signal is blank or the threshold not finite
     * @throws IllegalStateException if a condition was set before
     */
    public Builder whenValue(String signal, Comparison comparison, double threshold) {
      Objects.requireNonNull(comparison, "comparison");
      requireNoCondition();
      requireFinite(threshold, "threshold");
      this.signal = requireSignal(signal);
      this.comparison = comparison;
      this.threshold = threshold;
      return this;
    }

    /**
     * Makes this a verdict rule: it holds when the signal's verdict is one of those given.
     *
     * @param signal the signal name or {@code *} pattern, e.g. {@code drift.dataset}
     * @param verdict a verdict that meets the condition, e.g. {@link Verdict#FAIL}
     * @param more further verdicts that meet it
     * @return this builder
     * @throws IllegalArgumentException if the signal is blank, or the verdicts include PASS
     * @throws IllegalStateException if a condition was set before
     */
    public Builder whenVerdict(String signal, Verdict verdict, Verdict... more) {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(more, "more");
      requireNoCondition();
      EnumSet<Verdict> set = EnumSet.of(verdict);
      for (Verdict v : more) {
        set.add(Objects.requireNonNull(v, "verdict"));
      }
      if (set.contains(Verdict.PASS)) {
        throw new IllegalArgumentException(
            "a verdict rule fires on a bad verdict (WARN, FAIL, INCONCLUSIVE), not on PASS: "
                + Arrays.toString(set.toArray()));
      }
      this.signal = requireSignal(signal);
      this.verdicts = set;
      return this;
    }

    /**
     * Sets how many consecutive windows the condition must hold before the alert fires. Default:
     * {@value AlertRule#DEFAULT_FOR_WINDOWS}.
     *
     * @param windows at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code windows < 1}
     * @throws IllegalStateException if set before
     */
    public Builder forWindows(int windows) {
      if (windows < 1) {
        throw new IllegalArgumentException("forWindows must be at least 1, but was " + windows);
      }
      if (forWindows != null) {
        throw twice("forWindows");
      }
      this.forWindows = windows;
      return this;
    }

    /**
     * Sets how long, on the engine's clock, the condition must hold before the alert fires, from
     * the first window of the streak to the current one; both this and {@link #forWindows} must be
     * met. Default: zero (windows only).
     *
     * @param duration not negative
     * @return this builder
     * @throws IllegalArgumentException if negative
     * @throws IllegalStateException if set before
     */
    public Builder forDuration(Duration duration) {
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("forDuration must not be negative, but was " + duration);
      }
      if (forDuration != null) {
        throw twice("forDuration");
      }
      this.forDuration = duration;
      return this;
    }

    /**
     * Sets the resolve threshold of a threshold rule (hysteresis): a firing alert clears only when
     * the value no longer meets the comparison against it. It must lie on the clear side of the
     * firing threshold (at or below it for {@code >}/{@code >=}, at or above for {@code <}/{@code
     * <=}). Default: the firing threshold.
     *
     * @param threshold the resolve threshold, finite
     * @return this builder
     * @throws IllegalArgumentException if not finite
     * @throws IllegalStateException if set before; {@link #build()} throws it for a verdict rule
     */
    public Builder resolveAt(double threshold) {
      requireFinite(threshold, "resolve threshold");
      if (resolveThreshold != null) {
        throw twice("resolveAt");
      }
      this.resolveThreshold = threshold;
      return this;
    }

    /**
     * Sets how many consecutive clear windows resolve a firing alert (hysteresis). Default: {@value
     * AlertRule#DEFAULT_RESOLVE_AFTER_WINDOWS}.
     *
     * @param windows at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code windows < 1}
     * @throws IllegalStateException if set before
     */
    public Builder resolveAfterWindows(int windows) {
      if (windows < 1) {
        throw new IllegalArgumentException(
            "resolveAfterWindows must be at least 1, but was " + windows);
      }
      if (resolveAfterWindows != null) {
        throw twice("resolveAfterWindows");
      }
      this.resolveAfterWindows = windows;
      return this;
    }

    /**
     * Sets the severity. Default: {@link AlertSeverity#WARNING}.
     *
     * @param severity the severity
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder severity(AlertSeverity severity) {
      Objects.requireNonNull(severity, "severity");
      if (this.severity != null) {
        throw twice("severity");
      }
      this.severity = severity;
      return this;
    }

    /**
     * Adds a label copied into every alert of the rule.
     *
     * @param key the key, not blank
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the key is blank
     * @throws IllegalStateException if the key was added before
     */
    public Builder label(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank()) {
        throw new IllegalArgumentException("a label key must not be blank");
      }
      if (labels.containsKey(key)) {
        throw twice("label '" + key + "'");
      }
      labels.put(key, value);
      return this;
    }

    /**
     * Makes the rule read only final windows (labels matured): for quality rules, which would
     * otherwise judge a window on its first labels. Default: every window.
     *
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder finalWindowsOnly() {
      if (finalWindowsOnly) {
        throw twice("finalWindowsOnly");
      }
      this.finalWindowsOnly = true;
      return this;
    }

    /**
     * Calls a retraining trigger each time the rule fires (once per episode), off the evaluating
     * thread and isolated like a sink. Default: none.
     *
     * @param trigger the trigger
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder retrain(RetrainTrigger trigger) {
      Objects.requireNonNull(trigger, "trigger");
      if (retrain != null) {
        throw twice("retrain");
      }
      this.retrain = trigger;
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return the rule
     * @throws IllegalStateException if no condition was set, or a resolve threshold was set for a
     *     verdict rule
     * @throws IllegalArgumentException if the resolve threshold is on the firing side of the
     *     threshold
     */
    public AlertRule build() {
      if (signal == null) {
        throw new IllegalStateException(
            "rule '" + name + "' has no condition; call whenValue(..) or whenVerdict(..)");
      }
      if (resolveThreshold != null) {
        if (comparison == null) {
          throw new IllegalStateException(
              "rule '"
                  + name
                  + "': resolveAt(..) is for threshold rules; a verdict rule uses"
                  + " resolveAfterWindows(..)");
        }
        boolean onClearSide =
            comparison.upward() ? resolveThreshold <= threshold : resolveThreshold >= threshold;
        if (!onClearSide) {
          throw new IllegalArgumentException(
              "rule '"
                  + name
                  + "': resolve threshold "
                  + resolveThreshold
                  + " must be on the clear side of "
                  + comparison.symbol()
                  + " "
                  + threshold
                  + (comparison.upward() ? " (at or below it)" : " (at or above it)"));
        }
      }
      return new AlertRule(this, signal);
    }

    private void requireNoCondition() {
      if (signal != null) {
        throw new IllegalStateException(
            "rule '" + name + "' already has a condition on '" + signal + "'; set one condition");
      }
    }

    private static String requireSignal(String signal) {
      Objects.requireNonNull(signal, "signal");
      if (signal.isBlank()) {
        throw new IllegalArgumentException("signal must not be blank");
      }
      return signal;
    }

    private static void requireFinite(double value, String what) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(what + " must be finite, but was " + value);
      }
    }

    private IllegalStateException twice(String option) {
      return new IllegalStateException(
          "rule '" + name + "': " + option + " was already set; set each option once");
    }
  }
}
