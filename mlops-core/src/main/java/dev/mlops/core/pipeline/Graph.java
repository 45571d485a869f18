package dev.mlops.core.pipeline;

import dev.mlops.api.Names;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.pipeline.Input;
import dev.mlops.api.pipeline.Output;
import dev.mlops.api.pipeline.Parameter;
import dev.mlops.api.pipeline.Pipeline;
import dev.mlops.api.pipeline.Step;
import dev.mlops.api.pipeline.StepExecution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The scheduling form of a {@link Pipeline}, computed once per pipeline instance and shared by its
 * runs: steps by position in the pipeline's topological order, their upstream and downstream steps
 * as positions, which steps read outputs or artifacts, and the output handles by name. A run then
 * schedules by array index instead of looking names up in maps.
 *
 * <p>It also keeps, per step, the cache key and immutable maps of its latest execution ({@link
 * #shared}): a new execution of the step shares them when they are equal, so the records of
 * repeated (e.g. cached) executions copy no key parts and allocate no maps. Thread-safe; immutable
 * but for that memo.
 */
final class Graph {
  final Pipeline pipeline;
  final Step[] steps;
  final Integer[] boxed;
  final int[][] upstream;
  final int[][] downstream;
  final boolean[] readsData;
  final Map<String, Output<?>> producerHandles;
  final AtomicReferenceArray<@Nullable Shared> shared;

  /** The key and maps of a step's latest execution, as its {@link StepExecution} holds them. */
  record Shared(
      @Nullable String key,
      Map<String, String> parts,
      Map<String, ArtifactRef> inputs,
      Map<String, ArtifactRef> outputs) {

    /** Whether the execution holds exactly these objects. */
    boolean heldBy(StepExecution e) {
      return key == e.cacheKey()
          && parts == e.keyParts()
          && inputs == e.inputs()
          && outputs == e.outputs();
    }

    static Shared of(StepExecution e) {
      return new Shared(e.cacheKey(), e.keyParts(), e.inputs(), e.outputs());
    }
  }

  /**
   * Builds the graph and checks that every output's artifact name fits.
   *
   * @throws IllegalArgumentException if an output's artifact name would be too long
   */
  Graph(Pipeline pipeline) {
    this.pipeline = pipeline;
    List<Step> list = pipeline.steps();
    int n = list.size();
    steps = list.toArray(new Step[0]);
    shared = new AtomicReferenceArray<>(n);
    boxed = new Integer[n];
    Map<String, Integer> idx = new HashMap<>();
    Map<String, Output<?>> handles = new HashMap<>();
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
      idx.put(steps[i].name(), i);
      for (Output<?> o : steps[i].outputs()) {
        handles.put(o.name(), o);
        checkArtifactName(pipeline, steps[i], o);
      }
    }
    producerHandles = Map.copyOf(handles);
    upstream = new int[n][];
    readsData = new boolean[n];
    List<List<Integer>> down = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      down.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      List<String> up = pipeline.upstream(steps[i].name());
      upstream[i] = new int[up.size()];
      for (int k = 0; k < up.size(); k++) {
        int u = idx.get(up.get(k));
        upstream[i][k] = u;
        down.get(u).add(i);
      }
      for (Input<?> in : steps[i].inputs()) {
        readsData[i] |= in instanceof Output<?> || (in instanceof Parameter<?> p && p.isArtifact());
      }
    }
    downstream = new int[n][];
    for (int i = 0; i < n; i++) {
      downstream[i] = down.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  int size() {
    return steps.length;
  }

  private static void checkArtifactName(Pipeline pipeline, Step s, Output<?> o) {
    String name = PipelineEngine.artifactName(pipeline, o);
    if (name.length() > Names.MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "output '"
              + o.name()
              + "' of step '"
              + s.name()
              + "' would be stored as artifact '"
              + name.substring(0, 40)
              + "...', longer than "
              + Names.MAX_NAME_LENGTH
              + " characters; shorten the pipeline or output name");
    }
  }
}
