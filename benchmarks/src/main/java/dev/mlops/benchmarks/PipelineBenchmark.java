package dev.mlops.benchmarks;

import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
 * The pipeline engine's own cost.
 *
 * <ul>
 *   <li>{@code noOpDag}: one run of a 10,000-step DAG of no-op steps (100 layers of 100 steps, each
 *       ordered after 2 seeded-random steps of the layer before), the cache not read, every step
 *       executed and recorded (step execution, lineage, cache entry, audit event), on the store of
 *       {@code store} ({@code mem} in memory, {@code sqlite} the embedded default in a temp
 *       directory) and the engine's pool. Divide by 10,000 for the overhead per step.
 *   <li>{@code cpuBound}: 8 independent CPU-bound steps (about 40 ms each), with {@code executor}
 *       {@code direct} (sequential, {@code Runnable::run}) or {@code pool} (2 threads). The
 *       speed-up is direct / pool.
 *   <li>{@code cachedRerun}: the 10,000-step DAG run again after a first run: every step a cache
 *       hit; fails if a body runs ({@code executor} as above). {@code cacheKeyLookups} is its
 *       baseline: {@code plan} of the same pipeline, which computes every cache key and looks it
 *       up, and nothing else.
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -B -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -f 1 -wi 2 -i 5
 * }</pre>
 *
 * <p>Not thread-safe: JMH runs it on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PipelineBenchmark {
  static final int LAYERS = 100;
  static final int WIDTH = 100;

  /** Counts executed bodies, to prove a cached run executes none. */
  static final AtomicLong BODIES = new AtomicLong();

  static Pipeline noOpDag() {
    SplittableRandom random = new SplittableRandom(42);
    Pipeline.Builder b = Pipeline.builder("noop");
    for (int layer = 0; layer < LAYERS; layer++) {
      for (int i = 0; i < WIDTH; i++) {
        Step.Builder s = Step.builder("s" + layer + "-" + i);
        if (layer > 0) {
          int p1 = random.nextInt(WIDTH);
          int p2 = (p1 + 1 + random.nextInt(WIDTH - 1)) % WIDTH;
          s.after("s" + (layer - 1) + "-" + p1).after("s" + (layer - 1) + "-" + p2);
        }
        b.step(s.body(ctx -> BODIES.incrementAndGet()));
      }
    }
    return b.build();
  }

  static Mlops open(String store, @Nullable Path dir) {
    return store.equals("mem") ? Mlops.inMemory() : Mlops.open(dir);
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory(
          Path.of(System.getProperty("mlops.bench.dir", System.getProperty("java.io.tmpdir"))),
          "pipeline-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(@Nullable Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void requireFinished(PipelineResult r) {
    if (r.status() != RunStatus.FINISHED) {
      throw new IllegalStateException("run ended " + r.status() + ":\n" + r.explain());
    }
  }

  /** The 10,000 no-op steps, executed. */
  @State(Scope.Thread)
  public static class NoOp {
    @Param({"mem", "sqlite"})
    public String store = "mem";

    @Param({"pool", "direct"})
    public String executor = "pool";

    Pipeline pipeline = noOpDag();
    @Nullable Path dir;
    @Nullable Mlops mlops;

    @Setup(Level.Iteration)
    public void open() {
      dir = store.equals("sqlite") ? tempDir() : null;
      mlops = PipelineBenchmark.open(store, dir);
    }

    @TearDown(Level.Iteration)
    public void close() {
      if (mlops != null) {
        mlops.close();
      }
      delete(dir);
    }
  }

  @Benchmark
  public PipelineResult noOpDag(NoOp s) {
    RunOptions.Builder o = RunOptions.builder().readCache(false);
    if (s.executor.equals("direct")) {
      o.executor(Runnable::run);
    }
    PipelineResult r = s.mlops.pipelines().run(s.pipeline, Arguments.empty(), o.build());
    requireFinished(r);
    return r;
  }

  /** 8 independent CPU-bound steps. */
  @State(Scope.Thread)
  public static class Cpu {
    @Param({"direct", "pool"})
    public String executor = "direct";

    @Nullable Mlops mlops;
    @Nullable ExecutorService pool;
    Pipeline pipeline = cpuPipeline();

    @Setup(Level.Trial)
    public void open() {
      mlops = Mlops.inMemory();
      pool = Executors.newFixedThreadPool(2);
    }

    @TearDown(Level.Trial)
    public void close() {
      if (pool != null) {
        pool.shutdownNow();
      }
      if (mlops != null) {
        mlops.close();
      }
    }
  }

  static Pipeline cpuPipeline() {
    Pipeline.Builder b = Pipeline.builder("cpu");
    for (int i = 0; i < 8; i++) {
      int seed = i;
      b.step(
          Step.builder("burn" + i)
              .cacheable(false)
              .body(
                  ctx -> {
                    long x = seed + 1;
                    for (int k = 0; k < 60_000_000; k++) {
                      x ^= x << 13;
                      x ^= x >>> 7;
                      x ^= x << 17;
                    }
                    if (x == 0) {
                      throw new IllegalStateException("xorshift never reaches 0");
                    }
                  }));
    }
    return b.build();
  }

  @Benchmark
  public PipelineResult cpuBound(Cpu s) {
    RunOptions.Builder o = RunOptions.builder();
    if (s.executor.equals("direct")) {
      o.executor(Runnable::run);
    } else {
      o.executor(s.pool);
    }
    PipelineResult r = s.mlops.pipelines().run(s.pipeline, Arguments.empty(), o.build());
    requireFinished(r);
    return r;
  }

  /** The 10,000-step DAG, run once already, on the in-memory store. */
  @State(Scope.Thread)
  public static class Cached {
    @Param({"pool", "direct"})
    public String executor = "pool";

    Pipeline pipeline = noOpDag();
    @Nullable Mlops mlops;

    @Setup(Level.Trial)
    public void open() {
      mlops = Mlops.inMemory();
      requireFinished(mlops.pipelines().run(pipeline, Arguments.empty()));
    }

    @TearDown(Level.Trial)
    public void close() {
      if (mlops != null) {
        mlops.close();
      }
    }
  }

  @Benchmark
  public PipelineResult cachedRerun(Cached s) {
    long before = BODIES.get();
    RunOptions options =
        s.executor.equals("direct")
            ? RunOptions.builder().executor(Runnable::run).build()
            : RunOptions.defaults();
    PipelineResult r = s.mlops.pipelines().run(s.pipeline, Arguments.empty(), options);
    requireFinished(r);
    if (BODIES.get() != before
        || r.steps().stream().anyMatch(e -> e.status() != StepStatus.CACHED)) {
      throw new IllegalStateException("a cached re-run executed a step body");
    }
    return r;
  }

  @Benchmark
  public Object cacheKeyLookups(Cached s) {
    var plan = s.mlops.pipelines().plan(s.pipeline, Arguments.empty());
    if (!plan.willRun().isEmpty()) {
      throw new IllegalStateException("the plan predicts misses: " + plan.willRun().size());
    }
    return plan;
  }
}
