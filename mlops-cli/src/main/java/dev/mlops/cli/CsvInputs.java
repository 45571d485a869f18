package dev.mlops.cli;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.StorageException;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.io.CsvOptions;
import dev.mlops.io.CsvTableReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the command line's CSV inputs in the oracle dialect (empty unquoted field = null, literal
 * {@code NaN} = NaN) with every column's type fixed beforehand, and hands columns to the statistics
 * as arrays.
 *
 * <p>Stateless and thread-safe.
 */
final class CsvInputs {
  private CsvInputs() {}

  /** Scans a file for the type rule; an I/O failure is a {@link UsageException}. */
  static CsvScan scan(String option, Path file, boolean body) {
    return scan(option, file, body ? Long.MAX_VALUE : 0);
  }

  /** Scans the header and at most {@code maxRows} records. */
  static CsvScan scan(String option, Path file, long maxRows) {
    try {
      CsvScan s = CsvScan.scan(file, maxRows);
      if (s.header.isEmpty()) {
        throw new UsageException(
            option + file + ": the file is empty; expected a header line naming the columns");
      }
      return s;
    } catch (IOException e) {
      throw new UsageException(option + file + ": cannot be read: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UsageException(option + file + ": cannot be read: " + e.getCause().getMessage());
    }
  }

  /** Reads a file with the given types (every column of the header). */
  static Table read(Path file, Map<String, ColumnType> types) {
    return read(file, types, Progress.none());
  }

  /**
   * Reads a file with the given types, advancing a progress bar as the bytes are read. Errors name
   * the file as {@link #read(Path, Map)} does.
   */
  static Table read(Path file, Map<String, ColumnType> types, Progress progress) {
    CsvOptions options = CsvOptions.builder().inferTypes(false).types(types).build();
    CsvTableReader reader = CsvTableReader.of(options);
    if (!progress.enabled()) {
      return reader.read(file);
    }
    try (InputStream in =
        progress.track("reading " + file, Files.newInputStream(file), Files.size(file))) {
      return reader.read(in);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          e.field().orElse(null), e.row(), named(e.getMessage(), file), e);
    } catch (StorageException e) {
      throw new StorageException(named(e.getMessage(), file), e);
    } catch (IOException e) {
      throw new UsageException(file + ": cannot be read: " + e.getMessage());
    }
  }

  /** The reader's message about {@code <stream>}, naming the file instead. */
  private static String named(@Nullable String message, Path file) {
    String m = message == null ? "" : message;
    String stream = "<stream>";
    int i = m.indexOf(stream);
    return i < 0 ? m : m.substring(0, i) + file + m.substring(i + stream.length());
  }

  /** A numeric column's values (NaN for null rows) and its null rows. */
  record Numbers(double[] values, @Nullable BitSet nulls) {}

  static Numbers numbers(NumericColumn c) {
    double[] values = c.toArray();
    BitSet nulls = null;
    if (c.nullCount() > 0) {
      nulls = new BitSet(values.length);
      for (int r = 0; r < values.length; r++) {
        if (c.isNull(r)) {
          nulls.set(r);
        }
      }
    }
    return new Numbers(values, nulls);
  }

  static @Nullable String[] strings(CategoricalColumn c) {
    int n = c.size();
    @Nullable String[] out = new String[n];
    for (int r = 0; r < n; r++) {
      out[r] = c.category(r);
    }
    return out;
  }
}
