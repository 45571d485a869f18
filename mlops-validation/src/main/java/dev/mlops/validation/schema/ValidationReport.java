package dev.mlops.validation.schema;

import dev.mlops.api.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The result of validating a table against a {@link Schema}: every violated check and the overall
 * verdict, {@link Verdict#FAIL} when a FAIL-severity check is violated, {@link Verdict#WARN} when
 * only WARN-severity ones are, {@link Verdict#PASS} otherwise.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ValidationReport r = SchemaValidator.validate(schema, table);
 * if (r.verdict() == Verdict.FAIL) {
 *   throw new IllegalStateException(ValidationJson.write(r));
 * }
 * }</pre>
 *
 * @param verdict the overall verdict
 * @param checks the violated checks, in schema order (row count first)
 * @param checksEvaluated how many checks were evaluated, passed or not
 * @param rowCount the rows of the validated table
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ValidationReport(
    Verdict verdict, List<CheckResult> checks, int checksEvaluated, long rowCount) {

  /**
   * Creates a report.
   *
   * @throws NullPointerException if a component is null
   */
  public ValidationReport {
    Objects.requireNonNull(verdict, "verdict");
    checks = List.copyOf(checks);
  }
}
