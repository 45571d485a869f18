package dev.mlops.cli;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Reads CSV files with the column types of the command line's rule, which looks at every row,
 * without paying for a separate pass first: the types are guessed from the first {@link
 * #GUESS_ROWS} rows, the files are read with the guess while the whole files are scanned on another
 * thread, and a file is read again only when the scan contradicts the guess (a text value after the
 * first rows of a numeric-looking column).
 *
 * <p>Stateless and thread-safe.
 */
final class TypedRead {
  /** Rows of each file that the guess looks at. */
  static final long GUESS_ROWS = 1000;

  private static final Executor SCANNER =
      r -> {
        Thread t = new Thread(r, "mlops-type-scan");
        t.setDaemon(true);
        t.start();
      };

  private TypedRead() {}

  /** The tables, in the order of the files, and the types used. */
  record Result(List<Table> tables, Map<String, ColumnType> types) {}

  /**
   * Reads files that share one header.
   *
   * @param options the option naming each file in errors ({@code "--reference "}, or empty)
   * @param files the files, in the rule's order of precedence
   * @param header their header
   * @param declared the {@code --types}
   * @return the tables and the types
   * @throws UsageException if a file cannot be read or {@code --types} names a missing column
   * @throws InvalidInputException if a file's content is bad
   */
  static Result read(
      List<String> options,
      List<Path> files,
      List<String> header,
      Map<String, ColumnType> declared) {
    return read(options, files, header, declared, Progress.none());
  }

  /**
   * Reads files that share one header, advancing a progress bar as each file is read.
   *
   * @param options the option naming each file in errors ({@code "--reference "}, or empty)
   * @param files the files, in the rule's order of precedence
   * @param header their header
   * @param declared the {@code --types}
   * @param progress the bar
   * @return the tables and the types
   * @throws UsageException if a file cannot be read or {@code --types} names a missing column
   * @throws InvalidInputException if a file's content is bad
   */
  static Result read(
      List<String> options,
      List<Path> files,
      List<String> header,
      Map<String, ColumnType> declared,
      Progress progress) {
    String first = files.get(0).toString();
    if (!ColumnTypes.needScan(header, declared)) {
      Map<String, ColumnType> types = ColumnTypes.resolve(header, declared, List.of(), first);
      return new Result(readAll(files, types, progress), types);
    }
    List<CompletableFuture<CsvScan>> full = new ArrayList<>();
    List<CsvScan> heads = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String option = options.get(i);
      Path file = files.get(i);
      full.add(
          CompletableFuture.supplyAsync(
              () -> CsvInputs.scan(option, file, Long.MAX_VALUE), SCANNER));
      heads.add(CsvInputs.scan(option, file, GUESS_ROWS));
    }
    Map<String, ColumnType> guess = ColumnTypes.resolve(header, declared, heads, first);
    List<Table> tables = null;
    InvalidInputException failure = null;
    try {
      tables = readAll(files, guess, progress);
    } catch (InvalidInputException e) {
      failure = e;
    }
    List<CsvScan> scans = new ArrayList<>();
    for (CompletableFuture<CsvScan> f : full) {
      scans.add(join(f));
    }
    Map<String, ColumnType> types = ColumnTypes.resolve(header, declared, scans, first);
    if (types.equals(guess)) {
      if (failure != null) {
        throw failure;
      }
      return new Result(nonNull(tables), types);
    }
    return new Result(readAll(files, types, progress), types);
  }

  private static List<Table> readAll(
      List<Path> files, Map<String, ColumnType> types, Progress progress) {
    List<Table> out = new ArrayList<>();
    for (Path f : files) {
      out.add(CsvInputs.read(f, types, progress));
    }
    return out;
  }

  private static CsvScan join(CompletableFuture<CsvScan> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static List<Table> nonNull(@Nullable List<Table> tables) {
    if (tables == null) {
      throw new IllegalStateException("no tables and no failure");
    }
    return tables;
  }
}
