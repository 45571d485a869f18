package dev.mlops.monitoring;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mlops.api.Names;
import dev.mlops.api.Verdict;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.monitor.Alert;
import dev.mlops.monitoring.alert.AlertEngine;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.estimate.CbpeEstimator;
import dev.mlops.validation.estimate.LabelFreeEstimate;
import dev.mlops.validation.metrics.BinaryClassificationEvaluator;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.RegressionEvaluator;
import dev.mlops.validation.metrics.RegressionOutcomes;
import dev.mlops.validation.profile.ColumnProfile;
import dev.mlops.validation.profile.NumericColumnProfile;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.ProfileAccumulator;
import dev.mlops.validation.profile.ProfileColumns;
import dev.mlops.validation.profile.ProfileOptions;
import dev.mlops.validation.profile.SketchColumnDrift;
import dev.mlops.validation.profile.SketchDrift;
import dev.mlops.validation.profile.SketchDriftReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitors one model version inside the serving JVM: golden signals (latency, traffic, errors,
 * saturation) and model signals (feature and prediction drift against the training reference,
 * quality on delayed labels, the label-free CBPE estimate) over windows of the injected clock.
 *
 * <p>Thread-safe; share one instance per model version. {@link #record(double[], double, long)} and
 * its variants run on the serving threads: each thread writes its own state (one uncontended lock
 * per record), and per record costs one KLL update per numeric feature and for the prediction, one
 * exact count per categorical feature, the latency into an HdrHistogram (2 significant digits:
 * quantiles within 1/128 relative), and counters; no HLL and no allocation with label joining off.
 * With label joining on, a record adds one pending-label entry to a bounded Caffeine cache.
 * Recording never throws on data: missing features (short arrays, NaN, null categories), unknown
 * features (long arrays), negative latencies and labels for unknown or expired ids are counted and
 * reported. Only the builder throws, on configuration.
 *
 * <p>Windows close on the injected clock, off the serving path: the first record of a new pane (a
 * slide-long slice of time) schedules {@link #advance()} on the builder's executor, and the host
 * may call {@link #advance()} itself (from a scheduler, so windows close while traffic is idle). A
 * closing window gathers every thread's panes (windows are merges of panes, so sliding windows cost
 * the hot path nothing more), computes its signals and hands a closed {@link WindowSnapshot} to the
 * listeners, the alert engine and the artifact repository. A label counts in the window of its
 * prediction (event time); the window stays open for labels until its end plus {@code
 * labelMaturity}, then a final snapshot is delivered. Listeners, sinks and the repository are
 * called inside {@code try/catch}: a failure is logged once per cause and counted, and never
 * reaches a serving thread.
 *
 * <p>What a reader sees: {@link #latest()} is the latest closed window; counters ({@link
 * #labelStats()}, {@link #recorded()}) are weakly consistent while threads record.
 *
 * <p>Memory: per pane and per recording thread, one KLL sketch (k=200: at most 3.4 KB at 1,000
 * values, 5.3 KB at 10 million) plus 41 bytes of moments per numeric feature and for the
 * prediction, a map entry per category seen per categorical feature, and an HdrHistogram (12.8 KB
 * for latencies up to 1 s); closed panes are merged into one per pane across threads, and a window
 * waiting for labels keeps only its numbers. Per pending label: one Caffeine entry, about 242 bytes
 * (BENCHMARKS.md), bounded by {@link Builder#maxPendingLabels(long)}; per joined label, 16 bytes
 * until its window is final.
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.builder("churn", 3)
 *     .numericFeatures("age", "income", "tenure")
 *     .reference(trainingProfile)
 *     .window(WindowSpec.tumbling(Duration.ofMinutes(5)))
 *     .listener(snapshot -> log.info("{}", snapshot))
 *     .build();
 * long id = monitor.record(new double[] {41, 52_000, 7}, score, latencyNanos);
 * // ... days later
 * monitor.recordOutcome(id, churned ? 1 : 0);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ModelMonitor implements AutoCloseable {

  /** Default label maturity: 7 days. */
  public static final Duration DEFAULT_LABEL_MATURITY = Duration.ofDays(7);

  /** Default label coverage below which the CBPE estimate stands in for quality: 0.8. */
  public static final double DEFAULT_COVERAGE_THRESHOLD = 0.8;

  /** Default bound of the pending-label store: 100,000 predictions. */
  public static final long DEFAULT_MAX_PENDING_LABELS = 100_000;

  /** Default window: tumbling, 1 minute. */
  public static final WindowSpec DEFAULT_WINDOW = WindowSpec.tumbling(Duration.ofMinutes(1));

  /** Default name of the prediction column in window profiles and in the reference. */
  public static final String DEFAULT_PREDICTION_COLUMN = "prediction";

  /** Default decision threshold of binary classification: 0.5. */
  public static final double DEFAULT_DECISION_THRESHOLD = 0.5;

  private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);

  private final String model;
  private final long modelVersion;
  private final InstantSource clock;
  private final long slideMillis;
  private final int panesPerWindow;
  private final long labelMaturityMillis;
  private final double coverageThreshold;
  private final ModelTask task;
  private final double decisionThreshold;
  private final String[] numericNames;
  private final String[] categoricalNames;
  private final Map<String, Integer> numericIndex;
  private final Map<String, Integer> categoricalIndex;
  private final int predictionColumn;
  private final ProfileAccumulator template;
  private final @Nullable Profile referenceFeatures;
  private final @Nullable Profile referencePrediction;
  private final SketchDrift drift;
  private final CbpeEstimator cbpe;
  private final @Nullable Cache<Long, Pending> pending;
  private final Executor executor;
  private final List<Consumer<? super WindowSnapshot>> listeners;
  private final Map<String, DoubleSupplier> gauges;
  private final @Nullable SnapshotStore store;
  private final @Nullable AlertEngine alerts;

  private final ThreadLocal<Shard> shard;
  private final CopyOnWriteArrayList<Shard> shards = new CopyOnWriteArrayList<>();
  private final AtomicInteger shardIds = new AtomicInteger();
  private volatile long firstOpenPane = Long.MIN_VALUE;
  private final AtomicLong highestPane = new AtomicLong(Long.MIN_VALUE);
  private final AtomicBoolean advanceScheduled = new AtomicBoolean();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong maxInFlight = new AtomicLong();

  private final LongAdder matched = new LongAdder();
  private final LongAdder unmatched = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder expired = new LongAdder();
  private final LongAdder evicted = new LongAdder();
  private final LongAdder invalidLabels = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final Set<String> loggedFailures = ConcurrentHashMap.newKeySet();

  private final ReentrantLock closeLock = new ReentrantLock();
  private final TreeMap<Long, Pane> closedPanes = new TreeMap<>();
  private final TreeMap<Long, OpenWindow> openWindows = new TreeMap<>();
  private final ConcurrentHashMap<Long, LabelStore> labelStores = new ConcurrentHashMap<>();
  private volatile long finalThroughPane = Long.MIN_VALUE;
  private long nextWindowLastPane = Long.MIN_VALUE;
  private volatile @Nullable WindowSnapshot latest;
  private volatile @Nullable WindowSnapshot latestFinal;
  private volatile boolean closed;

  /** A pending prediction: its pane and score. */
  record Pending(long pane, double prediction) {}

  /** A closed window waiting for labels. */
  private record OpenWindow(
      WindowSnapshot snapshot, long candidates, Map<String, Double> estimate) {}

  private ModelMonitor(Builder b) {
    this.model = b.model;
    this.modelVersion = b.modelVersion;
    this.clock = b.clock;
    this.slideMillis = b.window.slide().toMillis();
    this.panesPerWindow = b.window.panes();
    this.labelMaturityMillis = b.labelMaturity.toMillis();
    this.coverageThreshold = b.coverageThreshold;
    this.task = b.task;
    this.decisionThreshold = b.decisionThreshold;
    this.numericNames = b.numeric.toArray(new String[0]);
    this.categoricalNames = b.categorical.toArray(new String[0]);
    this.numericIndex = indexOf(b.numeric);
    this.categoricalIndex = indexOf(b.categorical);
    ProfileAccumulator.Builder acc = ProfileAccumulator.builder(b.profileOptions);
    b.numeric.forEach(acc::numeric);
    b.categorical.forEach(acc::categorical);
    acc.numeric(b.predictionColumn);
    this.predictionColumn = b.numeric.size() + b.categorical.size();
    this.template = acc.build();
    Profile ref = b.reference;
    if (ref != null) {
      List<String> features = new ArrayList<>(b.numeric);
      features.addAll(b.categorical);
      this.referenceFeatures = ProfileColumns.select(ref, features);
      this.referencePrediction =
          ref.findColumn(b.predictionColumn).isPresent()
              ? ProfileColumns.select(ref, List.of(b.predictionColumn))
              : null;
    } else {
      this.referenceFeatures = null;
      this.referencePrediction = null;
    }
    this.drift = b.drift;
    this.cbpe = CbpeEstimator.builder().threshold(b.decisionThreshold).build();
    this.executor = b.executor;
    this.listeners = List.copyOf(b.listeners);
    this.gauges = new LinkedHashMap<>(b.gauges);
    this.alerts = b.alerts;
    ArtifactRepository repo = b.repository;
    this.store =
        repo == null
            ? null
            : new SnapshotStore(
                repo, b.artifactName, b.referenceDatasetName, b.referenceDatasetVersion);
    if (b.maxPendingLabels > 0) {
      InstantSource c = clock;
      this.pending =
          Caffeine.newBuilder()
              .maximumSize(b.maxPendingLabels)
              .expireAfterWrite(b.pendingExpiry)
              .ticker(() -> TimeUnit.MILLISECONDS.toNanos(c.millis()))
              .executor(executor)
              .<Long, Pending>evictionListener(
                  (k, v, cause) -> {
                    if (cause == RemovalCause.EXPIRED) {
                      expired.increment();
                    } else if (cause == RemovalCause.SIZE) {
                      evicted.increment();
                    }
                  })
              .build();
    } else {
      this.pending = null;
    }
    this.shard = ThreadLocal.withInitial(this::newShard);
  }

  private static Map<String, Integer> indexOf(List<String> names) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      m.put(names.get(i), i);
    }
    return Map.copyOf(m);
  }

  private Shard newShard() {
    Shard s = new Shard(shardIds.incrementAndGet());
    shards.add(s);
    return s;
  }

  /**
   * Starts a builder.
   *
   * @param model the model name (an artifact name: letters, digits, {@code . _ -})
   * @param modelVersion the model version, at least 1
   * @return a builder
   * @throws dev.mlops.api.InvalidInputException if the name breaks the naming rules
   * @throws IllegalArgumentException if the version is below 1
   * @throws NullPointerException if {@code model} is null
   */
  public static Builder builder(String model, long modelVersion) {
    return new Builder(model, modelVersion);
  }

  /**
   * Returns the monitored model's name.
   *
   * @return the name
   */
  public String model() {
    return model;
  }

  /**
   * Returns the monitored model version.
   *
   * @return the version
   */
  public long modelVersion() {
    return modelVersion;
  }

  /**
   * Returns the numeric feature names in builder order.
   *
   * @return the names, unmodifiable
   */
  public List<String> numericFeatures() {
    return List.of(numericNames);
  }

  /**
   * Returns the categorical feature names in builder order.
   *
   * @return the names, unmodifiable
   */
  public List<String> categoricalFeatures() {
    return List.of(categoricalNames);
  }

  /**
   * Returns the model's task.
   *
   * @return the task
   */
  public ModelTask task() {
    return task;
  }

  /**
   * Tells whether drift against a reference profile is computed, for the features and for the
   * prediction.
   *
   * @return true when the builder was given a reference profile
   */
  public boolean hasReference() {
    return referenceFeatures != null;
  }

  /**
   * Returns a numeric feature's index, for {@link FeatureRow#numeric(int)} and arrays.
   *
   * @param name the feature name
   * @return the index, or -1 when the monitor has no such numeric feature
   */
  public int numericIndex(String name) {
    Integer i = numericIndex.get(name);
    return i == null ? -1 : i;
  }

  /**
   * Returns a categorical feature's index, for {@link FeatureRow#categorical(int)} and arrays.
   *
   * @param name the feature name
   * @return the index, or -1 when the monitor has no such categorical feature
   */
  public int categoricalIndex(String name) {
    Integer i = categoricalIndex.get(name);
    return i == null ? -1 : i;
  }

  /**
   * Records a successful prediction of a model with numeric features only.
   *
   * @param numeric the numeric features in builder order; NaN or a short array means missing, extra
   *     values are counted as unknown; null counts every feature missing
   * @param prediction the model's output (for binary classification, the positive probability)
   * @param latencyNanos the request's latency in nanoseconds; a negative one is counted and skipped
   * @return the prediction id, for {@link #recordOutcome(long, double)}
   */
  public long record(double @Nullable [] numeric, double prediction, long latencyNanos) {
    return record(numeric, null, prediction, latencyNanos, false);
  }

  /**
   * Records a prediction of a model with numeric features only.
   *
   * @param numeric the numeric features in builder order (see {@link #record(double[], double,
   *     long)})
   * @param prediction the model's output; ignored when {@code error}
   * @param latencyNanos the latency in nanoseconds
   * @param error whether the request failed; its features still count, its prediction does not
   * @return the prediction id
   */
  public long record(
      double @Nullable [] numeric, double prediction, long latencyNanos, boolean error) {
    return record(numeric, null, prediction, latencyNanos, error);
  }

  /**
   * Records a prediction with numeric and categorical features.
   *
   * @param numeric the numeric features in builder order; may be null
   * @param categorical the categorical features in builder order; null entries are missing; may be
   *     null
   * @param prediction the model's output; ignored when {@code error}
   * @param latencyNanos the latency in nanoseconds
   * @param error whether the request failed
   * @return the prediction id
   */
  public long record(
      double @Nullable [] numeric,
      @Nullable String @Nullable [] categorical,
      double prediction,
      long latencyNanos,
      boolean error) {
    Shard s = shard.get();
    long now = clock.millis();
    long id;
    long pane;
    s.lock();
    try {
      Pane w = s.current;
      if (w == null || now < s.paneStart || now >= s.paneEnd) {
        w = rotate(s, now);
      }
      pane = w.index;
      id = s.idBase | (s.sequence++);
      ProfileAccumulator acc = w.profile;
      int nn = numericNames.length;
      int given = numeric == null ? 0 : numeric.length;
      if (given >= nn) {
        acc.addNumerics(numeric, nn);
      } else {
        for (int i = 0; i < nn; i++) {
          acc.addNumeric(i, i < given ? numeric[i] : Double.NaN);
        }
      }
      if (given > nn) {
        w.unknownValues += given - nn;
      }
      int nc = categoricalNames.length;
      int givenC = categorical == null ? 0 : categorical.length;
      for (int j = 0; j < nc; j++) {
        acc.addCategory(nn + j, j < givenC ? categorical[j] : null);
      }
      if (givenC > nc) {
        w.unknownValues += givenC - nc;
      }
      finishRecord(s, w, prediction, latencyNanos, error);
    } finally {
      s.unlock();
    }
    afterRecord(s, id, pane, prediction, error);
    return id;
  }

  /**
   * Records a prediction whose features a reusable row view supplies.
   *
   * @param row the features; may be null (every feature missing)
   * @param prediction the model's output; ignored when {@code error}
   * @param latencyNanos the latency in nanoseconds
   * @param error whether the request failed
   * @return the prediction id
   */
  public long record(
      @Nullable FeatureRow row, double prediction, long latencyNanos, boolean error) {
    Shard s = shard.get();
    long now = clock.millis();
    long id;
    long pane;
    s.lock();
    try {
      Pane w = s.current;
      if (w == null || now < s.paneStart || now >= s.paneEnd) {
        w = rotate(s, now);
      }
      pane = w.index;
      id = s.idBase | (s.sequence++);
      ProfileAccumulator acc = w.profile;
      int nn = numericNames.length;
      for (int i = 0; i < nn; i++) {
        double v = Double.NaN;
        if (row != null) {
          try {
            v = row.numeric(i);
          } catch (RuntimeException e) {
            guardFailure("feature row", e);
          }
        }
        acc.addNumeric(i, v);
      }
      for (int j = 0; j < categoricalNames.length; j++) {
        String c = null;
        if (row != null) {
          try {
            c = row.categorical(j);
          } catch (RuntimeException e) {
            guardFailure("feature row", e);
          }
        }
        acc.addCategory(nn + j, c);
      }
      finishRecord(s, w, prediction, latencyNanos, error);
    } finally {
      s.unlock();
    }
    afterRecord(s, id, pane, prediction, error);
    return id;
  }

  private void finishRecord(Shard s, Pane w, double prediction, long latencyNanos, boolean error) {
    w.count++;
    s.total++;
    if (error) {
      w.errors++;
      s.totalErrors++;
    } else {
      w.profile.addNumeric(predictionColumn, prediction);
    }
    if (latencyNanos >= 0) {
      w.latency.recordValue(latencyNanos);
    } else {
      w.negativeLatency++;
    }
    w.profile.endRow();
  }

  private void afterRecord(Shard s, long id, long pane, double prediction, boolean error) {
    Cache<Long, Pending> c = pending;
    if (c != null && !error && Double.isFinite(prediction)) {
      c.put(id, new Pending(pane, prediction));
    }
    if (s.advanceDue) {
      s.advanceDue = false;
      scheduleAdvance();
    }
  }

  /**
   * The slow path of a record: the clock left the shard's current pane (or the closer took it).
   * Retires the pane, starts the one of {@code now} (never one the closer has already closed) and,
   * when {@code now} is in a pane no thread has reached before, flags {@link #advance()} to be
   * scheduled after the lock is released. Caller holds the shard's lock.
   */
  private Pane rotate(Shard s, long now) {
    long p = paneOf(now);
    Pane w = s.paneFor(p, firstOpenPane, template);
    s.paneStart = w.index * slideMillis;
    s.paneEnd = s.paneStart + slideMillis;
    long h = highestPane.get();
    if (p > h && highestPane.compareAndSet(h, p) && h != Long.MIN_VALUE) {
      s.advanceDue = true; // scheduled once the shard's lock is released: advance() takes it
    }
    return w;
  }

  private long paneOf(long millis) {
    return Math.floorDiv(millis, slideMillis);
  }

  /**
   * Marks a request as started, for the {@code saturation.in_flight} signal (the most requests in
   * flight at once since the previous window closed). Pair each call with {@link #end()}.
   */
  public void begin() {
    long v = inFlight.incrementAndGet();
    long m = maxInFlight.get();
    while (v > m && !maxInFlight.compareAndSet(m, v)) {
      m = maxInFlight.get();
    }
  }

  /** Marks a request started with {@link #begin()} as finished. */
  public void end() {
    inFlight.decrementAndGet();
  }

  /**
   * Returns the number of requests in flight now.
   *
   * @return begin calls minus end calls
   */
  public long inFlight() {
    return inFlight.get();
  }

  /**
   * Joins a prediction's true label: it counts in the window of the prediction's time. Never throws
   * on data: an unknown, evicted, expired or already labelled id counts as unmatched, a label for a
   * final window as late, a NaN or infinite label as invalid.
   *
   * @param predictionId the id {@code record} returned
   * @param label the label (binary classification: 1 positive, 0 negative)
   */
  public void recordOutcome(long predictionId, double label) {
    if (!Double.isFinite(label)) {
      invalidLabels.increment();
      return;
    }
    Cache<Long, Pending> c = pending;
    Pending p = c == null ? null : c.asMap().remove(predictionId);
    if (p == null) {
      unmatched.increment();
      return;
    }
    if (p.pane() <= finalThroughPane) {
      late.increment();
      return;
    }
    LabelStore s = labelStores.computeIfAbsent(p.pane(), k -> new LabelStore());
    if (p.pane() <= finalThroughPane) {
      labelStores.remove(p.pane(), s);
      late.increment();
      return;
    }
    if (s.add(p.prediction(), label)) {
      matched.increment();
    } else {
      late.increment();
    }
  }

  /**
   * Returns what happened to labels so far.
   *
   * @return the counts
   */
  public LabelStats labelStats() {
    Cache<Long, Pending> c = pending;
    return new LabelStats(
        matched.sum(),
        unmatched.sum(),
        late.sum(),
        expired.sum(),
        evicted.sum(),
        c == null ? 0 : c.estimatedSize(),
        invalidLabels.sum());
  }

  /**
   * Returns the number of predictions recorded so far.
   *
   * @return the count over all threads
   */
  public long recorded() {
    long t = 0;
    for (Shard s : shards) {
      s.lock();
      try {
        t += s.total;
      } finally {
        s.unlock();
      }
    }
    return t;
  }

  /**
   * Returns the number of failed requests recorded so far.
   *
   * @return the count over all threads
   */
  public long errors() {
    long t = 0;
    for (Shard s : shards) {
      s.lock();
      try {
        t += s.totalErrors;
      } finally {
        s.unlock();
      }
    }
    return t;
  }

  /**
   * Returns how often a listener, alert engine, gauge, feature row or the repository threw.
   *
   * @return the count
   */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /**
   * Returns the latest closed window.
   *
   * @return the snapshot; empty before the first window closes
   */
  public Optional<WindowSnapshot> latest() {
    return Optional.ofNullable(latest);
  }

  /**
   * Returns the latest final window.
   *
   * @return the snapshot; empty before the first window becomes final
   */
  public Optional<WindowSnapshot> latestFinal() {
    return Optional.ofNullable(latestFinal);
  }

  private void scheduleAdvance() {
    if (closed || !advanceScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(
          () -> {
            advanceScheduled.set(false);
            try {
              advance();
            } catch (RuntimeException e) {
              guardFailure("advance", e);
            }
          });
    } catch (RejectedExecutionException e) {
      advanceScheduled.set(false);
      guardFailure("executor", e);
    }
  }

  /**
   * Closes every window whose end has passed on the clock and finalizes every window whose label
   * maturity has passed, delivering their snapshots to the listeners, the alert engine and the
   * repository, in window order, on the calling thread. Serving threads never call it: the monitor
   * schedules it on its executor when a new pane begins; hosts call it to close windows while
   * traffic is idle. Safe to call from any thread at any time.
   */
  public void advance() {
    closeLock.lock();
    try {
      long now = clock.millis();
      long nowPane = paneOf(now);
      if (nowPane > firstOpenPane) {
        firstOpenPane = nowPane;
      }
      for (Shard s : shards) {
        s.lock();
        try {
          for (Pane r : s.retired) {
            absorb(s, r);
          }
          s.retired.clear();
          Pane cur = s.current;
          if (cur != null && cur.index < nowPane) {
            s.current = null;
            s.paneStart = Long.MAX_VALUE;
            s.paneEnd = Long.MIN_VALUE;
            absorb(s, cur);
          }
        } finally {
          s.unlock();
        }
      }
      Cache<Long, Pending> c = pending;
      if (c != null) {
        c.cleanUp();
      }
      if (nextWindowLastPane == Long.MIN_VALUE && !closedPanes.isEmpty()) {
        nextWindowLastPane = closedPanes.firstKey();
      }
      while (nextWindowLastPane != Long.MIN_VALUE && nextWindowLastPane < nowPane) {
        closeWindow(nextWindowLastPane);
        nextWindowLastPane++;
      }
      while (!openWindows.isEmpty()) {
        Map.Entry<Long, OpenWindow> e = openWindows.firstEntry();
        if (e.getValue().snapshot().windowEnd().toEpochMilli() + labelMaturityMillis > now) {
          break;
        }
        openWindows.pollFirstEntry();
        finalizeWindow(e.getKey(), e.getValue());
      }
    } finally {
      closeLock.unlock();
    }
  }

  /**
   * Merges a shard's pane into the merged pane of its index; the pane becomes the shard's spare.
   */
  private void absorb(Shard s, Pane p) {
    Pane m = closedPanes.get(p.index);
    if (m == null) {
      m = new Pane(p.index, template);
      closedPanes.put(p.index, m);
    }
    m.mergeFrom(p);
    if (s.spare == null) {
      s.spare = p;
    }
  }

  private void closeWindow(long lastPane) {
    long firstPane = lastPane - panesPerWindow + 1;
    Pane merged = new Pane(lastPane, template);
    for (long q = firstPane; q <= lastPane; q++) {
      Pane p = closedPanes.get(q);
      if (p != null) {
        merged.mergeFrom(p);
      }
    }
    closedPanes.headMap(firstPane, true).clear();
    Instant start = Instant.ofEpochMilli(firstPane * slideMillis);
    Instant end = Instant.ofEpochMilli((lastPane + 1) * slideMillis);
    Map<String, Double> values = new TreeMap<>();
    Map<String, Verdict> verdicts = new TreeMap<>();
    Summary sum = summarize(merged, start, end, values, verdicts);
    values.put("saturation.in_flight", (double) maxInFlight.getAndSet(inFlight.get()));
    for (Map.Entry<String, DoubleSupplier> g : gauges.entrySet()) {
      try {
        values.put("saturation." + g.getKey(), g.getValue().getAsDouble());
      } catch (RuntimeException e) {
        guardFailure("gauge " + g.getKey(), e);
      }
    }
    NumericColumnProfile pred = (NumericColumnProfile) sum.profile.columns().get(predictionColumn);
    long candidates = pred.count();
    Map<String, Double> estimate = estimate(pred);
    labelValues(firstPane, lastPane, candidates, estimate, false, values);
    WindowSnapshot snap =
        new WindowSnapshot(
            model,
            modelVersion,
            start,
            end,
            false,
            values,
            verdicts,
            sum.profile,
            sum.featureDrift,
            sum.predictionDrift,
            new WindowState(start, end, merged));
    openWindows.put(lastPane, new OpenWindow(snap.slim(), candidates, estimate));
    latest = snap;
    deliver(snap);
  }

  /**
   * Summarizes a window state (typically merged from several instances' states of the same window)
   * into a snapshot of its golden and model signals, with this monitor's reference and drift
   * settings. Label signals and in-flight saturation are per instance and are left out; the
   * snapshot goes to no listener.
   *
   * @param state the window state
   * @return the snapshot, not final
   * @throws IllegalArgumentException if the state is of a monitor with other features
   * @throws NullPointerException if {@code state} is null
   */
  public WindowSnapshot snapshotOf(WindowState state) {
    Objects.requireNonNull(state, "state");
    if (!state.pane().profile.columnNames().equals(template.columnNames())) {
      throw new IllegalArgumentException(
          "the window state has columns "
              + state.pane().profile.columnNames()
              + ", this monitor "
              + template.columnNames());
    }
    Map<String, Double> values = new TreeMap<>();
    Map<String, Verdict> verdicts = new TreeMap<>();
    Summary sum;
    synchronized (WindowState.LOCK) {
      sum = summarize(state.pane(), state.windowStart(), state.windowEnd(), values, verdicts);
    }
    return new WindowSnapshot(
        model,
        modelVersion,
        state.windowStart(),
        state.windowEnd(),
        false,
        values,
        verdicts,
        sum.profile,
        sum.featureDrift,
        sum.predictionDrift,
        null);
  }

  private record Summary(
      Profile profile,
      @Nullable SketchDriftReport featureDrift,
      @Nullable SketchDriftReport predictionDrift) {}

  private Summary summarize(
      Pane merged,
      Instant start,
      Instant end,
      Map<String, Double> values,
      Map<String, Verdict> verdicts) {
    double seconds = (end.toEpochMilli() - start.toEpochMilli()) / 1000.0;
    values.put("traffic.count", (double) merged.count);
    values.put("traffic.rate", merged.count / seconds);
    values.put("errors.count", (double) merged.errors);
    if (merged.count > 0) {
      values.put("errors.ratio", (double) merged.errors / merged.count);
    }
    Profile prof = merged.profile.toProfile();
    long missing = 0;
    for (int c = 0; c < predictionColumn; c++) {
      ColumnProfile col = prof.columns().get(c);
      missing += col.rowCount() - col.count();
    }
    values.put("records.missing_values", (double) missing);
    values.put("records.unknown_values", (double) merged.unknownValues);
    values.put("records.negative_latency", (double) merged.negativeLatency);
    if (merged.latency.getTotalCount() > 0) {
      values.put("latency.p50", (double) merged.latency.getValueAtPercentile(50));
      values.put("latency.p90", (double) merged.latency.getValueAtPercentile(90));
      values.put("latency.p99", (double) merged.latency.getValueAtPercentile(99));
      values.put("latency.max", (double) merged.latency.getMaxValue());
    }
    Profile profile = prof;
    NumericColumnProfile pred = (NumericColumnProfile) profile.columns().get(predictionColumn);
    if (pred.count() > 0) {
      values.put("prediction.mean", pred.mean());
      double[] q = pred.quantileSketch().quantiles(new double[] {0.5, 0.9, 0.99});
      values.put("prediction.p50", q[0]);
      values.put("prediction.p90", q[1]);
      values.put("prediction.p99", q[2]);
    }
    SketchDriftReport fd = null;
    SketchDriftReport pd = null;
    Profile rf = merged.count == 0 ? null : referenceFeatures;
    if (rf != null) {
      try {
        fd = drift.run(rf, profile);
        for (SketchColumnDrift d : fd.columns()) {
          if (!Double.isNaN(d.statistic())) {
            values.put("drift." + d.column() + ".d", d.statistic());
            values.put("drift." + d.column() + ".bound", d.bound());
          }
          verdicts.put("drift." + d.column(), d.verdict());
        }
        verdicts.put("drift.dataset", fd.verdict());
      } catch (RuntimeException e) {
        guardFailure("feature drift", e);
      }
    }
    Profile rp = merged.count == 0 ? null : referencePrediction;
    if (rp != null) {
      try {
        pd = drift.run(rp, profile);
        SketchColumnDrift d = pd.columns().get(0);
        if (!Double.isNaN(d.statistic())) {
          values.put("drift.prediction.d", d.statistic());
          values.put("drift.prediction.bound", d.bound());
        }
        verdicts.put("drift.prediction", d.verdict());
      } catch (RuntimeException e) {
        guardFailure("prediction drift", e);
      }
    }
    return new Summary(profile, fd, pd);
  }

  /** The largest sample of predictions the CBPE estimate is computed on. */
  static final int CBPE_SAMPLE = 10_000;

  /**
   * The label-free CBPE estimate (binary classification) of a window, from its prediction sketch:
   * the sketch's values while it holds every prediction, otherwise the probabilities at the
   * midpoint ranks (i + 0.5) / m, m = min(n, {@value #CBPE_SAMPLE}), stand for the window's
   * predictions (within the sketch's rank error; above the cap the interval is wider than with
   * every prediction); each is clipped to [0, 1].
   */
  private Map<String, Double> estimate(NumericColumnProfile pred) {
    Map<String, Double> out = new TreeMap<>();
    long n = pred.count();
    if (task != ModelTask.BINARY_CLASSIFICATION || n == 0) {
      return out;
    }
    try {
      double[] p;
      if (pred.quantileSketch().exact() && n <= CBPE_SAMPLE) {
        p = pred.quantileSketch().values();
      } else {
        int m = (int) Math.min(n, CBPE_SAMPLE);
        double[] ranks = new double[m];
        for (int i = 0; i < m; i++) {
          ranks[i] = (i + 0.5) / m;
        }
        p = pred.quantileSketch().quantiles(ranks);
      }
      for (int i = 0; i < p.length; i++) {
        p[i] = Math.min(1.0, Math.max(0.0, p[i]));
      }
      LabelFreeEstimate e = cbpe.estimate(p);
      for (MetricValue v : e.metrics()) {
        if (v.value().isPresent()) {
          out.put("estimate." + v.name(), v.value().getAsDouble());
          v.interval()
              .ifPresent(
                  iv -> {
                    out.put("estimate." + v.name() + ".low", iv.low());
                    out.put("estimate." + v.name() + ".high", iv.high());
                  });
        }
      }
    } catch (RuntimeException ex) {
      guardFailure("cbpe estimate", ex);
    }
    return out;
  }

  /** Quality metrics on joined pairs through the model-validation evaluators; empty on failure. */
  private Map<String, Double> quality(LabelStore.Pairs pairs) {
    Map<String, Double> out = new TreeMap<>();
    int n = pairs.size;
    if (n == 0) {
      return out;
    }
    try {
      List<MetricValue> metrics;
      if (task == ModelTask.REGRESSION) {
        metrics =
            RegressionEvaluator.create()
                .evaluate(
                    RegressionOutcomes.of(
                        java.util.Arrays.copyOf(pairs.labels, n),
                        java.util.Arrays.copyOf(pairs.predictions, n)),
                    IntervalSpec.none())
                .metrics();
      } else {
        int[] labels = new int[n];
        int[] predicted = new int[n];
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
          labels[i] = pairs.labels[i] >= 0.5 ? 1 : 0;
          scores[i] = Math.min(1.0, Math.max(0.0, pairs.predictions[i]));
          predicted[i] = pairs.predictions[i] >= decisionThreshold ? 1 : 0;
        }
        metrics =
            BinaryClassificationEvaluator.create()
                .evaluate(BinaryOutcomes.of(labels, scores, predicted), IntervalSpec.none())
                .metrics();
      }
      for (MetricValue v : metrics) {
        if (v.value().isPresent()) {
          out.put(v.name(), v.value().getAsDouble());
        }
      }
    } catch (RuntimeException ex) {
      guardFailure("quality metrics", ex);
    }
    return out;
  }

  /** Adds the label-dependent signals of the window of panes [first, last]. */
  private void labelValues(
      long first,
      long last,
      long candidates,
      Map<String, Double> estimate,
      boolean isFinal,
      Map<String, Double> values) {
    LabelStore.Pairs pairs = new LabelStore.Pairs();
    for (long q = first; q <= last; q++) {
      LabelStore s = labelStores.get(q);
      if (s != null) {
        s.copyTo(pairs);
      }
    }
    values.put("labels.count", (double) pairs.size);
    double coverage = candidates == 0 ? Double.NaN : (double) pairs.size / candidates;
    if (candidates > 0) {
      values.put("labels.coverage", coverage);
    }
    boolean covered = candidates > 0 && coverage >= coverageThreshold;
    if (covered) {
      for (Map.Entry<String, Double> e : quality(pairs).entrySet()) {
        values.put("quality." + e.getKey(), e.getValue());
      }
    }
    if (!covered || isFinal) {
      for (Map.Entry<String, Double> e : estimate.entrySet()) {
        values.put(e.getKey(), e.getValue());
        String metric = e.getKey().substring("estimate.".length());
        Double realised = values.get("quality." + metric);
        if (realised != null && metric.indexOf('.') < 0) {
          values.put("estimate." + metric + ".error", realised - e.getValue());
        }
      }
    }
  }

  private void finalizeWindow(long lastPane, OpenWindow w) {
    long firstPane = lastPane - panesPerWindow + 1;
    if (firstPane > finalThroughPane) {
      finalThroughPane = firstPane;
    }
    LabelStore first = labelStores.get(firstPane);
    if (first != null) {
      first.close();
    }
    Map<String, Double> values = new TreeMap<>();
    for (Map.Entry<String, Double> e : w.snapshot().values().entrySet()) {
      String k = e.getKey();
      if (!k.startsWith("labels.") && !k.startsWith("quality.") && !k.startsWith("estimate.")) {
        values.put(k, e.getValue());
      }
    }
    labelValues(firstPane, lastPane, w.candidates(), w.estimate(), true, values);
    labelStores.remove(firstPane);
    WindowSnapshot f = w.snapshot().asFinal(values);
    latestFinal = f;
    deliver(f);
  }

  private void deliver(WindowSnapshot s) {
    List<Alert> raised = List.of();
    AlertEngine engine = alerts;
    if (engine != null) {
      try {
        raised = engine.evaluate(s);
      } catch (RuntimeException e) {
        guardFailure("alert engine", e);
      }
    }
    for (Consumer<? super WindowSnapshot> l : listeners) {
      try {
        l.accept(s);
      } catch (RuntimeException e) {
        guardFailure("listener " + l.getClass().getName(), e);
      }
    }
    SnapshotStore st = store;
    if (st != null) {
      try {
        st.put(s, raised);
      } catch (RuntimeException e) {
        guardFailure("artifact repository", e);
      }
    }
  }

  private void guardFailure(String where, RuntimeException e) {
    listenerFailures.increment();
    if (loggedFailures.add(where + ":" + e.getClass().getName())) {
      LOG.warn(
          "monitor of {} v{}: {} failed; later failures of this kind are counted, not logged",
          model,
          modelVersion,
          where,
          e);
    }
  }

  /**
   * Closes every window that has ended (as {@link #advance()}) and stops scheduling further closes.
   * Recording after close still works and never throws, but no more windows close automatically.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    advance();
  }

  /**
   * Builds a {@link ModelMonitor}; every setter checks its argument at once, and setting an option
   * twice throws.
   *
   * <p>Not thread-safe.
   *
   * <pre>{@code
   * ModelMonitor m = ModelMonitor.builder("churn", 3)
   *     .numericFeatures("age", "income")
   *     .categoricalFeatures("city")
   *     .reference(trainingProfile)
   *     .referenceDataset("churn-train", 12)
   *     .clock(clock)
   *     .window(WindowSpec.sliding(Duration.ofHours(1), Duration.ofMinutes(5)))
   *     .labelMaturity(Duration.ofDays(2))
   *     .repository(mlops.artifacts())
   *     .build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String model;
    private final long modelVersion;
    private final List<String> numeric = new ArrayList<>();
    private final List<String> categorical = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> set = new HashSet<>();
    private @Nullable Profile reference;
    private @Nullable String referenceDatasetName;
    private long referenceDatasetVersion;
    private InstantSource clock = InstantSource.system();
    private WindowSpec window = DEFAULT_WINDOW;
    private Duration labelMaturity = DEFAULT_LABEL_MATURITY;
    private @Nullable Duration pendingExpiryOverride;
    private Duration pendingExpiry = DEFAULT_LABEL_MATURITY;
    private double coverageThreshold = DEFAULT_COVERAGE_THRESHOLD;
    private long maxPendingLabels = DEFAULT_MAX_PENDING_LABELS;
    private ModelTask task = ModelTask.BINARY_CLASSIFICATION;
    private double decisionThreshold = DEFAULT_DECISION_THRESHOLD;
    private String predictionColumn = DEFAULT_PREDICTION_COLUMN;
    private SketchDrift drift = SketchDrift.with(DriftPolicy.defaults());
    private ProfileOptions profileOptions = ProfileOptions.defaults();
    private Executor executor = ForkJoinPool.commonPool();
    private final List<Consumer<? super WindowSnapshot>> listeners = new ArrayList<>();
    private final Map<String, DoubleSupplier> gauges = new LinkedHashMap<>();
    private @Nullable ArtifactRepository repository;
    private @Nullable AlertEngine alerts;
    private String artifactName;

    private Builder(String model, long modelVersion) {
      this.model = Names.requireName(model, "model name");
      if (modelVersion < 1) {
        throw new IllegalArgumentException("model version must be >= 1, but was " + modelVersion);
      }
      this.modelVersion = modelVersion;
      this.artifactName = model + "-monitor";
    }

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    private void feature(String name) {
      Objects.requireNonNull(name, "feature name");
      if (name.isEmpty() || !names.add(name)) {
        throw new IllegalArgumentException("feature '" + name + "' is empty or declared twice");
      }
    }

    /**
     * Adds numeric features, in the order of the values passed to {@code record}.
     *
     * @param features the names
     * @return this builder
     * @throws IllegalArgumentException if a name is empty or declared twice
     * @throws NullPointerException if a name is null
     */
    public Builder numericFeatures(String... features) {
      for (String f : features) {
        feature(f);
        numeric.add(f);
      }
      return this;
    }

    /**
     * Adds categorical features, in the order of the values passed to {@code record}. Each window
     * keeps exact counts per category (up to the profile options' cap).
     *
     * @param features the names
     * @return this builder
     * @throws IllegalArgumentException if a name is empty or declared twice
     * @throws NullPointerException if a name is null
     */
    public Builder categoricalFeatures(String... features) {
      for (String f : features) {
        feature(f);
        categorical.add(f);
      }
      return this;
    }

    /**
     * Sets the training reference profile: every feature must be one of its columns, of the same
     * kind; its column named as the prediction column, if any, is the reference of the prediction's
     * drift. Default: none (no drift signals).
     *
     * @param profile the reference profile
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code profile} is null
     */
    public Builder reference(Profile profile) {
      once("reference");
      this.reference = Objects.requireNonNull(profile, "profile");
      return this;
    }

    /**
     * Names the dataset version the reference profile describes; persisted snapshots carry it in
     * their properties ({@code reference_dataset}, {@code reference_dataset_version}) and are
     * linked to it in lineage as derived from it ({@link ArtifactRepository#linkDerivedFrom}), so
     * that {@code lineage().downstream(dataset, 1)} finds every window and alert that traces to it;
     * the version must then exist in the repository, or each persistence fails (counted in {@link
     * ModelMonitor#listenerFailures()}). Default: none.
     *
     * @param name the dataset's artifact name
     * @param version its version, at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if the version is below 1
     * @throws dev.mlops.api.InvalidInputException if the name breaks the naming rules
     */
    public Builder referenceDataset(String name, long version) {
      once("referenceDataset");
      Names.requireName(name, "reference dataset name");
      if (version < 1) {
        throw new IllegalArgumentException("dataset version must be >= 1, but was " + version);
      }
      this.referenceDatasetName = name;
      this.referenceDatasetVersion = version;
      return this;
    }

    /**
     * Sets the clock windows and label expiry run on. Default: {@link InstantSource#system()}.
     *
     * @param clock the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(InstantSource clock) {
      once("clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the windows. Default: {@link #DEFAULT_WINDOW} (tumbling, 1 minute).
     *
     * @param window the window spec
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code window} is null
     */
    public Builder window(WindowSpec window) {
      once("window");
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * Sets how long after its end a window accepts labels before it becomes final. Default: 7 days.
     *
     * @param maturity zero or positive
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if negative
     * @throws NullPointerException if {@code maturity} is null
     */
    public Builder labelMaturity(Duration maturity) {
      once("labelMaturity");
      Objects.requireNonNull(maturity, "maturity");
      if (maturity.isNegative()) {
        throw new IllegalArgumentException("labelMaturity must be >= 0, but was " + maturity);
      }
      this.labelMaturity = maturity;
      return this;
    }

    /**
     * Sets the label coverage (joined labels / predictions) from which quality metrics are reported
     * and the CBPE estimate steps back. Default: 0.8.
     *
     * @param threshold in (0, 1]
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if outside (0, 1]
     */
    public Builder coverageThreshold(double threshold) {
      once("coverageThreshold");
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "coverageThreshold must be in (0, 1], but was " + threshold);
      }
      this.coverageThreshold = threshold;
      return this;
    }

    /**
     * Bounds the pending-label store; 0 switches label joining off (every label is then unmatched).
     * Beyond the bound the least useful entries are evicted (Caffeine's policy) and counted.
     * Default: 100,000.
     *
     * @param max at least 0
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if negative
     */
    public Builder maxPendingLabels(long max) {
      once("maxPendingLabels");
      if (max < 0) {
        throw new IllegalArgumentException("maxPendingLabels must be >= 0, but was " + max);
      }
      this.maxPendingLabels = max;
      return this;
    }

    /**
     * Sets how long a prediction waits for its label in the pending store. Default: the label
     * maturity.
     *
     * @param expiry positive
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if not positive
     * @throws NullPointerException if {@code expiry} is null
     */
    public Builder pendingLabelExpiry(Duration expiry) {
      once("pendingLabelExpiry");
      Objects.requireNonNull(expiry, "expiry");
      if (expiry.isNegative() || expiry.isZero()) {
        throw new IllegalArgumentException("pendingLabelExpiry must be > 0, but was " + expiry);
      }
      this.pendingExpiryOverride = expiry;
      return this;
    }

    /**
     * Sets the model's task. Default: {@link ModelTask#BINARY_CLASSIFICATION}.
     *
     * @param task the task
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code task} is null
     */
    public Builder task(ModelTask task) {
      once("task");
      this.task = Objects.requireNonNull(task, "task");
      return this;
    }

    /**
     * Sets the decision threshold of binary classification. Default: 0.5.
     *
     * @param threshold in (0, 1)
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if outside (0, 1)
     */
    public Builder decisionThreshold(double threshold) {
      once("decisionThreshold");
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException(
            "decisionThreshold must be in (0, 1), but was " + threshold);
      }
      this.decisionThreshold = threshold;
      return this;
    }

    /**
     * Names the prediction column in window profiles and in the reference. Default: {@code
     * prediction}.
     *
     * @param name not a feature name
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code name} is null
     */
    public Builder predictionColumn(String name) {
      once("predictionColumn");
      this.predictionColumn = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Sets the profile-to-profile drift comparison. Default: {@code
     * SketchDrift.with(DriftPolicy.defaults())} (D threshold 0.1, q 0.05).
     *
     * @param drift the comparison
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code drift} is null
     */
    public Builder drift(SketchDrift drift) {
      once("drift");
      this.drift = Objects.requireNonNull(drift, "drift");
      return this;
    }

    /**
     * Sets the sketch options of window profiles. Default: {@link ProfileOptions#defaults()} (KLL
     * k=200).
     *
     * @param options the options
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code options} is null
     */
    public Builder profileOptions(ProfileOptions options) {
      once("profileOptions");
      this.profileOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Sets where window closing, listeners and the pending store's maintenance run. Default: {@link
     * ForkJoinPool#commonPool()}. Tests pass {@code Runnable::run}.
     *
     * @param executor the executor
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code executor} is null
     */
    public Builder executor(Executor executor) {
      once("executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Adds a listener of closed and final snapshots, called in window order off the serving
     * threads; a listener that throws is logged once per cause and counted.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(Consumer<? super WindowSnapshot> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Adds a saturation gauge the host supplies (queue depth, pool usage), sampled when a window
     * closes as {@code saturation.<name>}.
     *
     * @param name the gauge name, not {@code in_flight}
     * @param gauge the supplier
     * @return this builder
     * @throws IllegalArgumentException if the name is empty, {@code in_flight} or repeated
     * @throws NullPointerException if an argument is null
     */
    public Builder saturationGauge(String name, DoubleSupplier gauge) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(gauge, "gauge");
      if (name.isEmpty() || name.equals("in_flight") || gauges.containsKey(name)) {
        throw new IllegalArgumentException("gauge name '" + name + "' is empty, reserved or taken");
      }
      gauges.put(name, gauge);
      return this;
    }

    /**
     * Sets the alert engine that evaluates its rules on every closed and final snapshot, in window
     * order, off the serving threads (the engine delivers to its sinks on its own threads); the
     * alerts a window raised are persisted with it. Default: none.
     *
     * <pre>{@code
     * AlertEngine engine = AlertEngine.builder().rule(AlertRules.driftFailFor(2))
     *     .sink(AlertSinks.slf4j()).build();
     * ModelMonitor.builder("churn", 3).numericFeatures("age").alerts(engine).build();
     * }</pre>
     *
     * @param engine the engine; the host closes it
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code engine} is null
     */
    public Builder alerts(AlertEngine engine) {
      once("alerts");
      this.alerts = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * Persists every closed and final snapshot as a version of the artifact {@code <model>-monitor}
     * (kind {@code monitor-window}, JSON), links it to the model version and, with a {@link
     * #referenceDataset}, records it as derived from that dataset version. Default: none.
     *
     * @param repository the repository
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code repository} is null
     */
    public Builder repository(ArtifactRepository repository) {
      once("repository");
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /**
     * Builds the monitor.
     *
     * @return the monitor
     * @throws IllegalArgumentException if no feature is declared, the prediction column is a
     *     feature name, or a feature is missing from the reference or of another kind there
     */
    public ModelMonitor build() {
      if (numeric.isEmpty() && categorical.isEmpty()) {
        throw new IllegalArgumentException("declare at least one feature");
      }
      if (names.contains(predictionColumn)) {
        throw new IllegalArgumentException(
            "the prediction column '" + predictionColumn + "' is also a feature name");
      }
      Profile ref = reference;
      if (ref != null) {
        for (String f : numeric) {
          requireColumn(ref, f, true);
        }
        for (String f : categorical) {
          requireColumn(ref, f, false);
        }
        ref.findColumn(predictionColumn)
            .ifPresent(
                c -> {
                  if (!(c instanceof NumericColumnProfile)) {
                    throw new IllegalArgumentException(
                        "the reference's prediction column '"
                            + predictionColumn
                            + "' is not numeric");
                  }
                });
      }
      Duration e = pendingExpiryOverride;
      pendingExpiry = e != null ? e : labelMaturity.isZero() ? Duration.ofMillis(1) : labelMaturity;
      return new ModelMonitor(this);
    }

    private static void requireColumn(Profile ref, String name, boolean numericKind) {
      ColumnProfile c =
          ref.findColumn(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "feature '" + name + "' is not a column of the reference profile"));
      boolean isNumeric = c instanceof NumericColumnProfile;
      if (isNumeric != numericKind) {
        throw new IllegalArgumentException(
            "feature '"
                + name
                + "' is "
                + (numericKind ? "numeric" : "categorical")
                + " in the monitor but "
                + c.type()
                + " in the reference profile");
      }
    }
  }
}
