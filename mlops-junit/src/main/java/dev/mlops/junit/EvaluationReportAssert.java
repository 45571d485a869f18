package dev.mlops.junit;

import dev.mlops.api.Verdict;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.evaluation.GateResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on an {@link EvaluationReport}; start them with {@link
 * ModelAssertions#assertThat(EvaluationReport)}.
 *
 * <p>Not thread-safe (an AssertJ assertion object is used by one test thread).
 *
 * <pre>{@code
 * assertThat(report).hasVerdict(Verdict.PASS);
 * assertThat(report).metric("recall").onEverySlice().hasLowerBoundAbove(0.6);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EvaluationReportAssert
    extends AbstractAssert<EvaluationReportAssert, EvaluationReport> {

  EvaluationReportAssert(EvaluationReport actual) {
    super(actual, EvaluationReportAssert.class);
  }

  /**
   * Selects a metric for checks on the whole evaluation set and on its slices.
   *
   * @param name the metric's name as in the report, e.g. {@code "roc_auc"}, {@code "rmse"}
   * @return the metric assertion; by default it checks the whole evaluation set only (see {@link
   *     MetricAssert#onEverySlice()})
   */
  public MetricAssert metric(String name) {
    Objects.requireNonNull(name, "name");
    isNotNull();
    return new MetricAssert(actual, name);
  }

  /**
   * Verifies the report's verdict (the worst gate verdict).
   *
   * @param expected the verdict
   * @return this
   */
  public EvaluationReportAssert hasVerdict(Verdict expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    Optional<Verdict> verdict = actual.verdict();
    if (verdict.isEmpty() || verdict.get() != expected) {
      failWithMessage(
          "Expected the evaluation's verdict to be %s but it was %s.%n%s",
          expected, verdict.map(Verdict::name).orElse("none (no gate)"), gateTable(actual.gates()));
    }
    return this;
  }

  /**
   * Verifies that the report has gates and that every one of them passed, overall and on every
   * slice; an INCONCLUSIVE gate fails this check.
   *
   * @return this
   */
  public EvaluationReportAssert passesItsGates() {
    isNotNull();
    if (actual.gates().isEmpty()) {
      failWithMessage(
          "Expected the evaluation to pass its gates, but it has none; add one with"
              + " ModelEvaluation.builder().gate(Gate.atLeast(...))");
    }
    List<GateResult> missed =
        actual.gates().stream().filter(g -> g.verdict() != Verdict.PASS).toList();
    if (!missed.isEmpty()) {
      failWithMessage(
          "Expected every gate to PASS, but %d of %d did not.%n%s",
          missed.size(), actual.gates().size(), gateTable(actual.gates()));
    }
    return this;
  }

  static String gateTable(List<GateResult> gates) {
    if (gates.isEmpty()) {
      return "(the report has no gates)";
    }
    SliceTable table = new SliceTable("gate", "slice", "verdict", "interval", "note");
    for (GateResult g : gates) {
      String interval =
          g.interval()
              .map(
                  i ->
                      String.format(
                          Locale.ROOT,
                          "[%s, %s] at %s",
                          SliceTable.number(i.low()),
                          SliceTable.number(i.high()),
                          SliceTable.number(i.level())))
              .orElse("-");
      table.row(g.gate().toString(), g.slice(), g.verdict().name(), interval, g.note());
    }
    return table.render();
  }
}
