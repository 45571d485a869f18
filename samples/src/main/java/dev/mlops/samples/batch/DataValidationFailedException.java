package dev.mlops.samples.batch;

import dev.mlops.api.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link ValidationJob#run} when today's data fails validation: the job runner (a
 * scheduler, a CI step, a Spark driver) sees an exception, or the process exit code 1 from {@link
 * ValidationJob#main}. The message is a readable summary; the reports it names hold the details.
 *
 * <p>Immutable, so thread-safe.
 *
 * <pre>{@code
 * try {
 *   ValidationJob.run(reference, today, reports);
 * } catch (DataValidationFailedException e) {
 *   alert(e.getMessage(), e.driftedColumns());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class DataValidationFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The job's outcome, FAIL. */
  private final transient ValidationJob.Outcome outcome;

  DataValidationFailedException(ValidationJob.Outcome outcome) {
    super(outcome.summary());
    this.outcome = Objects.requireNonNull(outcome, "outcome");
  }

  /**
   * Returns the verdict (always {@link Verdict#FAIL}).
   *
   * @return FAIL
   */
  public Verdict verdict() {
    return outcome.verdict();
  }

  /**
   * Returns the columns whose drift verdict is FAIL, in column order.
   *
   * @return the drifted columns, possibly empty when only the schema failed
   */
  public List<String> driftedColumns() {
    return outcome.driftedColumns();
  }

  /**
   * Returns the written reports.
   *
   * @return the validation and drift report files
   */
  public List<Path> reports() {
    return List.of(outcome.validationReport(), outcome.driftReport());
  }

  /**
   * Returns the whole outcome.
   *
   * @return the outcome
   */
  public ValidationJob.Outcome outcome() {
    return outcome;
  }
}
