package dev.mlops.core;

import dev.mlops.api.ConflictException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunBuilder;
import dev.mlops.api.tracking.RunContext;
import dev.mlops.api.tracking.Tracking;
import dev.mlops.spi.MetadataStore;
import dev.mlops.spi.MetadataTransaction;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Tracking} service over a metadata store.
 *
 * <p>Every write is one transaction; state changes (experiment created, run created, run ended)
 * append their audit event through {@link AuditChain} in that same transaction. Parameters,
 * metrics, tags and notes are not audited: they are the high-volume part of tracking, and the audit
 * chain serialises every writer on its head. Thread-safe: it holds no mutable state.
 */
final class DefaultTracking implements Tracking {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultTracking.class);

  static final String EXPERIMENT_CREATED = "experiment.created";
  static final String RUN_CREATED = "run.created";
  static final String RUN_ENDED = "run.ended";

  final MetadataStore metadata;
  final InstantSource clock;
  final String actor;
  final AuditChain audit;
  final Runnable ensureOpen;
  final StoreArtifactRepository artifacts;
  private final Supplier<String> ids;
  private final RunJson json = new RunJson();

  DefaultTracking(
      MetadataStore metadata,
      InstantSource clock,
      String actor,
      AuditChain audit,
      Runnable ensureOpen,
      StoreArtifactRepository artifacts,
      Supplier<String> ids) {
    this.metadata = metadata;
    this.clock = clock;
    this.actor = actor;
    this.audit = audit;
    this.ensureOpen = ensureOpen;
    this.artifacts = artifacts;
    this.ids = ids;
  }

  /** Random UUIDs (from {@link java.security.SecureRandom}): legal names, unique in practice. */
  static Supplier<String> randomIds() {
    return () -> UUID.randomUUID().toString();
  }

  String newId() {
    return Names.requireName(ids.get(), "generated id");
  }

  // ---------------------------------------------------------------- experiments

  @Override
  public Experiment experiment(String name) {
    Names.requireName(name, "experiment name");
    ensureOpen.run();
    Optional<Experiment> found = metadata.read(tx -> tx.findExperimentByName(name));
    if (found.isPresent()) {
      return found.get();
    }
    try {
      return metadata.inTransaction(tx -> getOrCreateExperiment(tx, name));
    } catch (ConflictException e) {
      // Another process created it between our read and our write (PostgreSQL: unique name).
      return metadata.read(tx -> tx.findExperimentByName(name)).orElseThrow(() -> e);
    }
  }

  private Experiment getOrCreateExperiment(MetadataTransaction tx, String name) {
    Optional<Experiment> found = tx.findExperimentByName(name);
    if (found.isPresent()) {
      return found.get();
    }
    Instant now = clock.instant();
    Experiment created = new Experiment(newId(), name, now);
    tx.createExperiment(created);
    audit.append(
        tx,
        now,
        actor,
        EXPERIMENT_CREATED,
        "experiment/" + name,
        Map.of("experiment_id", created.id()));
    LOG.debug("created experiment {} ({})", name, created.id());
    return created;
  }

  @Override
  public Optional<Experiment> findExperiment(String name) {
    Names.requireName(name, "experiment name");
    ensureOpen.run();
    return metadata.read(tx -> tx.findExperimentByName(name));
  }

  // ---------------------------------------------------------------- runs

  @Override
  public RunBuilder startRun(String experimentName) {
    Names.requireName(experimentName, "experiment name");
    return new Builder(experimentName);
  }

  @Override
  public ActiveRun resume(String runId) {
    run(runId);
    return new DefaultActiveRun(this, runId);
  }

  @Override
  public Run run(String runId) {
    Names.requireName(runId, "run id");
    ensureOpen.run();
    return metadata.read(tx -> requireRun(tx, runId));
  }

  static Run requireRun(MetadataTransaction tx, String runId) {
    return tx.findRun(runId).orElseThrow(() -> NotFoundException.of("run", runId));
  }

  @Override
  public Map<String, Param> params(String runId) {
    return readOfRun(runId, tx -> tx.params(runId));
  }

  @Override
  public Map<String, MetricPoint> latestMetrics(String runId) {
    return readOfRun(runId, tx -> tx.latestMetrics(runId));
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    Names.requireKey(key, "metric key");
    return readOfRun(runId, tx -> tx.metricHistory(runId, key));
  }

  @Override
  public Map<String, String> tags(String runId) {
    return readOfRun(runId, tx -> tx.tags(runId));
  }

  private <T> T readOfRun(String runId, java.util.function.Function<MetadataTransaction, T> read) {
    Names.requireName(runId, "run id");
    ensureOpen.run();
    return metadata.read(
        tx -> {
          requireRun(tx, runId);
          return read.apply(tx);
        });
  }

  @Override
  public List<Run> listRuns(String experimentName, @Nullable String afterRunId, int limit) {
    Names.requireName(experimentName, "experiment name");
    if (afterRunId != null) {
      Names.requireName(afterRunId, "run id");
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", but was " + limit);
    }
    ensureOpen.run();
    return metadata.read(
        tx ->
            tx.findExperimentByName(experimentName)
                .map(e -> tx.listRuns(e.id(), afterRunId, limit))
                .orElse(List.of()));
  }

  // ---------------------------------------------------------------- JSON

  @Override
  public void exportRun(String runId, OutputStream out) {
    Names.requireName(runId, "run id");
    Objects.requireNonNull(out, "out");
    ensureOpen.run();
    RunJson.Document doc =
        metadata.read(
            tx -> {
              Run run = requireRun(tx, runId);
              String experimentName =
                  tx.findExperiment(run.experimentId())
                      .map(Experiment::name)
                      .orElseThrow(() -> NotFoundException.of("experiment", run.experimentId()));
              List<MetricPoint> points = new java.util.ArrayList<>();
              for (String key : tx.latestMetrics(runId).keySet()) {
                points.addAll(tx.metricHistory(runId, key));
              }
              return new RunJson.Document(
                  run,
                  experimentName,
                  List.copyOf(tx.params(runId).values()),
                  tx.tags(runId),
                  points);
            });
    json.write(doc, out);
  }

  @Override
  public Run importRun(InputStream in) {
    Objects.requireNonNull(in, "in");
    return importAs(json.read(in), newId());
  }

  @Override
  public Run importRun(InputStream in, String runId) {
    Objects.requireNonNull(in, "in");
    Names.requireName(runId, "run id");
    return importAs(json.read(in), runId);
  }

  private Run importAs(RunJson.Document doc, String runId) {
    ensureOpen.run();
    Experiment experiment = experiment(doc.experimentName());
    Run source = doc.run();
    return metadata.inTransaction(
        tx -> {
          if (tx.findRun(runId).isPresent()) {
            throw ConflictException.of(
                "run '" + runId + "' already exists; import under another id or a new one");
          }
          String parent = source.parentRunId();
          if (parent != null && tx.findRun(parent).isEmpty()) {
            parent = null;
          }
          Run run =
              new Run(
                  runId,
                  experiment.id(),
                  parent,
                  source.name(),
                  source.status(),
                  source.startTime(),
                  source.endTime(),
                  source.note());
          tx.createRun(run);
          if (!doc.params().isEmpty()) {
            tx.logParams(runId, doc.params());
          }
          if (!doc.metrics().isEmpty()) {
            tx.logMetrics(runId, doc.metrics());
          }
          if (!doc.tags().isEmpty()) {
            tx.setTags(runId, doc.tags());
          }
          Map<String, String> details = new LinkedHashMap<>();
          details.put("experiment", experiment.name());
          details.put("imported_from", source.id());
          details.put("status", source.status().name());
          audit.append(tx, clock.instant(), actor, RUN_CREATED, "run/" + runId, details);
          return run;
        });
  }

  // ---------------------------------------------------------------- starting a run

  /** Collects the options of one run; not thread-safe. */
  private final class Builder implements RunBuilder {
    private final String experimentName;
    private @Nullable String name;
    private @Nullable String parent;
    private @Nullable String runId;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private boolean git = true;
    private @Nullable Path workingDirectory;
    private boolean started;

    Builder(String experimentName) {
      this.experimentName = experimentName;
    }

    @Override
    public RunBuilder name(String runName) {
      this.name = Names.requireValue(runName, "run name", Names.MAX_NAME_LENGTH);
      return this;
    }

    @Override
    public RunBuilder parent(String parentRunId) {
      this.parent = Names.requireName(parentRunId, "parent run id");
      return this;
    }

    @Override
    public RunBuilder runId(String id) {
      this.runId = Names.requireName(id, "run id");
      return this;
    }

    @Override
    public RunBuilder context(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (!RunContext.KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "'" + key + "' is not a run context key; use one of " + RunContext.KEYS);
      }
      overrides.put(
          key, Names.requireValue(value, "context '" + key + "'", Names.MAX_VALUE_LENGTH));
      return this;
    }

    @Override
    public RunBuilder withoutGit() {
      this.git = false;
      return this;
    }

    @Override
    public RunBuilder workingDirectory(Path directory) {
      this.workingDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    @Override
    public ActiveRun start() {
      if (started) {
        throw new IllegalStateException("this run builder was started before; call startRun again");
      }
      started = true;
      ensureOpen.run();
      Instant start = clock.instant();
      Map<String, String> context =
          RunContextCapture.capture(start, git, workingDirectory, overrides);
      String id = runId != null ? runId : newId();
      Experiment experiment = experiment(experimentName);
      String parentId = parent;
      String runName = name;
      metadata.inTransaction(
          tx -> {
            if (parentId != null) {
              requireRun(tx, parentId);
            }
            if (tx.findRun(id).isPresent()) {
              throw ConflictException.of(
                  "run '" + id + "' already exists; choose another run id or leave it unset");
            }
            tx.createRun(Run.start(id, experiment.id(), parentId, runName, start));
            tx.setTags(id, context);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("experiment", experiment.name());
            if (parentId != null) {
              details.put("parent", parentId);
            }
            audit.append(tx, start, actor, RUN_CREATED, "run/" + id, details);
            return null;
          });
      LOG.debug("started run {} in experiment {}", id, experimentName);
      return new DefaultActiveRun(DefaultTracking.this, id);
    }
  }
}
