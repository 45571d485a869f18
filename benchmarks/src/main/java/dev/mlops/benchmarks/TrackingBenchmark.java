package dev.mlops.benchmarks;

import dev.mlops.api.tracking.ActiveRun;
import dev.mlops.api.tracking.LogBatch;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.core.Mlops;
import dev.mlops.spi.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tracking writes on the embedded SQLite store, beside raw sqlite-jdbc in the same run.
 *
 * <ul>
 *   <li>{@code logBatch1000}: {@code ActiveRun.logBatch} of 1,000 metric points (a new batch id
 *       each time: registers the batch, checks the run, inserts the points; one transaction).
 *   <li>{@code rawInsert1000}: the baseline: 1,000 rows inserted with one prepared statement and
 *       {@code executeBatch} in one {@code BEGIN IMMEDIATE} transaction, into a table shaped like
 *       the store's {@code metrics} table (same columns, same index), in a separate SQLite file in
 *       the same directory with the same settings (WAL, {@code synchronous=NORMAL}).
 *   <li>{@code logMetricProcess}: one {@code logMetric} per operation, one transaction each, at
 *       durability PROCESS (the embedded default, {@code synchronous=NORMAL}).
 *   <li>{@code logMetricPowerLoss}: the same at durability POWER_LOSS ({@code synchronous=FULL}, an
 *       fsync per commit).
 * </ul>
 *
 * <p>Targets: {@code logBatch1000} at least 0.5 × {@code rawInsert1000}; {@code logMetricProcess}
 * at least 10,000 ops/s. Files live under {@code -Dmlops.bench.dir} (default {@code
 * java.io.tmpdir}).
 *
 * <pre>{@code
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TrackingBenchmark -f 1 -wi 2 -i 3 -r 2s
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TrackingBenchmark {
  static final int BATCH = 1_000;

  private @Nullable Path base;
  private @Nullable Mlops process;
  private @Nullable Mlops powerLoss;
  private @Nullable ActiveRun batchRun;
  private @Nullable ActiveRun processRun;
  private @Nullable ActiveRun powerLossRun;
  private @Nullable Connection raw;
  private @Nullable PreparedStatement rawInsert;
  private final List<MetricPoint> points = new ArrayList<>(BATCH);
  private final double[] values = new double[BATCH];
  private long counter;

  @Setup(Level.Trial)
  public void setUp() throws IOException, SQLException {
    Path dir = Path.of(System.getProperty("mlops.bench.dir", System.getProperty("java.io.tmpdir")));
    base = Files.createTempDirectory(dir, "tracking-bench");
    process = Mlops.open(base.resolve("process"));
    powerLoss =
        Mlops.builder()
            .store(base.resolve("power-loss").toUri())
            .durability(Durability.POWER_LOSS)
            .build();
    batchRun = process.tracking().startRun("bench").withoutGit().start();
    processRun = process.tracking().startRun("bench").withoutGit().start();
    powerLossRun = powerLoss.tracking().startRun("bench").withoutGit().start();
    SplittableRandom random = new SplittableRandom(42);
    Instant t = Instant.parse("2026-03-01T10:15:30Z");
    for (int i = 0; i < BATCH; i++) {
      values[i] = random.nextDouble();
      points.add(new MetricPoint("metric-" + (i % 10), values[i], i / 10, t.plusMillis(i)));
    }
    raw = DriverManager.getConnection("jdbc:sqlite:" + base.resolve("raw.db"));
    try (Statement s = raw.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = NORMAL");
      s.execute(
          "CREATE TABLE metrics (seq INTEGER NOT NULL PRIMARY KEY, run_id TEXT NOT NULL,"
              + " key TEXT NOT NULL, value REAL, value_class INTEGER NOT NULL, step INTEGER NOT"
              + " NULL, ts INTEGER NOT NULL)");
      s.execute("CREATE INDEX metrics_by_run_key ON metrics (run_id, key, step, ts, seq)");
    }
    raw.setAutoCommit(true);
    rawInsert =
        raw.prepareStatement(
            "INSERT INTO metrics (run_id, key, value, value_class, step, ts)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, SQLException {
    for (ActiveRun r : new ActiveRun[] {batchRun, processRun, powerLossRun}) {
      if (r != null) {
        r.close();
      }
    }
    if (process != null) {
      process.close();
    }
    if (powerLoss != null) {
      powerLoss.close();
    }
    if (rawInsert != null) {
      rawInsert.close();
    }
    if (raw != null) {
      raw.close();
    }
    if (base != null) {
      try (Stream<Path> paths = Files.walk(base)) {
        paths.sorted(Comparator.reverseOrder()).forEach(TrackingBenchmark::delete);
      }
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 1,000 metric points through the tracking API, one transaction. */
  @Benchmark
  public boolean logBatch1000() {
    return batchRun.logBatch(LogBatch.ofMetrics("b-" + counter++, points));
  }

  /** 1,000 rows through raw batched sqlite-jdbc inserts, one transaction. */
  @Benchmark
  public int rawInsert1000() throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
    for (int i = 0; i < BATCH; i++) {
      rawInsert.setString(1, "run-1");
      rawInsert.setString(2, "metric-" + (i % 10));
      rawInsert.setDouble(3, values[i]);
      rawInsert.setInt(4, 0);
      rawInsert.setLong(5, i / 10);
      rawInsert.setLong(6, 1_772_360_130_000_000_000L + i);
      rawInsert.addBatch();
    }
    int[] n = rawInsert.executeBatch();
    try (Statement s = raw.createStatement()) {
      s.execute("COMMIT");
    }
    return n.length;
  }

  /** One metric point, one transaction, durability PROCESS. */
  @Benchmark
  public void logMetricProcess() {
    processRun.logMetric("loss", 0.5, counter++);
  }

  /** One metric point, one transaction, durability POWER_LOSS. */
  @Benchmark
  public void logMetricPowerLoss() {
    powerLossRun.logMetric("loss", 0.5, counter++);
  }
}
