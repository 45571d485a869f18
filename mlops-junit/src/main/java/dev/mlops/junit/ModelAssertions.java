package dev.mlops.junit;

import dev.mlops.validation.evaluation.EvaluationReport;
import org.apiguardian.api.API;

/**
 * Entry point of the model-quality assertions: AssertJ-style checks of an {@link EvaluationReport}
 * whose failure messages show the slice table, so a failed build says which slice missed and by how
 * much.
 *
 * <p>Stateless and thread-safe. The checks decide on intervals, as a promotion gate does: "the
 * lower bound of the 95 % interval of ROC AUC is above 0.85" holds only when the data prove it, not
 * when a lucky point value clears the line.
 *
 * <pre>{@code
 * import static dev.mlops.junit.ModelAssertions.assertThat;
 *
 * EvaluationReport report = ModelEvaluation.builder()
 *     .classification(outcomes).slicingFeatures(features).sliceBy("region")
 *     .build().run();
 * assertThat(report).metric("roc_auc").onEverySliceOfAtLeast(100).hasLowerBoundAbove(0.85);
 * assertThat(report).metric("log_loss").overall().hasUpperBoundBelow(0.45);
 * assertThat(report).passesItsGates();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ModelAssertions {
  private ModelAssertions() {}

  /**
   * Starts assertions on an evaluation report.
   *
   * @param actual the report
   * @return the assertion
   */
  public static EvaluationReportAssert assertThat(EvaluationReport actual) {
    return new EvaluationReportAssert(actual);
  }
}
