package dev.mlops.core.metadata;

import dev.mlops.api.ConflictException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.NotFoundException;
import dev.mlops.api.StorageException;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.artifact.Digest;
import dev.mlops.api.audit.AuditCheckpoint;
import dev.mlops.api.audit.AuditEvent;
import dev.mlops.api.lineage.Direction;
import dev.mlops.api.lineage.LineageEvent;
import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.api.registry.TransitionKind;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.api.tracking.query.SortValue;
import dev.mlops.core.internal.CrashPoints;
import dev.mlops.spi.ArtifactVersionDraft;
import dev.mlops.spi.MetadataTransaction;
import dev.mlops.spi.ModelVersionDraft;
import dev.mlops.spi.StepCacheEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One transaction of a {@link JdbcMetadataStore}: every operation of the SPI as SQL with bound
 * parameters on one connection, inside a transaction the store began and will end. No text from a
 * caller ever becomes part of an SQL statement.
 *
 * <p>Not thread-safe: valid only on the thread that runs the work, and only during that call.
 *
 * <p>Retries: an operation that hits a busy database or loses a race to a concurrent writer records
 * it and throws {@link JdbcRetryableException}; the store then rolls back and runs the work again.
 * Version numbers are {@code MAX(version) + 1}, inserted with {@code ON CONFLICT DO NOTHING} and
 * recomputed in the same transaction when another writer took the number first (under PostgreSQL's
 * READ COMMITTED each statement sees the latest commits, so this converges without restarting the
 * work; under SQLite writers are serialised and the first attempt wins).
 */
final class JdbcTransaction implements MetadataTransaction {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Value classes of a stored metric value; see the schema. */
  private static final int VALUE_EXACT = 0;

  private static final int VALUE_NAN = 1;
  private static final int VALUE_NEGATIVE_ZERO = 2;

  /** How often one transaction recomputes a version number before the work is retried. */
  private static final int VERSION_ATTEMPTS = 50;

  private static final String ARTIFACT_COLUMNS =
      "name, version, kind, digest, size, media_type, properties, created_at, created_by_run,"
          + " deleted_at";
  private static final String RUN_COLUMNS =
      "id, experiment_id, parent_run_id, name, status, start_time, end_time, note";
  private static final String MODEL_VERSION_COLUMNS =
      "model_name, version, artifact_name, artifact_version, run_id, description, tags, stage,"
          + " created_at";
  private static final String AUDIT_COLUMNS =
      "sequence, time, actor, action, subject, details, previous_hash, hash";
  private static final String TRANSITION_COLUMNS =
      "model_name, version, kind, alias, from_value, to_value, actor, reason, time";

  @FunctionalInterface
  private interface Sql<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  private interface Binder<T> {
    void bind(PreparedStatement ps, T row) throws SQLException;
  }

  private final JdbcDialect dialect;
  private final Connection connection;
  private final boolean writable;
  private final String store;
  private final Thread owner;
  private boolean open = true;
  private @Nullable SQLException retryCause;
  private boolean connectionBroken;
  private @Nullable AuditCheckpoint lockedHead;

  JdbcTransaction(JdbcDialect dialect, Connection connection, boolean writable, String store) {
    this.dialect = dialect;
    this.connection = connection;
    this.writable = writable;
    this.store = store;
    this.owner = Thread.currentThread();
  }

  /** Ends the validity of this object; later calls throw {@link IllegalStateException}. */
  void close() {
    open = false;
  }

  /** The failure that requires the work to run again, if one happened. */
  @Nullable SQLException retryCause() {
    return retryCause;
  }

  /** Whether the connection failed and must be discarded. */
  boolean connectionBroken() {
    return connectionBroken;
  }

  // ---------------------------------------------------------------- artifact versions

