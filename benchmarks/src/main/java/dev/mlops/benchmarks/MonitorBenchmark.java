package dev.mlops.benchmarks;

import dev.mlops.monitoring.ModelMonitor;
import dev.mlops.monitoring.WindowSpec;
import java.time.Duration;
import java.time.InstantSource;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.IntCountsHistogram;
import org.apache.datasketches.kll.KllDoublesSketch;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The serving-path cost of {@link ModelMonitor#record(double[], double, long)}: 20 numeric
 * features, 2 threads, against the bare updates of the same sketches for the same values in the
 * same run (per thread: 21 KLL k=200 sketches, one for each feature and the prediction, and an
 * HdrHistogram of 2 significant digits).
 *
 * <ul>
 *   <li>{@code record}: label joining off ({@code maxPendingLabels(0)}).
 *   <li>{@code recordWithLabels}: label joining on, default bound 100,000: every record adds one
 *       pending-label entry, and at steady state evicts one.
 *   <li>{@code bareSketches}: the floor.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MonitorBenchmark -bm sample -tu ns
 * -prof gc -rf json -rff monitor.json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MonitorBenchmark {

  static final int FEATURES = 20;
  static final int ROWS = 4_096;

  ModelMonitor monitor;
  ModelMonitor monitorWithLabels;

  /** Pre-generated values, per thread, so both paths see the same values. */
  @State(Scope.Thread)
  public static class Rows {
    double[][] rows = new double[ROWS][FEATURES];
    double[] predictions = new double[ROWS];
    long[] latencies = new long[ROWS];
    int i;
    KllDoublesSketch[] bare = new KllDoublesSketch[FEATURES + 1];
    IntCountsHistogram bareLatency = new IntCountsHistogram(2);

    @Setup(Level.Trial)
    public void setUp() {
      SplittableRandom r = new SplittableRandom(Thread.currentThread().getId());
      for (int k = 0; k < ROWS; k++) {
        for (int f = 0; f < FEATURES; f++) {
          rows[k][f] = r.nextGaussian();
        }
        predictions[k] = r.nextDouble();
        latencies[k] = 200_000 + (long) (r.nextDouble() * 2_000_000);
      }
      for (int f = 0; f <= FEATURES; f++) {
        bare[f] = KllDoublesSketch.newHeapInstance(200);
      }
    }

    int next() {
      int k = i;
      i = (k + 1) & (ROWS - 1);
      return k;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    String[] names = new String[FEATURES];
    for (int f = 0; f < FEATURES; f++) {
      names[f] = "f" + f;
    }
    monitor =
        ModelMonitor.builder("bench", 1)
            .numericFeatures(names)
            .clock(InstantSource.system())
            .window(WindowSpec.tumbling(Duration.ofHours(1)))
            .maxPendingLabels(0)
            .build();
    monitorWithLabels =
        ModelMonitor.builder("bench-labels", 1)
            .numericFeatures(names)
            .clock(InstantSource.system())
            .window(WindowSpec.tumbling(Duration.ofHours(1)))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    monitor.close();
    monitorWithLabels.close();
  }

  @Benchmark
  public long record(Rows r) {
    int k = r.next();
    return monitor.record(r.rows[k], r.predictions[k], r.latencies[k]);
  }

  @Benchmark
  public long recordWithLabels(Rows r) {
    int k = r.next();
    return monitorWithLabels.record(r.rows[k], r.predictions[k], r.latencies[k]);
  }

  @Benchmark
  public long bareSketches(Rows r) {
    int k = r.next();
    double[] row = r.rows[k];
    for (int f = 0; f < FEATURES; f++) {
      r.bare[f].update(row[f]);
    }
    r.bare[FEATURES].update(r.predictions[k]);
    r.bareLatency.recordValue(r.latencies[k]);
    return r.bareLatency.getTotalCount();
  }
}
