package dev.mlops.monitoring.alert;

import dev.mlops.api.Verdict;
import dev.mlops.api.monitor.Alert;
import dev.mlops.api.monitor.AlertDeliveryException;
import dev.mlops.api.monitor.AlertState;
import dev.mlops.api.monitor.RetrainRequest;
import dev.mlops.api.monitor.RetrainResult;
import dev.mlops.api.monitor.RetrainTrigger;
import dev.mlops.spi.AlertSink;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates {@link AlertRule}s on each closed window of a monitor and sends the resulting {@link
 * Alert}s to {@link AlertSink}s, and retraining requests to the rules' {@link RetrainTrigger}s.
 *
 * <p>Thread-safe; share one engine between monitors. {@link #evaluate(SignalSnapshot)} may be
 * called from several threads at once, for different monitors; the windows of one monitor must come
 * in window order (a window that does not end after the last one a rule saw for a signal is ignored
 * for it, so a window sent again when it becomes final cannot be counted twice). State is kept per
 * rule, model version and signal, so two versions of one model (a canary) alert independently. See
 * {@link AlertRule} for "for" durations, hysteresis and de-duplication.
 *
 * <p><b>Isolation.</b> {@code evaluate} never calls a sink or trigger: it puts each alert on a
 * bounded queue per sink (and per trigger), which a daemon thread of the engine drains. A sink that
 * throws, or blocks past the send timeout (its thread is interrupted), or falls so far behind that
 * its queue is full, costs only its own alerts: they are counted ({@link #deliveryStats()}) and
 * each cause is logged once at WARN (per sink and exception class), then at DEBUG. Other sinks and
 * the evaluating thread are unaffected. {@code evaluate} never blocks on I/O and never throws
 * except for a null argument.
 *
 * <p>{@link #close()} stops taking alerts, lets each sink finish what is queued (each send within
 * the timeout), ends the engine's threads and closes the sinks. After it, {@code evaluate} still
 * computes transitions and returns them, but nothing is delivered (counted as dropped).
 *
 * <pre>{@code
 * try (AlertEngine engine = AlertEngine.builder()
 *     .clock(clock)
 *     .rule(AlertRules.driftFailFor(2))
 *     .rule(AlertRule.builder("p99").whenValue("latency.p99", AlertRule.Comparison.GREATER_THAN, 250)
 *         .resolveAt(200).build())
 *     .sink(AlertSinks.slf4j())
 *     .sink(AlertSinks.callback("pager", pager::notify))
 *     .build()) {
 *   List<Alert> transitions = engine.evaluate(window);   // per closed window, in window order
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AlertEngine implements AutoCloseable {
  /** Alerts queued per sink when {@link Builder#queueCapacity} is not called. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1024;

  /** The send timeout when {@link Builder#sendTimeout} is not called. */
  public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);

  private final InstantSource clock;
  private final List<AlertRule> rules;
  private final List<AlertSink> sinks;
  private final List<DeliveryWorker<Alert>> sinkWorkers;
  private final Map<AlertRule, DeliveryWorker<Alert>> triggerWorkers;
  private final List<DeliveryWorker<Alert>> allTriggerWorkers;
  private final ScheduledThreadPoolExecutor watchdog;
  private final Duration sendTimeout;
  private final ConcurrentHashMap<StateKey, RuleState> states = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private AlertEngine(Builder b) {
    this.clock = b.clock != null ? b.clock : InstantSource.system();
    this.rules = List.copyOf(b.rules.values());
    this.sinks = List.copyOf(b.sinks.values());
    this.sendTimeout = b.sendTimeout != null ? b.sendTimeout : DEFAULT_SEND_TIMEOUT;
    int capacity = b.queueCapacity != null ? b.queueCapacity : DEFAULT_QUEUE_CAPACITY;
    this.watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mlops-alert-watchdog");
              t.setDaemon(true);
              return t;
            });
    this.watchdog.setRemoveOnCancelPolicy(true);
    List<DeliveryWorker<Alert>> workers = new ArrayList<>();
    for (AlertSink sink : sinks) {
      int own = b.sinkCapacities.getOrDefault(sink.name(), capacity);
      workers.add(new DeliveryWorker<>(sink.name(), sink::send, own, sendTimeout, watchdog));
    }
    this.sinkWorkers = List.copyOf(workers);
    // One worker per trigger instance: a trigger shared by rules sees its requests in order.
    Map<RetrainTrigger, DeliveryWorker<Alert>> byTrigger = new IdentityHashMap<>();
    Map<AlertRule, DeliveryWorker<Alert>> byRule = new IdentityHashMap<>();
    List<DeliveryWorker<Alert>> triggers = new ArrayList<>();
    for (AlertRule rule : rules) {
      Optional<RetrainTrigger> trigger = rule.retrain();
      if (trigger.isPresent()) {
        RetrainTrigger t = trigger.get();
        DeliveryWorker<Alert> w =
            byTrigger.computeIfAbsent(
                t,
                k -> {
                  String name = "retrain:" + rule.name();
                  DeliveryWorker<Alert> worker =
                      new DeliveryWorker<>(
                          name, alert -> retrain(name, k, alert), capacity, sendTimeout, watchdog);
                  triggers.add(worker);
                  return worker;
                });
        byRule.put(rule, w);
      }
    }
    this.triggerWorkers = byRule;
    this.allTriggerWorkers = List.copyOf(triggers);
  }

  /**
   * Starts an engine.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every rule on one closed window and sends the transitions. Call once per window of a
   * monitor, in window order (see the class comment for windows that arrive again).
   *
   * @param snapshot the window
   * @return the alerts this window caused (FIRING and RESOLVED transitions), in rule order; usually
   *     empty
   * @throws NullPointerException if {@code snapshot} is null
   */
  public List<Alert> evaluate(SignalSnapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    List<Alert> out = new ArrayList<>(0);
    Instant now = clock.instant();
    for (AlertRule rule : rules) {
      if (rule.finalWindowsOnly() && !snapshot.isFinal()) {
        continue;
      }
      if (rule.isPattern()) {
        for (String signal : new TreeSet<>(snapshot.signals())) {
          if (rule.matches(signal)) {
            Observation o = observe(rule, snapshot, signal);
            if (o.present()) {
              evaluate(rule, snapshot, signal, o, now, out);
            }
          }
        }
      } else {
        String signal = rule.signal();
        evaluate(rule, snapshot, signal, observe(rule, snapshot, signal), now, out);
      }
    }
    return out;
  }

  private void evaluate(
      AlertRule rule,
      SignalSnapshot snapshot,
      String signal,
      Observation o,
      Instant now,
      List<Alert> out) {
    StateKey key = new StateKey(rule.name(), snapshot.model(), snapshot.modelVersion(), signal);
    RuleState state =
        o.present() ? states.computeIfAbsent(key, k -> new RuleState()) : states.get(key);
    if (state == null) {
      return; // nothing observed yet for this key, and nothing to break
    }
    synchronized (state.lock) {
      Instant end = snapshot.windowEnd();
      if (state.lastWindowEnd != null && !end.isAfter(state.lastWindowEnd)) {
        return; // an earlier or repeated window: counted already
      }
      if (o.present()) {
        state.lastWindowEnd = end;
      }
      if (!state.firing) {
        if (o.breaches(rule)) {
          if (state.streak == 0) {
            state.since = now;
          }
          state.streak++;
          Instant since = Objects.requireNonNull(state.since);
          if (state.streak >= rule.forWindows() && !now.isBefore(since.plus(rule.forDuration()))) {
            Alert alert = fire(rule, snapshot, signal, o, now, state.streak);
            state.firing = true;
            state.clearStreak = 0;
            state.firingAlert = alert;
            out.add(alert);
            dispatch(alert);
            DeliveryWorker<Alert> trigger = triggerWorkers.get(rule);
            if (trigger != null) {
              trigger.offer(alert);
            }
          }
        } else {
          state.streak = 0;
          state.since = null;
        }
      } else if (o.clears(rule)) {
        state.clearStreak++;
        if (state.clearStreak >= rule.resolveAfterWindows()) {
          Alert alert = resolve(rule, snapshot, signal, o, now, state.clearStreak);
          state.firing = false;
          state.streak = 0;
          state.since = null;
          state.clearStreak = 0;
          state.firingAlert = null;
          out.add(alert);
          dispatch(alert);
        }
      } else {
        state.clearStreak = 0;
      }
    }
  }

  private static Observation observe(AlertRule rule, SignalSnapshot snapshot, String signal) {
    if (rule.isThresholdRule()) {
      OptionalDouble v = snapshot.value(signal);
      if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
        return new Observation(v.getAsDouble(), null);
      }
      return Observation.ABSENT;
    }
    Optional<Verdict> v = snapshot.verdict(signal);
    return v.map(verdict -> new Observation(Double.NaN, verdict)).orElse(Observation.ABSENT);
  }

  private Alert fire(
      AlertRule rule, SignalSnapshot s, String signal, Observation o, Instant now, int streak) {
    String observed =
        o.verdict != null
            ? "was " + o.verdict
            : "was "
                + o.value
                + " "
                + rule.comparison().orElseThrow().symbol()
                + " "
                + rule.threshold().orElseThrow();
    String message =
        s.model()
            + " v"
            + s.modelVersion()
            + ": "
            + signal
            + " "
            + observed
            + " in "
            + streak
            + (streak == 1 ? " window" : " consecutive windows")
            + ", up to the window "
            + s.windowStart()
            + " .. "
            + s.windowEnd()
            + " (rule "
            + rule.name()
            + ": "
            + rule.condition()
            + ")";
    Alert.Builder b = base(rule, s, signal, o, now).state(AlertState.FIRING).message(message);
    rule.threshold().ifPresent(b::threshold);
    return b.build();
  }

  private Alert resolve(
      AlertRule rule, SignalSnapshot s, String signal, Observation o, Instant now, int streak) {
    String observed =
        o.verdict != null
            ? "was " + o.verdict
            : "was "
                + o.value
                + ", not "
                + rule.comparison().orElseThrow().symbol()
                + " "
                + rule.resolveThreshold().orElseThrow();
    String message =
        s.model()
            + " v"
            + s.modelVersion()
            + ": "
            + signal
            + " cleared ("
            + observed
            + ") in "
            + streak
            + (streak == 1 ? " window" : " consecutive windows")
            + ", up to the window "
            + s.windowStart()
            + " .. "
            + s.windowEnd()
            + "; rule "
            + rule.name()
            + " resolved";
    Alert.Builder b = base(rule, s, signal, o, now).state(AlertState.RESOLVED).message(message);
    rule.resolveThreshold().ifPresent(b::threshold);
    return b.build();
  }

  private static Alert.Builder base(
      AlertRule rule, SignalSnapshot s, String signal, Observation o, Instant now) {
    Alert.Builder b =
        Alert.builder()
            .rule(rule.name())
            .severity(rule.severity())
            .model(s.model(), s.modelVersion())
            .window(s.windowStart(), s.windowEnd())
            .signal(signal)
            .condition(rule.condition())
            .time(now)
            .labels(rule.labels());
    if (o.verdict != null) {
      b.observedVerdict(o.verdict);
    } else {
      b.observedValue(o.value);
    }
    return b;
  }

  private void dispatch(Alert alert) {
    for (DeliveryWorker<Alert> worker : sinkWorkers) {
      worker.offer(alert);
    }
  }

  private static void retrain(String name, RetrainTrigger trigger, Alert alert) {
    RetrainResult result = trigger.trigger(RetrainRequest.of(alert));
    switch (result.outcome()) {
      case STARTED ->
          LOG.info(
              "retraining started as {} for {}: {}",
              result.jobId().orElse("?"),
              alert.dedupKey(),
              result.detail());
      case SUPPRESSED ->
          LOG.debug("retraining for {} suppressed: {}", alert.dedupKey(), result.detail());
      case FAILED ->
          throw new AlertDeliveryException(
              name, "the retraining trigger did not start a job: " + result.detail(), null);
    }
  }

  /**
   * Returns the alerts firing now: the FIRING notification of every open episode, by de-duplication
   * key.
   *
   * @return the firing alerts; a weakly consistent snapshot while other threads evaluate
   */
  public List<Alert> firing() {
    List<Alert> out = new ArrayList<>();
    for (RuleState state : states.values()) {
      synchronized (state.lock) {
        if (state.firing && state.firingAlert != null) {
          out.add(state.firingAlert);
        }
      }
    }
    out.sort(Comparator.comparing(Alert::dedupKey));
    return out;
  }

  /**
   * Returns the rules, in the order added.
   *
   * @return the rules
   */
  public List<AlertRule> rules() {
    return rules;
  }

  /**
   * Returns the delivery counts of every sink (in the order added), then of every retraining
   * trigger.
   *
   * @return the counts, a snapshot
   */
  public List<DeliveryStats> deliveryStats() {
    List<DeliveryStats> out = new ArrayList<>();
    for (DeliveryWorker<Alert> w : sinkWorkers) {
      out.add(w.stats());
    }
    for (DeliveryWorker<Alert> w : allTriggerWorkers) {
      out.add(w.stats());
    }
    return out;
  }

  /**
   * Returns the delivery counts of one sink or trigger.
   *
   * @param target the sink's name, or {@code retrain:<rule>}
   * @return the counts, if there is such a target
   */
  public Optional<DeliveryStats> deliveryStats(String target) {
    Objects.requireNonNull(target, "target");
    return deliveryStats().stream().filter(s -> s.target().equals(target)).findFirst();
  }

  /**
   * Stops taking alerts, lets each sink and trigger deliver what is queued (each send within the
   * send timeout; a target still busy after that is abandoned, its daemon thread interrupted),
   * shuts the engine's threads down and closes the sinks. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<DeliveryWorker<Alert>> all = new ArrayList<>(sinkWorkers);
    all.addAll(allTriggerWorkers);
    for (DeliveryWorker<Alert> w : all) {
      w.close(sendTimeout);
    }
    watchdog.shutdownNow();
    for (AlertSink sink : sinks) {
      try {
        sink.close();
      } catch (RuntimeException e) {
        LOG.warn("alert sink '{}' failed to close", sink.name(), e);
      }
    }
  }

  private record StateKey(String rule, String model, long modelVersion, String signal) {}

  private static final class RuleState {
    final Object lock = new Object();
    boolean firing;
    int streak;
    int clearStreak;
    @Nullable Instant since;
    @Nullable Instant lastWindowEnd;
    @Nullable Alert firingAlert;
  }

  private static final class Observation {
    static final Observation ABSENT = new Observation(Double.NaN, null);

    final double value;
    final @Nullable Verdict verdict;

    Observation(double value, @Nullable Verdict verdict) {
      this.value = value;
      this.verdict = verdict;
    }

    boolean present() {
      return verdict != null || !Double.isNaN(value);
    }

    boolean breaches(AlertRule rule) {
      if (!present()) {
        return false;
      }
      return verdict != null ? rule.breaches(verdict) : rule.breaches(value);
    }

    boolean clears(AlertRule rule) {
      if (!present()) {
        return false;
      }
      return verdict != null ? rule.clears(verdict) : rule.clears(value);
    }
  }

  /**
   * Builds an {@link AlertEngine}.
   *
   * <p>Not thread-safe. Rules and sinks may be added any number of times (names must be unique);
   * every other option once, a second call throws {@link IllegalStateException}. Defaults: the
   * system clock, queues of {@value AlertEngine#DEFAULT_QUEUE_CAPACITY} alerts per sink, a send
   * timeout of 10 seconds, no rules, no sinks.
   *
   * <pre>{@code
   * AlertEngine engine = AlertEngine.builder().clock(clock).rule(rule).sink(sink)
   *     .sendTimeout(Duration.ofSeconds(2)).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private @Nullable InstantSource clock;
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final Map<String, AlertSink> sinks = new LinkedHashMap<>();
    private final Map<String, Integer> sinkCapacities = new HashMap<>();
    private @Nullable Integer queueCapacity;
    private @Nullable Duration sendTimeout;

    private Builder() {}

    /**
     * Sets the clock alert times and "for" durations come from. Default: the system clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if set before
     */
    public Builder clock(InstantSource clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw twice("clock");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this builder
     * @throws IllegalArgumentException if a rule of the same name was added
     */
    public Builder rule(AlertRule rule) {
      Objects.requireNonNull(rule, "rule");
      if (rules.putIfAbsent(rule.name(), rule) != null) {
        throw new IllegalArgumentException(
            "two rules are named '" + rule.name() + "'; rule names are unique in an engine");
      }
      return this;
    }

    /**
     * Adds a sink; the engine owns it from now on and closes it when it closes.
     *
     * @param sink the sink
     * @return this builder
     * @throws IllegalArgumentException if a sink of the same {@link AlertSink#name()} was added
     */
    public Builder sink(AlertSink sink) {
      return addSink(sink, null);
    }

    /**
     * Adds a sink with its own queue capacity (e.g. a small one for a slow webhook, so a receiver
     * that is down drops alerts early instead of holding many); the engine owns it from now on and
     * closes it when it closes.
     *
     * @param sink the sink
     * @param queueCapacity alerts that may wait for this sink, at least 1
     * @return this builder
     * @throws IllegalArgumentException if a sink of the same {@link AlertSink#name()} was added, or
     *     {@code queueCapacity < 1}
     */
    public Builder sink(AlertSink sink, int queueCapacity) {
      if (queueCapacity < 1) {
        throw new IllegalArgumentException(
            "queueCapacity must be at least 1, but was " + queueCapacity);
      }
      return addSink(sink, queueCapacity);
    }

    private Builder addSink(AlertSink sink, @Nullable Integer capacity) {
      Objects.requireNonNull(sink, "sink");
      String name = sink.name();
      if (name.isBlank()) {
        throw new IllegalArgumentException("an alert sink's name must not be blank: " + sink);
      }
      if (sinks.putIfAbsent(name, sink) != null) {
        throw new IllegalArgumentException(
            "two sinks are named '" + name + "'; give one another name");
      }
      if (capacity != null) {
        sinkCapacities.put(name, capacity);
      }
      return this;
    }

    /**
     * Sets how many alerts wait per sink (and per trigger) before new ones are dropped, for sinks
     * added without their own capacity. Default: {@value AlertEngine#DEFAULT_QUEUE_CAPACITY}.
     *
     * @param capacity at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity < 1}
     * @throws IllegalStateException if set before
     */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + capacity);
      }
      if (queueCapacity != null) {
        throw twice("queueCapacity");
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * Sets how long one send (or trigger call) may take before it counts as timed out and its
     * thread is interrupted. Default: 10 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     * @throws IllegalStateException if set before
     */
    public Builder sendTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("sendTimeout must be positive, but was " + timeout);
      }
      if (sendTimeout != null) {
        throw twice("sendTimeout");
      }
      this.sendTimeout = timeout;
      return this;
    }

    /**
     * Builds the engine and starts its delivery threads (daemon threads, one per sink and per
     * trigger, plus one watchdog).
     *
     * @return the engine; close it to stop the threads
     */
    public AlertEngine build() {
      return new AlertEngine(this);
    }

    private static IllegalStateException twice(String option) {
      return new IllegalStateException(option + " was already set; set each option once");
    }
  }

  /** For tests in this package: how many WARN lines a target's worker logged. */
  long warningsLogged(String target) {
    List<DeliveryWorker<Alert>> all = new ArrayList<>(sinkWorkers);
    all.addAll(allTriggerWorkers);
    return all.stream()
        .filter(w -> w.name().equals(target))
        .mapToLong(DeliveryWorker::warningsLogged)
        .sum();
  }

  /** For tests in this package: whether every delivery thread has ended. */
  boolean threadsEnded() {
    for (DeliveryWorker<Alert> w : sinkWorkers) {
      if (w.isAlive()) {
        return false;
      }
    }
    for (DeliveryWorker<Alert> w : allTriggerWorkers) {
      if (w.isAlive()) {
        return false;
      }
    }
    return watchdog.isShutdown();
  }
}
