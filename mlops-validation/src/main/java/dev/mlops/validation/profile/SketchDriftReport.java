package dev.mlops.validation.profile;

import dev.mlops.api.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The drift between two profiles: one {@link SketchColumnDrift} per column and the dataset verdict
 * (the worst column verdict, STATISTICS.md rule 5).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * SketchDriftReport r = SketchDrift.compare(referenceProfile, currentProfile);
 * if (r.verdict() == Verdict.FAIL) { System.out.println(r.columnsFailed()); }
 * }</pre>
 *
 * @param verdict the dataset verdict
 * @param columns per column, in the reference profile's order
 * @param columnsFailed names of FAIL columns
 * @param columnsWarned names of WARN columns
 * @param columnsInconclusive names of INCONCLUSIVE columns
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SketchDriftReport(
    Verdict verdict,
    List<SketchColumnDrift> columns,
    List<String> columnsFailed,
    List<String> columnsWarned,
    List<String> columnsInconclusive) {
  /**
   * Creates a report.
   *
   * @throws NullPointerException if a component is null
   */
  public SketchDriftReport {
    Objects.requireNonNull(verdict, "verdict");
    columns = List.copyOf(columns);
    columnsFailed = List.copyOf(columnsFailed);
    columnsWarned = List.copyOf(columnsWarned);
    columnsInconclusive = List.copyOf(columnsInconclusive);
  }
}
