package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.artifact.ArtifactRef;
import dev.mlops.api.artifact.ArtifactVersion;
import dev.mlops.api.lineage.Lineage;
import dev.mlops.api.lineage.LineageGraph;
import dev.mlops.core.Mlops;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops lineage ARTIFACT[:VERSION]}: what an artifact version came from (upstream) and what
 * was derived from it (downstream), from the lineage events of the store.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    description = {
      "Show the lineage of an artifact version: upstream, the runs that produced it and their"
          + " inputs, transitively; downstream, the runs that read it and their outputs."
          + " Without :VERSION the latest version.",
      "",
      "Exit codes: 0 done; 2 unknown artifact or version, usage error or no store; 3 internal"
          + " error."
    })
final class LineageCommand extends StoreCommand {
  /** Which graphs to print. */
  enum Direction {
    UPSTREAM,
    DOWNSTREAM,
    BOTH
  }

  @Parameters(
      index = "0",
      paramLabel = "ARTIFACT[:VERSION]",
      description = "The artifact name, with :VERSION for a version other than the latest.")
  String artifact = "";

  @Option(
      names = "--depth",
      paramLabel = "N",
      description = "How many execution steps to walk, 0 to 1000 (default 10).")
  int depth = 10;

  @Option(
      names = "--direction",
      paramLabel = "upstream|downstream|both",
      description = "Which way to walk (default both).")
  Direction direction = Direction.BOTH;

  @Override
  int run(Mlops mlops) {
    if (depth < 0 || depth > Lineage.MAX_DEPTH) {
      throw new UsageException(
          "--depth " + depth + " is out of range; give 0 to " + Lineage.MAX_DEPTH);
    }
    ArtifactRef ref = resolve(mlops, artifact);
    ObjectNode doc = Json.document("lineage");
    doc.put("artifact", ref.toString());
    doc.put("depth", depth);
    StringBuilder text = new StringBuilder("lineage of ").append(ref).append('\n');
    if (direction != Direction.DOWNSTREAM) {
      LineageGraph up = mlops.lineage().upstream(ref, depth);
      doc.set("upstream", StoreJson.graph(up));
      text.append(section("upstream (what it came from)", up));
    } else {
      doc.putNull("upstream");
    }
    if (direction != Direction.UPSTREAM) {
      LineageGraph down = mlops.lineage().downstream(ref, depth);
      doc.set("downstream", StoreJson.graph(down));
      text.append(section("downstream (what was derived from it)", down));
    } else {
      doc.putNull("downstream");
    }
    emit(doc, text.toString());
    return ExitCodes.OK;
  }

  private String section(String title, LineageGraph g) {
    StringBuilder b = new StringBuilder("\n").append(title).append(": ");
    int artifacts = g.artifactIds().size() - 1;
    int executions = g.executionIds().size();
    b.append(artifacts)
        .append(artifacts == 1 ? " other artifact version, " : " other artifact versions, ")
        .append(executions)
        .append(executions == 1 ? " execution\n" : " executions\n");
    if (quiet || g.edges().isEmpty()) {
      return b.toString();
    }
    TextTable t = new TextTable("from", "", "to");
    for (LineageGraph.Edge e : g.edges()) {
      t.add(label(e.from()), "->", label(e.to()));
    }
    return b.append(t.render()).toString();
  }

  private static String label(LineageGraph.Node n) {
    return n.kind().name().toLowerCase(Locale.ROOT) + " " + n.id();
  }

  /**
   * The artifact version named on the command line: {@code name:version}, or the latest version of
   * {@code name}.
   *
   * @throws UsageException if the artifact or the version does not exist
   */
  static ArtifactRef resolve(Mlops mlops, String text) {
    String name = text;
    Long version = null;
    int colon = text.lastIndexOf(':');
    if (colon >= 0) {
      String v = text.substring(colon + 1);
      name = text.substring(0, colon);
      try {
        version = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new UsageException(
            "artifact " + text + ": the version after ':' must be a number, not '" + v + "'");
      }
      if (version < 1) {
        throw new UsageException(
            "artifact " + text + ": versions start at 1, but the version is " + version);
      }
    }
    Optional<ArtifactVersion> latest = mlops.artifacts().latest(name);
    if (latest.isEmpty()) {
      throw new UsageException("no artifact named '" + name + "' in the store (check the name)");
    }
    if (version == null) {
      return ArtifactRef.of(name, latest.get().version());
    }
    if (mlops.artifacts().find(name, version).isEmpty()) {
      throw new UsageException(
          "artifact '"
              + name
              + "' has no version "
              + version
              + " (latest is "
              + latest.get().version()
              + ")");
    }
    return ArtifactRef.of(name, version);
  }
}
