package dev.mlops.io;

import dev.mlops.api.StorageException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes a {@link Table} as CSV in the dialect of {@link CsvOptions}: UTF-8, LF line ends, a header
 * row (unless turned off), numbers in shortest round-trip form ({@code 0.1}, {@code 1e-05} style,
 * integers without {@code .0}; {@code NaN}, {@code Infinity}, {@code -Infinity}), booleans as
 * {@code true}/{@code false}, timestamps as ISO-8601 UTC instants, null as the first null token. A
 * field is quoted (RFC 4180, inner quotes doubled) when it contains the delimiter, a quote, CR or
 * LF, has leading or trailing whitespace, or would read back as null. Reading the output with the
 * same options and the table's schema as declared types gives back an equal table.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * CsvTableWriter.of(CsvOptions.defaults()).write(table, Path.of("out.csv"));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CsvTableWriter {
  private final CsvOptions options;

  private CsvTableWriter(CsvOptions options) {
    this.options = options;
  }

  /**
   * Creates a writer.
   *
   * @param options the dialect (header, delimiter, null tokens)
   * @return the writer
   */
  public static CsvTableWriter of(CsvOptions options) {
    return new CsvTableWriter(Objects.requireNonNull(options, "options"));
  }

  /**
   * Creates a writer of the default dialect.
   *
   * @return the writer
   */
  public static CsvTableWriter withDefaults() {
    return new CsvTableWriter(CsvOptions.defaults());
  }

  /**
   * Writes a table to a file, replacing it.
   *
   * @param table the table
   * @param file the target
   * @throws IllegalArgumentException if the table has no column
   * @throws StorageException if writing fails
   */
  public void write(Table table, Path file) {
    Objects.requireNonNull(file, "file");
    try (OutputStream out = Files.newOutputStream(file)) {
      write(table, out);
    } catch (IOException e) {
      throw new StorageException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a table to a stream (flushed, not closed).
   *
   * @param table the table
   * @param out the target
   * @throws IllegalArgumentException if the table has no column
   * @throws StorageException if writing fails
   */
  public void write(Table table, OutputStream out) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(out, "out");
    if (table.columnCount() == 0) {
      throw new IllegalArgumentException(
          "a CSV file needs at least one column; the table has none");
    }
    try {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      List<Column> columns = table.columns();
      char d = options.delimiter();
      String nullToken = options.nullTokens().get(0);
      if (options.header()) {
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            w.write(d);
          }
          writeText(w, columns.get(c).name(), true);
        }
        w.write('\n');
      }
      for (int r = 0; r < table.rowCount(); r++) {
        for (int c = 0; c < columns.size(); c++) {
          if (c > 0) {
            w.write(d);
          }
          Column col = columns.get(c);
          if (col.isNull(r)) {
            w.write(nullToken);
            continue;
          }
          if (col instanceof NumericColumn n) {
            w.write(Numbers.format(n.value(r)));
          } else if (col instanceof CategoricalColumn k) {
            writeText(w, k.categoryOf(k.code(r)), false);
          } else if (col instanceof BooleanColumn b) {
            w.write(b.value(r) ? "true" : "false");
          } else if (col instanceof TimestampColumn t) {
            w.write(Timestamps.format(t.micros(r)));
          }
        }
        w.write('\n');
      }
      w.flush();
    } catch (IOException e) {
      throw new StorageException("cannot write CSV: " + e.getMessage(), e);
    }
  }

  private void writeText(Writer w, String text, boolean header) throws IOException {
    if (needsQuotes(text, header)) {
      w.write('"');
      w.write(text.replace("\"", "\"\""));
      w.write('"');
    } else {
      w.write(text);
    }
  }

  private boolean needsQuotes(String text, boolean header) {
    if (text.isEmpty()) {
      return !header;
    }
    if (!header && options.nullTokens().contains(text)) {
      return true;
    }
    if (Character.isWhitespace(text.charAt(0))
        || Character.isWhitespace(text.charAt(text.length() - 1))
        || text.charAt(0) == '\uFEFF') {
      return true;
    }
    char d = options.delimiter();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == d || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "CsvTableWriter" + options;
  }
}
