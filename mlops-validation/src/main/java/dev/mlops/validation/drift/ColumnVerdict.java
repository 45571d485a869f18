package dev.mlops.validation.drift;

import dev.mlops.api.Verdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The verdict of one column under a {@link DriftPolicy}: the distribution check (primary test,
 * adjusted p-value, deciding effect size) and the missing-value check.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * ColumnVerdict v = report.columns().get(0);
 * v.verdict(); v.effectSize().value(); v.missing().verdict();
 * }</pre>
 *
 * @param column the column
 * @param verdict the worse of the distribution and missing-value verdicts
 * @param distributionVerdict the verdict of the distribution check
 * @param primaryTest {@code ks} or {@code chi2}
 * @param pvalueAdjusted the Benjamini-Hochberg adjusted primary p-value, NaN when undefined
 * @param exact whether the primary p-value is exact (KS {@code exact})
 * @param effectSize the deciding effect size
 * @param referenceCount non-missing reference values
 * @param currentCount non-missing current values
 * @param psi the PSI beside the effect, NaN when undefined
 * @param psiBand {@code stable} (&lt; 0.1), {@code moderate} (0.1 - 0.25), {@code large} (&gt;
 *     0.25) or {@code undefined}
 * @param missing the missing-value check
 * @param notes why the verdict is what it is, in words
 * @param minimumDetectableEffect the smallest effect detectable at these sample sizes, or null when
 *     the primary test is undefined
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ColumnVerdict(
    String column,
    Verdict verdict,
    Verdict distributionVerdict,
    String primaryTest,
    double pvalueAdjusted,
    boolean exact,
    EffectSize effectSize,
    long referenceCount,
    long currentCount,
    double psi,
    String psiBand,
    MissingCheck missing,
    List<String> notes,
    @Nullable MinimumDetectableEffect minimumDetectableEffect) {

  /**
   * Creates a verdict.
   *
   * @throws NullPointerException if a component is null
   */
  public ColumnVerdict {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(distributionVerdict, "distributionVerdict");
    Objects.requireNonNull(primaryTest, "primaryTest");
    Objects.requireNonNull(effectSize, "effectSize");
    Objects.requireNonNull(psiBand, "psiBand");
    Objects.requireNonNull(missing, "missing");
    notes = List.copyOf(notes);
  }

  /**
   * Creates a verdict without a minimum detectable effect.
   *
   * @param column the column
   * @param verdict the worse of the distribution and missing-value verdicts
   * @param distributionVerdict the verdict of the distribution check
   * @param primaryTest {@code ks} or {@code chi2}
   * @param pvalueAdjusted the adjusted primary p-value
   * @param exact whether the primary p-value is exact
   * @param effectSize the deciding effect size
   * @param referenceCount non-missing reference values
   * @param currentCount non-missing current values
   * @param psi the PSI
   * @param psiBand the PSI band
   * @param missing the missing-value check
   * @param notes the notes
   * @throws NullPointerException if a component is null
   */
  public ColumnVerdict(
      String column,
      Verdict verdict,
      Verdict distributionVerdict,
      String primaryTest,
      double pvalueAdjusted,
      boolean exact,
      EffectSize effectSize,
      long referenceCount,
      long currentCount,
      double psi,
      String psiBand,
      MissingCheck missing,
      List<String> notes) {
    this(
        column,
        verdict,
        distributionVerdict,
        primaryTest,
        pvalueAdjusted,
        exact,
        effectSize,
        referenceCount,
        currentCount,
        psi,
        psiBand,
        missing,
        notes,
        null);
  }

  /**
   * The effect size that decides a column's distribution verdict.
   *
   * @param name {@code wasserstein_over_reference_std} or {@code js_distance}
   * @param value the effect; +infinity when the reference is constant and the distance is not 0;
   *     NaN when the primary test is undefined
   * @param threshold the threshold
   * @param nullQ95 e95, the 0.95-quantile of the effect over seeded permutations; 0 for large
   *     samples; NaN when not computed
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record EffectSize(String name, double value, double threshold, double nullQ95) {
    /**
     * Creates an effect size.
     *
     * @throws NullPointerException if {@code name} is null
     */
    public EffectSize {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * The missing-value check of a column (STATISTICS.md rule 4).
   *
   * @param shareReference missing share of the reference rows (NaN without rows)
   * @param shareCurrent missing share of the current rows (NaN without rows)
   * @param pvalue two-sided two-proportion z-test, or Fisher's exact test when an expected count is
   *     below 5; NaN when a side has no rows
   * @param pvalueAdjusted Benjamini-Hochberg over the columns' missing-value p-values
   * @param method {@code z}, {@code fisher} or {@code undefined}
   * @param effect |shareReference - shareCurrent|
   * @param nullQ95 e95 of the effect over permutations of the missing indicators
   * @param verdict the verdict
   * @param notes why, in words
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record MissingCheck(
      double shareReference,
      double shareCurrent,
      double pvalue,
      double pvalueAdjusted,
      String method,
      double effect,
      double nullQ95,
      Verdict verdict,
      List<String> notes) {
    /**
     * Creates a check.
     *
     * @throws NullPointerException if a component is null
     */
    public MissingCheck {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(verdict, "verdict");
      notes = List.copyOf(notes);
    }
  }
}
