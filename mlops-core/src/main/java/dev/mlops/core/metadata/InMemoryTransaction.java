package dev.mlops.core.metadata;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import dev.mlops.spi.StepCacheEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One transaction of an {@link InMemoryMetadataStore}. Every operation first checks that the
 * transaction is still open and used on its own thread, then validates its arguments and the stored
 * state it depends on, and only then changes the tables (through the undo log), so an operation
 * that throws has changed nothing.
 *
 * <p>Not thread-safe: used by one thread while the store holds the matching lock.
 */
final class InMemoryTransaction implements MetadataTransaction {
  private static final Comparator<LineageEvent> BY_TIME_THEN_EXECUTION =
      Comparator.comparing(LineageEvent::time)
          .thenComparing(LineageEvent::executionId)
          .thenComparing(LineageEvent::direction);
  private static final Comparator<LineageEvent> BY_TIME_THEN_ARTIFACT =
      Comparator.comparing(LineageEvent::time)
          .thenComparing(LineageEvent::artifact, InMemoryState.REF_ORDER)
          .thenComparing(LineageEvent::direction);

  private final InMemoryState state;
  private final @Nullable InMemoryUndoLog undo;
  private final Thread owner;
  private boolean open = true;
  private boolean auditHeadLocked;

  /**
   * Creates a transaction.
   *
   * @param state the tables
   * @param undo the undo log of a write transaction, or null for a read-only one
   * @param owner the thread running the work
   */
  InMemoryTransaction(InMemoryState state, @Nullable InMemoryUndoLog undo, Thread owner) {
    this.state = state;
    this.undo = undo;
    this.owner = owner;
  }

  /** Ends the transaction: any later use throws {@link IllegalStateException}. */
  void close() {
    open = false;
  }

