package dev.mlops.api.pipeline;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated graph of named steps. Edges come from data (a step reading another's
 * output runs after it) and from explicit ordering ({@link Step.Builder#after}). Build one with
 * {@link #builder(String)}; run it with {@link Pipelines}.
 *
 * <p>Immutable and thread-safe; build once and share. {@link #steps()} is a topological order:
 * every step comes after all the steps it depends on, and otherwise in the order steps were added.
 *
 * <p>{@link Builder#build()} rejects, naming the culprits in one message: duplicate step names, an
 * output produced by two steps, an input that no step produces, a consumer whose declared type does
 * not accept the producer's type, a parameter declared with two types, an ordering edge to an
 * unknown step, and a cycle (printed as {@code a -> b -> c -> a}).
 *
 * <pre>{@code
 * Parameter<Long> n = Parameter.ofLong("n").withDefault(10L);
 * Output<String> text = Output.of("text", Codecs.utf8());
 * Output<Long> length = Output.of("length", Codecs.json(Long.class));
 * Pipeline p = Pipeline.builder("demo")
 *     .step(Step.builder("make").input(n).output(text)
 *         .body(ctx -> ctx.put(text, "x".repeat(ctx.get(n).intValue()))))
 *     .step(Step.builder("measure").input(text).output(length)
 *         .body(ctx -> ctx.put(length, (long) ctx.get(text).length())))
 *     .build();
 * System.out.println(p.toMermaid());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Pipeline {
  /** The version of a pipeline when {@link Builder#version(String)} is not called. */
  public static final String DEFAULT_VERSION = "1";

  private final String name;
  private final String version;
  private final List<Step> steps;
  private final Map<String, Step> byName;
  private final Map<String, String> producers;
  private final Map<String, Parameter<?>> parameters;
  private final Map<String, List<String>> upstream;

  private Pipeline(
      String name,
      String version,
      List<Step> steps,
      Map<String, String> producers,
      Map<String, Parameter<?>> parameters,
      Map<String, List<String>> upstream) {
    this.name = name;
    this.version = version;
    this.steps = List.copyOf(steps);
    Map<String, Step> m = new LinkedHashMap<>();
    for (Step s : steps) {
      m.put(s.name(), s);
    }
    this.byName = Collections.unmodifiableMap(m);
    this.producers = Map.copyOf(producers);
    this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Map<String, List<String>> up = new HashMap<>();
    upstream.forEach((k, v) -> up.put(k, List.copyOf(v)));
    this.upstream = Map.copyOf(up);
  }

  /**
   * Starts a pipeline.
   *
   * @param name the pipeline name ({@link Names#requireName}); the experiment of its runs
   * @return a builder
   * @throws InvalidInputException if the name is illegal
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the declared version.
   *
   * @return the version; {@value #DEFAULT_VERSION} by default
   */
  public String version() {
    return version;
  }

  /**
   * Returns the steps in a topological order.
   *
   * @return the steps
   */
  public List<Step> steps() {
    return steps;
  }

  /**
   * Finds a step by name.
   *
   * @param stepName the name
   * @return the step, if the pipeline has it
   */
  public Optional<Step> step(String stepName) {
    return Optional.ofNullable(byName.get(stepName));
  }

  /**
   * Returns the parameters the steps read, by name, in the order first declared.
   *
   * @return the parameters
   */
  public Map<String, Parameter<?>> parameters() {
    return parameters;
  }

  /**
   * Returns the step that produces an output.
   *
   * @param outputName the output name
   * @return the producing step's name, if any step produces it
   */
  public Optional<String> producer(String outputName) {
    return Optional.ofNullable(producers.get(outputName));
  }

  /**
   * Returns the steps a step depends on directly (data and ordering edges), in topological order.
   *
   * @param stepName a step of this pipeline
   * @return the upstream step names
   * @throws IllegalArgumentException if the pipeline has no such step
   */
  public List<String> upstream(String stepName) {
    List<String> up = upstream.get(stepName);
    if (up == null) {
      throw new IllegalArgumentException(
          "pipeline '"
              + name
              + "' has no step '"
              + stepName
              + "'; its steps are "
              + byName.keySet());
    }
    return up;
  }

  /**
   * Renders the graph in the Graphviz DOT language: steps as boxes labelled with name and version,
   * edges labelled with the outputs they carry (ordering edges dashed).
   *
   * @return the DOT text
   */
  public String toDot() {
    StringBuilder b = new StringBuilder("digraph \"").append(escape(name)).append("\" {\n");
    b.append("  rankdir=LR;\n");
    Map<String, String> ids = ids();
    for (Step s : steps) {
      b.append("  ")
          .append(ids.get(s.name()))
          .append(" [label=\"")
          .append(escape(s.name() + " v" + s.version()))
          .append("\", shape=box];\n");
    }
    forEachEdge(
        (from, to, label) -> {
          b.append("  ").append(ids.get(from)).append(" -> ").append(ids.get(to));
          b.append(label == null ? " [style=dashed]" : " [label=\"" + escape(label) + "\"]");
          b.append(";\n");
        });
    return b.append("}\n").toString();
  }

  /**
   * Renders the graph as a Mermaid flowchart, edges labelled with the outputs they carry.
   *
   * @return the Mermaid text
   */
  public String toMermaid() {
    StringBuilder b = new StringBuilder("flowchart LR\n");
    Map<String, String> ids = ids();
    for (Step s : steps) {
      b.append("  ")
          .append(ids.get(s.name()))
          .append("[\"")
          .append(escape(s.name() + " v" + s.version()).replace("\\\"", "#quot;"))
          .append("\"]\n");
    }
    forEachEdge(
        (from, to, label) ->
            b.append("  ")
                .append(ids.get(from))
                .append(label == null ? " -.-> " : " -- \"" + label + "\" --> ")
                .append(ids.get(to))
                .append('\n'));
    return b.toString();
  }

  private interface EdgeVisitor {
    void visit(String from, String to, @Nullable String label);
  }

  private void forEachEdge(EdgeVisitor v) {
    for (Step s : steps) {
      Set<String> dataFrom = new LinkedHashSet<>();
      for (Input<?> in : s.inputs()) {
        String p = producers.get(in.name());
        if (p != null) {
          dataFrom.add(p);
          v.visit(p, s.name(), in.name());
        }
      }
      for (String a : s.after()) {
        if (!dataFrom.contains(a)) {
          v.visit(a, s.name(), null);
        }
      }
    }
  }

  private Map<String, String> ids() {
    Map<String, String> ids = new HashMap<>();
    for (Step s : steps) {
      ids.put(s.name(), "s" + ids.size());
    }
    return ids;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return "pipeline '" + name + "' v" + version + " (" + steps.size() + " steps)";
  }

  /**
   * Collects steps and validates the graph.
   *
   * <p>Not thread-safe. Validation happens in {@link #build()}, which reports every problem found.
   *
   * <pre>{@code
   * Pipeline p = Pipeline.builder("etl").version("2").step(load).step(clean).include(features).build();
   * }</pre>
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private final String name;
    private @Nullable String version;
    private final List<Step> steps = new ArrayList<>();

    private Builder(String name) {
      this.name = Names.requireName(name, "pipeline name");
    }

    /**
     * Sets the version, recorded with every run. Default: {@value Pipeline#DEFAULT_VERSION}.
     *
     * @param version 1 to 100 characters of text
     * @return this builder
     * @throws IllegalArgumentException if the version is empty or too long
     * @throws IllegalStateException if it was set before
     */
    public Builder version(String version) {
      Objects.requireNonNull(version, "version");
      if (version.isEmpty() || version.length() > 100 || version.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "': version must have 1 to 100 characters and no NUL");
      }
      if (this.version != null) {
        throw new IllegalStateException(
            "pipeline '" + name + "': version was already set; set it once");
      }
      this.version = version;
      return this;
    }

    /**
     * Adds a step.
     *
     * @param step the step
     * @return this builder
     */
    public Builder step(Step step) {
      steps.add(Objects.requireNonNull(step, "step"));
      return this;
    }

    /**
     * Adds the steps of another pipeline as one composite step: each is named {@code
     * <pipeline>.<step>} (its ordering edges renamed the same way), its outputs keep their names so
     * this pipeline's steps read them through the same handles, and its parameters become
     * parameters of this pipeline.
     *
     * @param pipeline the pipeline to include
     * @return this builder
     */
    public Builder include(Pipeline pipeline) {
      Objects.requireNonNull(pipeline, "pipeline");
      for (Step s : pipeline.steps()) {
        Set<String> after = new LinkedHashSet<>();
        for (String a : s.after()) {
          after.add(pipeline.name() + "." + a);
        }
        String renamed = pipeline.name() + "." + s.name();
        if (renamed.length() > Step.MAX_NAME_LENGTH) {
          throw InvalidInputException.of(
              "step name",
              "including pipeline '"
                  + pipeline.name()
                  + "' makes step name '"
                  + renamed
                  + "' longer than "
                  + Step.MAX_NAME_LENGTH
                  + " characters; shorten the names");
        }
        steps.add(s.renamed(renamed, after));
      }
      return this;
    }

    /**
     * Validates the graph and builds the pipeline.
     *
     * @return the pipeline
     * @throws IllegalArgumentException if the graph is invalid; the message lists every problem,
     *     naming the steps, outputs and parameters involved, and prints a cycle as {@code a -> b ->
     *     a}
     * @throws IllegalStateException if no step was added
     */
    public Pipeline build() {
      if (steps.isEmpty()) {
        throw new IllegalStateException("pipeline '" + name + "' has no step; add one with step()");
      }
      List<String> problems = new ArrayList<>();
      Map<String, Step> byName = new LinkedHashMap<>();
      for (Step s : steps) {
        if (byName.putIfAbsent(s.name(), s) != null) {
          problems.add("duplicate step name '" + s.name() + "'");
        }
      }
      Map<String, Output<?>> outputs = new HashMap<>();
      Map<String, String> producers = new HashMap<>();
      for (Step s : byName.values()) {
        for (Output<?> o : s.outputs()) {
          String before = producers.putIfAbsent(o.name(), s.name());
          if (before != null) {
            problems.add(
                "output '"
                    + o.name()
                    + "' is produced twice, by steps '"
                    + before
                    + "' and '"
                    + s.name()
                    + "'");
          } else {
            outputs.put(o.name(), o);
          }
        }
      }
      Map<String, Parameter<?>> parameters = new LinkedHashMap<>();
      Map<String, String> parameterDeclarer = new HashMap<>();
      for (Step s : byName.values()) {
        for (Input<?> in : s.inputs()) {
          if (in instanceof Parameter<?> p) {
            if (outputs.containsKey(p.name())) {
              problems.add(
                  "step '"
                      + s.name()
                      + "' reads '"
                      + p.name()
                      + "' as a parameter, but step '"
                      + producers.get(p.name())
                      + "' produces an output of that name");
              continue;
            }
            Parameter<?> before = parameters.putIfAbsent(p.name(), p);
            if (before != null && !before.type().equals(p.type())) {
              problems.add(
                  "parameter '"
                      + p.name()
                      + "' is declared as "
                      + before.type().getSimpleName()
                      + " by step '"
                      + parameterDeclarer.get(p.name())
                      + "' and as "
                      + p.type().getSimpleName()
                      + " by step '"
                      + s.name()
                      + "'");
            } else if (before != null && !before.equals(p)) {
              problems.add(
                  "parameter '"
                      + p.name()
                      + "' has different defaults in steps '"
                      + parameterDeclarer.get(p.name())
                      + "' and '"
                      + s.name()
                      + "'");
            } else {
              parameterDeclarer.putIfAbsent(p.name(), s.name());
            }
          } else {
            Output<?> produced = outputs.get(in.name());
            if (produced == null) {
              if (!problems.stream().anyMatch(m -> m.startsWith("output '" + in.name() + "'"))) {
                problems.add(
                    "step '"
                        + s.name()
                        + "' reads output '"
                        + in.name()
                        + "', which no step produces");
              }
            } else if (!in.type().isAssignableFrom(produced.type())) {
              problems.add(
                  "type mismatch: step '"
                      + s.name()
                      + "' reads output '"
                      + in.name()
                      + "' as "
                      + in.type().getName()
                      + ", but step '"
                      + producers.get(in.name())
                      + "' produces "
                      + produced.type().getName()
                      + " (codec "
                      + produced.codec().id()
                      + ")");
            }
          }
        }
      }
      // edges: upstream step names of each step
      Map<String, Set<String>> up = new LinkedHashMap<>();
      for (Step s : byName.values()) {
        Set<String> u = new LinkedHashSet<>();
        for (Input<?> in : s.inputs()) {
          String p = in instanceof Output<?> ? producers.get(in.name()) : null;
          if (p != null && !p.equals(s.name())) {
            u.add(p);
          } else if (p != null) {
            problems.add("step '" + s.name() + "' reads its own output '" + in.name() + "'");
          }
        }
        for (String a : s.after()) {
          if (byName.containsKey(a)) {
            u.add(a);
          } else {
            problems.add(
                "step '"
                    + s.name()
                    + "' runs after '"
                    + a
                    + "', which is not a step of pipeline '"
                    + name
                    + "'");
          }
        }
        up.put(s.name(), u);
      }
      List<String> cycle = findCycle(up);
      if (!cycle.isEmpty()) {
        problems.add("cycle: " + String.join(" -> ", cycle));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "' is invalid: " + String.join("; ", problems));
      }
      List<Step> order = topologicalOrder(byName, up);
      Map<String, Integer> position = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        position.put(order.get(i).name(), i);
      }
      Map<String, List<String>> upstream = new HashMap<>();
      up.forEach(
          (k, v) -> {
            List<String> sorted = new ArrayList<>(v);
            sorted.sort((a, b) -> Integer.compare(position.get(a), position.get(b)));
            upstream.put(k, sorted);
          });
      return new Pipeline(
          name,
          version != null ? version : DEFAULT_VERSION,
          order,
          producers,
          parameters,
          upstream);
    }

    /** Kahn's algorithm, ties broken by the order steps were added. */
    private static List<Step> topologicalOrder(
        Map<String, Step> byName, Map<String, Set<String>> up) {
      Map<String, Integer> pending = new HashMap<>();
      Map<String, List<String>> down = new HashMap<>();
      Map<String, Integer> index = new HashMap<>();
      int i = 0;
      for (String s : byName.keySet()) {
        index.put(s, i++);
        pending.put(s, up.get(s).size());
        for (String u : up.get(s)) {
          down.computeIfAbsent(u, k -> new ArrayList<>()).add(s);
        }
      }
      java.util.PriorityQueue<String> ready =
          new java.util.PriorityQueue<>((a, b) -> Integer.compare(index.get(a), index.get(b)));
      pending.forEach(
          (s, n) -> {
            if (n == 0) {
              ready.add(s);
            }
          });
      List<Step> order = new ArrayList<>(byName.size());
      while (!ready.isEmpty()) {
        String s = ready.poll();
        order.add(byName.get(s));
        for (String d : down.getOrDefault(s, List.of())) {
          if (pending.merge(d, -1, Integer::sum) == 0) {
            ready.add(d);
          }
        }
      }
      return order;
    }

    /**
     * Finds a cycle by iterative depth-first search over the dependency edges, returned in the
     * direction data flows and closed ({@code a, b, a}); empty if there is none.
     */
    private static List<String> findCycle(Map<String, Set<String>> up) {
      // data flows from upstream to downstream: build downstream adjacency in insertion order
      Map<String, List<String>> down = new LinkedHashMap<>();
      for (String s : up.keySet()) {
        down.put(s, new ArrayList<>());
      }
      up.forEach(
          (s, us) -> {
            for (String u : us) {
              List<String> d = down.get(u);
              if (d != null) {
                d.add(s);
              }
            }
          });
      Map<String, Integer> state = new HashMap<>(); // 1 on stack, 2 done
      for (String root : down.keySet()) {
        if (state.containsKey(root)) {
          continue;
        }
        Deque<String> path = new ArrayDeque<>();
        Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
        path.addLast(root);
        its.addLast(down.get(root).iterator());
        state.put(root, 1);
        while (!path.isEmpty()) {
          java.util.Iterator<String> it = its.peekLast();
          if (it.hasNext()) {
            String next = it.next();
            Integer st = state.get(next);
            if (st == null) {
              state.put(next, 1);
              path.addLast(next);
              its.addLast(down.get(next).iterator());
            } else if (st == 1) {
              List<String> cycle = new ArrayList<>();
              boolean in = false;
              for (String p : path) {
                if (p.equals(next)) {
                  in = true;
                }
                if (in) {
                  cycle.add(p);
                }
              }
              cycle.add(next);
              return cycle;
            }
          } else {
            state.put(path.removeLast(), 2);
            its.removeLast();
          }
        }
      }
      return List.of();
    }
  }
}
