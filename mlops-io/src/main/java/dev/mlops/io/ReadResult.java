package dev.mlops.io;

import dev.mlops.api.table.Table;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a reader in collect-errors mode returns: the table of good rows and the rows left out.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ReadResult r = CsvTableReader.of(CsvOptions.defaults()).readCollecting(path);
 * if (r.badRowCount() > 0) log.warn("{} bad rows, first: {}", r.badRowCount(), r.badRows().get(0));
 * Table good = r.table();
 * }</pre>
 *
 * @param source the file name, or {@code <stream>}
 * @param table the good rows
 * @param badRows the bad rows, in file order, at most the options' {@code maxBadRows}
 * @param badRowCount every bad row, kept or not
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ReadResult(String source, Table table, List<BadRow> badRows, long badRowCount) {
  /** Copies the list. */
  public ReadResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(table, "table");
    badRows = List.copyOf(badRows);
  }
}
