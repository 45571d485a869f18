package dev.mlops.io;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.table.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Reads CSV into a {@link Table}, streaming: the input is read in blocks and each field goes
 * straight into its column's primitive array (numbers parsed from the bytes exactly as {@link
 * Double#parseDouble} would, categories dictionary-encoded by their bytes). The dialect, null
 * tokens and typing rules are those of {@link CsvOptions}.
 *
 * <p>Immutable and thread-safe: one reader may read many files at once from many threads.
 *
 * <pre>{@code
 * CsvTableReader reader = CsvTableReader.of(CsvOptions.builder()
 *     .type("weather", ColumnType.CATEGORICAL).build());
 * Table days = reader.read(Path.of("seattle-weather.csv"));
 *
 * ReadResult r = reader.readCollecting(Path.of("messy.csv"));   // keep the good rows
 * r.badRows().forEach(bad -> log.warn("line {}: {}", bad.line(), bad.reason()));
 * }</pre>
 *
 * <p>Bad input throws {@link InvalidInputException} naming the file (or {@code <stream>}), the
 * line, the column (1-based index and name) and what to do: a row with the wrong number of fields,
 * a value that does not parse as its column's type, bytes that are not UTF-8 (never replaced
 * silently), a header that lacks a declared column, repeats or omits a name, and an unterminated or
 * misplaced quote. In collect-errors mode ({@link #readCollecting}) the row-level problems (field
 * count, values, UTF-8 in values) set the row aside as a {@link BadRow} instead; problems of the
 * header or the quoting structure still throw, since no row boundary can be trusted after them.
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CsvTableReader {
  static final String STREAM = "<stream>";

  private final CsvOptions options;

  private CsvTableReader(CsvOptions options) {
    this.options = options;
  }

  /**
   * Creates a reader.
   *
   * @param options the dialect and typing rules
   * @return the reader
   */
  public static CsvTableReader of(CsvOptions options) {
    return new CsvTableReader(Objects.requireNonNull(options, "options"));
  }

  /**
   * Creates a reader of the default dialect with inferred types.
   *
   * @return the reader
   */
  public static CsvTableReader withDefaults() {
    return new CsvTableReader(CsvOptions.defaults());
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  public CsvOptions options() {
    return options;
  }

  /**
   * Reads a file.
   *
   * @param file the CSV file
   * @return the table
   * @throws InvalidInputException if the content is bad (see the class comment)
   * @throws StorageException if the file cannot be read
   */
  public Table read(Path file) {
    return readFile(file, false).table();
  }

  /**
   * Reads a stream to its end (the stream is not closed); errors name {@code <stream>}.
   *
   * @param in the CSV bytes
   * @return the table
   * @throws InvalidInputException if the content is bad
   * @throws StorageException if reading fails
   */
  public Table read(InputStream in) {
    return readStream(in, STREAM, false).table();
  }

  /**
   * Reads a file, setting bad rows aside instead of failing on the first.
   *
   * @param file the CSV file
   * @return the good rows as a table, and the bad rows with line, column and reason
   * @throws InvalidInputException if the header or the quoting structure is bad
   * @throws StorageException if the file cannot be read
   */
  public ReadResult readCollecting(Path file) {
    return readFile(file, true);
  }

  /**
   * Reads a stream to its end, setting bad rows aside (the stream is not closed).
   *
   * @param in the CSV bytes
   * @return the good rows and the bad rows
   * @throws InvalidInputException if the header or the quoting structure is bad
   * @throws StorageException if reading fails
   */
  public ReadResult readCollecting(InputStream in) {
    return readStream(in, STREAM, true);
  }

  private ReadResult readFile(Path file, boolean collect) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      return new CsvParser(options, in, file.toString(), size, collect).read();
    } catch (IOException e) {
      throw new StorageException(
          "cannot read " + file + ": " + e.getMessage() + "; check that it exists and is readable",
          e);
    }
  }

  private ReadResult readStream(InputStream in, String source, boolean collect) {
    Objects.requireNonNull(in, "in");
    try {
      return new CsvParser(options, in, source, -1, collect).read();
    } catch (IOException e) {
      throw new StorageException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "CsvTableReader" + options;
  }
}
