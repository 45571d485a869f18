package dev.mlops.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.pipeline.StepExecution;
import dev.mlops.api.pipeline.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link RunSteps} against a plain model (a list of executions in insertion order): appends that
 * skip known ids, truncations, lookups by id and reads by row agree, across the chunk boundaries of
 * {@value RunSteps#CHUNK} rows.
 */
class RunStepsProperties {
  static final String RUN = "run-1";
  static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  /**
   * Operations from a seed: 2,000 to 4,000 of them; each appends step {@code n} (n >= 0, uniform in
   * 0..2,999), or, once in about 300, truncates to {@code (-n - 1) / 1000} of the rows (keeping at
   * least half, so that most tables grow past a chunk).
   */
  static List<Integer> operations(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int count = random.nextInt(2_000, 4_001);
    List<Integer> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(random.nextInt(300) == 0 ? -random.nextInt(500, 1_001) : random.nextInt(3_000));
    }
    return ops;
  }

  /** Step {@code n}: its id is {@code <run>.<step>}, except for every seventh, a foreign id. */
  static StepExecution execution(int n, int row) {
    String step = "s" + n;
    String id = n % 7 == 0 ? "x" + n : RUN + "." + step;
    Instant started = T0.plusMillis(row);
    return new StepExecution(
        id,
        RUN,
        "etl",
        step,
        "1",
        n % 2 == 0 ? StepStatus.CACHED : StepStatus.SUCCEEDED,
        n % 3,
        started,
        started.plusNanos(n),
        null,
        Map.of(),
        Map.of(),
        Map.of(),
        null,
        "reason " + n);
  }

  @Property(tries = 25)
  @Label("appends, truncations, finds and reads agree with a list of the executions")
  void agreesWithModel(@ForAll long seed) {
    List<Integer> ops = operations(seed);
    RunSteps table = new RunSteps(RUN);
    List<StepExecution> model = new ArrayList<>();
    Map<String, Integer> rowOf = new LinkedHashMap<>();
    for (int op : ops) {
      if (op >= 0) {
        StepExecution e = execution(op, model.size());
        boolean fresh = !rowOf.containsKey(e.executionId());
        boolean runDotStep = RunSteps.isRunDotStep(e.executionId(), RUN, e.step());
        assertThat(table.addIfAbsent(e, runDotStep)).isEqualTo(fresh);
        if (fresh) {
          rowOf.put(e.executionId(), model.size());
          model.add(e);
        }
      } else {
        int keep = model.size() * (-op - 1) / 1_000;
        table.truncate(keep);
        while (model.size() > keep) {
          rowOf.remove(model.remove(model.size() - 1).executionId());
        }
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    for (int row = 0; row < model.size(); row++) {
      assertThat(table.get(row)).isEqualTo(model.get(row));
      assertThat(table.find(model.get(row).executionId())).isEqualTo(row);
    }
    Statistics.label("past the first chunk").collect(model.size() > RunSteps.CHUNK);
    assertThat(table.find(RUN + ".s3000")).isEqualTo(-1);
    assertThat(table.find("x3003")).isEqualTo(-1);
    assertThat(table.find("other-run.s1")).isEqualTo(-1);
  }
}
