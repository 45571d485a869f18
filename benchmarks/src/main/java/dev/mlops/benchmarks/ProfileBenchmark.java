package dev.mlops.benchmarks;

import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvTableReader;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.ProfileOptions;
import dev.mlops.validation.profile.Profiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The profile pass alone, from an in-memory {@link Table} of the benchmark CSV ({@code
 * shared/bench/gen-data.sh 1000000}: 1,000,000 rows, 10 numeric and 2 categorical columns), read
 * once in setup with {@link CsvTableReader}.
 *
 * <ul>
 *   <li>{@code floor}: {@link Profiler} with {@link ProfileOptions#floor()}, the floor's sketch set
 *       (per numeric column KLL k=200, HLL lgK=12, count/nulls/mean-variance/min/max; per
 *       categorical column HLL and frequent items, map 128; histogram and exact frequencies off).
 *   <li>{@code defaults}: {@link ProfileOptions#defaults()} (adds exact frequencies up to 10,000
 *       categories; the histogram is derived from KLL when read and costs nothing here).
 *   <li>{@code floorParallel2}: the floor's set in 8 chunks on 2 threads, merged.
 *   <li>{@code raw}: the raw DataSketches pass written for this benchmark over the same primitive
 *       arrays ({@code double[]} with NaN for null, {@code String[]} with null): per value KLL and
 *       HLL updates and Welford counters; per categorical value HLL and frequent-items updates.
 * </ul>
 *
 * <p>{@code columns=numeric} restricts every variant to the 10 numeric columns (ours counts
 * categorical values by dictionary code, so the categorical part is not like for like).
 *
 * <pre>{@code
 * /work/shared/bench/gen-data.sh 1000000 /tmp/bench.csv
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ProfileBenchmark -p file=/tmp/bench.csv
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread (the parallel variant uses its own pool).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class ProfileBenchmark {

  /** The CSV file. */
  @Param({"/tmp/bench.csv"})
  public String file;

  /** {@code all} columns or only the {@code numeric} ones. */
  @Param({"all", "numeric"})
  public String columns;

  private Table table;
  private double[][] numeric;
  private String[][] categorical;
  private ProfileOptions floor;
  private ProfileOptions defaults;
  private ExecutorService pool;

  @Setup(Level.Trial)
  public void setUp() {
    Path path = Path.of(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          file
              + " does not exist; generate it with /work/shared/bench/gen-data.sh 1000000 "
              + file);
    }
    Table all = CsvTableReader.withDefaults().read(path);
    List<String> keep = new ArrayList<>();
    List<double[]> nums = new ArrayList<>();
    List<String[]> cats = new ArrayList<>();
    for (Column c : all.columns()) {
      if (c instanceof NumericColumn n) {
        keep.add(n.name());
        nums.add(n.toArray());
      } else if (c instanceof CategoricalColumn k && columns.equals("all")) {
        keep.add(k.name());
        String[] s = new String[k.size()];
        for (int i = 0; i < s.length; i++) {
          s[i] = k.category(i);
        }
        cats.add(s);
      }
    }
    table = all.select(keep);
    numeric = nums.toArray(new double[0][]);
    categorical = cats.toArray(new String[0][]);
    int chunk = (table.rowCount() + 7) / 8;
    floor = ProfileOptions.floor().withChunkRows(chunk);
    defaults = ProfileOptions.defaults().withChunkRows(chunk);
    pool = Executors.newFixedThreadPool(2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  /**
   * Alternates the four variants in one JVM ({@code ROUNDS} rounds after {@code WARMUP} rounds) so
   * that a changing machine load hits all alike, and prints each one's median and best time and the
   * ratio to the raw pass. Usage: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
   * dev.mlops.benchmarks.ProfileBenchmark [FILE [ROUNDS [WARMUP [all|numeric]]]]}.
   *
   * @param args the file, rounds (default 15), warm-up rounds (default 5) and columns
   */
  public static void main(String[] args) {
    ProfileBenchmark b = new ProfileBenchmark();
    b.file = args.length > 0 ? args[0] : "/tmp/bench.csv";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    b.columns = args.length > 3 ? args[3] : "all";
    b.setUp();
    String[] names = {"raw", "floor", "defaults", "floorParallel2"};
    long[][] times = new long[names.length][rounds];
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    for (int r = -warmup; r < rounds; r++) {
      for (int v = 0; v < names.length; v++) {
        long t0 = System.nanoTime();
        switch (v) {
          case 0 -> b.raw(bh);
          case 1 -> bh.consume(b.floor());
          case 2 -> bh.consume(b.defaults());
          default -> bh.consume(b.floorParallel2());
        }
        long t = System.nanoTime() - t0;
        if (r >= 0) {
          times[v][r] = t;
        }
      }
    }
    b.tearDown();
    double raw = median(times[0]);
    for (int v = 0; v < names.length; v++) {
      long[] t = times[v].clone();
      java.util.Arrays.sort(t);
      System.out.printf(
          "%-15s median %8.1f ms  best %8.1f ms  %.2fx raw%n",
          names[v], median(times[v]) / 1e6, t[0] / 1e6, median(times[v]) / raw);
    }
  }

  private static double median(long[] values) {
    long[] t = values.clone();
    java.util.Arrays.sort(t);
    return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2.0;
  }

  @Benchmark
  public Profile floor() {
    return Profiler.profile(table, floor);
  }

  @Benchmark
  public Profile defaults() {
    return Profiler.profile(table, defaults);
  }

  @Benchmark
  public Profile floorParallel2() {
    return Profiler.profile(table, floor, pool);
  }

  @Benchmark
  public void raw(Blackhole bh) {
    for (double[] col : numeric) {
      KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(200);
      HllSketch hll = new HllSketch(12);
      long n = 0;
      long missing = 0;
      double mean = 0;
      double m2 = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : col) {
        if (Double.isNaN(v)) {
          missing++;
          continue;
        }
        n++;
        double d = v - mean;
        mean += d / n;
        m2 += d * (v - mean);
        min = Math.min(min, v);
        max = Math.max(max, v);
        kll.update(v);
        hll.update(v);
      }
      bh.consume(kll);
      bh.consume(hll);
      bh.consume(n + missing);
      bh.consume(mean + m2 + min + max);
    }
    for (String[] col : categorical) {
      HllSketch hll = new HllSketch(12);
      ItemsSketch<String> items = new ItemsSketch<>(128);
      long n = 0;
      long nulls = 0;
      for (String s : col) {
        if (s == null) {
          nulls++;
          continue;
        }
        n++;
        hll.update(s);
        items.update(s);
      }
      bh.consume(hll);
      bh.consume(items);
      bh.consume(n + nulls);
    }
  }
}
