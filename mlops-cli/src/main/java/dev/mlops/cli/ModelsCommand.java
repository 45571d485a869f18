package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Verdict;
import dev.mlops.api.registry.LinkedReport;
import dev.mlops.api.registry.ModelRegistry;
import dev.mlops.api.registry.ModelVersion;
import dev.mlops.api.registry.RegisteredModel;
import dev.mlops.api.registry.RequireReport;
import dev.mlops.api.registry.Stage;
import dev.mlops.api.registry.Transition;
import dev.mlops.core.Mlops;
import dev.mlops.spi.MetadataTransaction;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * {@code mlops models list|show|promote}: the model registry of a store.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, PromoteCommand.class},
    description = "The registered models of a store: list them, show one, promote a version.")
final class ModelsCommand implements Callable<Integer> {
  @Spec @Nullable CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(
        RunsCommand.requireSpec(spec).commandLine(), "give a subcommand: list, show or promote");
  }

  /** Every registered model, by name, read in one snapshot. */
  record Entry(RegisteredModel model, List<ModelVersion> versions, Map<String, Long> aliases) {}

  static List<Entry> all(Mlops mlops) {
    return mlops
        .metadata()
        .read(
            tx -> {
              List<Entry> out = new ArrayList<>();
              String after = null;
              while (true) {
                List<RegisteredModel> page =
                    tx.listRegisteredModels(after, MetadataTransaction.MAX_PAGE);
                for (RegisteredModel m : page) {
                  out.add(new Entry(m, versions(tx, m.name()), tx.modelAliases(m.name())));
                }
                if (page.size() < MetadataTransaction.MAX_PAGE) {
                  return out;
                }
                after = page.get(page.size() - 1).name();
              }
            });
  }

  static List<ModelVersion> versions(MetadataTransaction tx, String model) {
    List<ModelVersion> out = new ArrayList<>();
    long after = 0;
    while (true) {
      List<ModelVersion> page = tx.listModelVersions(model, after, MetadataTransaction.MAX_PAGE);
      out.addAll(page);
      if (page.size() < MetadataTransaction.MAX_PAGE) {
        return out;
      }
      after = page.get(page.size() - 1).version();
    }
  }

  /** Aliases by version: {@code champion, latest}. */
  static Map<Long, List<String>> aliasesByVersion(Map<String, Long> aliases) {
    Map<Long, List<String>> out = new TreeMap<>();
    new TreeMap<>(aliases).forEach((a, v) -> out.computeIfAbsent(v, k -> new ArrayList<>()).add(a));
    return out;
  }

  static String joinLongs(List<Long> values) {
    if (values.isEmpty()) {
      return "-";
    }
    List<String> s = new ArrayList<>();
    values.forEach(v -> s.add(Long.toString(v)));
    return String.join(", ", s);
  }

  /** {@code mlops models list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "List the registered models: versions, the latest, which are in staging and production,"
            + " and the aliases.",
        "",
        "Exit codes: 0 done; 2 usage error or no store; 3 internal error."
      })
  static final class ListModels extends StoreCommand {
    @Override
    int run(Mlops mlops) {
      List<Entry> entries = all(mlops);
      ObjectNode doc = Json.document("models");
      doc.put("count", entries.size());
      ArrayNode models = doc.putArray("models");
      TextTable t =
          new TextTable(
              "model", "versions", "latest", "production", "staging", "aliases", "description");
      for (Entry e : entries) {
        ObjectNode o = models.addObject();
        o.put("name", e.model().name());
        StoreJson.text(o, "description", e.model().description());
        StoreJson.time(o, "created_at", e.model().createdAt());
        o.put("version_count", e.versions().size());
        if (e.versions().isEmpty()) {
          o.putNull("latest_version");
        } else {
          o.put("latest_version", e.versions().get(e.versions().size() - 1).version());
        }
        Map<Stage, List<Long>> byStage = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
          byStage.put(s, new ArrayList<>());
        }
        e.versions().forEach(v -> byStage.get(v.stage()).add(v.version()));
        ObjectNode stages = o.putObject("stages");
        byStage.forEach(
            (s, vs) -> {
              ArrayNode a = stages.putArray(s.name());
              vs.forEach(a::add);
            });
        ObjectNode aliases = o.putObject("aliases");
        new TreeMap<>(e.aliases()).forEach(aliases::put);
        List<String> aliasText = new ArrayList<>();
        new TreeMap<>(e.aliases()).forEach((a, v) -> aliasText.add(a + "=" + v));
        t.add(
            e.model().name(),
            Integer.toString(e.versions().size()),
            e.versions().isEmpty()
                ? "-"
                : Long.toString(e.versions().get(e.versions().size() - 1).version()),
            joinLongs(byStage.get(Stage.PRODUCTION)),
            joinLongs(byStage.get(Stage.STAGING)),
            aliasText.isEmpty() ? "-" : String.join(", ", aliasText),
            StoreJson.orDash(
                e.model().description() == null
                    ? null
                    : CliCommand.oneLine(e.model().description())));
      }
      StringBuilder text = new StringBuilder();
      if (!quiet && !entries.isEmpty()) {
        text.append(t.render()).append('\n');
      }
      text.append(entries.size()).append(entries.size() == 1 ? " model\n" : " models\n");
      emit(doc, text.toString());
      return ExitCodes.OK;
    }
  }

  /** {@code mlops models show MODEL [--version V]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class,
      sortOptions = false,
      description = {
        "Show a registered model: its versions with stage, artifact, run, aliases and linked"
            + " reports, and the history of every transition.",
        "",
        "Exit codes: 0 done; 2 unknown model or version, usage error or no store; 3 internal"
            + " error."
      })
  static final class Show extends StoreCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
    String model = "";

    @Option(
        names = "--version",
        paramLabel = "V",
        description = "Only this version (and its history).")
    @Nullable Long version;

    @Override
    int run(Mlops mlops) {
      ModelRegistry registry = mlops.registry();
      RegisteredModel m =
          registry
              .model(model)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "no registered model '"
                              + model
                              + "' in the store "
                              + store.describe()
                              + "; see mlops models list"));
      Entry e =
          mlops.metadata().read(tx -> new Entry(m, versions(tx, model), tx.modelAliases(model)));
      List<ModelVersion> shown = new ArrayList<>();
      for (ModelVersion v : e.versions()) {
        if (version == null || v.version() == version) {
          shown.add(v);
        }
      }
      if (version != null && shown.isEmpty()) {
        throw new UsageException(
            "model '"
                + model
                + "' has no version "
                + version
                + (e.versions().isEmpty()
                    ? " (it has no versions)"
                    : " (latest is " + e.versions().get(e.versions().size() - 1).version() + ")"));
      }
      List<Transition> history = new ArrayList<>();
      for (Transition t : registry.history(model)) {
        if (version == null || t.version() == version) {
          history.add(t);
        }
      }
      Map<Long, List<String>> aliases = aliasesByVersion(e.aliases());
      ObjectNode doc = Json.document("model");
      ObjectNode mo = doc.putObject("model");
      mo.put("name", m.name());
      StoreJson.text(mo, "description", m.description());
      StoreJson.time(mo, "created_at", m.createdAt());
      ObjectNode ao = doc.putObject("aliases");
      new TreeMap<>(e.aliases()).forEach(ao::put);
      ArrayNode vs = doc.putArray("versions");
      TextTable vt =
          new TextTable(
              "version",
              "stage",
              "artifact",
              "run",
              "created",
              "aliases",
              "reports",
              "description");
      for (ModelVersion v : shown) {
        ObjectNode o = StoreJson.version(v);
        List<String> va = aliases.getOrDefault(v.version(), List.of());
        ArrayNode a = o.putArray("aliases");
        va.forEach(a::add);
        ArrayNode linked = o.putArray("linked_artifacts");
        mlops.artifacts().linked(model, v.version()).forEach(r -> linked.add(r.toString()));
        ArrayNode reports = o.putArray("reports");
        List<String> reportText = new ArrayList<>();
        for (LinkedReport r : registry.reports(model, v.version())) {
          ObjectNode ro = reports.addObject();
          ro.put("artifact", r.report().toString());
          StoreJson.text(ro, "kind", r.kind());
          StoreJson.text(ro, "verdict", r.verdict() == null ? null : r.verdict().name());
          StoreJson.text(ro, "problem", r.problem());
          reportText.add(
              r.problem() != null
                  ? r.report() + " unreadable"
                  : r.kind() + " " + r.verdict() + " (" + r.report() + ")");
        }
        vs.add(o);
        vt.add(
            Long.toString(v.version()),
            v.stage().name(),
            v.artifact().toString(),
            StoreJson.orDash(v.runId()),
            StoreJson.when(v.createdAt()),
            va.isEmpty() ? "-" : String.join(", ", va),
            reportText.isEmpty() ? "-" : String.join("; ", reportText),
            StoreJson.orDash(v.description() == null ? null : oneLine(v.description())));
      }
      ArrayNode hs = doc.putArray("history");
      TextTable ht = new TextTable("time", "version", "change", "from", "to", "actor", "reason");
      for (Transition t : history) {
        hs.add(StoreJson.transition(t));
        ht.add(
            StoreJson.when(t.time()),
            Long.toString(t.version()),
            t.kind().name().toLowerCase(Locale.ROOT)
                + (t.alias() == null ? "" : " '" + t.alias() + "'"),
            StoreJson.orDash(t.from()),
            StoreJson.orDash(t.to()),
            t.actor(),
            StoreJson.orDash(t.reason() == null ? null : oneLine(t.reason())));
      }
      StringBuilder text = new StringBuilder();
      text.append("model ")
          .append(m.name())
          .append(m.description() == null ? "" : ": " + oneLine(m.description()))
          .append('\n');
      if (!quiet) {
        if (!shown.isEmpty()) {
          text.append('\n').append(vt.render());
        }
        if (!history.isEmpty()) {
          text.append('\n').append(ht.render());
        }
      }
      emit(doc, text.toString());
      return ExitCodes.OK;
    }
  }

  /** The {@code --require-report KIND[=PASS|WARN]} values as guards. */
  static List<RequireReport> guards(List<String> values) {
    List<RequireReport> out = new ArrayList<>();
    for (String v : values) {
      int eq = v.lastIndexOf('=');
      String kind = eq < 0 ? v : v.substring(0, eq);
      String min = eq < 0 ? "PASS" : v.substring(eq + 1).toUpperCase(Locale.ROOT);
      Verdict verdict;
      try {
        verdict = Verdict.valueOf(min);
      } catch (IllegalArgumentException e) {
        verdict = null;
      }
      if (verdict != Verdict.PASS && verdict != Verdict.WARN) {
        throw new UsageException(
            "--require-report "
                + v
                + ": the minimum verdict is PASS or WARN, e.g. --require-report evaluation=PASS");
      }
      try {
        out.add(RequireReport.of(kind, verdict));
      } catch (InvalidInputException e) {
        throw new UsageException(
            "--require-report " + v + ": " + CliCommand.oneLine(e.getMessage()));
      }
    }
    return out;
  }
}