  private void checkOpen() {
    if (!open) {
      throw new IllegalStateException(
          "this metadata transaction has ended; use the transaction only inside its work");
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "this metadata transaction belongs to thread '"
              + owner.getName()
              + "'; start a transaction on each thread instead of sharing one");
    }
  }

  private InMemoryUndoLog writable(String operation) {
    checkOpen();
    InMemoryUndoLog log = undo;
    if (log == null) {
      throw new IllegalStateException(
          operation + " writes, but this is a read-only transaction; use inTransaction instead");
    }
    return log;
  }

  private static int checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_PAGE + ", but was " + limit);
    }
    return limit;
  }

  // ---------------------------------------------------------------- artifact versions

  @Override
  public ArtifactVersion createArtifactVersion(ArtifactVersionDraft draft) {
    InMemoryUndoLog log = writable("createArtifactVersion");
    Objects.requireNonNull(draft, "draft");
    TreeMap<Long, ArtifactVersion> versions =
        log.child(state.artifactVersions, draft.name(), TreeMap::new);
    long next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    ArtifactVersion created =
        new ArtifactVersion(
            draft.name(),
            next,
            draft.kind(),
            draft.digest(),
            draft.size(),
            draft.mediaType(),
            draft.properties(),
            draft.createdAt(),
            draft.createdByRun(),
            null);
    log.put(versions, next, created);
    log.add(
        log.child(
            state.versionsByDigest, draft.digest(), () -> new TreeSet<>(InMemoryState.REF_ORDER)),
        created.ref());
    return created;
  }

  @Override
  public Optional<ArtifactVersion> findArtifactVersion(String name, long version) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    NavigableMap<Long, ArtifactVersion> versions = state.artifactVersions.get(name);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  @Override
  public Optional<ArtifactVersion> findLatestArtifactVersion(String name) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    NavigableMap<Long, ArtifactVersion> versions = state.artifactVersions.get(name);
    if (versions != null) {
      for (ArtifactVersion v : versions.descendingMap().values()) {
        if (!v.isDeleted()) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ArtifactVersion> listArtifactVersions(String name, long afterVersion, int limit) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    checkLimit(limit);
    NavigableMap<Long, ArtifactVersion> versions = state.artifactVersions.get(name);
    if (versions == null) {
      return List.of();
    }
    return firstN(versions.tailMap(afterVersion, false).values(), limit);
  }

  @Override
  public List<String> listArtifactNames(@Nullable String afterName, int limit) {
    checkOpen();
    checkLimit(limit);
    NavigableMap<String, TreeMap<Long, ArtifactVersion>> page =
        afterName == null
            ? state.artifactVersions
            : state.artifactVersions.tailMap(afterName, false);
    return firstN(page.keySet(), limit);
  }

  @Override
  public ArtifactVersion markArtifactVersionDeleted(String name, long version, Instant at) {
    InMemoryUndoLog log = writable("markArtifactVersionDeleted");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(at, "at");
    ArtifactVersion existing = requireArtifactVersion(name, version);
    if (existing.isDeleted()) {
      return existing;
    }
    ArtifactVersion tombstone = existing.withDeletedAt(at);
    log.put(state.artifactVersions.get(name), version, tombstone);
    return tombstone;
  }

  @Override
  public List<ArtifactRef> liveArtifactVersionsWithDigest(Digest digest) {
    checkOpen();
    Objects.requireNonNull(digest, "digest");
    TreeSet<ArtifactRef> refs = state.versionsByDigest.get(digest);
    if (refs == null) {
      return List.of();
    }
    List<ArtifactRef> live = new ArrayList<>();
    for (ArtifactRef ref : refs) {
      if (!state.artifactVersions.get(ref.name()).get(ref.version()).isDeleted()) {
        live.add(ref);
      }
    }
    return List.copyOf(live);
  }

  @Override
  public Optional<Long> setArtifactAlias(String name, String alias, long version) {
    InMemoryUndoLog log = writable("setArtifactAlias");
    Objects.requireNonNull(name, "name");
    Names.requireName(alias, "alias");
    ArtifactVersion target = requireArtifactVersion(name, version);
    if (target.isDeleted()) {
      throw new NotFoundException(
          "artifact '" + name + "' version " + version,
          "artifact '"
              + name
              + "' version "
              + version
              + " was deleted; point alias '"
              + alias
              + "' at a live version");
    }
    return Optional.ofNullable(
        log.put(log.child(state.artifactAliases, name, TreeMap::new), alias, version));
  }

  @Override
  public Optional<Long> findArtifactAlias(String name, String alias) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alias, "alias");
    Map<String, Long> aliases = state.artifactAliases.get(name);
    return aliases == null ? Optional.empty() : Optional.ofNullable(aliases.get(alias));
  }

  @Override
  public Optional<Long> removeArtifactAlias(String name, String alias) {
    InMemoryUndoLog log = writable("removeArtifactAlias");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alias, "alias");
    Map<String, Long> aliases = state.artifactAliases.get(name);
    return aliases == null ? Optional.empty() : Optional.ofNullable(log.remove(aliases, alias));
  }

  private ArtifactVersion requireArtifactVersion(String name, long version) {
    NavigableMap<Long, ArtifactVersion> versions = state.artifactVersions.get(name);
    ArtifactVersion found = versions == null ? null : versions.get(version);
    if (found == null) {
      Long latest = versions == null || versions.isEmpty() ? null : versions.lastKey();
      throw NotFoundException.artifactVersion(name, version, latest);
    }
    return found;
  }

  // ---------------------------------------------------------------- experiments and runs

  @Override
  public void createExperiment(Experiment experiment) {
    InMemoryUndoLog log = writable("createExperiment");
    Objects.requireNonNull(experiment, "experiment");
    if (state.experiments.containsKey(experiment.id())) {
      throw ConflictException.of(
          "experiment id '" + experiment.id() + "' is taken; choose another id");
    }
    if (state.experimentIdsByName.containsKey(experiment.name())) {
      throw ConflictException.of(
          "experiment name '"
              + experiment.name()
              + "' is taken by experiment '"
              + state.experimentIdsByName.get(experiment.name())
              + "'; use that experiment or choose another name");
    }
    log.put(state.experiments, experiment.id(), experiment);
    log.put(state.experimentIdsByName, experiment.name(), experiment.id());
  }

  @Override
  public Optional<Experiment> findExperiment(String id) {
    checkOpen();
    Objects.requireNonNull(id, "id");
    return Optional.ofNullable(state.experiments.get(id));
  }

  @Override
  public Optional<Experiment> findExperimentByName(String name) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    String id = state.experimentIdsByName.get(name);
    return id == null ? Optional.empty() : Optional.of(state.experiments.get(id));
  }

  @Override
  public List<Experiment> listExperiments(@Nullable String afterId, int limit) {
    checkOpen();
    checkLimit(limit);
    NavigableMap<String, Experiment> page =
        afterId == null ? state.experiments : state.experiments.tailMap(afterId, false);
    return firstN(page.values(), limit);
  }

  @Override
  public void createRun(Run run) {
    InMemoryUndoLog log = writable("createRun");
    Objects.requireNonNull(run, "run");
    if (state.runs.containsKey(run.id())) {
      throw ConflictException.of("run id '" + run.id() + "' is taken; choose another id");
    }
    if (!state.experiments.containsKey(run.experimentId())) {
      throw NotFoundException.of("experiment", run.experimentId());
    }
    String parent = run.parentRunId();
    if (parent != null && !state.runs.containsKey(parent)) {
      throw NotFoundException.of("parent run", parent);
    }
    log.put(state.runs, run.id(), run);
    log.add(log.child(state.runIdsByExperiment, run.experimentId(), TreeSet::new), run.id());
  }

  @Override
  public void updateRun(Run run) {
    InMemoryUndoLog log = writable("updateRun");
    Objects.requireNonNull(run, "run");
    Run old = requireRun(run.id());
    List<String> changed = new ArrayList<>();
    if (!old.experimentId().equals(run.experimentId())) {
      changed.add("experiment ('" + old.experimentId() + "' -> '" + run.experimentId() + "')");
    }
    if (!Objects.equals(old.parentRunId(), run.parentRunId())) {
      changed.add("parent run ('" + old.parentRunId() + "' -> '" + run.parentRunId() + "')");
    }
    if (!old.startTime().equals(run.startTime())) {
      changed.add("start time (" + old.startTime() + " -> " + run.startTime() + ")");
    }
    if (!changed.isEmpty()) {
      throw new IllegalArgumentException(
          "run '"
              + run.id()
              + "': "
              + String.join(", ", changed)
              + " cannot change; only status, end time, name and note are mutable");
    }
    log.put(state.runs, run.id(), run);
  }

  @Override
  public Optional<Run> findRun(String runId) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    return Optional.ofNullable(state.runs.get(runId));
  }

  @Override
  public List<Run> listRuns(String experimentId, @Nullable String afterRunId, int limit) {
    checkOpen();
    Objects.requireNonNull(experimentId, "experimentId");
    checkLimit(limit);
    TreeSet<String> ids = state.runIdsByExperiment.get(experimentId);
    if (ids == null) {
      return List.of();
    }
    List<Run> page = new ArrayList<>(Math.min(limit, ids.size()));
    for (String id : afterRunId == null ? ids : ids.tailSet(afterRunId, false)) {
      if (page.size() == limit) {
        break;
      }
      page.add(state.runs.get(id));
    }
    return List.copyOf(page);
  }

  @Override
  public RunPage searchRuns(RunQuery query) {
    checkOpen();
    Objects.requireNonNull(query, "query");
    return new InMemoryRunSearch(state).search(query);
  }

  @Override
  public void logParams(String runId, List<Param> params) {
    InMemoryUndoLog log = writable("logParams");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(params, "params");
    Map<String, Param> incoming = new LinkedHashMap<>();
    for (Param p : params) {
      Objects.requireNonNull(p, "params contains null");
      Param twin = incoming.putIfAbsent(p.key(), p);
      if (twin != null && !twin.equals(p)) {
        throw new IllegalArgumentException(
            "parameter '"
                + p.key()
                + "' occurs twice in one call with different values ("
                + describe(twin)
                + " and "
                + describe(p)
                + "); pass each key once");
      }
    }
    requireRun(runId);
    Map<String, Param> stored = state.params.get(runId);
    if (stored != null) {
      for (Param p : incoming.values()) {
        Param old = stored.get(p.key());
        if (old != null && !old.equals(p)) {
          throw ConflictException.of(
              "parameter '"
                  + p.key()
                  + "' of run '"
                  + runId
                  + "' is already "
                  + describe(old)
                  + " and cannot become "
                  + describe(p)
                  + "; parameters are immutable, so log a new key or start a new run");
        }
      }
    }
    TreeMap<String, Param> target = log.child(state.params, runId, TreeMap::new);
    for (Param p : incoming.values()) {
      if (!target.containsKey(p.key())) {
        log.put(target, p.key(), p);
      }
    }
  }

  private static String describe(Param p) {
    return "'" + p.value() + "' (" + p.type() + ")";
  }

  @Override
  public Map<String, Param> params(String runId) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    return sortedCopy(state.params.get(runId));
  }

  @Override
  public void logMetrics(String runId, List<MetricPoint> points) {
    InMemoryUndoLog log = writable("logMetrics");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(points, "points");
    for (MetricPoint p : points) {
      Objects.requireNonNull(p, "points contains null");
    }
    requireRun(runId);
    if (points.isEmpty()) {
      return;
    }
    TreeMap<String, List<MetricPoint>> series = log.child(state.metrics, runId, TreeMap::new);
    for (MetricPoint p : points) {
      log.append(log.child(series, p.key(), ArrayList::new), p);
    }
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
    Map<String, List<MetricPoint>> series = state.metrics.get(runId);
    List<MetricPoint> points = series == null ? null : series.get(key);
    if (points == null) {
      return List.of();
    }
    List<MetricPoint> sorted = new ArrayList<>(points);
    // List.sort is stable, so insertion order breaks the remaining ties.
    sorted.sort(Comparator.comparingLong(MetricPoint::step).thenComparing(MetricPoint::timestamp));
    return List.copyOf(sorted);
  }

  @Override
  public Map<String, MetricPoint> latestMetrics(String runId) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    Map<String, List<MetricPoint>> series = state.metrics.get(runId);
    if (series == null) {
      return Map.of();
    }
    TreeMap<String, MetricPoint> latest = new TreeMap<>();
    for (Map.Entry<String, List<MetricPoint>> e : series.entrySet()) {
      MetricPoint best = null;
      for (MetricPoint p : e.getValue()) {
        // ">=" on the timestamp lets a later insertion win a full tie.
        if (best == null
            || p.step() > best.step()
            || (p.step() == best.step() && !p.timestamp().isBefore(best.timestamp()))) {
          best = p;
        }
      }
      if (best != null) {
        latest.put(e.getKey(), best);
      }
    }
    return Collections.unmodifiableMap(latest);
  }

  @Override
  public void setTags(String runId, Map<String, String> tags) {
    InMemoryUndoLog log = writable("setTags");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tags, "tags");
    Map<String, String> checked = new TreeMap<>();
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String key = Names.requireKey(e.getKey(), "tag key");
      checked.put(
          key, Names.requireValue(e.getValue(), "tag '" + key + "'", Names.MAX_VALUE_LENGTH));
    }
    requireRun(runId);
    if (checked.isEmpty()) {
      return;
    }
    TreeMap<String, String> target = log.child(state.tags, runId, TreeMap::new);
    checked.forEach((k, v) -> log.put(target, k, v));
  }

  @Override
  public boolean deleteTag(String runId, String key) {
    InMemoryUndoLog log = writable("deleteTag");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
    Map<String, String> target = state.tags.get(runId);
    return target != null && target.containsKey(key) && log.remove(target, key) != null;
  }

  @Override
  public Map<String, String> tags(String runId) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    return sortedCopy(state.tags.get(runId));
  }

  @Override
  public boolean registerBatch(String runId, String batchId) {
    InMemoryUndoLog log = writable("registerBatch");
    Objects.requireNonNull(runId, "runId");
    Names.requireName(batchId, "batch id");
    requireRun(runId);
    return log.add(log.child(state.batches, runId, HashSet::new), batchId);
  }

  private Run requireRun(String runId) {
    Run run = state.runs.get(runId);
    if (run == null) {
      throw NotFoundException.of("run", runId);
    }
    return run;
  }

  // ---------------------------------------------------------------- lineage

  @Override
  public void recordLineageEvent(LineageEvent event) {
    InMemoryUndoLog log = writable("recordLineageEvent");
    Objects.requireNonNull(event, "event");
    requireArtifactVersion(event.artifact().name(), event.artifact().version());
    InMemoryState.LineageKey key =
        new InMemoryState.LineageKey(event.executionId(), event.artifact(), event.direction());
    if (state.lineage.containsKey(key)) {
      return;
    }
    log.put(state.lineage, key, event);
    log.append(log.child(state.lineageByArtifact, event.artifact(), ArrayList::new), event);
    log.append(log.child(state.lineageByExecution, event.executionId(), ArrayList::new), event);
  }

  @Override
  public List<LineageEvent> lineageEventsOfArtifact(ArtifactRef artifact) {
    checkOpen();
    Objects.requireNonNull(artifact, "artifact");
    return sorted(state.lineageByArtifact.get(artifact), BY_TIME_THEN_EXECUTION);
  }

  @Override
  public List<LineageEvent> lineageEventsOfExecution(String executionId) {
    checkOpen();
    Objects.requireNonNull(executionId, "executionId");
    return sorted(state.lineageByExecution.get(executionId), BY_TIME_THEN_ARTIFACT);
  }

  // ---------------------------------------------------------------- registry

  @Override
  public void createRegisteredModel(RegisteredModel model) {
    InMemoryUndoLog log = writable("createRegisteredModel");
    Objects.requireNonNull(model, "model");
    if (state.models.containsKey(model.name())) {
      throw ConflictException.of(
          "registered model '" + model.name() + "' already exists; use it or choose another name");
    }
    log.put(state.models, model.name(), model);
  }

  @Override
  public Optional<RegisteredModel> findRegisteredModel(String name) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(state.models.get(name));
  }

  @Override
  public List<RegisteredModel> listRegisteredModels(@Nullable String afterName, int limit) {
    checkOpen();
    checkLimit(limit);
    NavigableMap<String, RegisteredModel> page =
        afterName == null ? state.models : state.models.tailMap(afterName, false);
    return firstN(page.values(), limit);
  }

  @Override
  public ModelVersion createModelVersion(ModelVersionDraft draft) {
    InMemoryUndoLog log = writable("createModelVersion");
    Objects.requireNonNull(draft, "draft");
    requireModel(draft.modelName());
    ArtifactRef ref = draft.artifact();
    ArtifactVersion artifact = requireArtifactVersion(ref.name(), ref.version());
    if (artifact.isDeleted()) {
      throw new NotFoundException(
          "artifact '" + ref.name() + "' version " + ref.version(),
          "artifact '"
              + ref.name()
              + "' version "
              + ref.version()
              + " was deleted; register a live version as model '"
              + draft.modelName()
              + "'");
    }
    TreeMap<Long, ModelVersion> versions =
        log.child(state.modelVersions, draft.modelName(), TreeMap::new);
    long next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    ModelVersion created =
        new ModelVersion(
            draft.modelName(),
            next,
            ref,
            draft.runId(),
            draft.description(),
            draft.tags(),
            Stage.NONE,
            draft.createdAt());
    log.put(versions, next, created);
    return created;
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String modelName, long version) {
    checkOpen();
    Objects.requireNonNull(modelName, "modelName");
    Map<Long, ModelVersion> versions = state.modelVersions.get(modelName);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  @Override
  public List<ModelVersion> listModelVersions(String modelName, long afterVersion, int limit) {
    checkOpen();
    Objects.requireNonNull(modelName, "modelName");
    checkLimit(limit);
    TreeMap<Long, ModelVersion> versions = state.modelVersions.get(modelName);
    return versions == null
        ? List.of()
        : firstN(versions.tailMap(afterVersion, false).values(), limit);
  }

  @Override
  public ModelVersion setModelVersionStage(String modelName, long version, Stage stage) {
    InMemoryUndoLog log = writable("setModelVersionStage");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(stage, "stage");
    ModelVersion changed = requireModelVersion(modelName, version).withStage(stage);
    log.put(state.modelVersions.get(modelName), version, changed);
    return changed;
  }

  @Override
  public Optional<Long> setModelAlias(String modelName, String alias, long version) {
    InMemoryUndoLog log = writable("setModelAlias");
    Objects.requireNonNull(modelName, "modelName");
    Names.requireName(alias, "alias");
    requireModelVersion(modelName, version);
    return Optional.ofNullable(
        log.put(log.child(state.modelAliases, modelName, TreeMap::new), alias, version));
  }

  @Override
  public Optional<Long> removeModelAlias(String modelName, String alias) {
    InMemoryUndoLog log = writable("removeModelAlias");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(alias, "alias");
    Map<String, Long> aliases = state.modelAliases.get(modelName);
    return aliases == null ? Optional.empty() : Optional.ofNullable(log.remove(aliases, alias));
  }

  @Override
  public Optional<Long> findModelAlias(String modelName, String alias) {
    checkOpen();
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(alias, "alias");
    Map<String, Long> aliases = state.modelAliases.get(modelName);
    return aliases == null ? Optional.empty() : Optional.ofNullable(aliases.get(alias));
  }

  @Override
  public Map<String, Long> modelAliases(String modelName) {
    checkOpen();
    Objects.requireNonNull(modelName, "modelName");
    return sortedCopy(state.modelAliases.get(modelName));
  }

  @Override
  public void recordTransition(Transition transition) {
    InMemoryUndoLog log = writable("recordTransition");
    Objects.requireNonNull(transition, "transition");
    requireModel(transition.modelName());
    log.append(log.child(state.transitions, transition.modelName(), ArrayList::new), transition);
  }

  @Override
  public List<Transition> listTransitions(String modelName) {
    checkOpen();
    Objects.requireNonNull(modelName, "modelName");
    List<Transition> history = state.transitions.get(modelName);
    return history == null ? List.of() : List.copyOf(history);
  }

  private void requireModel(String name) {
    if (!state.models.containsKey(name)) {
      throw NotFoundException.of("registered model", name);
    }
  }

  private ModelVersion requireModelVersion(String modelName, long version) {
    requireModel(modelName);
    Map<Long, ModelVersion> versions = state.modelVersions.get(modelName);
    ModelVersion found = versions == null ? null : versions.get(version);
    if (found == null) {
      throw NotFoundException.of("model version", modelName + ":" + version);
    }
    return found;
  }

  // ---------------------------------------------------------------- audit log

  @Override
  public AuditCheckpoint lockAuditHead() {
    writable("lockAuditHead");
    // Write transactions are serialised by the store's write lock, so the head is already ours.
    auditHeadLocked = true;
    return head();
  }

  @Override
  public void appendAuditEvent(AuditEvent event) {
    InMemoryUndoLog log = writable("appendAuditEvent");
    Objects.requireNonNull(event, "event");
    if (!auditHeadLocked) {
      throw new IllegalStateException(
          "call lockAuditHead() in this transaction before appendAuditEvent");
    }
    AuditCheckpoint head = head();
    if (event.sequence() != head.sequence() + 1 || !event.previousHash().equals(head.headHash())) {
      throw ConflictException.of(
          "audit event "
              + event.sequence()
              + " with previous hash "
              + event.previousHash()
              + " does not extend the head "
              + head
              + "; build the event from the head returned by lockAuditHead()");
    }
    log.append(state.audit, event);
  }

  @Override
  public List<AuditEvent> listAuditEvents(long fromSequence, int limit) {
    checkOpen();
    checkLimit(limit);
    int size = state.audit.size();
    long from = Math.max(1, fromSequence);
    if (from > size) {
      return List.of();
    }
    int start = (int) (from - 1);
    return List.copyOf(state.audit.subList(start, (int) Math.min(size, start + (long) limit)));
  }

  private AuditCheckpoint head() {
    if (state.audit.isEmpty()) {
      return AuditCheckpoint.EMPTY;
    }
    AuditEvent last = state.audit.get(state.audit.size() - 1);
    return new AuditCheckpoint(last.sequence(), last.hash());
  }

  // ---------------------------------------------------------------- helpers

  private static <E> List<E> firstN(Iterable<E> items, int limit) {
    List<E> page = new ArrayList<>();
    for (E e : items) {
      if (page.size() == limit) {
        break;
      }
      page.add(e);
    }
    return List.copyOf(page);
  }

  private static <V> Map<String, V> sortedCopy(@Nullable Map<String, V> map) {
    return map == null || map.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(map));
  }

  private static List<LineageEvent> sorted(
      @Nullable List<LineageEvent> events, Comparator<LineageEvent> order) {
    if (events == null) {
      return List.of();
    }
    List<LineageEvent> copy = new ArrayList<>(events);
    copy.sort(order);
    return List.copyOf(copy);
  }

  // ---------------------------------------------------------------- pipeline steps and cache

  @Override
  public void recordStepExecution(StepExecution execution) {
    recordStepExecutions(List.of(Objects.requireNonNull(execution, "execution")));
  }

  /**
   * Checks the runs, then appends the list to the runs' column stores ({@link RunSteps}), with one
   * undo action per run instead of objects per execution: the pipeline engine records thousands of
   * executions per run. A duplicate id truncates what the call appended before it throws, so
   * nothing of the call is kept even when the work catches the exception and commits.
   */
  @Override
  public void recordStepExecutions(List<StepExecution> executions) {
    InMemoryUndoLog log = writable("recordStepExecutions");
    Objects.requireNonNull(executions, "executions");
    @Nullable String checkedRun = null;
    for (StepExecution e : executions) {
      Objects.requireNonNull(e, "execution");
      if (!e.runId().equals(checkedRun)) {
        if (!state.runs.containsKey(e.runId())) {
          throw NotFoundException.of("run", e.runId());
        }
        checkedRun = e.runId();
      }
    }
    Map<RunSteps, Integer> sizesBefore = new HashMap<>();
    List<String> foreign = new ArrayList<>();
    @Nullable RunSteps table = null;
    for (StepExecution e : executions) {
      if (table == null || !table.runId.equals(e.runId())) {
        RunSteps t = log.child(state.stepsByRun, e.runId(), () -> new RunSteps(e.runId()));
        if (sizesBefore.putIfAbsent(t, t.size()) == null) {
          log.undo(() -> t.truncate(sizesBefore.get(t)));
        }
        table = t;
      }
      String id = e.executionId();
      boolean runDotStep = RunSteps.isRunDotStep(id, e.runId(), e.step());
      // the id may be held by another table only if it is foreign to its run, or another of
      // its dots could end a run id; else this table's own check below is the whole check
      boolean elsewhere =
          !state.foreignStepIds.isEmpty()
              || !runDotStep
              || id.indexOf('.') != e.runId().length()
              || id.indexOf('.', e.runId().length() + 1) >= 0;
      if ((elsewhere && locate(id) != null) || !table.addIfAbsent(e, runDotStep)) {
        sizesBefore.forEach((t, n) -> t.truncate(n));
        foreign.forEach(state.foreignStepIds::remove);
        throw ConflictException.of(
            "step execution '" + id + "' was recorded before; an execution is recorded once");
      }
      if (!runDotStep) {
        log.put(state.foreignStepIds, id, e.runId());
        foreign.add(id);
      }
    }
  }

  /**
   * Finds the table and row of an execution id: through the ids that are not {@code
   * <runId>.<step>}, else in the table of each run id the id may start with.
   */
  private @Nullable StepRow locate(String executionId) {
    String foreignRun = state.foreignStepIds.get(executionId);
    if (foreignRun != null) {
      RunSteps t = Objects.requireNonNull(state.stepsByRun.get(foreignRun));
      int row = t.find(executionId);
      return row < 0 ? null : new StepRow(t, row);
    }
    for (int dot = executionId.indexOf('.'); dot > 0; dot = executionId.indexOf('.', dot + 1)) {
      RunSteps t = state.stepsByRun.get(executionId.substring(0, dot));
      if (t != null) {
        int row = t.find(executionId);
        if (row >= 0) {
          return new StepRow(t, row);
        }
      }
    }
    return null;
  }

  private record StepRow(RunSteps table, int row) {}

  @Override
  public Optional<StepExecution> findStepExecution(String executionId) {
    checkOpen();
    Objects.requireNonNull(executionId, "executionId");
    StepRow at = locate(executionId);
    return at == null ? Optional.empty() : Optional.of(at.table().get(at.row()));
  }

  @Override
  public List<StepExecution> listStepExecutions(String runId) {
    checkOpen();
    Objects.requireNonNull(runId, "runId");
    RunSteps t = state.stepsByRun.get(runId);
    if (t == null || t.size() == 0) {
      return List.of();
    }
    List<StepExecution> sorted = new ArrayList<>(t.size());
    for (int row = 0; row < t.size(); row++) {
      sorted.add(t.get(row));
    }
    sorted.sort(
        Comparator.comparing(StepExecution::step).thenComparing(StepExecution::executionId));
    return List.copyOf(sorted);
  }

  @Override
  public void putStepCacheEntry(StepCacheEntry entry) {
    InMemoryUndoLog log = writable("putStepCacheEntry");
    Objects.requireNonNull(entry, "entry");
    for (ArtifactRef ref : entry.outputs().values()) {
      requireArtifactVersion(ref.name(), ref.version());
    }
    StepCacheEntry old = log.put(state.stepCache, entry.key(), entry);
    if (old != null) {
      log.remove(state.stepCacheByStep.get(List.of(old.pipeline(), old.step())), old.key());
    }
    log.put(
        log.child(state.stepCacheByStep, List.of(entry.pipeline(), entry.step()), HashMap::new),
        entry.key(),
        entry);
  }

  @Override
  public Optional<StepCacheEntry> findStepCacheEntry(String key) {
    checkOpen();
    Objects.requireNonNull(key, "key");
    return Optional.ofNullable(state.stepCache.get(key));
  }

  @Override
  public Optional<StepCacheEntry> latestStepCacheEntry(String pipeline, String step) {
    checkOpen();
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(step, "step");
    Map<String, StepCacheEntry> ofStep = state.stepCacheByStep.get(List.of(pipeline, step));
    if (ofStep == null) {
      return Optional.empty();
    }
    return ofStep.values().stream()
        .max(Comparator.comparing(StepCacheEntry::createdAt).thenComparing(StepCacheEntry::key));
  }

  @Override
  public int deleteStepCacheEntries(String pipeline, String step) {
    InMemoryUndoLog log = writable("deleteStepCacheEntries");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(step, "step");
    return deleteCacheEntries(log, e -> e.pipeline().equals(pipeline) && e.step().equals(step));
  }

  @Override
  public int deleteStepCacheEntriesOfRun(String runId) {
    InMemoryUndoLog log = writable("deleteStepCacheEntriesOfRun");
    Objects.requireNonNull(runId, "runId");
    return deleteCacheEntries(log, e -> e.runId().equals(runId));
  }

  private int deleteCacheEntries(
      InMemoryUndoLog log, java.util.function.Predicate<StepCacheEntry> which) {
    List<String> keys =
        state.stepCache.values().stream().filter(which).map(StepCacheEntry::key).toList();
    for (String k : keys) {
      StepCacheEntry old = log.remove(state.stepCache, k);
      if (old != null) {
        log.remove(state.stepCacheByStep.get(List.of(old.pipeline(), old.step())), k);
      }
    }
    return keys.size();
  }
}
