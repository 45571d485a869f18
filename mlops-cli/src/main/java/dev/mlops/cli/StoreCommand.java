package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.NotFoundException;
import dev.mlops.core.Mlops;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that reads or changes a store: {@code --store PATH|URI}, {@code --actor} and {@code
 * --format}, the store opened before and closed after the command, and an unknown run, model or
 * artifact reported as a usage error (exit 2, one line).
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
abstract class StoreCommand extends CliCommand {
  @Mixin StoreOptions store = new StoreOptions();

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output: text (default) or json.")
  Format format = Format.TEXT;

  /** Runs the command on the open store and returns its exit code. */
  abstract int run(Mlops mlops) throws Exception;

  @Override
  final int execute() throws Exception {
    try (Mlops mlops = store.open()) {
      return run(mlops);
    } catch (NotFoundException e) {
      throw new UsageException(oneLine(e.getMessage()));
    }
  }

  /** Prints a document as JSON or as the text {@code text} renders. */
  void emit(ObjectNode doc, String text) {
    print(format == Format.JSON ? Json.print(doc) + "\n" : text);
  }
}
