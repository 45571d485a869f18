package dev.mlops.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import dev.mlops.validation.drift.KolmogorovSmirnov;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two-sample Kolmogorov-Smirnov test over the 10 numeric columns of the {@code
 * shared/bench/gen_perf.py --rows 1000000} reference/current pair, missing values removed: the Java
 * side of the issue-5 target "our total with the asymptotic p-value is at most the {@code
 * ks_2samp(method='asymp')} total that {@code scipy_timing.py} prints".
 *
 * <p>The columns are read once in {@link #setUp} with {@link CsvTableReader} (types declared from
 * the pair's {@code types.json}), NaN/null rows dropped; each operation then starts from those
 * unsorted {@code double[]}: for every column it copies both sides, sorts them, and runs {@link
 * KolmogorovSmirnov#test(double[], double[], KolmogorovSmirnov.Mode)}, as SciPy's timed call copies
 * and sorts inside {@code ks_2samp}. Benchmarks:
 *
 * <ul>
 *   <li>{@code ksAsymp}: {@link KolmogorovSmirnov.Mode#ASYMP}, SciPy's {@code method='asymp'} (the
 *       target);
 *   <li>{@code ksDefault}: {@link KolmogorovSmirnov.Mode#EXACT}, our default (exact where SciPy is
 *       exact, asymp elsewhere), stated beside it.
 * </ul>
 *
 * <p>{@code sort=radix} sorts with the LSD radix sort that {@code DriftTests.numeric} uses (package
 * private in mlops-validation, reached here through a method handle: this module is not API and
 * runs on the class path); {@code sort=jdk} sorts with {@link Arrays#sort(double[])}, what a caller
 * of the public {@code KolmogorovSmirnov.test} does.
 *
 * <pre>{@code
 * /usr/bin/python3 /work/shared/bench/gen_perf.py --rows 1000000 --out /tmp/oracle-perf-1m
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar DriftBenchmark -p dir=/tmp/oracle-perf-1m -f 1 -wi 2 -i 5
 * /usr/bin/python3 /work/shared/bench/scipy_timing.py --dir /tmp/oracle-perf-1m   # TOTAL ks=...
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@State(Scope.Benchmark)
public class DriftBenchmark {

  /**
   * The directory of the pair ({@code reference.csv}, {@code current.csv}, {@code types.json});
   * default {@code /tmp/oracle-perf}, gen_perf.py's default output directory.
   */
  @Param({"/tmp/oracle-perf"})
  public String dir;

  /** {@code radix} (the drift path's sort) or {@code jdk} ({@code Arrays.sort}). */
  @Param({"radix", "jdk"})
  public String sort;

  private String[] names = new String[0];
  private double[][] reference = new double[0][];
  private double[][] current = new double[0][];
  private MethodHandle sorter = MethodHandles.constant(int.class, 0);

  @Setup
  public void setUp() throws IOException {
    Path d = Path.of(dir);
    Path types = d.resolve("types.json");
    Path ref = d.resolve("reference.csv");
    Path cur = d.resolve("current.csv");
    for (Path p : List.of(types, ref, cur)) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            p
                + " does not exist; generate the pair with /usr/bin/python3"
                + " /work/shared/bench/gen_perf.py --rows 1000000 --out "
                + d
                + " (needs Debian's python3-numpy and python3-pandas), or pass -p dir=DIR");
      }
    }
    JsonNode t = new ObjectMapper().readTree(types.toFile());
    CsvOptions.Builder options = CsvOptions.builder().inferTypes(false);
    List<String> numeric = new ArrayList<>();
    t.path("numeric").forEach(n -> numeric.add(n.asText()));
    numeric.forEach(n -> options.type(n, ColumnType.NUMERIC));
    t.path("categorical").forEach(n -> options.type(n.asText(), ColumnType.CATEGORICAL));
    if (numeric.isEmpty()) {
      throw new IllegalStateException(types + " lists no numeric column");
    }
    CsvTableReader reader = CsvTableReader.of(options.build());
    Table r = reader.read(ref);
    Table c = reader.read(cur);
    names = numeric.toArray(String[]::new);
    reference = new double[names.length][];
    current = new double[names.length][];
    for (int i = 0; i < names.length; i++) {
      reference[i] = withoutMissing(r.numeric(names[i]).toArray());
      current[i] = withoutMissing(c.numeric(names[i]).toArray());
    }
    sorter = sorter(sort);
  }

  /** Null rows read as NaN; drops them and NaN values, keeping row order. */
  private static double[] withoutMissing(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
  }

  private static MethodHandle sorter(String sort) {
    MethodType type = MethodType.methodType(void.class, double[].class);
    try {
      return switch (sort) {
        case "jdk" -> MethodHandles.publicLookup().findStatic(Arrays.class, "sort", type);
        case "radix" -> {
          Class<?> sorting = Class.forName("dev.mlops.validation.drift.Sorting");
          yield MethodHandles.privateLookupIn(sorting, MethodHandles.lookup())
              .findStatic(sorting, "sort", type);
        }
        default -> throw new IllegalArgumentException("sort must be radix or jdk, not " + sort);
      };
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot reach "
              + sort
              + " sort (dev.mlops.validation.drift.Sorting.sort(double[]) moved?): "
              + e,
          e);
    }
  }

  private double[] sorted(double[] values) {
    double[] copy = values.clone();
    try {
      sorter.invokeExact(copy);
    } catch (Throwable e) {
      throw new IllegalStateException("sorting failed", e);
    }
    return copy;
  }

  private double run(KolmogorovSmirnov.Mode mode) {
    double sum = 0;
    for (int i = 0; i < names.length; i++) {
      KolmogorovSmirnov.Result res =
          KolmogorovSmirnov.test(sorted(reference[i]), sorted(current[i]), mode);
      sum += res.statistic() + res.pvalue();
    }
    return sum;
  }

  /**
   * KS with SciPy's {@code method='asymp'} p-value on every numeric column, sorts included.
   *
   * @return the sum of statistics and p-values (kept alive for JMH)
   */
  @Benchmark
  public double ksAsymp() {
    return run(KolmogorovSmirnov.Mode.ASYMP);
  }

  /**
   * KS with our default p-value (exact where SciPy's {@code method='exact'} is exact) on every
   * numeric column, sorts included.
   *
   * @return the sum of statistics and p-values (kept alive for JMH)
   */
  @Benchmark
  public double ksDefault() {
    return run(KolmogorovSmirnov.Mode.EXACT);
  }

  /**
   * Prints each column's sizes, D, p-value and method in both modes, and the time of one pass, to
   * check them against {@code scipy_timing.py}'s lines. Usage: {@code java -cp
   * benchmarks/target/benchmarks.jar dev.mlops.benchmarks.DriftBenchmark [DIR]}.
   *
   * @param args the pair's directory (default /tmp/oracle-perf)
   * @throws IOException if the pair cannot be read
   */
  public static void main(String[] args) throws IOException {
    DriftBenchmark b = new DriftBenchmark();
    b.dir = args.length > 0 ? args[0] : "/tmp/oracle-perf";
    b.sort = "radix";
    b.setUp();
    for (KolmogorovSmirnov.Mode mode : KolmogorovSmirnov.Mode.values()) {
      long total = 0;
      for (int i = 0; i < b.names.length; i++) {
        long t0 = System.nanoTime();
        KolmogorovSmirnov.Result r =
            KolmogorovSmirnov.test(b.sorted(b.reference[i]), b.sorted(b.current[i]), mode);
        long t = System.nanoTime() - t0;
        total += t;
        System.out.printf(
            "%-6s %-18s %9.4f s  statistic=%s pvalue=%s method=%s n_ref=%d n_cur=%d%n",
            mode, b.names[i], t / 1e9, r.statistic(), r.pvalue(), r.method(), r.n1(), r.n2());
      }
      System.out.printf("%-6s TOTAL %.4f s (first pass, not warmed up)%n", mode, total / 1e9);
    }
  }
}
