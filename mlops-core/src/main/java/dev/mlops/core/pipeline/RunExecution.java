package dev.mlops.core.pipeline;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.pipeline.FailurePolicy;
import dev.mlops.api.pipeline.Input;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineListener;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepContext;
import dev.mlops.api.pipeline.StepEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.spi.StepCacheEntry;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline run: schedules steps in dependency order on the executor, each as soon as all its
 * upstream steps have ended, and ends the tracked run when the last step has ended.
 *
 * <p>When the run may read the cache, a first executor task settles, in topological order, the
 * steps the engine's in-process cache answers (see {@link #resolveCachedThenSchedule}); the
 * scheduler below then handles only what that pass left, so a fully cached re-run costs about its
 * key computations and lookups plus the records, not a hand-over per step.
 *
 * <p>Thread-safe. Scheduling needs no thread of its own: the thread that ends a step makes its
 * dependents ready and hands them to the executor. With a direct executor ({@code Runnable::run}) a
 * thread-confined flag turns nested hand-overs into a loop, so the stack stays flat on any DAG.
 */
final class RunExecution implements PipelineRun {
  private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);
  private static final int MAX_ERROR_LENGTH = 8_000;

  private final PipelineEngine engine;
  private final Graph graph;
  private final Pipeline pipeline;
  private final Map<String, Object> params;
  private final Map<String, Digest> artifactDigests;
  private final long seed;
  private final boolean readCache;
  private final Map<String, StepExecution> reuse;
  private final @Nullable String reusedFrom;
  private final RunOptions options;
  private final Executor executor;
  private final ActiveRun run;
  private final String runId;
  private final StepRecorder recorder;
  private final AtomicIntegerArray pending;
  private final AtomicReferenceArray<@Nullable StepExecution> executions;

  /**
   * Per step, whether it ended with its outputs (succeeded or cached): read by its dependents
   * without touching the execution record. Plain writes suffice: a dependent reads it only after
   * the atomic decrement of its pending count that the writer made after the write.
   */
  private final boolean[] produced;

  /**
   * Keys the cache pass computed for steps it left to the scheduler, or null. Written before the
   * pass hands over to the executor, which orders it before the steps that read it.
   */
  private CacheKeys.@Nullable Key @Nullable [] keys;

  /** Steps that ended failed or skipped, and cancelled: counted as they end. */
  private final AtomicInteger failedOrSkipped = new AtomicInteger();

  private final AtomicInteger cancelledSteps = new AtomicInteger();
  private final @Nullable String[] executionIds;
  private final ConcurrentHashMap<String, OutputValue> outputs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicInteger remaining;
  private final ConcurrentLinkedQueue<Integer> ready = new ConcurrentLinkedQueue<>();

  /**
   * The runs dispatching on the current thread (with a direct executor, dispatch re-enters through
   * the step it starts). One thread-local for all runs: a thread-local per run would leave a stale
   * entry in every thread's map per run and slow every lookup.
   */
  private static final ThreadLocal<List<RunExecution>> DISPATCHING =
      ThreadLocal.withInitial(ArrayList::new);

  /**
   * A hint: a thread in this run's dispatch loop, or null. Only that thread writes itself here and
   * clears it when it leaves, so a thread that finds itself here is dispatching further up its
   * stack; any other thread checks {@link #DISPATCHING}.
   */
  private final AtomicReference<@Nullable Thread> dispatcher = new AtomicReference<>();

  private final AtomicInteger workers = new AtomicInteger();
  private final AtomicInteger starting = new AtomicInteger();
  private final AtomicInteger readyCount = new AtomicInteger();
  private final int maxWorkers;
  private final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();
  private final AtomicReference<@Nullable String> stoppedBy = new AtomicReference<>();
  private final CompletableFuture<PipelineResult> done = new CompletableFuture<>();
  private volatile boolean cancelled;

  /** A step attempt in progress: its thread, interruptible only while the attempt runs. */
  private static final class Running {
    final Thread thread;
    final Object lock = new Object();
    boolean active = true;

    Running(Thread thread) {
      this.thread = thread;
    }

    void interrupt() {
      synchronized (lock) {
        if (active) {
          thread.interrupt();
        }
      }
    }

    void end() {
      synchronized (lock) {
        active = false;
      }
    }
  }

  RunExecution(
      PipelineEngine engine,
      Graph graph,
      Map<String, Object> params,
      Map<String, Digest> artifactDigests,
      long seed,
      boolean readCache,
      Map<String, StepExecution> reuse,
      @Nullable String reusedFrom,
      RunOptions options,
      Executor executor,
      int maxWorkers,
      ActiveRun run) {
    this.maxWorkers = maxWorkers;
    this.engine = engine;
    this.graph = graph;
    this.pipeline = graph.pipeline;
    this.params = Map.copyOf(params);
    this.artifactDigests = Map.copyOf(artifactDigests);
    this.seed = seed;
    this.readCache = readCache;
    this.reuse = Map.copyOf(reuse);
    this.reusedFrom = reusedFrom;
    this.options = options;
    this.executor = executor;
    this.run = run;
    this.runId = run.id();
    this.recorder = engine.newRecorder();
    int n = graph.size();
    this.pending = new AtomicIntegerArray(n);
    for (int i = 0; i < n; i++) {
      pending.set(i, graph.upstream[i].length);
    }
    this.executions = new AtomicReferenceArray<>(n);
    this.produced = new boolean[n];
    this.executionIds = new String[n];
    this.remaining = new AtomicInteger(n);
  }

  void start() {
    if (readCache && reuse.isEmpty()) {
      try {
        executor.execute(this::resolveCachedThenSchedule);
        return;
      } catch (RejectedExecutionException e) {
        LOG.debug("pipeline run {}: the executor refused the cache pass; scheduling", runId, e);
      }
    }
    for (int i = 0; i < graph.size(); i++) {
      if (graph.upstream[i].length == 0) {
        addReady(i);
      }
    }
    dispatch();
  }

  /**
   * The cache pass, then the scheduler for what is left. One thread walks the steps in topological
   * order and settles every step whose upstream steps it settled and whose cache key is in the
   * engine's in-process cache: such a step costs its key and a map lookup, so handing each to the
   * scheduler (a queue, a worker, counters shared by threads) would cost more than the step. A step
   * that misses, or whose key needs the persistent store, goes to the scheduler with everything
   * downstream of it, and runs (or is looked up in the store) there as before; its computed key is
   * kept. A fully cached re-run thus ends on this thread.
   */
  private void resolveCachedThenSchedule() {
    int n = graph.size();
    boolean[] resolved = new boolean[n];
    try {
      resolveCached(resolved);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      // what was settled stays settled; the scheduler runs the rest and records any failure as
      // that step's (an Error from a listener included), so the run still ends
      LOG.warn("pipeline run {}: the cache pass stopped; scheduling the rest", runId, e);
    }
    int left = 0;
    for (int i = 0; i < n; i++) {
      if (resolved[i]) {
        continue;
      }
      left++;
      int p = 0;
      for (int u : graph.upstream[i]) {
        if (!resolved[u]) {
          p++;
        }
      }
      pending.lazySet(i, p);
    }
    remaining.set(left);
    if (left == 0) {
      finish();
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!resolved[i] && pending.get(i) == 0) {
        addReady(i);
      }
    }
    dispatch();
  }

  /**
   * Settles the steps found in the in-process cache; see {@link #resolveCachedThenSchedule}. Their
   * records go to the recorder in batches this thread collects, written by the recorder's rules: at
   * {@link StepRecorder#MAX_BATCH} records or after {@link StepRecorder#MAX_DELAY_NANOS} (the time
   * read every 16 steps, or every step when listeners run), and whatever is left at the end.
   */
  private void resolveCached(boolean[] resolved) {
    boolean listeners = !options.listeners().isEmpty();
    List<StepRecorder.Record> batch = new ArrayList<>();
    long since = System.nanoTime();
    // a step settled right after the one before starts when that one ended: one clock read a step
    Instant previousEnd = null;
    try {
      for (int i = 0; i < resolved.length && !cancelled; i++) {
        Step step = graph.steps[i];
        if (!step.cacheable()) {
          continue;
        }
        boolean ready = true;
        for (int u : graph.upstream[i]) {
          if (!resolved[u]) {
            ready = false;
            break;
          }
        }
        if (!ready) {
          continue;
        }
        Instant started = previousEnd != null ? previousEnd : engine.clock().instant();
        previousEnd = null;
        StepInputs in = inputs(i);
        CacheKeys.Key key = CacheKeys.compute(step, seed, params, in.digests());
        PipelineEngine.CachedResult hit = engine.inMemory(key.hex());
        if (hit == null) {
          precomputed()[i] = key;
          continue;
        }
        StepRecorder.Record r = cached(i, started, key, in.refs(), hit, "cached");
        previousEnd = r.execution().endedAt();
        executions.lazySet(i, r.execution());
        produced[i] = true;
        resolved[i] = true;
        batch.add(r);
        int size = batch.size();
        if (size >= StepRecorder.MAX_BATCH
            || ((listeners || (size & 15) == 0)
                && System.nanoTime() - since >= StepRecorder.MAX_DELAY_NANOS)) {
          recorder.addBatch(batch);
          batch = new ArrayList<>();
          since = System.nanoTime();
        }
      }
    } finally {
      recorder.addBatch(batch);
    }
  }

  private CacheKeys.@Nullable Key[] precomputed() {
    CacheKeys.@Nullable Key[] k = keys;
    if (k == null) {
      k = new CacheKeys.Key[graph.size()];
      keys = k;
    }
    return k;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public void cancel() {
    if (done.isDone()) {
      return;
    }
    cancelled = true;
    running.values().forEach(Running::interrupt);
  }

  @Override
  public PipelineResult await() {
    try {
      return done.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException c =
          new CancellationException(
              "interrupted while waiting for pipeline run " + runId + "; the run goes on");
      c.initCause(e);
      throw c;
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public Optional<PipelineResult> await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return Optional.of(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  private static RuntimeException rethrow(@Nullable Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error err) {
      throw err;
    }
    return new IllegalStateException("the pipeline engine failed", cause);
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * Hands ready steps to workers: starts a worker on the executor while steps are ready and fewer
   * than {@code maxWorkers} are running. A worker drains the ready queue, so a thread that ends a
   * step goes on with the next ready one without a hand-over.
   */
  private void dispatch() {
    if (readyCount.get() <= starting.get()) {
      return; // nothing to hand over
    }
    Thread current = Thread.currentThread();
    if (dispatcher.get() == current) {
      return; // the loop further up this thread's stack picks up what became ready
    }
    List<RunExecution> dispatching = DISPATCHING.get();
    for (int k = 0; k < dispatching.size(); k++) {
      if (dispatching.get(k) == this) {
        return; // the loop further up this thread's stack picks up what became ready
      }
    }
    dispatching.add(this);
    dispatcher.set(current);
    try {
      while (readyCount.get() > starting.get()) {
        int w = workers.get();
        if (w >= maxWorkers) {
          break; // a running worker drains the queue
        }
        if (!workers.compareAndSet(w, w + 1)) {
          continue;
        }
        starting.incrementAndGet();
        try {
          executor.execute(this::work);
        } catch (RejectedExecutionException e) {
          starting.decrementAndGet();
          workers.decrementAndGet();
          int i = pollReady();
          if (i < 0) {
            continue;
          }
          Step step = graph.steps[i];
          Instant now = engine.clock().instant();
          complete(
              i,
              new StepRecorder.Record(
                  execution(
                      i,
                      StepStatus.CANCELLED,
                      0,
                      now,
                      null,
                      Map.of(),
                      Map.of(),
                      Map.of(),
                      null,
                      "not run: the executor refused it (" + e.getMessage() + ")"),
                  null),
              false);
        }
      }
    } finally {
      dispatcher.compareAndSet(current, null);
      dispatching.remove(dispatching.size() - 1);
    }
  }

  /**
   * Runs ready steps until none is left; after each step, goes on with one of the steps it made
   * ready, so a chain stays on one thread.
   */
  private void work() {
    starting.decrementAndGet();
    try {
      int s;
      while ((s = pollReady()) >= 0) {
        int step = s;
        while (step >= 0) {
          step = complete(step, executeSafely(step), true);
        }
      }
    } finally {
      workers.decrementAndGet();
    }
    if (readyCount.get() > 0) {
      dispatch(); // a step made ready after the last poll, while this worker still counted
    }
  }

  private void addReady(int step) {
    ready.add(graph.boxed[step]);
    readyCount.incrementAndGet();
  }

  /** Returns the position of a ready step, or -1. */
  private int pollReady() {
    Integer s = ready.poll();
    if (s == null) {
      return -1;
    }
    readyCount.decrementAndGet();
    return s;
  }

  private StepRecorder.Record executeSafely(int i) {
    Step step = graph.steps[i];
    StepRecorder.Record r;
    try {
      r = execute(i);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError) {
        throw e;
      }
      LOG.error("pipeline run {}: the engine failed on step '{}'", runId, step.name(), e);
      r =
          new StepRecorder.Record(
              execution(
                  i,
                  StepStatus.FAILED,
                  0,
                  engine.clock().instant(),
                  null,
                  Map.of(),
                  Map.of(),
                  Map.of(),
                  errorText(e),
                  "failed in the engine: " + errorText(e)),
              null);
      firstFailure.compareAndSet(null, e);
    }
    return r;
  }

  /** Records a step's end and makes its dependents ready; returns one to run next, or -1. */
  private int complete(int i, StepRecorder.Record r, boolean mayContinue) {
    StepExecution e = r.execution();
    // a release store is enough: readers reach it after an atomic update of pending (or of
    // remaining, for finish) that this thread makes after it, which orders them
    executions.lazySet(i, e);
    StepStatus status = e.status();
    if (status.hasOutputs()) {
      produced[i] = true;
    } else if (status == StepStatus.CANCELLED) {
      cancelledSteps.incrementAndGet();
    } else {
      failedOrSkipped.incrementAndGet();
    }
    recorder.add(r);
    if (status == StepStatus.FAILED
        && options.failurePolicy() == FailurePolicy.STOP
        && stoppedBy.compareAndSet(null, e.step())) {
      running.values().forEach(Running::interrupt);
    }
    int next = -1;
    for (int d : graph.downstream[i]) {
      if (pending.decrementAndGet(d) == 0) {
        if (next < 0 && mayContinue) {
          next = d;
        } else {
          addReady(d);
        }
      }
    }
    if (remaining.decrementAndGet() == 0) {
      finish();
    } else {
      dispatch();
    }
    return next;
  }

  private void finish() {
    RuntimeException engineError = null;
    try {
      recorder.flush();
    } catch (RuntimeException e) {
      engineError = e;
      LOG.error("pipeline run {}: step records could not be written", runId, e);
    }
    List<StepExecution> ordered = new ArrayList<>(graph.size());
    for (int i = 0; i < graph.size(); i++) {
      ordered.add(Objects.requireNonNull(executions.get(i)));
    }
    boolean anyFailed = failedOrSkipped.get() > 0;
    boolean anyCancelled = cancelledSteps.get() > 0;
    RunStatus status =
        cancelled && anyCancelled
            ? RunStatus.KILLED
            : anyFailed || anyCancelled || engineError != null
                ? RunStatus.FAILED
                : RunStatus.FINISHED;
    try {
      if (status == RunStatus.FAILED) {
        Throwable f = firstFailure.get();
        run.fail(
            f != null
                ? f
                : engineError != null
                    ? engineError
                    : new IllegalStateException(
                        "pipeline '" + pipeline.name() + "' stopped: " + failedSteps(ordered)));
      } else if (status == RunStatus.KILLED) {
        run.end(RunStatus.KILLED);
      } else {
        run.close();
      }
    } catch (RuntimeException e) {
      LOG.error("pipeline run {}: ending the tracked run failed", runId, e);
      if (engineError == null) {
        engineError = e;
      }
    }
    Map<String, ArtifactRef> refs = new LinkedHashMap<>();
    outputs.forEach((k, v) -> refs.put(k, v.ref()));
    engine.ended(this);
    if (engineError != null) {
      done.completeExceptionally(engineError);
    } else {
      done.complete(new PipelineResult(runId, pipeline.name(), status, ordered, refs));
    }
  }

  private static String failedSteps(List<StepExecution> all) {
    List<String> names = new ArrayList<>();
    for (StepExecution e : all) {
      if (e.status() == StepStatus.FAILED) {
        names.add(e.step());
      }
    }
    return "failed steps " + names;
  }

  // ---------------------------------------------------------------- one step

  private StepRecorder.Record execute(int index) {
    Step step = graph.steps[index];
    Instant started = engine.clock().instant();
    String stopper = stoppedBy.get();
    if (cancelled) {
      return notRun(index, started, StepStatus.CANCELLED, "not run: the run was cancelled");
    }
    if (stopper != null) {
      return notRun(
          index,
          started,
          StepStatus.CANCELLED,
          "not run: the run stopped at the failure of step '" + stopper + "'");
    }
    for (int upIndex : graph.upstream[index]) {
      if (produced[upIndex]) {
        continue;
      }
      StepExecution u = executions.get(upIndex);
      if (u == null || !u.status().hasOutputs()) {
        String up = graph.steps[upIndex].name();
        return notRun(
            index,
            started,
            StepStatus.SKIPPED,
            "not run because step '"
                + up
                + "' "
                + (u == null
                    ? "did not run"
                    : u.status().name().toLowerCase(java.util.Locale.ROOT)));
      }
    }
    StepInputs in = inputs(index);
    Map<String, ArtifactRef> inputRefs = in.refs();
    CacheKeys.@Nullable Key[] ahead = keys;
    CacheKeys.Key key =
        ahead != null && ahead[index] != null
            ? ahead[index]
            : CacheKeys.compute(step, seed, params, in.digests());
    String executionId = executionId(index);

    StepExecution prior = reuse.get(step.name());
    if (prior != null
        && prior.status().hasOutputs()
        && key.hex().equals(prior.cacheKey())
        && prior.stepVersion().equals(step.version())) {
      Optional<PipelineEngine.CachedResult> loaded = engine.load(prior.outputs());
      if (loaded.isPresent()) {
        return cached(
            index, started, key, inputRefs, loaded.get(), "cached: reused from run " + reusedFrom);
      }
    }
    if (step.cacheable() && readCache) {
      Optional<PipelineEngine.CachedResult> hit = engine.lookup(key.hex());
      if (hit.isPresent()) {
        return cached(index, started, key, inputRefs, hit.get(), "cached");
      }
    }
    String reason =
        "ran because "
            + (!step.cacheable()
                ? "caching is off for this step"
                : !readCache
                    ? "the cache was bypassed"
                    : CacheKeys.explainMiss(
                        key.parts(), engine.latestParts(pipeline.name(), step.name())));
    return attempts(index, executionId, started, key, inputRefs, reason);
  }

  /** A step's input artifacts and their digests, by input name. */
  private record StepInputs(Map<String, ArtifactRef> refs, Map<String, Digest> digests) {}

  private static final StepInputs NO_INPUTS = new StepInputs(Map.of(), Map.of());

  private StepInputs inputs(int index) {
    if (!graph.readsData[index]) {
      return NO_INPUTS;
    }
    Map<String, ArtifactRef> refs = new HashMap<>();
    Map<String, Digest> digests = new HashMap<>();
    for (Input<?> in : graph.steps[index].inputs()) {
      if (in instanceof Parameter<?> p && p.isArtifact()) {
        refs.put(p.name(), (ArtifactRef) Objects.requireNonNull(params.get(p.name())));
        digests.put(p.name(), Objects.requireNonNull(artifactDigests.get(p.name())));
      } else if (in instanceof Output<?>) {
        OutputValue v = outputs.get(in.name());
        if (v == null) {
          throw new IllegalStateException(
              "output '" + in.name() + "' of run " + runId + " is missing; this is a bug");
        }
        refs.put(in.name(), v.ref());
        digests.put(in.name(), v.digest());
      }
    }
    return new StepInputs(refs, digests);
  }

  /** A cached step's record: registers the outputs it reuses and tells the listeners. */
  private StepRecorder.Record cached(
      int index,
      Instant started,
      CacheKeys.Key key,
      Map<String, ArtifactRef> inputRefs,
      PipelineEngine.CachedResult result,
      String reason) {
    register(result);
    if (!options.listeners().isEmpty()) { // no capturing lambda on the cached path without them
      Step step = graph.steps[index];
      String executionId = executionId(index);
      notify(l -> l.cached(event(step, executionId, 0, started, null)));
    }
    if (LOG.isDebugEnabled()) { // three arguments would allocate their array even when disabled
      LOG.debug("pipeline run {}: step '{}' {}", runId, graph.steps[index].name(), reason);
    }
    return new StepRecorder.Record(
        execution(
            index,
            StepStatus.CACHED,
            0,
            started,
            key,
            inputRefs,
            result.outputs(),
            Map.of(),
            null,
            reason),
        null);
  }

  private StepRecorder.Record attempts(
      int index,
      String executionId,
      Instant started,
      CacheKeys.Key key,
      Map<String, ArtifactRef> inputRefs,
      String reason) {
    Step step = graph.steps[index];
    int attempt = 0;
    while (true) {
      attempt++;
      if (cancelled || stoppedBy.get() != null) {
        return ended(
            index,
            StepStatus.CANCELLED,
            attempt - 1,
            started,
            key,
            inputRefs,
            null,
            cancelled ? "cancelled" : "stopped at the failure of step '" + stoppedBy.get() + "'");
      }
      int a = attempt;
      notify(l -> l.started(event(step, executionId, a, started, null)));
      LOG.debug("pipeline run {}: step '{}' attempt {} started", runId, step.name(), attempt);
      Context ctx = new Context(step, executionId, attempt);
      try {
        runBody(step, ctx);
        PipelineEngine.CachedResult stored = engine.store(pipeline, step, runId, ctx.values);
        register(stored);
        StepCacheEntry entry =
            step.cacheable()
                ? new StepCacheEntry(
                    key.hex(),
                    pipeline.name(),
                    step.name(),
                    runId,
                    executionId,
                    stored.entry().outputs(),
                    key.parts(),
                    engine.clock().instant())
                : null;
        if (entry != null) {
          engine.remember(new PipelineEngine.CachedResult(entry, stored.digests()));
        }
        StepExecution e =
            execution(
                index,
                StepStatus.SUCCEEDED,
                attempt,
                started,
                key,
                inputRefs,
                stored.entry().outputs(),
                Map.of(),
                null,
                reason);
        notify(l -> l.finished(event(step, executionId, a, started, null)));
        LOG.debug("pipeline run {}: step '{}' finished: {}", runId, step.name(), reason);
        return new StepRecorder.Record(e, entry);
      } catch (RuntimeException | Error t) {
        if (t instanceof VirtualMachineError) {
          throw t;
        }
        boolean interrupted = t instanceof Interrupted || Thread.currentThread().isInterrupted();
        Thread.interrupted();
        if (cancelled || (stoppedBy.get() != null && interrupted)) {
          return ended(
              index,
              StepStatus.CANCELLED,
              attempt,
              started,
              key,
              inputRefs,
              errorText(t),
              cancelled
                  ? "cancelled while running"
                  : "interrupted: the run stopped at the failure of step '"
                      + stoppedBy.get()
                      + "'");
        }
        if (attempt < step.retry().maxAttempts()) {
          notify(l -> l.retried(event(step, executionId, a, started, t)));
          LOG.warn(
              "pipeline run {}: step '{}' attempt {} of {} failed; retrying",
              runId,
              step.name(),
              attempt,
              step.retry().maxAttempts(),
              t);
          try {
            options.sleeper().sleep(step.retry().backoffBefore(attempt + 1));
          } catch (InterruptedException ie) {
            Thread.interrupted();
            return ended(
                index,
                StepStatus.CANCELLED,
                attempt,
                started,
                key,
                inputRefs,
                errorText(t),
                "interrupted while waiting to retry");
          }
          continue;
        }
        firstFailure.compareAndSet(null, t);
        notify(l -> l.failed(event(step, executionId, a, started, t)));
        LOG.warn(
            "pipeline run {}: step '{}' failed after {} attempt(s)",
            runId,
            step.name(),
            attempt,
            t);
        return ended(
            index,
            StepStatus.FAILED,
            attempt,
            started,
            key,
            inputRefs,
            errorText(t),
            reason + "; failed: " + errorText(t));
      }
    }
  }

  /** An attempt interrupted by its timeout. */
  private static final class Interrupted extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Interrupted(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }

  private void runBody(Step step, Context ctx) {
    Running r = new Running(Thread.currentThread());
    running.put(ctx.executionId, r);
    AtomicInteger state = new AtomicInteger(); // 0 running, 1 done, 2 timed out
    ScheduledFuture<?> timer = null;
    if (step.timeout().isPresent()) {
      Duration limit = step.timeout().get();
      timer =
          engine
              .timer()
              .schedule(
                  () -> {
                    if (state.compareAndSet(0, 2)) {
                      r.interrupt();
                    }
                  },
                  limit.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
    RuntimeException failure = null;
    Error error = null;
    try {
      if (cancelled) {
        throw new Interrupted("the run was cancelled before the attempt started", null);
      }
      step.body().run(ctx);
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      error = e;
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
      boolean timedOut = !state.compareAndSet(0, 1);
      r.end();
      running.remove(ctx.executionId);
      if (failure == null && error == null && (cancelled || stoppedBy.get() != null)) {
        Thread.interrupted(); // an interrupt aimed at this finished attempt must not reach the next
      }
      if (timedOut) {
        Thread.interrupted();
        throw new Interrupted(
            "step '"
                + step.name()
                + "' attempt "
                + ctx.attempt
                + " timed out after "
                + step.timeout().orElseThrow(),
            failure != null ? failure : error);
      }
    }
    if (error != null) {
      throw error;
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void register(PipelineEngine.CachedResult result) {
    if (result.outputs().isEmpty()) {
      return;
    }
    result
        .outputs()
        .forEach(
            (name, ref) -> {
              Digest d = result.digests().get(name);
              Object value = result.values().get(name);
              outputs.put(name, new OutputValue(ref, Objects.requireNonNull(d), value));
            });
  }

  /** The execution id of a step, made once per run; only the thread running the step asks. */
  private String executionId(int index) {
    String id = executionIds[index];
    if (id == null) {
      id = runId + "." + graph.steps[index].name();
      executionIds[index] = id;
    }
    return id;
  }

  private StepRecorder.Record notRun(int index, Instant started, StepStatus status, String why) {
    return new StepRecorder.Record(
        execution(index, status, 0, started, null, Map.of(), Map.of(), Map.of(), null, why), null);
  }

  private StepRecorder.Record ended(
      int index,
      StepStatus status,
      int attempts,
      Instant started,
      CacheKeys.Key key,
      Map<String, ArtifactRef> inputs,
      @Nullable String error,
      String reason) {
    return new StepRecorder.Record(
        execution(index, status, attempts, started, key, inputs, Map.of(), Map.of(), error, reason),
        null);
  }

  private StepExecution execution(
      int index,
      StepStatus status,
      int attempts,
      Instant started,
      CacheKeys.@Nullable Key key,
      Map<String, ArtifactRef> inputs,
      Map<String, ArtifactRef> outs,
      Map<String, String> unused,
      @Nullable String error,
      String reason) {
    Step step = graph.steps[index];
    Instant ended = engine.clock().instant();
    if (ended.isBefore(started)) {
      ended = started;
    }
    String hex = key == null ? null : key.hex();
    Map<String, String> parts = key == null ? Map.of() : key.parts();
    Graph.Shared previous = graph.shared.get(index);
    if (previous != null) {
      // Share the immutable maps and key of the step's previous execution when they are equal.
      // The same step (same inputs and outputs) with the same key has the same parts: the parts
      // are the hashed values under labels that the step's input and output names determine.
      if (hex != null && hex.equals(previous.key())) {
        hex = previous.key();
        parts = previous.parts();
      }
      if (sameEntries(inputs, previous.inputs())) {
        inputs = previous.inputs();
      }
      if (sameEntries(outs, previous.outputs())) {
        outs = previous.outputs();
      }
    }
    StepExecution e =
        new StepExecution(
            executionId(index),
            runId,
            pipeline.name(),
            step.name(),
            step.version(),
            status,
            attempts,
            started,
            ended,
            hex,
            parts,
            inputs,
            outs,
            error,
            reason);
    if (previous == null || !previous.heldBy(e)) {
      graph.shared.lazySet(index, Graph.Shared.of(e));
    }
    return e;
  }

  /** Map equality without an iterator when both are empty (the common case of no-op steps). */
  private static boolean sameEntries(Map<String, ArtifactRef> a, Map<String, ArtifactRef> b) {
    if (a == b || (a.isEmpty() && b.isEmpty())) {
      return true;
    }
    return a.size() == b.size() && a.equals(b);
  }

  private StepEvent event(
      Step step, String executionId, int attempt, Instant started, @Nullable Throwable error) {
    Duration elapsed = Duration.between(started, engine.clock().instant());
    return new StepEvent(
        runId,
        step.name(),
        executionId,
        attempt,
        elapsed.isNegative() ? Duration.ZERO : elapsed,
        error);
  }

  private void notify(Consumer<PipelineListener> call) {
    if (options.listeners().isEmpty()) {
      return;
    }
    for (PipelineListener l : options.listeners()) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("pipeline run {}: listener {} threw; ignored", runId, l, e);
      }
    }
  }

  static String errorText(Throwable t) {
    String s = t.getClass().getName() + (t.getMessage() != null ? ": " + t.getMessage() : "");
    s = s.replace('\0', '?');
    return s.length() > MAX_ERROR_LENGTH ? s.substring(0, MAX_ERROR_LENGTH) : s;
  }

  // ---------------------------------------------------------------- step context

  private final class Context implements StepContext {
    private final Step step;
    private final String executionId;
    private final int attempt;
    private final Map<String, Input<?>> declaredInputs = new HashMap<>();
    private final Map<String, Output<?>> declaredOutputs = new HashMap<>();
    final Map<String, Object> values = new ConcurrentHashMap<>();

    Context(Step step, String executionId, int attempt) {
      this.step = step;
      this.executionId = executionId;
      this.attempt = attempt;
      for (Input<?> i : step.inputs()) {
        declaredInputs.put(i.name(), i);
      }
      for (Output<?> o : step.outputs()) {
        declaredOutputs.put(o.name(), o);
      }
    }

    @Override
    public String runId() {
      return runId;
    }

    @Override
    public String stepName() {
      return step.name();
    }

    @Override
    public String executionId() {
      return executionId;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public long seed() {
      long h = seed ^ 0x9E3779B97F4A7C15L;
      for (int i = 0; i < step.name().length(); i++) {
        h = (h ^ step.name().charAt(i)) * 0x100000001B3L;
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      return h;
    }

    @Override
    public <T> T get(Input<T> input) {
      Objects.requireNonNull(input, "input");
      Input<?> declared = declaredInputs.get(input.name());
      if (declared == null || !declared.equals(input)) {
        throw new IllegalArgumentException(
            "step '"
                + step.name()
                + "' did not declare the input "
                + input
                + "; declare it with Step.Builder.input(..)");
      }
      if (input instanceof Parameter<T> p) {
        return p.type().cast(params.get(p.name()));
      }
      Output<T> o = (Output<T>) input;
      OutputValue v = Objects.requireNonNull(outputs.get(o.name()));
      Output<?> producer = Objects.requireNonNull(graph.producerHandles.get(o.name()));
      return v.value(o, ref -> o.type().cast(engine.read(ref, producer)));
    }

    @Override
    public ArtifactRef artifact(Input<?> input) {
      Objects.requireNonNull(input, "input");
      Input<?> declared = declaredInputs.get(input.name());
      if (declared == null || !declared.equals(input)) {
        throw new IllegalArgumentException(
            "step '"
                + step.name()
                + "' did not declare the input "
                + input
                + "; declare it with Step.Builder.input(..)");
      }
      if (input instanceof Parameter<?> p) {
        if (!p.isArtifact()) {
          throw new IllegalArgumentException(
              "parameter '"
                  + p.name()
                  + "' is a value, not an artifact; read it with get(..), or declare it with"
                  + " Parameter.ofArtifact(..)");
        }
        return (ArtifactRef) Objects.requireNonNull(params.get(p.name()));
      }
      return Objects.requireNonNull(outputs.get(input.name())).ref();
    }

    @Override
    public InputStream open(Parameter<ArtifactRef> artifact) {
      Objects.requireNonNull(artifact, "artifact");
      Input<?> declared = declaredInputs.get(artifact.name());
      if (declared == null || !declared.equals(artifact)) {
        throw new IllegalArgumentException(
            "step '"
                + step.name()
                + "' did not declare the artifact "
                + artifact
                + "; declare it with Step.Builder.input(..)");
      }
      return engine.open((ArtifactRef) Objects.requireNonNull(params.get(artifact.name())));
    }

    @Override
    public <T> void put(Output<T> output, T value) {
      Objects.requireNonNull(output, "output");
      Objects.requireNonNull(value, "value");
      Output<?> declared = declaredOutputs.get(output.name());
      if (declared == null || !declared.equals(output)) {
        throw new IllegalArgumentException(
            "step '"
                + step.name()
                + "' did not declare the output "
                + output
                + "; declare it with Step.Builder.output(..)");
      }
      if (!output.type().isInstance(value)) {
        throw new IllegalArgumentException(
            "output '"
                + output.name()
                + "' takes a "
                + output.type().getName()
                + ", but got a "
                + value.getClass().getName());
      }
      if (values.putIfAbsent(output.name(), value) != null) {
        throw new IllegalStateException(
            "step '"
                + step.name()
                + "' already put output '"
                + output.name()
                + "' in this attempt; put each output once");
      }
    }
  }
}
