package dev.mlops.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mlops.api.StorageException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Writes a {@link Table} as JSON lines: one object per row with every column in order, {@code null}
 * for null, numbers in shortest round-trip form (non-finite ones as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}), categories as strings, booleans, timestamps as ISO-8601
 * UTC strings. Reading the output with the table's schema as declared types gives back an equal
 * table.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * JsonLinesTableWriter.instance().write(table, Path.of("out.jsonl"));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonLinesTableWriter {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonLinesTableWriter INSTANCE = new JsonLinesTableWriter();

  private JsonLinesTableWriter() {}

  /**
   * Returns the writer.
   *
   * @return the shared instance
   */
  public static JsonLinesTableWriter instance() {
    return INSTANCE;
  }

  /**
   * Writes a table to a file, replacing it.
   *
   * @param table the table
   * @param file the target
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
   * @throws StorageException if writing fails
   */
  public void write(Table table, OutputStream out) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(out, "out");
    try {
      JsonGenerator g = FACTORY.createGenerator(out);
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.setRootValueSeparator(null);
      List<Column> columns = table.columns();
      for (int r = 0; r < table.rowCount(); r++) {
        g.writeStartObject();
        for (Column col : columns) {
          g.writeFieldName(col.name());
          if (col.isNull(r)) {
            g.writeNull();
          } else if (col instanceof NumericColumn n) {
            double v = n.value(r);
            if (Double.isFinite(v)) {
              g.writeNumber(Numbers.format(v));
            } else {
              g.writeString(Numbers.format(v));
            }
          } else if (col instanceof CategoricalColumn k) {
            g.writeString(k.categoryOf(k.code(r)));
          } else if (col instanceof BooleanColumn b) {
            g.writeBoolean(b.value(r));
          } else if (col instanceof TimestampColumn t) {
            g.writeString(Timestamps.format(t.micros(r)));
          }
        }
        g.writeEndObject();
        g.writeRaw('\n');
      }
      g.close();
    } catch (IOException e) {
      throw new StorageException("cannot write JSON lines: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JsonLinesTableWriter";
  }
}
