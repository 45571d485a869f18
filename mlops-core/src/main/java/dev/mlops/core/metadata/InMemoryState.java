package dev.mlops.core.metadata;

import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.spi.StepCacheEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of an {@link InMemoryMetadataStore}. Values are immutable records; the collections are
 * mutable and changed only through an {@link InMemoryUndoLog} by a write transaction.
 *
 * <p>Not thread-safe: guarded by the store's read-write lock.
 */
final class InMemoryState {
  /** Orders artifact references by name (code point order, as names are ASCII), then version. */
  static final Comparator<ArtifactRef> REF_ORDER =
      Comparator.comparing(ArtifactRef::name).thenComparingLong(ArtifactRef::version);

  /** The identity of a lineage edge: recording it again keeps the first event. */
  record LineageKey(String executionId, ArtifactRef artifact, Direction direction) {}

  // artifacts: name -> version -> version record (tombstones included)
  final TreeMap<String, TreeMap<Long, ArtifactVersion>> artifactVersions = new TreeMap<>();
  // artifacts: name -> alias -> version
  final Map<String, TreeMap<String, Long>> artifactAliases = new HashMap<>();
  // every version (live or not) ever created with a digest
  final Map<Digest, TreeSet<ArtifactRef>> versionsByDigest = new HashMap<>();

  // tracking
  final TreeMap<String, Experiment> experiments = new TreeMap<>();
  final Map<String, String> experimentIdsByName = new HashMap<>();
  final Map<String, Run> runs = new HashMap<>();
  final Map<String, TreeSet<String>> runIdsByExperiment = new HashMap<>();
  final Map<String, TreeMap<String, Param>> params = new HashMap<>();
  // run -> key -> points in insertion order
  final Map<String, TreeMap<String, List<MetricPoint>>> metrics = new HashMap<>();
  final Map<String, TreeMap<String, String>> tags = new HashMap<>();
  final Map<String, HashSet<String>> batches = new HashMap<>();

  // lineage
  final Map<LineageKey, LineageEvent> lineage = new HashMap<>();
  final Map<ArtifactRef, List<LineageEvent>> lineageByArtifact = new HashMap<>();
  final Map<String, List<LineageEvent>> lineageByExecution = new HashMap<>();

  // registry
  final TreeMap<String, RegisteredModel> models = new TreeMap<>();
  final Map<String, TreeMap<Long, ModelVersion>> modelVersions = new HashMap<>();
  final Map<String, TreeMap<String, Long>> modelAliases = new HashMap<>();
  final Map<String, List<Transition>> transitions = new HashMap<>();

  // pipeline step executions: run -> its executions, column-wise; id -> run for the ids that are
  // not <runId>.<step> (the others are found from the id)
  final Map<String, RunSteps> stepsByRun = new HashMap<>();
  final Map<String, String> foreignStepIds = new HashMap<>();
  // pipeline cache: key -> entry
  final Map<String, StepCacheEntry> stepCache = new HashMap<>();
  // pipeline cache: (pipeline, step) -> key -> entry, to find a step's latest entry quickly
  final Map<List<String>, Map<String, StepCacheEntry>> stepCacheByStep = new HashMap<>();

  // audit: the event with sequence n is at index n - 1
  final List<AuditEvent> audit = new ArrayList<>();
}