  @Override
  public ArtifactVersion createArtifactVersion(ArtifactVersionDraft draft) {
    String op = "createArtifactVersion";
    checkWrite(op);
    Objects.requireNonNull(draft, "draft");
    long createdAt = nanos(draft.createdAt(), "createdAt");
    String properties = JdbcStringMaps.encode(draft.properties());
    return sql(
        op,
        () -> {
          for (int attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
            long next =
                queryLong(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM artifact_versions WHERE name = ?",
                    draft.name());
            int inserted =
                update(
                    "INSERT INTO artifact_versions ("
                        + ARTIFACT_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT DO NOTHING",
                    draft.name(),
                    next,
                    draft.kind(),
                    draft.digest().hex(),
                    draft.size(),
                    draft.mediaType(),
                    properties,
                    createdAt,
                    draft.createdByRun());
            if (inserted == 1) {
              return new ArtifactVersion(
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
            }
          }
          throw retry(op, new SQLException("version of '" + draft.name() + "' kept colliding"));
        });
  }

  @Override
  public Optional<ArtifactVersion> findArtifactVersion(String name, long version) {
    String op = "findArtifactVersion";
    check(op);
    Objects.requireNonNull(name, "name");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT "
                    + ARTIFACT_COLUMNS
                    + " FROM artifact_versions WHERE name = ? AND version = ?",
                JdbcTransaction::artifactVersion,
                name,
                version));
  }

  @Override
  public Optional<ArtifactVersion> findLatestArtifactVersion(String name) {
    String op = "findLatestArtifactVersion";
    check(op);
    Objects.requireNonNull(name, "name");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT "
                    + ARTIFACT_COLUMNS
                    + " FROM artifact_versions WHERE name = ? AND deleted_at IS NULL"
                    + " ORDER BY version DESC LIMIT 1",
                JdbcTransaction::artifactVersion,
                name));
  }

  @Override
  public List<ArtifactVersion> listArtifactVersions(String name, long afterVersion, int limit) {
    String op = "listArtifactVersions";
    check(op);
    Objects.requireNonNull(name, "name");
    checkLimit(limit);
    return sql(
        op,
        () ->
            queryList(
                "SELECT "
                    + ARTIFACT_COLUMNS
                    + " FROM artifact_versions WHERE name = ? AND version > ?"
                    + " ORDER BY version LIMIT ?",
                JdbcTransaction::artifactVersion,
                name,
                afterVersion,
                limit));
  }

  @Override
  public List<String> listArtifactNames(@Nullable String afterName, int limit) {
    String op = "listArtifactNames";
    check(op);
    checkLimit(limit);
    return sql(
        op,
        () ->
            afterName == null
                ? queryList(
                    "SELECT DISTINCT name FROM artifact_versions ORDER BY name LIMIT ?",
                    rs -> rs.getString(1),
                    limit)
                : queryList(
                    "SELECT DISTINCT name FROM artifact_versions WHERE name > ?"
                        + " ORDER BY name LIMIT ?",
                    rs -> rs.getString(1),
                    afterName,
                    limit));
  }

  @Override
  public ArtifactVersion markArtifactVersionDeleted(String name, long version, Instant at) {
    String op = "markArtifactVersionDeleted";
    checkWrite(op);
    Objects.requireNonNull(name, "name");
    long deletedAt = nanos(at, "at");
    return sql(
        op,
        () -> {
          Optional<ArtifactVersion> found =
              queryOne(
                  "SELECT "
                      + ARTIFACT_COLUMNS
                      + " FROM artifact_versions WHERE name = ? AND version = ?"
                      + dialect.forUpdate(),
                  JdbcTransaction::artifactVersion,
                  name,
                  version);
          if (found.isEmpty()) {
            throw artifactVersionNotFound(name, version);
          }
          ArtifactVersion v = found.get();
          if (v.isDeleted()) {
            return v;
          }
          update(
              "UPDATE artifact_versions SET deleted_at = ? WHERE name = ? AND version = ?",
              deletedAt,
              name,
              version);
          return v.withDeletedAt(at);
        });
  }

  @Override
  public List<ArtifactRef> liveArtifactVersionsWithDigest(Digest digest) {
    String op = "liveArtifactVersionsWithDigest";
    check(op);
    Objects.requireNonNull(digest, "digest");
    return sql(
        op,
        () ->
            queryList(
                "SELECT name, version FROM artifact_versions"
                    + " WHERE digest = ? AND deleted_at IS NULL ORDER BY name, version",
                rs -> new ArtifactRef(rs.getString(1), rs.getLong(2)),
                digest.hex()));
  }

  @Override
  public Optional<Long> setArtifactAlias(String name, String alias, long version) {
    String op = "setArtifactAlias";
    checkWrite(op);
    Objects.requireNonNull(name, "name");
    Names.requireName(alias, "alias");
    return sql(
        op,
        () -> {
          Optional<Boolean> deleted =
              queryOne(
                  "SELECT deleted_at IS NOT NULL FROM artifact_versions"
                      + " WHERE name = ? AND version = ?",
                  rs -> rs.getBoolean(1),
                  name,
                  version);
          if (deleted.isEmpty()) {
            throw artifactVersionNotFound(name, version);
          }
          if (deleted.get()) {
            throw new NotFoundException(
                "artifact '" + name + "' version " + version,
                "artifact '"
                    + name
                    + "' version "
                    + version
                    + " is deleted; point alias '"
                    + alias
                    + "' at a live version");
          }
          return upsertAlias(op, "artifact_aliases", "name", name, alias, version);
        });
  }

  @Override
  public Optional<Long> findArtifactAlias(String name, String alias) {
    String op = "findArtifactAlias";
    check(op);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alias, "alias");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT version FROM artifact_aliases WHERE name = ? AND alias = ?",
                rs -> rs.getLong(1),
                name,
                alias));
  }

  @Override
  public Optional<Long> removeArtifactAlias(String name, String alias) {
    String op = "removeArtifactAlias";
    checkWrite(op);
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alias, "alias");
    return sql(op, () -> removeAlias("artifact_aliases", "name", name, alias));
  }

  // ---------------------------------------------------------------- experiments and runs

  @Override
  public void createExperiment(Experiment experiment) {
    String op = "createExperiment";
    checkWrite(op);
    Objects.requireNonNull(experiment, "experiment");
    long createdAt = nanos(experiment.createdAt(), "createdAt");
    sql(
        op,
        () -> {
          int inserted =
              update(
                  "INSERT INTO experiments (id, name, created_at) VALUES (?, ?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  experiment.id(),
                  experiment.name(),
                  createdAt);
          if (inserted == 1) {
            return null;
          }
          if (queryOne("SELECT 1 FROM experiments WHERE id = ?", rs -> 1, experiment.id())
              .isPresent()) {
            throw ConflictException.of(
                "experiment id '" + experiment.id() + "' is taken; choose another id");
          }
          String holder =
              queryOne(
                      "SELECT id FROM experiments WHERE name = ?",
                      rs -> rs.getString(1),
                      experiment.name())
                  .orElse("?");
          throw ConflictException.of(
              "experiment name '"
                  + experiment.name()
                  + "' is taken by experiment '"
                  + holder
                  + "'; use that experiment or choose another name");
        });
  }

  @Override
  public Optional<Experiment> findExperiment(String id) {
    String op = "findExperiment";
    check(op);
    Objects.requireNonNull(id, "id");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT id, name, created_at FROM experiments WHERE id = ?",
                JdbcTransaction::experiment,
                id));
  }

  @Override
  public Optional<Experiment> findExperimentByName(String name) {
    String op = "findExperimentByName";
    check(op);
    Objects.requireNonNull(name, "name");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT id, name, created_at FROM experiments WHERE name = ?",
                JdbcTransaction::experiment,
                name));
  }

  @Override
  public List<Experiment> listExperiments(@Nullable String afterId, int limit) {
    String op = "listExperiments";
    check(op);
    checkLimit(limit);
    return sql(
        op,
        () ->
            afterId == null
                ? queryList(
                    "SELECT id, name, created_at FROM experiments ORDER BY id LIMIT ?",
                    JdbcTransaction::experiment,
                    limit)
                : queryList(
                    "SELECT id, name, created_at FROM experiments WHERE id > ?"
                        + " ORDER BY id LIMIT ?",
                    JdbcTransaction::experiment,
                    afterId,
                    limit));
  }

  @Override
  public void createRun(Run run) {
    String op = "createRun";
    checkWrite(op);
    Objects.requireNonNull(run, "run");
    long start = nanos(run.startTime(), "startTime");
    Long end = run.endTime() == null ? null : nanos(run.endTime(), "endTime");
    sql(
        op,
        () -> {
          if (exists("SELECT 1 FROM runs WHERE id = ?", run.id())) {
            throw runIdTaken(run.id());
          }
          if (!exists("SELECT 1 FROM experiments WHERE id = ?", run.experimentId())) {
            throw NotFoundException.of("experiment", run.experimentId());
          }
          if (run.parentRunId() != null
              && !exists("SELECT 1 FROM runs WHERE id = ?", run.parentRunId())) {
            throw NotFoundException.of("parent run", run.parentRunId());
          }
          int inserted =
              update(
                  "INSERT INTO runs ("
                      + RUN_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                  run.id(),
                  run.experimentId(),
                  run.parentRunId(),
                  run.name(),
                  run.status().name(),
                  start,
                  end,
                  run.note());
          if (inserted != 1) {
            throw runIdTaken(run.id());
          }
          return null;
        });
  }

  @Override
  public void updateRun(Run run) {
    String op = "updateRun";
    checkWrite(op);
    Objects.requireNonNull(run, "run");
    Long end = run.endTime() == null ? null : nanos(run.endTime(), "endTime");
    sql(
        op,
        () -> {
          Run stored =
              queryOne(
                      "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?" + dialect.forUpdate(),
                      JdbcTransaction::run,
                      run.id())
                  .orElseThrow(() -> NotFoundException.of("run", run.id()));
          requireUnchanged(run, "experimentId", stored.experimentId(), run.experimentId());
          requireUnchanged(run, "parentRunId", stored.parentRunId(), run.parentRunId());
          requireUnchanged(run, "startTime", stored.startTime(), run.startTime());
          update(
              "UPDATE runs SET name = ?, status = ?, end_time = ?, note = ? WHERE id = ?",
              run.name(),
              run.status().name(),
              end,
              run.note(),
              run.id());
          return null;
        });
  }

  @Override
  public Optional<Run> findRun(String runId) {
    String op = "findRun";
    check(op);
    Objects.requireNonNull(runId, "runId");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?", JdbcTransaction::run, runId));
  }

  @Override
  public List<Run> listRuns(String experimentId, @Nullable String afterRunId, int limit) {
    String op = "listRuns";
    check(op);
    Objects.requireNonNull(experimentId, "experimentId");
    checkLimit(limit);
    return sql(
        op,
        () ->
            afterRunId == null
                ? queryList(
                    "SELECT "
                        + RUN_COLUMNS
                        + " FROM runs WHERE experiment_id = ? ORDER BY id LIMIT ?",
                    JdbcTransaction::run,
                    experimentId,
                    limit)
                : queryList(
                    "SELECT "
                        + RUN_COLUMNS
                        + " FROM runs WHERE experiment_id = ? AND id > ? ORDER BY id LIMIT ?",
                    JdbcTransaction::run,
                    experimentId,
                    afterRunId,
                    limit));
  }

  @Override
  public RunPage searchRuns(RunQuery query) {
    String op = "searchRuns";
    check(op);
    Objects.requireNonNull(query, "query");
    JdbcRunSearch.Statement st = JdbcRunSearch.build(dialect, RUN_COLUMNS, query);
    record Hit(Run run, List<SortValue> values) {}
    List<Hit> hits =
        sql(
            op,
            () ->
                queryList(
                    st.sql(),
                    rs -> {
                      Run run = run(rs);
                      return new Hit(run, st.sortValues(rs, run));
                    },
                    st.args().toArray()));
    int size = query.pageSize();
    List<Run> runs = new ArrayList<>(Math.min(size, hits.size()));
    for (int i = 0; i < Math.min(size, hits.size()); i++) {
      runs.add(hits.get(i).run());
    }
    if (hits.size() <= size) {
      return RunPage.last(runs);
    }
    Hit last = hits.get(size - 1);
    return new RunPage(runs, query.cursorAfter(last.values(), last.run().id()));
  }

  @Override
  public void logParams(String runId, List<Param> params) {
    String op = "logParams";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(params, "params");
    Map<String, Param> wanted = new LinkedHashMap<>();
    for (Param p : params) {
      Objects.requireNonNull(p, "params element");
      Param before = wanted.putIfAbsent(p.key(), p);
      if (before != null && !before.equals(p)) {
        throw new IllegalArgumentException(
            "parameter '"
                + p.key()
                + "' occurs twice with different values ("
                + before.value()
                + " and "
                + p.value()
                + "); log each key once");
      }
    }
    sql(
        op,
        () -> {
          requireRun(runId);
          Map<String, Param> stored = params(runId);
          List<Param> fresh = new ArrayList<>();
          for (Param p : wanted.values()) {
            Param old = stored.get(p.key());
            if (old == null) {
              fresh.add(p);
            } else if (!old.equals(p)) {
              throw ConflictException.of(
                  "parameter '"
                      + p.key()
                      + "' of run '"
                      + runId
                      + "' is already "
                      + old.value()
                      + " ("
                      + old.type()
                      + "), not "
                      + p.value()
                      + " ("
                      + p.type()
                      + "); parameters are immutable: log the new value under another key or in"
                      + " a new run");
            }
          }
          insertRows(
              "INSERT INTO params (run_id, key, type, value) VALUES (?, ?, ?, ?)",
              fresh,
              (ps, p) -> {
                ps.setString(1, runId);
                ps.setString(2, p.key());
                ps.setString(3, p.type().name());
                ps.setString(4, p.value());
              });
          return null;
        });
  }

  @Override
  public Map<String, Param> params(String runId) {
    String op = "params";
    check(op);
    Objects.requireNonNull(runId, "runId");
    return sql(
        op,
        () -> {
          SortedMap<String, Param> out = new TreeMap<>();
          for (Param p :
              queryList(
                  "SELECT key, type, value FROM params WHERE run_id = ? ORDER BY key",
                  rs ->
                      new Param(
                          rs.getString(1), ParamType.valueOf(rs.getString(2)), rs.getString(3)),
                  runId)) {
            out.put(p.key(), p);
          }
          return Collections.unmodifiableSortedMap(out);
        });
  }

  @Override
  public void logMetrics(String runId, List<MetricPoint> points) {
    String op = "logMetrics";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(points, "points");
    long[] timestamps = new long[points.size()];
    for (int i = 0; i < timestamps.length; i++) {
      MetricPoint p = Objects.requireNonNull(points.get(i), "points element");
      timestamps[i] = nanos(p.timestamp(), "timestamp of metric '" + p.key() + "'");
    }
    List<Integer> rows = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      rows.add(i);
    }
    sql(
        op,
        () -> {
          requireRun(runId);
          if (points.isEmpty()) {
            return null;
          }
          long seqBefore = queryLong("SELECT COALESCE(MAX(seq), 0) FROM metrics");
          insertRows(
              "INSERT INTO metrics (run_id, key, value, value_class, step, ts)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              rows,
              (ps, i) -> {
                MetricPoint p = points.get(i);
                double v = p.value();
                ps.setString(1, runId);
                ps.setString(2, p.key());
                if (Double.isNaN(v)) {
                  ps.setNull(3, Types.DOUBLE);
                  ps.setInt(4, VALUE_NAN);
                } else if (v == 0.0 && Double.doubleToRawLongBits(v) != 0L) {
                  ps.setDouble(3, 0.0);
                  ps.setInt(4, VALUE_NEGATIVE_ZERO);
                } else {
                  ps.setDouble(3, v);
                  ps.setInt(4, VALUE_EXACT);
                }
                ps.setLong(5, p.step());
                ps.setLong(6, timestamps[i]);
              });
          updateLatestMetrics(runId, seqBefore);
          return null;
        });
  }

  /**
   * Brings {@code latest_metrics} up to date with the points of {@code runId} inserted after {@code
   * seqBefore}: the latest of them per key replaces the stored row only if it is later by (step,
   * ts, seq). The rows are found by the seq range, so the cost is that of the batch, not of the
   * history. On PostgreSQL, rows of a concurrent writer committed meanwhile may be found too, which
   * is harmless: the guard keeps the maximum, and the row lock of the upsert serialises writers.
   */
  private void updateLatestMetrics(String runId, long seqBefore) throws SQLException {
    // SQLite: "+run_id" keeps the planner on the seq (rowid) range instead of the run's history.
    String runFilter = dialect == JdbcDialect.SQLITE ? "+run_id = ?" : "run_id = ?";
    update(
        "INSERT INTO latest_metrics (run_id, key, value, value_class, step, ts, seq)"
            + " SELECT run_id, key, value, value_class, step, ts, seq FROM ("
            + "SELECT run_id, key, value, value_class, step, ts, seq, ROW_NUMBER() OVER ("
            + "PARTITION BY key ORDER BY step DESC, ts DESC, seq DESC) AS rn"
            + " FROM metrics WHERE seq > ? AND "
            + runFilter
            + ") batch WHERE rn = 1"
            + " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value,"
            + " value_class = excluded.value_class, step = excluded.step, ts = excluded.ts,"
            + " seq = excluded.seq"
            + " WHERE (excluded.step, excluded.ts, excluded.seq)"
            + " > (latest_metrics.step, latest_metrics.ts, latest_metrics.seq)",
        seqBefore,
        runId);
  }

  @Override
  public List<MetricPoint> metricHistory(String runId, String key) {
    String op = "metricHistory";
    check(op);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
    return sql(
        op,
        () ->
            queryList(
                "SELECT key, value, value_class, step, ts FROM metrics"
                    + " WHERE run_id = ? AND key = ? ORDER BY step, ts, seq",
                JdbcTransaction::metricPoint,
                runId,
                key));
  }

  @Override
  public Map<String, MetricPoint> latestMetrics(String runId) {
    String op = "latestMetrics";
    check(op);
    Objects.requireNonNull(runId, "runId");
    return sql(
        op,
        () -> {
          SortedMap<String, MetricPoint> out = new TreeMap<>();
          for (MetricPoint p :
              queryList(
                  "SELECT key, value, value_class, step, ts FROM ("
                      + "SELECT key, value, value_class, step, ts, ROW_NUMBER() OVER ("
                      + "PARTITION BY key ORDER BY step DESC, ts DESC, seq DESC) AS rn"
                      + " FROM metrics WHERE run_id = ?) latest WHERE rn = 1 ORDER BY key",
                  JdbcTransaction::metricPoint,
                  runId)) {
            out.put(p.key(), p);
          }
          return Collections.unmodifiableSortedMap(out);
        });
  }

  @Override
  public void setTags(String runId, Map<String, String> tags) {
    String op = "setTags";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(tags, "tags");
    SortedMap<String, String> sorted = new TreeMap<>();
    tags.forEach(
        (k, v) -> {
          Names.requireKey(k, "tag key");
          Names.requireValue(v, "tag '" + k + "'", Names.MAX_VALUE_LENGTH);
          sorted.put(k, v);
        });
    sql(
        op,
        () -> {
          requireRun(runId);
          insertRows(
              "INSERT INTO tags (run_id, key, value) VALUES (?, ?, ?)"
                  + " ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
              new ArrayList<>(sorted.entrySet()),
              (ps, e) -> {
                ps.setString(1, runId);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
              });
          return null;
        });
  }

  @Override
  public boolean deleteTag(String runId, String key) {
    String op = "deleteTag";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(key, "key");
    return sql(op, () -> update("DELETE FROM tags WHERE run_id = ? AND key = ?", runId, key) > 0);
  }

  @Override
  public Map<String, String> tags(String runId) {
    String op = "tags";
    check(op);
    Objects.requireNonNull(runId, "runId");
    return sql(
        op,
        () -> {
          SortedMap<String, String> out = new TreeMap<>();
          try (PreparedStatement ps =
              prepare("SELECT key, value FROM tags WHERE run_id = ? ORDER BY key", runId)) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
              }
            }
          }
          return Collections.unmodifiableSortedMap(out);
        });
  }

  @Override
  public boolean registerBatch(String runId, String batchId) {
    String op = "registerBatch";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    Names.requireName(batchId, "batch id");
    return sql(
        op,
        () -> {
          requireRun(runId);
          return update(
                  "INSERT INTO run_batches (run_id, batch_id) VALUES (?, ?)"
                      + " ON CONFLICT DO NOTHING",
                  runId,
                  batchId)
              == 1;
        });
  }

  // ---------------------------------------------------------------- lineage

  @Override
  public void recordLineageEvent(LineageEvent event) {
    String op = "recordLineageEvent";
    checkWrite(op);
    Objects.requireNonNull(event, "event");
    long time = nanos(event.time(), "time");
    ArtifactRef a = event.artifact();
    sql(
        op,
        () -> {
          if (!exists(
              "SELECT 1 FROM artifact_versions WHERE name = ? AND version = ?",
              a.name(),
              a.version())) {
            throw artifactVersionNotFound(a.name(), a.version());
          }
          update(
              "INSERT INTO lineage_events"
                  + " (execution_id, artifact_name, artifact_version, direction, time)"
                  + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
              event.executionId(),
              a.name(),
              a.version(),
              event.direction().name(),
              time);
          return null;
        });
  }

  @Override
  public List<LineageEvent> lineageEventsOfArtifact(ArtifactRef artifact) {
    String op = "lineageEventsOfArtifact";
    check(op);
    Objects.requireNonNull(artifact, "artifact");
    return sql(
        op,
        () ->
            queryList(
                "SELECT execution_id, artifact_name, artifact_version, direction, time"
                    + " FROM lineage_events WHERE artifact_name = ? AND artifact_version = ?"
                    + " ORDER BY time, execution_id, direction",
                JdbcTransaction::lineageEvent,
                artifact.name(),
                artifact.version()));
  }

  @Override
  public List<LineageEvent> lineageEventsOfExecution(String executionId) {
    String op = "lineageEventsOfExecution";
    check(op);
    Objects.requireNonNull(executionId, "executionId");
    return sql(
        op,
        () ->
            queryList(
                "SELECT execution_id, artifact_name, artifact_version, direction, time"
                    + " FROM lineage_events WHERE execution_id = ?"
                    + " ORDER BY time, artifact_name, artifact_version, direction",
                JdbcTransaction::lineageEvent,
                executionId));
  }

  // ---------------------------------------------------------------- registry

  @Override
  public void createRegisteredModel(RegisteredModel model) {
    String op = "createRegisteredModel";
    checkWrite(op);
    Objects.requireNonNull(model, "model");
    long createdAt = nanos(model.createdAt(), "createdAt");
    sql(
        op,
        () -> {
          int inserted =
              update(
                  "INSERT INTO registered_models (name, description, created_at)"
                      + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                  model.name(),
                  model.description(),
                  createdAt);
          if (inserted != 1) {
            throw ConflictException.of(
                "registered model '"
                    + model.name()
                    + "' already exists; register a new version of it or choose another name");
          }
          return null;
        });
  }

  @Override
  public Optional<RegisteredModel> findRegisteredModel(String name) {
    String op = "findRegisteredModel";
    check(op);
    Objects.requireNonNull(name, "name");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT name, description, created_at FROM registered_models WHERE name = ?",
                JdbcTransaction::registeredModel,
                name));
  }

  @Override
  public List<RegisteredModel> listRegisteredModels(@Nullable String afterName, int limit) {
    String op = "listRegisteredModels";
    check(op);
    checkLimit(limit);
    return sql(
        op,
        () ->
            afterName == null
                ? queryList(
                    "SELECT name, description, created_at FROM registered_models"
                        + " ORDER BY name LIMIT ?",
                    JdbcTransaction::registeredModel,
                    limit)
                : queryList(
                    "SELECT name, description, created_at FROM registered_models"
                        + " WHERE name > ? ORDER BY name LIMIT ?",
                    JdbcTransaction::registeredModel,
                    afterName,
                    limit));
  }

  @Override
  public ModelVersion createModelVersion(ModelVersionDraft draft) {
    String op = "createModelVersion";
    checkWrite(op);
    Objects.requireNonNull(draft, "draft");
    long createdAt = nanos(draft.createdAt(), "createdAt");
    String tags = JdbcStringMaps.encode(draft.tags());
    ArtifactRef a = draft.artifact();
    return sql(
        op,
        () -> {
          if (!exists("SELECT 1 FROM registered_models WHERE name = ?", draft.modelName())) {
            throw NotFoundException.of("registered model", draft.modelName());
          }
          Optional<Boolean> deleted =
              queryOne(
                  "SELECT deleted_at IS NOT NULL FROM artifact_versions"
                      + " WHERE name = ? AND version = ?",
                  rs -> rs.getBoolean(1),
                  a.name(),
                  a.version());
          if (deleted.isEmpty()) {
            throw artifactVersionNotFound(a.name(), a.version());
          }
          if (deleted.get()) {
            throw new NotFoundException(
                "artifact '" + a.name() + "' version " + a.version(),
                "artifact '"
                    + a.name()
                    + "' version "
                    + a.version()
                    + " is deleted; register a live version as model '"
                    + draft.modelName()
                    + "'");
          }
          for (int attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
            long next =
                queryLong(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions"
                        + " WHERE model_name = ?",
                    draft.modelName());
            int inserted =
                update(
                    "INSERT INTO model_versions ("
                        + MODEL_VERSION_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    draft.modelName(),
                    next,
                    a.name(),
                    a.version(),
                    draft.runId(),
                    draft.description(),
                    tags,
                    Stage.NONE.name(),
                    createdAt);
            if (inserted == 1) {
              return new ModelVersion(
                  draft.modelName(),
                  next,
                  a,
                  draft.runId(),
                  draft.description(),
                  draft.tags(),
                  Stage.NONE,
                  draft.createdAt());
            }
          }
          throw retry(
              op, new SQLException("version of model '" + draft.modelName() + "' kept colliding"));
        });
  }

  @Override
  public Optional<ModelVersion> findModelVersion(String modelName, long version) {
    String op = "findModelVersion";
    check(op);
    Objects.requireNonNull(modelName, "modelName");
    return sql(op, () -> modelVersion(modelName, version, false));
  }

  @Override
  public List<ModelVersion> listModelVersions(String modelName, long afterVersion, int limit) {
    String op = "listModelVersions";
    check(op);
    Objects.requireNonNull(modelName, "modelName");
    checkLimit(limit);
    return sql(
        op,
        () ->
            queryList(
                "SELECT "
                    + MODEL_VERSION_COLUMNS
                    + " FROM model_versions WHERE model_name = ? AND version > ?"
                    + " ORDER BY version LIMIT ?",
                JdbcTransaction::modelVersion,
                modelName,
                afterVersion,
                limit));
  }

  @Override
  public ModelVersion setModelVersionStage(String modelName, long version, Stage stage) {
    String op = "setModelVersionStage";
    checkWrite(op);
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(stage, "stage");
    return sql(
        op,
        () -> {
          ModelVersion v =
              modelVersion(modelName, version, true)
                  .orElseThrow(() -> modelVersionNotFound(modelName, version));
          update(
              "UPDATE model_versions SET stage = ? WHERE model_name = ? AND version = ?",
              stage.name(),
              modelName,
              version);
          return v.withStage(stage);
        });
  }

  @Override
  public Optional<Long> setModelAlias(String modelName, String alias, long version) {
    String op = "setModelAlias";
    checkWrite(op);
    Objects.requireNonNull(modelName, "modelName");
    Names.requireName(alias, "alias");
    return sql(
        op,
        () -> {
          if (!exists(
              "SELECT 1 FROM model_versions WHERE model_name = ? AND version = ?",
              modelName,
              version)) {
            throw modelVersionNotFound(modelName, version);
          }
          return upsertAlias(op, "model_aliases", "model_name", modelName, alias, version);
        });
  }

  @Override
  public Optional<Long> removeModelAlias(String modelName, String alias) {
    String op = "removeModelAlias";
    checkWrite(op);
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(alias, "alias");
    return sql(op, () -> removeAlias("model_aliases", "model_name", modelName, alias));
  }

  @Override
  public Optional<Long> findModelAlias(String modelName, String alias) {
    String op = "findModelAlias";
    check(op);
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(alias, "alias");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT version FROM model_aliases WHERE model_name = ? AND alias = ?",
                rs -> rs.getLong(1),
                modelName,
                alias));
  }

  @Override
  public Map<String, Long> modelAliases(String modelName) {
    String op = "modelAliases";
    check(op);
    Objects.requireNonNull(modelName, "modelName");
    return sql(
        op,
        () -> {
          SortedMap<String, Long> out = new TreeMap<>();
          try (PreparedStatement ps =
              prepare(
                  "SELECT alias, version FROM model_aliases WHERE model_name = ? ORDER BY alias",
                  modelName)) {
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
              }
            }
          }
          return Collections.unmodifiableSortedMap(out);
        });
  }

  @Override
  public void recordTransition(Transition transition) {
    String op = "recordTransition";
    checkWrite(op);
    Objects.requireNonNull(transition, "transition");
    long time = nanos(transition.time(), "time");
    sql(
        op,
        () -> {
          if (!exists("SELECT 1 FROM registered_models WHERE name = ?", transition.modelName())) {
            throw NotFoundException.of("registered model", transition.modelName());
          }
          update(
              "INSERT INTO transitions ("
                  + TRANSITION_COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              transition.modelName(),
              transition.version(),
              transition.kind().name(),
              transition.alias(),
              transition.from(),
              transition.to(),
              transition.actor(),
              transition.reason(),
              time);
          return null;
        });
  }

  @Override
  public List<Transition> listTransitions(String modelName) {
    String op = "listTransitions";
    check(op);
    Objects.requireNonNull(modelName, "modelName");
    return sql(
        op,
        () ->
            queryList(
                "SELECT "
                    + TRANSITION_COLUMNS
                    + " FROM transitions WHERE model_name = ? ORDER BY seq",
                JdbcTransaction::transition,
                modelName));
  }

  // ---------------------------------------------------------------- audit log

  /**
   * {@inheritDoc}
   *
   * <p>In a read-only transaction nothing can be appended, so this returns the head of the
   * transaction's snapshot without locking it.
   */
  @Override
  public AuditCheckpoint lockAuditHead() {
    String op = "lockAuditHead";
    check(op);
    return sql(
        op,
        () -> {
          AuditCheckpoint head =
              queryOne(
                      "SELECT sequence, hash FROM audit_head WHERE id = 1"
                          + (writable ? dialect.forUpdate() : ""),
                      rs -> new AuditCheckpoint(rs.getLong(1), rs.getString(2)))
                  .orElseThrow(
                      () ->
                          new StorageException(
                              store
                                  + ": the audit_head row is missing; the schema was edited"
                                  + " outside mlops: restore the database from a backup"));
          if (writable) {
            lockedHead = head;
          }
          return head;
        });
  }

  @Override
  public void appendAuditEvent(AuditEvent event) {
    String op = "appendAuditEvent";
    checkWrite(op);
    Objects.requireNonNull(event, "event");
    AuditCheckpoint head = lockedHead;
    if (head == null) {
      throw new IllegalStateException(
          "appendAuditEvent needs the audit head locked in this transaction: call"
              + " lockAuditHead() first");
    }
    if (event.sequence() != head.sequence() + 1 || !event.previousHash().equals(head.headHash())) {
      throw ConflictException.of(
          "audit event "
              + event.sequence()
              + " with previous hash "
              + event.previousHash()
              + " does not extend the head "
              + head
              + "; lock the head again and rebuild the event on it");
    }
    AuditCheckpoint next = new AuditCheckpoint(event.sequence(), event.hash());
    long time = nanos(event.time(), "time");
    sql(
        op,
        () -> {
          update(
              "INSERT INTO audit_events (" + AUDIT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              event.sequence(),
              time,
              event.actor(),
              event.action(),
              event.subject(),
              JdbcStringMaps.encode(event.details()),
              event.previousHash(),
              event.hash());
          update(
              "UPDATE audit_head SET sequence = ?, hash = ? WHERE id = 1",
              next.sequence(),
              next.headHash());
          return null;
        });
    lockedHead = next;
  }

  @Override
  public List<AuditEvent> listAuditEvents(long fromSequence, int limit) {
    String op = "listAuditEvents";
    check(op);
    checkLimit(limit);
    return sql(
        op,
        () ->
            queryList(
                "SELECT "
                    + AUDIT_COLUMNS
                    + " FROM audit_events WHERE sequence >= ? ORDER BY sequence LIMIT ?",
                JdbcTransaction::auditEvent,
                fromSequence,
                limit));
  }

  // ---------------------------------------------------------------- shared steps

  private Optional<Long> upsertAlias(
      String op, String table, String ownerColumn, String owner, String alias, long version)
      throws SQLException {
    for (int attempt = 0; attempt < VERSION_ATTEMPTS; attempt++) {
      Optional<Long> before =
          queryOne(
              "SELECT version FROM "
                  + table
                  + " WHERE "
                  + ownerColumn
                  + " = ? AND alias = ?"
                  + dialect.forUpdate(),
              rs -> rs.getLong(1),
              owner,
              alias);
      if (before.isPresent()) {
        update(
            "UPDATE " + table + " SET version = ? WHERE " + ownerColumn + " = ? AND alias = ?",
            version,
            owner,
            alias);
        return before;
      }
      if (update(
              "INSERT INTO "
                  + table
                  + " ("
                  + ownerColumn
                  + ", alias, version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              owner,
              alias,
              version)
          == 1) {
        return Optional.empty();
      }
      // A concurrent writer created the alias after our look-up; read it again.
    }
    throw retry(op, new SQLException("alias '" + alias + "' kept changing"));
  }

  private Optional<Long> removeAlias(String table, String ownerColumn, String owner, String alias)
      throws SQLException {
    Optional<Long> before =
        queryOne(
            "SELECT version FROM "
                + table
                + " WHERE "
                + ownerColumn
                + " = ? AND alias = ?"
                + dialect.forUpdate(),
            rs -> rs.getLong(1),
            owner,
            alias);
    if (before.isPresent()) {
      update("DELETE FROM " + table + " WHERE " + ownerColumn + " = ? AND alias = ?", owner, alias);
    }
    return before;
  }

  private Optional<ModelVersion> modelVersion(String modelName, long version, boolean forUpdate)
      throws SQLException {
    return queryOne(
        "SELECT "
            + MODEL_VERSION_COLUMNS
            + " FROM model_versions WHERE model_name = ? AND version = ?"
            + (forUpdate ? dialect.forUpdate() : ""),
        JdbcTransaction::modelVersion,
        modelName,
        version);
  }

  private void requireRun(String runId) throws SQLException {
    if (!exists("SELECT 1 FROM runs WHERE id = ?", runId)) {
      throw NotFoundException.of("run", runId);
    }
  }

  private NotFoundException artifactVersionNotFound(String name, long version) throws SQLException {
    long max =
        queryLong("SELECT COALESCE(MAX(version), 0) FROM artifact_versions WHERE name = ?", name);
    return NotFoundException.artifactVersion(name, version, max == 0 ? null : max);
  }

  private static NotFoundException modelVersionNotFound(String modelName, long version) {
    return new NotFoundException(
        "registered model '" + modelName + "' version " + version,
        "registered model '"
            + modelName
            + "' has no version "
            + version
            + "; check the model name and version");
  }

  private static ConflictException runIdTaken(String runId) {
    return ConflictException.of("run id '" + runId + "' is taken; start the run with a new id");
  }

  private static void requireUnchanged(
      Run run, String field, @Nullable Object stored, @Nullable Object given) {
    if (!Objects.equals(stored, given)) {
      throw new IllegalArgumentException(
          "run '"
              + run.id()
              + "': "
              + field
              + " cannot change (stored "
              + stored
              + ", given "
              + given
              + "); only status, end time, name and note may be updated");
    }
  }

  // ---------------------------------------------------------------- row mapping

  private static ArtifactVersion artifactVersion(ResultSet rs) throws SQLException {
    long deleted = rs.getLong(10);
    boolean live = rs.wasNull();
    return new ArtifactVersion(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        new Digest(rs.getString(4)),
        rs.getLong(5),
        rs.getString(6),
        JdbcStringMaps.decode(rs.getString(7), "artifact_versions.properties"),
        instant(rs.getLong(8)),
        rs.getString(9),
        live ? null : instant(deleted));
  }

  private static Experiment experiment(ResultSet rs) throws SQLException {
    return new Experiment(rs.getString(1), rs.getString(2), instant(rs.getLong(3)));
  }

  private static Run run(ResultSet rs) throws SQLException {
    long end = rs.getLong(7);
    boolean running = rs.wasNull();
    return new Run(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        RunStatus.valueOf(rs.getString(5)),
        instant(rs.getLong(6)),
        running ? null : instant(end),
        rs.getString(8));
  }

  private static MetricPoint metricPoint(ResultSet rs) throws SQLException {
    double stored = rs.getDouble(2);
    int valueClass = rs.getInt(3);
    double value =
        switch (valueClass) {
          case VALUE_NAN -> Double.NaN;
          case VALUE_NEGATIVE_ZERO -> -0.0;
          default -> stored;
        };
    return new MetricPoint(rs.getString(1), value, rs.getLong(4), instant(rs.getLong(5)));
  }

  private static LineageEvent lineageEvent(ResultSet rs) throws SQLException {
    return new LineageEvent(
        rs.getString(1),
        new ArtifactRef(rs.getString(2), rs.getLong(3)),
        Direction.valueOf(rs.getString(4)),
        instant(rs.getLong(5)));
  }

  private static RegisteredModel registeredModel(ResultSet rs) throws SQLException {
    return new RegisteredModel(rs.getString(1), rs.getString(2), instant(rs.getLong(3)));
  }

  private static ModelVersion modelVersion(ResultSet rs) throws SQLException {
    return new ModelVersion(
        rs.getString(1),
        rs.getLong(2),
        new ArtifactRef(rs.getString(3), rs.getLong(4)),
        rs.getString(5),
        rs.getString(6),
        JdbcStringMaps.decode(rs.getString(7), "model_versions.tags"),
        Stage.valueOf(rs.getString(8)),
        instant(rs.getLong(9)));
  }

  private static Transition transition(ResultSet rs) throws SQLException {
    return new Transition(
        rs.getString(1),
        rs.getLong(2),
        TransitionKind.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        instant(rs.getLong(9)));
  }

  private static AuditEvent auditEvent(ResultSet rs) throws SQLException {
    return new AuditEvent(
        rs.getLong(1),
        instant(rs.getLong(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        JdbcStringMaps.decode(rs.getString(6), "audit_events.details"),
        rs.getString(7),
        rs.getString(8));
  }

  // ---------------------------------------------------------------- time

  /**
   * Encodes an instant as nanoseconds since the epoch.
   *
   * @throws InvalidInputException if the instant lies outside 1677-09-21 to 2262-04-11, the range
   *     of a signed 64-bit count of nanoseconds
   */
  static long nanos(Instant t, String field) {
    Objects.requireNonNull(t, field);
    long seconds = t.getEpochSecond();
    long nano = t.getNano();
    if (seconds < 0 && nano > 0) {
      seconds += 1;
      nano -= NANOS_PER_SECOND;
    }
    try {
      return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nano);
    } catch (ArithmeticException e) {
      throw new InvalidInputException(
          field,
          -1,
          field
              + " "
              + t
              + " is outside the range the metadata store keeps (1677-09-21 to 2262-04-11,"
              + " nanoseconds since 1970 in 64 bits); use a time from the injected clock",
          e);
    }
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
  }

  // ---------------------------------------------------------------- JDBC plumbing

  private void check(String op) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          op
              + " was called from thread "
              + Thread.currentThread().getName()
              + ", but this transaction belongs to "
              + owner.getName()
              + "; a transaction is valid only on the thread running its work");
    }
    if (!open) {
      throw new IllegalStateException(
          op + " was called after the transaction ended; use the transaction only inside its work");
    }
  }

  private void checkWrite(String op) {
    check(op);
    if (!writable) {
      throw new IllegalStateException(
          op + " writes, but this transaction is read-only; run it in MetadataStore.inTransaction");
    }
  }

  private static void checkLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_PAGE + ", but was " + limit);
    }
  }

  private <T> T sql(String op, Sql<T> body) {
    try {
      return body.run();
    } catch (SQLException e) {
      throw failure(op, e);
    }
  }

  private StorageException failure(String op, SQLException e) {
    switch (dialect.classify(e)) {
      case RETRY -> {
        return retry(op, e);
      }
      case CONNECTION -> {
        connectionBroken = true;
        return retry(op, e);
      }
      default -> {
        return new StorageException(
            store
                + ": "
                + op
                + " failed: "
                + e.getMessage()
                + "; nothing of this transaction was kept; check that the database is reachable,"
                + " writable and not full, then retry",
            e);
      }
    }
  }

  private JdbcRetryableException retry(String op, SQLException e) {
    retryCause = e;
    return new JdbcRetryableException(store + ": " + op + " must be retried: " + e.getMessage(), e);
  }

  private PreparedStatement prepare(String sql, @Nullable Object... args) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        bind(ps, i + 1, args[i]);
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, int index, @Nullable Object arg)
      throws SQLException {
    if (arg == null) {
      // Types.NULL leaves the type to the server (PostgreSQL infers it from the column).
      ps.setNull(index, Types.NULL);
    } else if (arg instanceof String s) {
      ps.setString(index, s);
    } else if (arg instanceof Long l) {
      ps.setLong(index, l);
    } else if (arg instanceof Integer n) {
      ps.setInt(index, n);
    } else if (arg instanceof Double d) {
      ps.setDouble(index, d);
    } else {
      throw new IllegalArgumentException("cannot bind " + arg.getClass().getName());
    }
  }

  private int update(String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args)) {
      return ps.executeUpdate();
    }
  }

  private boolean exists(String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  private long queryLong(String sql, @Nullable Object... args) throws SQLException {
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("query returned no row: " + sql);
      }
      return rs.getLong(1);
    }
  }

  private <T> Optional<T> queryOne(String sql, Row<T> row, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    }
  }

  private <T> List<T> queryList(String sql, Row<T> row, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement ps = prepare(sql, args);
        ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return Collections.unmodifiableList(out);
    }
  }

  /**
   * Inserts rows in one batch; with two rows or more, the first half is executed before the {@link
   * CrashPoints#METADATA_MID_BATCH} point and the rest after it.
   */
  private <T> void insertRows(String sql, List<T> rows, Binder<T> binder) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    int half = rows.size() / 2;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < rows.size(); i++) {
        binder.bind(ps, rows.get(i));
        ps.addBatch();
        if (i + 1 == half) {
          ps.executeBatch();
          CrashPoints.reach(CrashPoints.METADATA_MID_BATCH);
        }
      }
      ps.executeBatch();
    }
  }

  // ---------------------------------------------------------------- pipeline steps and cache

  private static final String STEP_COLUMNS =
      "execution_id, run_id, pipeline, step, step_version, status, attempts, started_at,"
          + " ended_at, cache_key, key_parts, inputs, outputs, error, reason";
  private static final String CACHE_COLUMNS =
      "cache_key, pipeline, step, run_id, execution_id, outputs, key_parts, created_at";

  @Override
  public void recordStepExecution(StepExecution e) {
    String op = "recordStepExecution";
    checkWrite(op);
    Objects.requireNonNull(e, "execution");
    @Nullable Object[] row = stepRow(e);
    sql(
        op,
        () -> {
          requireRun(e.runId());
          if (update(INSERT_STEP, row) == 0) {
            throw stepConflict(e);
          }
          return null;
        });
  }

  /**
   * Checks the list (duplicates, runs, ids recorded before) with one query per run and per 256 ids,
   * then inserts it in one batch. Nothing of the call is kept when it throws.
   */
  @Override
  public void recordStepExecutions(List<StepExecution> executions) {
    String op = "recordStepExecutions";
    checkWrite(op);
    Objects.requireNonNull(executions, "executions");
    List<@Nullable Object[]> rows = new ArrayList<>(executions.size());
    Set<String> ids = new HashSet<>();
    for (StepExecution e : executions) {
      rows.add(stepRow(Objects.requireNonNull(e, "execution")));
      if (!ids.add(e.executionId())) {
        throw stepConflict(e);
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    sql(
        op,
        () -> {
          Set<String> runs = new HashSet<>();
          for (StepExecution e : executions) {
            if (runs.add(e.runId())) {
              requireRun(e.runId());
            }
          }
          for (int from = 0; from < executions.size(); from += ID_CHUNK) {
            List<StepExecution> chunk =
                executions.subList(from, Math.min(executions.size(), from + ID_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            Object[] args = chunk.stream().map(StepExecution::executionId).toArray();
            Optional<String> recorded =
                queryOne(
                    "SELECT execution_id FROM step_executions WHERE execution_id IN ("
                        + marks
                        + ")",
                    rs -> rs.getString(1),
                    args);
            if (recorded.isPresent()) {
              throw stepConflict(
                  chunk.stream()
                      .filter(e -> e.executionId().equals(recorded.get()))
                      .findFirst()
                      .orElseThrow());
            }
          }
          int[] counts;
          try (PreparedStatement ps = connection.prepareStatement(INSERT_STEP)) {
            for (@Nullable Object[] row : rows) {
              for (int i = 0; i < row.length; i++) {
                bind(ps, i + 1, row[i]);
              }
              ps.addBatch();
            }
            counts = ps.executeBatch();
          }
          for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) { // recorded by a concurrent transaction since the check
              for (int k = 0; k < counts.length; k++) {
                if (counts[k] != 0) {
                  update(
                      "DELETE FROM step_executions WHERE execution_id = ?",
                      executions.get(k).executionId());
                }
              }
              throw stepConflict(executions.get(i));
            }
          }
          return null;
        });
  }

  private static final int ID_CHUNK = 256;

  private static final String INSERT_STEP =
      "INSERT INTO step_executions ("
          + STEP_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  private static @Nullable Object[] stepRow(StepExecution e) {
    long started = nanos(e.startedAt(), "startedAt");
    long ended = nanos(e.endedAt(), "endedAt");
    return new @Nullable Object[] {
      e.executionId(),
      e.runId(),
      e.pipeline(),
      e.step(),
      e.stepVersion(),
      e.status().name(),
      e.attempts(),
      started,
      ended,
      e.cacheKey(),
      JdbcStringMaps.encode(e.keyParts()),
      encodeRefs(e.inputs()),
      encodeRefs(e.outputs()),
      e.error(),
      e.reason()
    };
  }

  private static ConflictException stepConflict(StepExecution e) {
    return ConflictException.of(
        "step execution '"
            + e.executionId()
            + "' was recorded before; an execution is recorded once");
  }

  @Override
  public Optional<StepExecution> findStepExecution(String executionId) {
    String op = "findStepExecution";
    check(op);
    Objects.requireNonNull(executionId, "executionId");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT " + STEP_COLUMNS + " FROM step_executions WHERE execution_id = ?",
                JdbcTransaction::stepExecution,
                executionId));
  }

  @Override
  public List<StepExecution> listStepExecutions(String runId) {
    String op = "listStepExecutions";
    check(op);
    Objects.requireNonNull(runId, "runId");
    return sql(
        op,
        () ->
            queryList(
                "SELECT "
                    + STEP_COLUMNS
                    + " FROM step_executions WHERE run_id = ? ORDER BY step, execution_id",
                JdbcTransaction::stepExecution,
                runId));
  }

  @Override
  public void putStepCacheEntry(StepCacheEntry entry) {
    String op = "putStepCacheEntry";
    checkWrite(op);
    Objects.requireNonNull(entry, "entry");
    long created = nanos(entry.createdAt(), "createdAt");
    sql(
        op,
        () -> {
          for (ArtifactRef ref : entry.outputs().values()) {
            if (!exists(
                "SELECT 1 FROM artifact_versions WHERE name = ? AND version = ?",
                ref.name(),
                ref.version())) {
              throw artifactVersionNotFound(ref.name(), ref.version());
            }
          }
          requireRun(entry.runId());
          update(
              "INSERT INTO step_cache ("
                  + CACHE_COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET"
                  + " pipeline = excluded.pipeline, step = excluded.step,"
                  + " run_id = excluded.run_id, execution_id = excluded.execution_id,"
                  + " outputs = excluded.outputs, key_parts = excluded.key_parts,"
                  + " created_at = excluded.created_at",
              entry.key(),
              entry.pipeline(),
              entry.step(),
              entry.runId(),
              entry.executionId(),
              encodeRefs(entry.outputs()),
              JdbcStringMaps.encode(entry.keyParts()),
              created);
          return null;
        });
  }

  @Override
  public Optional<StepCacheEntry> findStepCacheEntry(String key) {
    String op = "findStepCacheEntry";
    check(op);
    Objects.requireNonNull(key, "key");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT " + CACHE_COLUMNS + " FROM step_cache WHERE cache_key = ?",
                JdbcTransaction::cacheEntry,
                key));
  }

  @Override
  public Optional<StepCacheEntry> latestStepCacheEntry(String pipeline, String step) {
    String op = "latestStepCacheEntry";
    check(op);
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(step, "step");
    return sql(
        op,
        () ->
            queryOne(
                "SELECT "
                    + CACHE_COLUMNS
                    + " FROM step_cache WHERE pipeline = ? AND step = ?"
                    + " ORDER BY created_at DESC, cache_key DESC LIMIT 1",
                JdbcTransaction::cacheEntry,
                pipeline,
                step));
  }

  @Override
  public int deleteStepCacheEntries(String pipeline, String step) {
    String op = "deleteStepCacheEntries";
    checkWrite(op);
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(step, "step");
    return sql(
        op, () -> update("DELETE FROM step_cache WHERE pipeline = ? AND step = ?", pipeline, step));
  }

  @Override
  public int deleteStepCacheEntriesOfRun(String runId) {
    String op = "deleteStepCacheEntriesOfRun";
    checkWrite(op);
    Objects.requireNonNull(runId, "runId");
    return sql(op, () -> update("DELETE FROM step_cache WHERE run_id = ?", runId));
  }

  private static String encodeRefs(Map<String, ArtifactRef> refs) {
    Map<String, String> m = new java.util.TreeMap<>();
    refs.forEach((k, v) -> m.put(k, v.toString()));
    return JdbcStringMaps.encode(m);
  }

  private static Map<String, ArtifactRef> decodeRefs(String json, String column) {
    Map<String, ArtifactRef> m = new java.util.TreeMap<>();
    JdbcStringMaps.decode(json, column)
        .forEach(
            (k, v) -> {
              int colon = v.lastIndexOf(':');
              m.put(
                  k, ArtifactRef.of(v.substring(0, colon), Long.parseLong(v.substring(colon + 1))));
            });
    return m;
  }

  private static StepExecution stepExecution(ResultSet rs) throws SQLException {
    return new StepExecution(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        StepStatus.valueOf(rs.getString(6)),
        rs.getInt(7),
        instant(rs.getLong(8)),
        instant(rs.getLong(9)),
        rs.getString(10),
        JdbcStringMaps.decode(rs.getString(11), "key_parts"),
        decodeRefs(rs.getString(12), "inputs"),
        decodeRefs(rs.getString(13), "outputs"),
        rs.getString(14),
        rs.getString(15));
  }

  private static StepCacheEntry cacheEntry(ResultSet rs) throws SQLException {
    return new StepCacheEntry(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        decodeRefs(rs.getString(6), "outputs"),
        JdbcStringMaps.decode(rs.getString(7), "key_parts"),
        instant(rs.getLong(8)));
  }
}
