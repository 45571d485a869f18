package dev.mlops.io;

import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * A row that a reader in collect-errors mode left out of the table, and why.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ReadResult r = CsvTableReader.of(CsvOptions.defaults()).readCollecting(path);
 * for (BadRow bad : r.badRows()) {
 *   log.warn("{} line {}: {}", r.source(), bad.line(), bad.reason());
 * }
 * }</pre>
 *
 * @param line the 1-based line where the row starts in the file (the header is line 1)
 * @param column the column at fault, or null when the row as a whole is bad (wrong field count)
 * @param columnIndex the 0-based index of that column, or -1
 * @param reason what is wrong, e.g. {@code "'abc' is not a number"}
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record BadRow(long line, @Nullable String column, int columnIndex, String reason) {
  /** Checks the reason. */
  public BadRow {
    Objects.requireNonNull(reason, "reason");
  }
}
