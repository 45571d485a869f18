package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.tracking.Experiment;
import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.Tracking;
import dev.mlops.api.tracking.query.Attribute;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.QueryParseException;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.core.Mlops;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlops runs list|show|search}: the tracked runs of a store.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.Search.class},
    description = "The runs of a store: list them, show one, or search them with a query.")
final class RunsCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        requireSpec(spec).commandLine(), "give a subcommand: list, show or search");
  }

  static CommandSpec requireSpec(@Nullable CommandSpec spec) {
    if (spec == null) {
      throw new IllegalStateException("picocli did not inject the command spec");
    }
    return spec;
  }

  /** The most runs one listing prints by default. */
  static final int DEFAULT_LIMIT = 50;

  /** Searches runs and prints them: the shared body of list and search. */
  abstract static class Listing extends StoreCommand {
    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Print at most N runs (default " + DEFAULT_LIMIT + ", at most 10000).")
    int limit = DEFAULT_LIMIT;

    int list(Mlops mlops, RunQuery query, @Nullable String queryText) {
      if (limit < 1 || limit > RunQuery.MAX_PAGE_SIZE) {
        throw new UsageException(
            "--limit " + limit + " is out of range; give 1 to " + RunQuery.MAX_PAGE_SIZE);
      }
      int page = Math.min(limit + 1, RunQuery.MAX_PAGE_SIZE);
      RunQuery q = query.withPageSize(page);
      Map<String, String> experiments = new HashMap<>();
      RunPage found =
          mlops
              .metadata()
              .read(
                  tx -> {
                    RunPage p = tx.searchRuns(q);
                    for (Run r : p.runs()) {
                      experiments.computeIfAbsent(
                          r.experimentId(),
                          id -> tx.findExperiment(id).map(Experiment::name).orElse(id));
                    }
                    return p;
                  });
      List<Run> runs = found.runs();
      boolean more = runs.size() > limit || (page == limit && !found.isLast());
      if (runs.size() > limit) {
        runs = runs.subList(0, limit);
      }
      ObjectNode doc = Json.document("runs");
      StoreJson.text(doc, "query", queryText);
      doc.put("count", runs.size());
      doc.put("more", more);
      ArrayNode array = doc.putArray("runs");
      TextTable t = new TextTable("run id", "experiment", "name", "status", "started", "duration");
      for (Run r : runs) {
        String experiment = experiments.get(r.experimentId());
        array.add(StoreJson.run(r, experiment));
        t.add(
            r.id(),
            StoreJson.orDash(experiment),
            StoreJson.orDash(r.name()),
            r.status().name(),
            StoreJson.when(r.startTime()),
            StoreJson.duration(r.startTime(), r.endTime()));
      }
      StringBuilder text = new StringBuilder();
      if (!quiet && !runs.isEmpty()) {
        text.append(t.render()).append('\n');
      }
      text.append(runs.size()).append(runs.size() == 1 ? " run" : " runs");
      if (more) {
        text.append(" (more match; raise --limit to see them)");
      }
      text.append('\n');
      emit(doc, text.toString());
      return ExitCodes.OK;
    }
  }

  /** {@code mlops runs list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "List runs, newest first.",
        "",
        "Exit codes: 0 done; 2 usage error, unknown experiment or no store; 3 internal error."
      })
  static final class ListRuns extends Listing {
    @Option(
        names = "--experiment",
        paramLabel = "E",
        description = "Only the runs of this experiment.")
    @Nullable String experiment;

    @Override
    int run(Mlops mlops) {
      RunFilter filter = RunFilter.all();
      if (experiment != null) {
        Optional<Experiment> e = mlops.tracking().findExperiment(experiment);
        if (e.isEmpty()) {
          throw new UsageException(
              "--experiment "
                  + experiment
                  + ": no experiment of that name in the store "
                  + store.describe());
        }
        filter =
            new RunFilter.Compare(
                Field.attribute(Attribute.EXPERIMENT_ID), Operator.EQ, Literal.of(e.get().id()));
      }
      RunQuery q = RunQuery.of(filter, OrderBy.desc(Field.attribute(Attribute.START_TIME)));
      return list(mlops, q, null);
    }
  }

  /** {@code mlops runs search QUERY}. */
  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Search runs with the run-search language, e.g.",
        "  metrics.accuracy > 0.9 AND params.optimizer = 'adam'",
        "    ORDER BY metrics.accuracy DESC",
        "Fields: params.KEY, metrics.KEY, tags.KEY and attributes.NAME, NAME one of",
        "run_id, run_name, status, start_time, end_time, experiment_id, parent_run_id.",
        "Without ORDER BY, runs come by run id.",
        "",
        "Exit codes: 0 done; 2 malformed query, usage error or no store; 3 internal error."
      })
  static final class Search extends Listing {
    @Parameters(index = "0", paramLabel = "QUERY", description = "The query.")
    String query = "";

    @Override
    int run(Mlops mlops) {
      RunQuery q;
      try {
        q = RunQuery.parse(query);
      } catch (QueryParseException e) {
        throw new UsageException(queryError(e, query));
      }
      return list(mlops, q, q.toQueryString());
    }
  }

  /** One line: the reason, the position, and the query with a marker at the position. */
  static String queryError(QueryParseException e, String query) {
    int at = Math.max(0, Math.min(e.position(), query.length()));
    String marked = query.substring(0, at) + ">>>" + query.substring(at);
    return "malformed query: "
        + CliCommand.oneLine(e.reason())
        + " at position "
        + e.position()
        + " (0-based), marked >>> in: "
        + CliCommand.oneLine(marked);
  }

  /** {@code mlops runs show RUN_ID}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Show a run: its attributes, parameters, latest metrics and tags.",
        "",
        "Exit codes: 0 done; 2 unknown run, usage error or no store; 3 internal error."
      })
  static final class Show extends StoreCommand {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id.")
    String runId = "";

    @Override
    int run(Mlops mlops) {
      Tracking tracking = mlops.tracking();
      Run r = tracking.run(runId);
      String experiment =
          mlops
              .metadata()
              .read(tx -> tx.findExperiment(r.experimentId()).map(Experiment::name).orElse(null));
      Map<String, Param> params = tracking.params(runId);
      Map<String, MetricPoint> metrics = tracking.latestMetrics(runId);
      Map<String, String> tags = tracking.tags(runId);
      ObjectNode doc = Json.document("run");
      doc.set("run", StoreJson.run(r, experiment));
      doc.set("params", StoreJson.params(params));
      doc.set("metrics", StoreJson.metrics(metrics));
      doc.set("tags", StoreJson.strings(tags));
      emit(doc, text(r, experiment, params, metrics, tags));
      return ExitCodes.OK;
    }

    private String text(
        Run r,
        @Nullable String experiment,
        Map<String, Param> params,
        Map<String, MetricPoint> metrics,
        Map<String, String> tags) {
      StringBuilder b = new StringBuilder();
      TextTable head = new TextTable("run", r.id());
      head.add("experiment", StoreJson.orDash(experiment) + " (" + r.experimentId() + ")");
      head.add("name", StoreJson.orDash(r.name()));
      head.add("status", r.status().name());
      head.add("started", r.startTime().toString());
      head.add("ended", r.endTime() == null ? "-" : r.endTime().toString());
      head.add("duration", StoreJson.duration(r.startTime(), r.endTime()));
      head.add("parent", StoreJson.orDash(r.parentRunId()));
      head.add("note", StoreJson.orDash(r.note() == null ? null : CliCommand.oneLine(r.note())));
      b.append(head.render());
      if (quiet) {
        return b.toString();
      }
      if (!params.isEmpty()) {
        TextTable t = new TextTable("param", "type", "value");
        new TreeMap<>(params)
            .values()
            .forEach(
                p ->
                    t.add(
                        p.key(),
                        p.type().name().toLowerCase(Locale.ROOT),
                        CliCommand.oneLine(p.value())));
        b.append('\n').append(t.render());
      }
      if (!metrics.isEmpty()) {
        TextTable t = new TextTable("metric", "value", "step", "time");
        new TreeMap<>(metrics)
            .values()
            .forEach(
                m ->
                    t.add(
                        m.key(),
                        TextReports.fmt(Json.F.numberNode(m.value())),
                        Long.toString(m.step()),
                        StoreJson.when(m.timestamp())));
        b.append('\n').append(t.render());
      }
      if (!tags.isEmpty()) {
        TextTable t = new TextTable("tag", "value");
        new TreeMap<>(tags).forEach((k, v) -> t.add(k, CliCommand.oneLine(v)));
        b.append('\n').append(t.render());
      }
      return b.toString();
    }
  }
}
