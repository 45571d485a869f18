package dev.mlops.benchmarks;

import dev.mlops.validation.metrics.AucIntervalMethod;
import dev.mlops.validation.metrics.BinaryClassificationEvaluator;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.DeLong;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.PairedAucTest;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Model metrics with intervals (issue 6): a 1,000-resample stratified bootstrap of ROC AUC on
 * 100,000 rows, and DeLong on 1,000,000 rows.
 *
 * <p>Data: the binormal design of STATISTICS.md's coverage test (labels Bernoulli(0.3), latent
 * score N(1.2 y, 1), the score its calibrated probability, predictions at 0.5), seeded.
 *
 * <ul>
 *   <li>{@code bootstrapAuc100k}: {@link BinaryClassificationEvaluator#evaluate} with {@link
 *       AucIntervalMethod#STRATIFIED_BOOTSTRAP}, 1,000 resamples: every point metric, the Wilson
 *       intervals and the bootstrap intervals of ROC AUC, F1, average precision, log loss, Brier
 *       score and ECE from the same resamples (the rows are sorted by score once per call);
 *   <li>{@code deLong1m}: {@link DeLong#aucInterval} on all 1,000,000 rows of outcomes whose score
 *       order is already cached (as in repeated slices of one data set);
 *   <li>{@code deLong1mFromScratch}: the same on new outcomes, so including validation, the copy
 *       and the sort by score;
 *   <li>{@code pairedDeLong1m}: {@link DeLong#compare} of two correlated score sets on 1,000,000
 *       rows (two sorts and the placement covariances).
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ModelMetricsBenchmark -f 1 -wi 2 -i 5
 * java -jar benchmarks/target/benchmarks.jar ModelMetricsBenchmark.bootstrapAuc100k -f 1 -wi 2 -i 3 -prof stack
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ModelMetricsBenchmark {
  private static final BinaryClassificationEvaluator BOOTSTRAP_AUC =
      BinaryClassificationEvaluator.builder()
          .aucInterval(AucIntervalMethod.STRATIFIED_BOOTSTRAP)
          .build();

  private BinaryOutcomes data100k;
  private BinaryOutcomes data1m;
  private int[] rows1m;
  private int[] labels1m;
  private double[] scores1m;
  private int[] predictions1m;
  private double[] otherScores1m;

  /** Generates the rows and caches the 1,000,000-row score order. */
  @Setup
  public void setUp() {
    data100k = generate(100_000, 1);
    SplittableRandom rng = new SplittableRandom(2);
    int n = 1_000_000;
    labels1m = new int[n];
    scores1m = new double[n];
    predictions1m = new int[n];
    otherScores1m = new double[n];
    rows1m = new int[n];
    fill(rng, labels1m, scores1m, predictions1m, otherScores1m);
    for (int i = 0; i < n; i++) {
      rows1m[i] = i;
    }
    data1m = BinaryOutcomes.of(labels1m, scores1m, predictions1m);
    DeLong.aucInterval(data1m, rows1m, 0.95); // caches the order
  }

  static BinaryOutcomes generate(int n, long seed) {
    int[] y = new int[n];
    double[] s = new double[n];
    int[] p = new int[n];
    fill(new SplittableRandom(seed), y, s, p, new double[n]);
    return BinaryOutcomes.of(y, s, p);
  }

  private static void fill(SplittableRandom rng, int[] y, double[] s, int[] p, double[] other) {
    double a0 = Math.log(0.3 / 0.7) - 0.72;
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextDouble() < 0.3 ? 1 : 0;
      double latent = rng.nextGaussian() + 1.2 * y[i];
      s[i] = 1 / (1 + Math.exp(-(a0 + 1.2 * latent)));
      p[i] = s[i] >= 0.5 ? 1 : 0;
      other[i] = latent + 0.7 * rng.nextGaussian();
    }
  }

  /**
   * 1,000 stratified resamples of 100,000 rows.
   *
   * @return the result
   */
  @Benchmark
  public BinaryClassificationResult bootstrapAuc100k() {
    return BOOTSTRAP_AUC.evaluate(data100k, IntervalSpec.defaults());
  }

  /**
   * DeLong interval on 1,000,000 rows, order cached.
   *
   * @return the interval
   */
  @Benchmark
  public Interval deLong1m() {
    return DeLong.aucInterval(data1m, rows1m, 0.95);
  }

  /**
   * DeLong interval on 1,000,000 rows from the raw arrays.
   *
   * @return the interval
   */
  @Benchmark
  public Interval deLong1mFromScratch() {
    return DeLong.aucInterval(BinaryOutcomes.of(labels1m, scores1m, predictions1m), rows1m, 0.95);
  }

  /**
   * DeLong's paired test on 1,000,000 rows.
   *
   * @return the test
   */
  @Benchmark
  public PairedAucTest pairedDeLong1m() {
    return DeLong.compare(labels1m, scores1m, otherScores1m, 0.95);
  }

  /**
   * Thread CPU time per operation (median of 9 after 3 warm-up calls), which a loaded machine
   * inflates far less than wall time; also prints the bootstrap AUC interval as a check.
   *
   * <pre>{@code
   * java -cp benchmarks/target/benchmarks.jar dev.mlops.benchmarks.ModelMetricsBenchmark
   * }</pre>
   *
   * @param args unused
   */
  public static void main(String[] args) {
    ModelMetricsBenchmark b = new ModelMetricsBenchmark();
    b.setUp();
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, java.util.function.Supplier<Object>> ops =
        new java.util.LinkedHashMap<>();
    ops.put("bootstrapAuc100k", b::bootstrapAuc100k);
    ops.put("deLong1m", b::deLong1m);
    ops.put("deLong1mFromScratch", b::deLong1mFromScratch);
    ops.put("pairedDeLong1m", b::pairedDeLong1m);
    for (java.util.Map.Entry<String, java.util.function.Supplier<Object>> op : ops.entrySet()) {
      double[] cpu = new double[9];
      double[] wall = new double[9];
      Object last = null;
      for (int i = -3; i < 9; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        last = op.getValue().get();
        if (i >= 0) {
          cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
          wall[i] = (System.nanoTime() - w0) / 1e6;
        }
      }
      java.util.Arrays.sort(cpu);
      java.util.Arrays.sort(wall);
      String detail =
          last instanceof BinaryClassificationResult r
              ? " roc_auc " + r.metric("roc_auc").orElseThrow().interval().orElseThrow()
              : " " + last;
      System.out.printf(
          "%-20s cpu median %8.1f ms (min %8.1f)  wall median %8.1f ms%s%n",
          op.getKey(), cpu[4], cpu[0], wall[4], detail);
    }
  }
}
