package dev.mlops.validation.drift;

import dev.mlops.api.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A drift comparison with its verdicts: every test of every column, the verdict of each column and
 * of the dataset.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * DriftReport r = DriftAnalysis.with(DriftPolicy.defaults())
 *     .numeric("x", ref, null, cur, null)
 *     .run();
 * if (r.verdict() == Verdict.FAIL) { ... r.columnsFailed() ... }
 * }</pre>
 *
 * @param comparison every test and the multiple-testing family
 * @param columns the verdict of each column, in column order
 * @param verdict the dataset verdict: the worst column verdict (FAIL &gt; WARN &gt; INCONCLUSIVE
 *     &gt; PASS), or FAIL by the optional WARN-share rule
 * @param columnsFailed columns whose verdict is FAIL
 * @param columnsWarned columns whose verdict is WARN
 * @param columnsInconclusive columns whose verdict is INCONCLUSIVE
 * @param policy the policy applied
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DriftReport(
    DriftComparison comparison,
    List<ColumnVerdict> columns,
    Verdict verdict,
    List<String> columnsFailed,
    List<String> columnsWarned,
    List<String> columnsInconclusive,
    DriftPolicy policy) {

  /**
   * Creates a report.
   *
   * @throws NullPointerException if a component is null
   */
  public DriftReport {
    Objects.requireNonNull(comparison, "comparison");
    columns = List.copyOf(columns);
    Objects.requireNonNull(verdict, "verdict");
    columnsFailed = List.copyOf(columnsFailed);
    columnsWarned = List.copyOf(columnsWarned);
    columnsInconclusive = List.copyOf(columnsInconclusive);
    Objects.requireNonNull(policy, "policy");
  }
}
