package dev.mlops.core.pipeline;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.mlops.api.CorruptArtifactException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactRepository;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Input;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelinePlan;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.PipelineRun;
import dev.mlops.api.pipeline.Pipelines;
import dev.mlops.api.pipeline.Reproduction;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.Tracking;
import dev.mlops.spi.Codec;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.StepCacheEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal; not for use outside mlops; may change in any release. The {@link Pipelines} of a {@link
 * dev.mlops.core.Mlops} instance; obtain it with {@code mlops.pipelines()}.
 *
 * <p>Thread-safe. Owns at most two thread pools, both created on first use: the step pool (bounded
 * to the available processors, used when a run's options give no executor) and one timer thread for
 * step timeouts. {@link #close()} cancels the runs still going, and ends both pools' threads. The
 * in-process cache (Caffeine, at most {@value #CACHE_SIZE} entries) sits in front of the persistent
 * cache records; an invalidation in another process reaches this cache only when the entry is
 * evicted, so invalidate in the process that runs the pipeline.
 *
 * <pre>{@code
 * Pipelines pipelines = mlops.pipelines();
 * PipelineResult r = pipelines.run(pipeline, Arguments.empty());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class PipelineEngine implements Pipelines, AutoCloseable {
  /** The most entries the in-process cache keeps. */
  public static final int CACHE_SIZE = 100_000;

  /** The most scheduling graphs (one per pipeline instance, by identity) the engine keeps. */
  static final int GRAPHS = 256;

  /** The artifact kind of stored step outputs. */
  public static final String KIND_STEP_OUTPUT = "step-output";

  /** Tags of a pipeline's tracked run. */
  static final String TAG_PIPELINE = "pipeline.name";

  static final String TAG_VERSION = "pipeline.version";
  static final String TAG_SEED = "pipeline.seed";
  static final String TAG_RESUMED_FROM = "pipeline.resumed-from";
  static final String TAG_RERUN_OF = "pipeline.rerun-of";

  private static final Logger LOG = LoggerFactory.getLogger(PipelineEngine.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** A cache hit: the entry, the digests of its outputs, and values when known. */
  record CachedResult(
      StepCacheEntry entry,
      Map<String, Digest> digests,
      Map<String, Object> values,
      Map<String, ArtifactRef> outputs) {
    CachedResult(StepCacheEntry entry, Map<String, Digest> digests) {
      this(entry, digests, Map.of());
    }

    /**
     * With {@code outputs} the entry's outputs, or the shared empty map when there are none: a
     * cached step then reads neither the entry nor its map (a cache miss each, per step).
     */
    CachedResult(StepCacheEntry entry, Map<String, Digest> digests, Map<String, Object> values) {
      this(entry, digests, values, entry.outputs().isEmpty() ? Map.of() : entry.outputs());
    }
  }

  private final MetadataStore metadata;
  private final ArtifactRepository artifacts;
  private final Tracking tracking;
  private final InstantSource clock;
  private final AuditWriter audit;
  private final Cache<String, CachedResult> cache =
      Caffeine.newBuilder().maximumSize(CACHE_SIZE).build();
  private final Cache<Pipeline, Graph> graphs =
      Caffeine.newBuilder().weakKeys().maximumSize(GRAPHS).build();
  private final Object lock = new Object();
  private final Set<RunExecution> active = ConcurrentHashMap.newKeySet();
  private @Nullable ThreadPoolExecutor pool;
  private @Nullable ScheduledThreadPoolExecutor timer;
  private volatile boolean closed;

  private PipelineEngine(
      MetadataStore metadata,
      ArtifactRepository artifacts,
      Tracking tracking,
      InstantSource clock,
      AuditWriter audit) {
    this.metadata = metadata;
    this.artifacts = artifacts;
    this.tracking = tracking;
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * Creates an engine.
   *
   * @param metadata the metadata store
   * @param artifacts the artifact repository outputs are stored in
   * @param tracking the tracking service runs are recorded in
   * @param clock the clock
   * @param audit appends audit events
   * @return the engine
   */
  public static PipelineEngine create(
      MetadataStore metadata,
      ArtifactRepository artifacts,
      Tracking tracking,
      InstantSource clock,
      AuditWriter audit) {
    return new PipelineEngine(
        Objects.requireNonNull(metadata, "metadata"),
        Objects.requireNonNull(artifacts, "artifacts"),
        Objects.requireNonNull(tracking, "tracking"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(audit, "audit"));
  }

  InstantSource clock() {
    return clock;
  }

  StepRecorder newRecorder() {
    return new StepRecorder(metadata, audit);
  }

  // ---------------------------------------------------------------- running

  @Override
  public PipelineResult run(Pipeline pipeline, Arguments arguments) {
    return run(pipeline, arguments, RunOptions.defaults());
  }

  @Override
  public PipelineResult run(Pipeline pipeline, Arguments arguments, RunOptions options) {
    return start(pipeline, arguments, options).await();
  }

  @Override
  public PipelineRun start(Pipeline pipeline, Arguments arguments, RunOptions options) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(arguments, "arguments");
    Objects.requireNonNull(options, "options");
    Map<String, Object> params = resolve(pipeline, arguments);
    return launch(
        pipeline, params, options, options.seed(), options.readCache(), Map.of(), null, Map.of());
  }

  private RunExecution launch(
      Pipeline pipeline,
      Map<String, Object> params,
      RunOptions options,
      long seed,
      boolean readCache,
      Map<String, StepExecution> reuse,
      @Nullable String reusedFrom,
      Map<String, String> extraTags) {
    ensureOpen();
    Graph graph = graph(pipeline);
    ResolvedArtifacts inputs = resolveArtifacts(pipeline, params);
    params = inputs.params();
    Executor executor = options.executor().orElseGet(this::pool);
    int maxWorkers =
        options.executor().isPresent()
            ? Integer.MAX_VALUE
            : ((ThreadPoolExecutor) executor).getMaximumPoolSize();
    ActiveRun run = tracking.startRun(pipeline.name()).start();
    try {
      for (Map.Entry<String, Object> e : params.entrySet()) {
        Parameter<?> p = pipeline.parameters().get(e.getKey());
        run.logParam(e.getKey(), Objects.requireNonNull(p).format(e.getValue()));
      }
      run.setTag(TAG_PIPELINE, pipeline.name());
      run.setTag(TAG_VERSION, pipeline.version());
      run.setTag(TAG_SEED, Long.toString(seed));
      extraTags.forEach(run::setTag);
    } catch (RuntimeException e) {
      run.fail(e);
      throw e;
    }
    RunExecution ex =
        new RunExecution(
            this,
            graph,
            params,
            inputs.digests(),
            seed,
            readCache,
            reuse,
            reusedFrom,
            options,
            executor,
            maxWorkers,
            run);
    active.add(ex);
    LOG.debug("pipeline '{}' run {} started", pipeline.name(), run.id());
    ex.start();
    return ex;
  }

  void ended(RunExecution ex) {
    active.remove(ex);
  }

  private static Map<String, Object> resolve(Pipeline pipeline, Arguments arguments) {
    for (String name : arguments.values().keySet()) {
      if (!pipeline.parameters().containsKey(name)) {
        throw new IllegalArgumentException(
            "pipeline '"
                + pipeline.name()
                + "' has no parameter '"
                + name
                + "'; its parameters are "
                + pipeline.parameters().keySet());
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Parameter<?> p : pipeline.parameters().values()) {
      Object v = arguments.value(p.name()).orElse(p.defaultValue().orElse(null));
      if (v == null) {
        throw new IllegalArgumentException(
            "parameter '"
                + p.name()
                + "' of pipeline '"
                + pipeline.name()
                + "' has no value and no default; pass it in the Arguments");
      }
      values.put(p.name(), p.isArtifact() && v instanceof String ? v : p.check(v));
    }
    return values;
  }

  /** Parameter values with artifact parameters resolved, and the digests of those artifacts. */
  record ResolvedArtifacts(Map<String, Object> params, Map<String, Digest> digests) {}

  /**
   * Resolves every artifact parameter to a live version (a bare name to its latest version) and
   * reads its content digest; reads only.
   *
   * @throws NotFoundException naming the parameter and the artifact if it has no such live version
   */
  ResolvedArtifacts resolveArtifacts(Pipeline pipeline, Map<String, Object> params) {
    Map<String, Object> resolved = new LinkedHashMap<>(params);
    Map<String, Digest> digests = new HashMap<>();
    for (Parameter<?> p : pipeline.parameters().values()) {
      if (!p.isArtifact()) {
        continue;
      }
      Object v = Objects.requireNonNull(params.get(p.name()));
      ArtifactVersion version;
      if (v instanceof String name) {
        version =
            artifacts
                .latest(name)
                .filter(a -> !a.isDeleted())
                .orElseThrow(
                    () ->
                        new NotFoundException(
                            "artifact '" + name + "'",
                            "parameter '"
                                + p.name()
                                + "' of pipeline '"
                                + pipeline.name()
                                + "' names artifact '"
                                + name
                                + "', which has no live version; store it first or check the"
                                + " name"));
      } else {
        ArtifactRef ref = (ArtifactRef) v;
        Optional<ArtifactVersion> found = artifacts.find(ref.name(), ref.version());
        if (found.isEmpty() || found.get().isDeleted()) {
          Long latest = artifacts.latest(ref.name()).map(ArtifactVersion::version).orElse(null);
          throw new NotFoundException(
              "artifact '" + ref.name() + "' version " + ref.version(),
              "parameter '"
                  + p.name()
                  + "' of pipeline '"
                  + pipeline.name()
                  + "' names artifact "
                  + ref
                  + ", which "
                  + (found.isPresent() ? "was deleted" : "does not exist")
                  + (latest == null ? " (the name has no versions)" : " (latest is " + latest + ")")
                  + "; pass an existing version");
        }
        version = found.get();
      }
      resolved.put(p.name(), version.ref());
      digests.put(p.name(), version.digest());
    }
    return new ResolvedArtifacts(resolved, digests);
  }

  /** Opens the verified bytes of an artifact version a step reads. */
  InputStream open(ArtifactRef ref) {
    return artifacts.open(ref.name(), ref.version());
  }

  /** The scheduling graph of a pipeline, built once per pipeline instance. */
  Graph graph(Pipeline pipeline) {
    return graphs.get(pipeline, Graph::new);
  }

  static String artifactName(Pipeline pipeline, Output<?> output) {
    return pipeline.name() + "." + output.name();
  }

  // ---------------------------------------------------------------- cache

  Optional<CachedResult> lookup(String key) {
    CachedResult hit = cache.getIfPresent(key);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<CachedResult> stored =
        metadata.read(
            tx -> {
              Optional<StepCacheEntry> e = tx.findStepCacheEntry(key);
              if (e.isEmpty()) {
                return Optional.<CachedResult>empty();
              }
              Map<String, Digest> digests = new HashMap<>();
              for (Map.Entry<String, ArtifactRef> o : e.get().outputs().entrySet()) {
                Optional<ArtifactVersion> v =
                    tx.findArtifactVersion(o.getValue().name(), o.getValue().version());
                if (v.isEmpty() || v.get().isDeleted()) {
                  return Optional.<CachedResult>empty();
                }
                digests.put(o.getKey(), v.get().digest());
              }
              return Optional.of(new CachedResult(e.get(), digests));
            });
    stored.ifPresent(r -> cache.put(key, r));
    return stored;
  }

  /** The result of a key in the in-process cache only, or null: no store read. */
  @Nullable CachedResult inMemory(String key) {
    return cache.getIfPresent(key);
  }

  void remember(CachedResult result) {
    cache.put(result.entry().key(), result);
  }

  @Nullable Map<String, String> latestParts(String pipeline, String step) {
    return metadata
        .read(tx -> tx.latestStepCacheEntry(pipeline, step))
        .map(StepCacheEntry::keyParts)
        .orElse(null);
  }

  /** Loads the digests of recorded outputs; empty if one of them is gone. */
  Optional<CachedResult> load(Map<String, ArtifactRef> outputs) {
    Map<String, Digest> digests = new HashMap<>();
    for (Map.Entry<String, ArtifactRef> o : outputs.entrySet()) {
      Optional<ArtifactVersion> v = artifacts.find(o.getValue().name(), o.getValue().version());
      if (v.isEmpty() || v.get().isDeleted()) {
        return Optional.empty();
      }
      digests.put(o.getKey(), v.get().digest());
    }
    StepCacheEntry placeholder =
        new StepCacheEntry(
            "0".repeat(64), "reuse", "reuse", "reuse", "reuse", outputs, Map.of(), clock.instant());
    return Optional.of(new CachedResult(placeholder, digests));
  }

  /** Encodes and stores a step's outputs; reuses the latest version when the bytes are equal. */
  CachedResult store(Pipeline pipeline, Step step, String runId, Map<String, Object> values) {
    Map<String, ArtifactRef> refs = new LinkedHashMap<>();
    Map<String, Digest> digests = new HashMap<>();
    Map<String, Object> kept = new HashMap<>();
    for (Output<?> o : step.outputs()) {
      Object value = values.get(o.name());
      if (value == null) {
        throw new IllegalStateException(
            "step '"
                + step.name()
                + "' returned without putting its output '"
                + o.name()
                + "'; call context.put(..) for every declared output");
      }
      byte[] bytes = encode(o, value);
      Digest digest = Digest.of(bytes);
      String name = artifactName(pipeline, o);
      Optional<ArtifactVersion> latest = artifacts.latest(name);
      ArtifactVersion v;
      if (latest.isPresent() && latest.get().digest().equals(digest)) {
        v = latest.get();
      } else {
        v =
            artifacts.put(
                name,
                KIND_STEP_OUTPUT,
                o.codec().mediaType(),
                new ByteArrayInputStream(bytes),
                Map.of(
                    "pipeline.step", step.name(),
                    "pipeline.run", runId,
                    "codec", o.codec().id(),
                    "codec.version", Integer.toString(o.codec().version())));
      }
      refs.put(o.name(), v.ref());
      digests.put(o.name(), digest);
      kept.put(o.name(), value);
    }
    StepCacheEntry placeholder =
        new StepCacheEntry(
            "0".repeat(64),
            pipeline.name(),
            step.name(),
            runId,
            runId,
            refs,
            Map.of(),
            clock.instant());
    return new CachedResult(placeholder, digests, kept);
  }

  private static <T> byte[] encode(Output<T> output, Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      output.codec().encode(output.type().cast(value), out);
    } catch (IOException e) {
      throw new StorageException(
          "codec "
              + output.codec().id()
              + " failed to encode output '"
              + output.name()
              + "': "
              + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- plan

  @Override
  public PipelinePlan plan(Pipeline pipeline, Arguments arguments) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(arguments, "arguments");
    ensureOpen();
    ResolvedArtifacts resolved = resolveArtifacts(pipeline, resolve(pipeline, arguments));
    Map<String, Object> params = resolved.params();
    long seed = RunOptions.DEFAULT_SEED;
    Map<String, Digest> known = new HashMap<>(resolved.digests());
    Map<String, String> willRun = new HashMap<>();
    List<PipelinePlan.PlannedStep> planned = new ArrayList<>();
    for (Step s : pipeline.steps()) {
      String blocker = null;
      Map<String, Digest> digests = new HashMap<>();
      for (Input<?> in : s.inputs()) {
        if (in instanceof Parameter<?> p && p.isArtifact()) {
          digests.put(p.name(), Objects.requireNonNull(known.get(p.name())));
        } else if (in instanceof Output<?>) {
          Digest d = known.get(in.name());
          if (d == null) {
            blocker = pipeline.producer(in.name()).orElseThrow();
            break;
          }
          digests.put(in.name(), d);
        }
      }
      if (blocker != null) {
        willRun.put(s.name(), "");
        planned.add(
            new PipelinePlan.PlannedStep(
                s.name(),
                false,
                null,
                "will run because step '" + blocker + "', whose output it reads, will run"));
        continue;
      }
      CacheKeys.Key key = CacheKeys.compute(s, seed, params, digests);
      Optional<CachedResult> hit = s.cacheable() ? lookup(key.hex()) : Optional.empty();
      if (hit.isPresent()) {
        known.putAll(hit.get().digests());
        planned.add(new PipelinePlan.PlannedStep(s.name(), true, key.hex(), "cached"));
      } else {
        willRun.put(s.name(), "");
        String why =
            s.cacheable()
                ? CacheKeys.explainMiss(key.parts(), latestParts(pipeline.name(), s.name()))
                : "caching is off for this step";
        planned.add(
            new PipelinePlan.PlannedStep(s.name(), false, key.hex(), "will run because " + why));
      }
    }
    return new PipelinePlan(pipeline.name(), planned);
  }

  // ---------------------------------------------------------------- resume and rerun

  private record Recorded(
      Run run, Map<String, Object> params, long seed, List<StepExecution> executions) {}

  private Recorded recorded(Pipeline pipeline, String runId) {
    Objects.requireNonNull(runId, "runId");
    Run run = tracking.run(runId);
    Map<String, String> tags = tracking.tags(runId);
    String name = tags.get(TAG_PIPELINE);
    if (name == null) {
      throw new IllegalArgumentException("run " + runId + " is not a pipeline run");
    }
    if (!name.equals(pipeline.name())) {
      throw new IllegalArgumentException(
          "run "
              + runId
              + " is a run of pipeline '"
              + name
              + "', not of '"
              + pipeline.name()
              + "'");
    }
    Map<String, Param> logged = tracking.params(runId);
    Map<String, Object> params = new LinkedHashMap<>();
    for (Parameter<?> p : pipeline.parameters().values()) {
      Param v = logged.get(p.name());
      if (v != null) {
        params.put(p.name(), p.parse(v.value()));
      } else if (p.defaultValue().isPresent()) {
        params.put(p.name(), p.defaultValue().get());
      } else {
        throw new IllegalArgumentException(
            "run " + runId + " recorded no value of parameter '" + p.name() + "'");
      }
    }
    long seed = Long.parseLong(tags.getOrDefault(TAG_SEED, Long.toString(RunOptions.DEFAULT_SEED)));
    List<StepExecution> executions = executions(runId);
    return new Recorded(run, params, seed, executions);
  }

  @Override
  public PipelineResult resume(Pipeline pipeline, String runId, RunOptions options) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(options, "options");
    Recorded r = recorded(pipeline, runId);
    Map<String, StepExecution> reuse = new HashMap<>();
    for (StepExecution e : r.executions()) {
      if (e.status().hasOutputs()) {
        reuse.put(e.step(), e);
      }
    }
    return launch(
            pipeline,
            r.params(),
            options,
            r.seed(),
            options.readCache(),
            reuse,
            runId,
            Map.of(TAG_RESUMED_FROM, runId))
        .await();
  }

  @Override
  public Reproduction rerun(Pipeline pipeline, String runId, RunOptions options) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(options, "options");
    Recorded r = recorded(pipeline, runId);
    for (StepExecution e : r.executions()) {
      Step s =
          pipeline
              .step(e.step())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "run "
                              + runId
                              + " executed step '"
                              + e.step()
                              + "', which pipeline '"
                              + pipeline.name()
                              + "' no longer has"));
      if (!s.version().equals(e.stepVersion())) {
        throw new IllegalArgumentException(
            "step '"
                + s.name()
                + "' is version "
                + s.version()
                + " in the pipeline but was version "
                + e.stepVersion()
                + " in run "
                + runId
                + "; reproduce with the code of that version");
      }
    }
    PipelineResult result =
        launch(
                pipeline,
                r.params(),
                options,
                r.seed(),
                false,
                Map.of(),
                null,
                Map.of(TAG_RERUN_OF, runId))
            .await();
    List<Reproduction.OutputComparison> comparisons = new ArrayList<>();
    for (StepExecution e : r.executions()) {
      if (!e.status().hasOutputs()) {
        continue;
      }
      for (Map.Entry<String, ArtifactRef> o : e.outputs().entrySet()) {
        Digest original = artifacts.get(o.getValue().name(), o.getValue().version()).digest();
        ArtifactRef now = result.outputs().get(o.getKey());
        Digest reproduced = now == null ? null : artifacts.get(now.name(), now.version()).digest();
        comparisons.add(
            new Reproduction.OutputComparison(e.step(), o.getKey(), original, reproduced));
      }
    }
    return new Reproduction(runId, result, comparisons);
  }

  // ---------------------------------------------------------------- reading

  @Override
  public List<StepExecution> executions(String runId) {
    Objects.requireNonNull(runId, "runId");
    ensureOpen();
    return metadata.read(tx -> tx.listStepExecutions(runId));
  }

  @Override
  public <T> T value(PipelineResult result, Output<T> output) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(output, "output");
    ArtifactRef ref = result.outputs().get(output.name());
    if (ref == null) {
      throw new IllegalArgumentException(
          "run "
              + result.runId()
              + " has no output '"
              + output.name()
              + "'; its outputs are "
              + result.outputs().keySet());
    }
    return read(ref, output);
  }

  @Override
  public <T> T read(ArtifactRef artifact, Output<T> output) {
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(output, "output");
    Codec<T> codec = output.codec();
    try (InputStream in = artifacts.open(artifact.name(), artifact.version())) {
      T value = codec.decode(in);
      if (value == null) {
        throw new CorruptArtifactException(
            "", "null", "codec " + codec.id() + " decoded artifact " + artifact + " to null");
      }
      return value;
    } catch (IOException e) {
      throw new StorageException("reading artifact " + artifact + " failed: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- invalidation

  @Override
  public int invalidateStep(String pipeline, String step) {
    Names.requireName(pipeline, "pipeline name");
    Names.requireName(step, "step name");
    ensureOpen();
    cache
        .asMap()
        .values()
        .removeIf(r -> r.entry().pipeline().equals(pipeline) && r.entry().step().equals(step));
    int n =
        metadata.inTransaction(
            tx -> {
              int deleted = tx.deleteStepCacheEntries(pipeline, step);
              if (deleted > 0) {
                audit.append(
                    tx,
                    "pipeline.cache.invalidated",
                    "step:" + pipeline + "/" + step,
                    Map.of("entries", Integer.toString(deleted)));
              }
              return deleted;
            });
    cache
        .asMap()
        .values()
        .removeIf(r -> r.entry().pipeline().equals(pipeline) && r.entry().step().equals(step));
    return n;
  }

  @Override
  public int invalidateRun(String runId) {
    Names.requireName(runId, "run id");
    ensureOpen();
    int n =
        metadata.inTransaction(
            tx -> {
              int deleted = tx.deleteStepCacheEntriesOfRun(runId);
              if (deleted > 0) {
                audit.append(
                    tx,
                    "pipeline.cache.invalidated",
                    "run:" + runId,
                    Map.of("entries", Integer.toString(deleted)));
              }
              return deleted;
            });
    cache.asMap().values().removeIf(r -> r.entry().runId().equals(runId));
    return n;
  }

  // ---------------------------------------------------------------- threads

  private ThreadPoolExecutor pool() {
    synchronized (lock) {
      ensureOpen();
      if (pool == null) {
        int n = Runtime.getRuntime().availableProcessors();
        ThreadPoolExecutor p =
            new ThreadPoolExecutor(
                n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads("step"));
        p.allowCoreThreadTimeOut(true);
        pool = p;
      }
      return pool;
    }
  }

  ScheduledExecutorService timer() {
    synchronized (lock) {
      if (timer == null) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, threads("timeout"));
        t.setRemoveOnCancelPolicy(true);
        timer = t;
      }
      return timer;
    }
  }

  private static ThreadFactory threads(String role) {
    int id = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "mlops-pipeline-" + id + "-" + role + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the pipeline engine is closed; open a new Mlops instance");
    }
  }

  /**
   * Cancels the runs still going, waits up to 10 seconds for them and for the engine's threads to
   * end. Idempotent.
   */
  @Override
  public void close() {
    ExecutorService p;
    ExecutorService t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      p = pool;
      t = timer;
    }
    for (RunExecution r : active) {
      r.cancel();
    }
    for (RunExecution r : active) {
      r.await(java.time.Duration.ofSeconds(10));
    }
    for (ExecutorService e : new ExecutorService[] {p, t}) {
      if (e == null) {
        continue;
      }
      e.shutdownNow();
      try {
        if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("pipeline engine threads did not end within 10 s of close");
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
