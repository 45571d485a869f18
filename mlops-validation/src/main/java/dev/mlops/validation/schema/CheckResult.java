package dev.mlops.validation.schema;

import dev.mlops.api.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * One violated check of a {@link ValidationReport}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * for (CheckResult c : report.checks()) {
 *   log.warn("{} on {}: observed {}, expected {}", c.check(), c.column(), c.observed(), c.expected());
 * }
 * }</pre>
 *
 * @param check the check: {@code row_count}, {@code column_present}, {@code type}, {@code nulls},
 *     {@code range}, {@code categories}, {@code pattern} or {@code unique}
 * @param column the column, or null for a dataset-level check
 * @param severity the severity of the constraint
 * @param verdict {@link Verdict#WARN} or {@link Verdict#FAIL}, from the severity
 * @param observed what was observed: a {@link Number} or a {@link String}
 * @param expected the expected bound, in words or interval notation
 * @param failingRows the number of rows that break the check (0 for dataset-level checks)
 * @param examples a few failing rows, in row order, at most the validator's limit
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CheckResult(
    String check,
    @Nullable String column,
    Severity severity,
    Verdict verdict,
    Object observed,
    String expected,
    long failingRows,
    List<Example> examples) {

  /**
   * Creates a result.
   *
   * @throws NullPointerException if a component but {@code column} is null
   * @throws IllegalArgumentException if {@code failingRows} is negative or {@code observed} is
   *     neither a number nor a string
   */
  public CheckResult {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(expected, "expected");
    if (!(observed instanceof Number || observed instanceof String)) {
      throw new IllegalArgumentException("observed is a Number or a String, not " + observed);
    }
    if (failingRows < 0) {
      throw new IllegalArgumentException("failingRows is >= 0, but was " + failingRows);
    }
    examples = List.copyOf(examples);
  }

  /**
   * A failing row.
   *
   * @param row the 0-based index of the data row (header excluded)
   * @param value the value: a {@link Double}, {@link Boolean}, {@link Long} (timestamp micros) or
   *     {@link String}; null for a missing value
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Example(long row, @Nullable Object value) {}
}
