package dev.mlops.benchmarks;

import dev.mlops.core.git.GitInfo;
import dev.mlops.core.git.GitReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The git part of a tracked run's context capture: commit, branch and the dirty flag of the work
 * tree around the working directory, as every run (a pipeline run included) reads it at its start.
 * Run it from the work tree to measure (from a directory outside any work tree it measures the
 * search for one).
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar RunContextBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RunContextBenchmark {
  final Path workingDirectory = Path.of(System.getProperty("user.dir"));

  /** Reads the git state as a run's start does. */
  @Benchmark
  public Optional<GitInfo> gitRead() {
    return GitReader.read(workingDirectory);
  }
}
