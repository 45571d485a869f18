package dev.mlops.benchmarks;

import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.core.metadata.JdbcMetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Run search over {@value #RUNS} runs with {@value #METRICS} metrics and {@value #PARAMS}
 * parameters each: filter on one metric, order by it, a page of {@value #PAGE} runs, beside a
 * hand-written indexed SQL query over the same tables in the same run.
 *
 * <ul>
 *   <li>{@code search}: {@code searchRuns} of {@code metrics.m042 > 0.5 ORDER BY metrics.m042
 *       DESC}, first page.
 *   <li>{@code searchNextPage}: the same query's 50th page, through its cursor.
 *   <li>{@code searchAllRunsByMetric}: {@code ORDER BY metrics.m042 DESC} without a filter (runs
 *       lacking the key would come last, so every run is sorted).
 *   <li>{@code handWritten}: {@code SELECT} of the run columns from {@code latest_metrics} joined
 *       to {@code runs}, with {@code key = ? AND value > ?}, {@code ORDER BY value DESC, run_id},
 *       {@code LIMIT 100}, mapped to {@link Run} records; the baseline.
 * </ul>
 *
 * <p>Targets: {@code search} at most 200 ms, and at most 2x {@code handWritten}, on SQLite and on
 * PostgreSQL. The data set is built once per trial through the SPI, in transactions of {@value
 * #RUNS_PER_TRANSACTION} runs ({@code createRun}, {@code logParams}, {@code logMetrics}); metric
 * values are uniform in [0, 1) from a fixed seed. JMH forks once per benchmark method, so the data
 * set is kept and reused by later forks and runs once it is complete: SQLite in the directory
 * {@value #DATA_SET} under {@code -Dmlops.bench.dir} (default {@code java.io.tmpdir}), never
 * analysed (the library never runs {@code ANALYZE}); PostgreSQL ({@code -p backend=postgresql},
 * needs {@code MLOPS_TEST_PG_URL}) in the schema {@value #DATA_SET}, {@code ANALYZE}d after loading
 * as autovacuum would do. Delete the directory or drop the schema to rebuild it.
 *
 * <pre>{@code
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RunSearchBenchmark -p backend=sqlite
 * MLOPS_TEST_PG_URL='jdbc:postgresql://127.0.0.1:5432/mlops_test?user=mlops&password=mlops' \
 *   java -jar benchmarks/target/benchmarks.jar RunSearchBenchmark -p backend=postgresql
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RunSearchBenchmark {
  static final int RUNS = 30_000;
  static final int METRICS = 100;
  static final int PARAMS = 20;
  static final int PAGE = 100;
  static final int RUNS_PER_TRANSACTION = 500;

  /** The name of the kept data set: a directory (SQLite) or a schema (PostgreSQL). */
  static final String DATA_SET = "mlops_run_search_v1";

  private static final String KEY = "m042";
  private static final String HAND_WRITTEN =
      "SELECT r.id, r.experiment_id, r.parent_run_id, r.name, r.status, r.start_time,"
          + " r.end_time, r.note FROM latest_metrics lm JOIN runs r ON r.id = lm.run_id"
          + " WHERE lm.key = ? AND lm.value > ? ORDER BY lm.value DESC, lm.run_id LIMIT ?";

  /** Which store to measure. */
  @Param({"sqlite"})
  public String backend = "sqlite";

  private @Nullable JdbcMetadataStore store;
  private @Nullable Connection raw;
  private @Nullable Path dir;
  private final RunQuery query =
      RunQuery.parse("metrics." + KEY + " > 0.5 ORDER BY metrics." + KEY + " DESC")
          .withPageSize(PAGE);
  private final RunQuery everyRun =
      RunQuery.parse("ORDER BY metrics." + KEY + " DESC").withPageSize(PAGE);
  private @Nullable RunQuery page50;

  /** Builds the data set and opens the baseline's connection. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    if (backend.equals("sqlite")) {
      Path base =
          Path.of(System.getProperty("mlops.bench.dir", System.getProperty("java.io.tmpdir")));
      dir = base.resolve(DATA_SET);
      Files.createDirectories(dir);
      Path file = dir.resolve("metadata.db");
      Path complete = dir.resolve("complete");
      if (!Files.exists(complete)) {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve("metadata.db-wal"));
        Files.deleteIfExists(dir.resolve("metadata.db-shm"));
      }
      store = JdbcMetadataStore.sqlite(file);
      if (!Files.exists(complete)) {
        load(store);
        Files.createFile(complete);
      }
      raw = DriverManager.getConnection("jdbc:sqlite:" + file);
    } else if (backend.equals("postgresql")) {
      String url = System.getenv("MLOPS_TEST_PG_URL");
      if (url == null || url.isBlank()) {
        throw new IllegalStateException(
            "set MLOPS_TEST_PG_URL (see .ci/run) to benchmark PostgreSQL");
      }
      String schemaUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + DATA_SET;
      boolean loaded;
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery("SELECT to_regclass('" + DATA_SET + ".bench_complete') IS NOT NULL")) {
          loaded = rs.next() && rs.getBoolean(1);
        }
        if (!loaded) {
          s.execute("DROP SCHEMA IF EXISTS " + DATA_SET + " CASCADE");
          s.execute("CREATE SCHEMA " + DATA_SET);
        }
      }
      store = JdbcMetadataStore.postgres(schemaUrl);
      raw = DriverManager.getConnection(schemaUrl);
      if (!loaded) {
        load(store);
        try (Statement s = raw.createStatement()) {
          s.execute("ANALYZE");
          s.execute("CREATE TABLE bench_complete (done integer)");
        }
      }
    } else {
      throw new IllegalArgumentException("backend must be sqlite or postgresql, not " + backend);
    }
    RunQuery q = query;
    for (int i = 1; i < 50; i++) {
      RunQuery current = q;
      RunPage page = store.read(tx -> tx.searchRuns(current));
      q = query.after(page.nextCursor().orElseThrow());
    }
    page50 = q;
  }

  private static void load(JdbcMetadataStore store) {
    SplittableRandom random = new SplittableRandom(42);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    store.inTransaction(
        tx -> {
          tx.createExperiment(new Experiment("exp-1", "search-benchmark", t0));
          return null;
        });
    for (int from = 0; from < RUNS; from += RUNS_PER_TRANSACTION) {
      int start = from;
      store.inTransaction(
          tx -> {
            for (int i = start; i < Math.min(RUNS, start + RUNS_PER_TRANSACTION); i++) {
              String id = String.format("run-%06d", i);
              Instant at = t0.plusSeconds(i);
              tx.createRun(
                  new Run(
                      id,
                      "exp-1",
                      null,
                      "run " + i,
                      RunStatus.FINISHED,
                      at,
                      at.plusSeconds(60),
                      null));
              List<dev.mlops.api.tracking.Param> params = new ArrayList<>(PARAMS);
              for (int p = 0; p < PARAMS; p++) {
                String key = String.format("p%02d", p);
                params.add(
                    switch (p % 3) {
                      case 0 -> dev.mlops.api.tracking.Param.of(key, random.nextInt(100) / 10.0);
                      case 1 -> dev.mlops.api.tracking.Param.of(key, "value-" + random.nextInt(50));
                      default -> dev.mlops.api.tracking.Param.of(key, random.nextBoolean());
                    });
              }
              tx.logParams(id, params);
              List<MetricPoint> points = new ArrayList<>(METRICS);
              for (int m = 0; m < METRICS; m++) {
                points.add(new MetricPoint(String.format("m%03d", m), random.nextDouble(), 0, at));
              }
              tx.logMetrics(id, points);
            }
            return null;
          });
    }
  }

  /** Closes the store; the data set stays for the next fork (see the class Javadoc). */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    if (raw != null) {
      raw.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** The first page through the SPI. */
  @Benchmark
  public RunPage search() {
    return store.read(tx -> tx.searchRuns(query));
  }

  /** The 50th page through the SPI, from its cursor. */
  @Benchmark
  public RunPage searchNextPage() {
    RunQuery q = page50;
    return store.read(tx -> tx.searchRuns(q));
  }

  /** Every run ordered by the metric, first page. */
  @Benchmark
  public RunPage searchAllRunsByMetric() {
    return store.read(tx -> tx.searchRuns(everyRun));
  }

  /** The baseline: one hand-written indexed query, rows mapped to runs. */
  @Benchmark
  public List<Run> handWritten() throws SQLException {
    List<Run> out = new ArrayList<>(PAGE);
    try (PreparedStatement ps = raw.prepareStatement(HAND_WRITTEN)) {
      ps.setString(1, KEY);
      ps.setDouble(2, 0.5);
      ps.setInt(3, PAGE);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long end = rs.getLong(7);
          boolean running = rs.wasNull();
          out.add(
              new Run(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  RunStatus.valueOf(rs.getString(5)),
                  instant(rs.getLong(6)),
                  running ? null : instant(end),
                  rs.getString(8)));
        }
      }
    }
    return out;
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
