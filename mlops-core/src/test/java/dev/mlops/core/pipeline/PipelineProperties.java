package dev.mlops.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.pipeline.Arguments;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.PipelineResult;
import dev.mlops.api.pipeline.RunOptions;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.tracking.RunStatus;
import dev.mlops.core.Mlops;
import dev.mlops.core.codec.Codecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    List<Output<String>> outs = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      outs.add(Output.of("o" + i, Codecs.utf8()));
    }
    Pipeline.Builder b = Pipeline.builder("dag");
    for (int i = 0; i < dag.size(); i++) {
      int me = i;
      Step.Builder s = Step.builder("s" + i).output(outs.get(i));
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
                StringBuilder v = new StringBuilder("s" + me + "(");
                for (Output<String> in : ins) {
                  v.append(ctx.get(in)).append(',');
                }
                order.put(me, clock.incrementAndGet());
                ctx.put(outs.get(me), v.append(')').toString());
              }));
    }
    return b.build();
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
