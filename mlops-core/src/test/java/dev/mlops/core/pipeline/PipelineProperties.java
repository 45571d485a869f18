package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepStatus;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the engine over random DAGs. */
class PipelineProperties {

  /** A DAG on steps 0..n-1: each edge goes from a lower to a higher index. */
  record Dag(int size, List<int[]> edges) {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("Dag(" + size + ":");
      for (int[] e : edges) {
        b.append(' ').append(e[0]).append("->").append(e[1]);
      }
      return b.append(')').toString();
    }
  }

  @Provide
  Arbitrary<Dag> dags() {
    return Arbitraries.integers()
        .between(1, 25)
        .flatMap(
            n ->
                Combinators.combine(
                        Arbitraries.just(n),
                        Arbitraries.integers()
                            .between(0, Math.max(0, n - 1))
                            .tuple2()
                            .filter(t -> t.get1() < t.get2())
                            .map(t -> new int[] {t.get1(), t.get2()})
                            .list()
                            .ofMaxSize(n * 3))
                    .as(Dag::new));
  }

  /** Builds the DAG: step i outputs a string made of its index and its inputs' values. */
  static Pipeline pipeline(
      Dag dag, Map<Integer, Long> order, AtomicLong clock, Map<Integer, Integer> runs) {
    return pipeline(dag, order, clock, runs, Set.of());
  }

  /**
   * The same, with the steps in {@code changed} at version 2, whose outputs then carry a "v2" mark,
   * so their consumers' inputs change too.
   */
  static Pipeline pipeline(
      Dag dag,
      Map<Integer, Long> order,
      AtomicLong clock,
      Map<Integer, Integer> runs,
      Set<Integer> changed) {
    List<Output<String>> outs = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      outs.add(Output.of("o" + i, Codecs.utf8()));
    }
    Pipeline.Builder b = Pipeline.builder("dag");
    for (int i = 0; i < dag.size(); i++) {
      int me = i;
      String version = changed.contains(i) ? "2" : "1";
      Step.Builder s = Step.builder("s" + i).version(version).output(outs.get(i));
      List<Output<String>> ins = new ArrayList<>();
      for (int[] e : dag.edges()) {
        if (e[1] == i && !ins.contains(outs.get(e[0]))) {
          ins.add(outs.get(e[0]));
          s.input(outs.get(e[0]));
        }
      }
      b.step(
          s.body(
              ctx -> {
                runs.merge(me, 1, Integer::sum);
                StringBuilder v =
                    new StringBuilder("s" + me + (version.equals("1") ? "" : "v" + version) + "(");
                for (Output<String> in : ins) {
                  v.append(ctx.get(in)).append(',');
                }
                order.put(me, clock.incrementAndGet());
                ctx.put(outs.get(me), v.append(')').toString());
              }));
    }
    return b.build();
  }

  /** A DAG and the steps whose version a second run changes. */
  record Change(Dag dag, Set<Integer> changed) {}

  @Provide
  Arbitrary<Change> changes() {
    return dags()
        .flatMap(
            d ->
                Arbitraries.integers()
                    .between(0, d.size() - 1)
                    .set()
                    .ofMaxSize(3)
                    .map(c -> new Change(d, c)));
  }

  /** The changed steps and every step downstream of one. */
  static Set<Integer> downstreamOf(Dag dag, Set<Integer> changed) {
    Set<Integer> out = new TreeSet<>(changed);
    for (int i = 0; i < dag.size(); i++) { // edges go from lower to higher indexes
      for (int[] e : dag.edges()) {
        if (e[1] == i && out.contains(e[0])) {
          out.add(i);
        }
      }
    }
    return out;
  }

  @Property(tries = 60)
  @Label(
      "a re-run after changing some steps runs exactly them and what is downstream; the rest is"
          + " cached, and the outputs equal a fresh run's")
  void rerunRunsExactlyDownstream(@ForAll("changes") Change change) {
    Dag dag = change.dag();
    AtomicLong ticks = new AtomicLong();
    Map<Integer, Integer> runs = new ConcurrentHashMap<>();
    Map<Integer, Integer> freshRuns = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (Mlops a = Mlops.inMemory();
        Mlops fresh = Mlops.inMemory()) {
      RunOptions options = RunOptions.builder().executor(pool).build();
      a.pipelines()
          .run(pipeline(dag, new ConcurrentHashMap<>(), ticks, runs), Arguments.empty(), options);
      runs.clear();
      Map<Integer, Long> order = new ConcurrentHashMap<>();
      PipelineResult second =
          a.pipelines()
              .run(pipeline(dag, order, ticks, runs, change.changed()), Arguments.empty(), options);
      PipelineResult expected =
          fresh
              .pipelines()
              .run(
                  pipeline(dag, new ConcurrentHashMap<>(), ticks, freshRuns, change.changed()),
                  Arguments.empty(),
                  RunOptions.builder().executor(Runnable::run).build());

      assertThat(second.status()).isEqualTo(RunStatus.FINISHED);
      Set<Integer> rerun = downstreamOf(dag, change.changed());
      assertThat(new TreeSet<>(runs.keySet())).isEqualTo(rerun);
      assertThat(runs.values()).allMatch(n -> n == 1);
      for (int i = 0; i < dag.size(); i++) {
        assertThat(second.step("s" + i).orElseThrow().status())
            .as("s%d", i)
            .isEqualTo(rerun.contains(i) ? StepStatus.SUCCEEDED : StepStatus.CACHED);
        Output<String> o = Output.of("o" + i, Codecs.utf8());
        assertThat(a.pipelines().value(second, o)).isEqualTo(fresh.pipelines().value(expected, o));
      }
      for (int[] e : dag.edges()) {
        if (order.containsKey(e[0]) && order.containsKey(e[1])) {
          assertThat(order.get(e[0])).isLessThan(order.get(e[1]));
        }
      }
      assertThat(a.pipelines().executions(second.runId())).hasSize(dag.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Property(tries = 60)
  @Label("each step runs exactly once, only after all its producers; parallel equals sequential")
  void onceAfterProducers(@ForAll("dags") Dag dag) {
    Map<Integer, Long> parallelOrder = new ConcurrentHashMap<>();
    Map<Integer, Integer> parallelRuns = new ConcurrentHashMap<>();
    Map<Integer, Long> seqOrder = new ConcurrentHashMap<>();
    Map<Integer, Integer> seqRuns = new ConcurrentHashMap<>();
    AtomicLong ticks = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Mlops a = Mlops.inMemory();
        Mlops b = Mlops.inMemory()) {
      PipelineResult par =
          a.pipelines()
              .run(
                  pipeline(dag, parallelOrder, ticks, parallelRuns),
                  Arguments.empty(),
                  RunOptions.builder().executor(pool).build());
      PipelineResult seq =
          b.pipelines()
              .run(
                  pipeline(dag, seqOrder, ticks, seqRuns),
                  Arguments.empty(),
                  RunOptions.builder().executor(Runnable::run).build());
      assertThat(par.status()).isEqualTo(RunStatus.FINISHED);
      assertThat(seq.status()).isEqualTo(RunStatus.FINISHED);
      for (int i = 0; i < dag.size(); i++) {
        assertThat(parallelRuns.get(i)).as("runs of s%d", i).isEqualTo(1);
        assertThat(seqRuns.get(i)).as("runs of s%d", i).isEqualTo(1);
      }
      for (int[] e : dag.edges()) {
        assertThat(parallelOrder.get(e[0])).isLessThan(parallelOrder.get(e[1]));
        assertThat(seqOrder.get(e[0])).isLessThan(seqOrder.get(e[1]));
      }
      for (int i = 0; i < dag.size(); i++) {
        Output<String> o = Output.of("o" + i, Codecs.utf8());
        assertThat(a.pipelines().value(par, o)).isEqualTo(b.pipelines().value(seq, o));
        assertThat(a.artifacts().get("dag.o" + i, par.outputs().get("o" + i).version()).digest())
            .isEqualTo(
                b.artifacts().get("dag.o" + i, seq.outputs().get("o" + i).version()).digest());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
