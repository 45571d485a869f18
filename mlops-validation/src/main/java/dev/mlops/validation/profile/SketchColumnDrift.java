package dev.mlops.validation.profile;

import dev.mlops.api.Verdict;
import dev.mlops.validation.drift.ColumnVerdict;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The drift of one column between two profiles ({@link SketchDrift}).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * SketchColumnDrift c = report.columns().get(0);
 * if (c.mode().equals(SketchColumnDrift.MODE_SKETCH_D)) { double lo = c.statistic() - c.bound(); }
 * }</pre>
 *
 * @param column the column
 * @param type {@code numeric}, {@code categorical}, {@code boolean} or {@code timestamp}
 * @param mode {@link #MODE_EXACT}, {@link #MODE_SKETCH_PVALUE} or {@link #MODE_SKETCH_D}
 * @param test {@code ks} (numeric) or {@code chi2} (categorical and boolean, on exact frequencies);
 *     {@code none} when nothing could be computed
 * @param statistic KS D, or the chi-squared statistic; NaN when undefined
 * @param bound how far the sketches' D may be from the true D (sum of the two rank errors at 99 %
 *     confidence); 0 in exact mode
 * @param criticalD the two-sided D whose asymptotic p-value is q at these sizes; NaN when unused
 * @param pvalue the p-value (KS exact or asymptotic, chi-squared); NaN in {@code sketch_d} mode
 * @param pvalueExact whether the p-value is exact (KS {@code exact})
 * @param pvalueAdjusted Benjamini-Hochberg adjusted across the columns with a p-value; NaN
 *     otherwise
 * @param effectName {@code ks_d} or {@code js_distance}
 * @param effect the deciding effect (D, or the Jensen-Shannon distance); NaN when undefined
 * @param threshold its threshold
 * @param referenceCount non-missing reference values
 * @param currentCount non-missing current values
 * @param distributionVerdict the verdict of the distribution check
 * @param missing the missing-value check (STATISTICS.md rule 4; {@code nullQ95} is NaN: rule 3e
 *     does not apply to profiles)
 * @param verdict the worse of the two checks
 * @param notes why, in words
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SketchColumnDrift(
    String column,
    String type,
    String mode,
    String test,
    double statistic,
    double bound,
    double criticalD,
    double pvalue,
    boolean pvalueExact,
    double pvalueAdjusted,
    String effectName,
    double effect,
    double threshold,
    long referenceCount,
    long currentCount,
    Verdict distributionVerdict,
    ColumnVerdict.MissingCheck missing,
    Verdict verdict,
    List<String> notes) {

  /** Both sides held every value: the test ran on the exact data. */
  public static final String MODE_EXACT = "exact";

  /** D from sketches, with an asymptotic p-value (the bound is below the critical D). */
  public static final String MODE_SKETCH_PVALUE = "sketch_pvalue";

  /** D from sketches without a p-value: decided by D and its bound alone. */
  public static final String MODE_SKETCH_D = "sketch_d";

  /**
   * Creates a result.
   *
   * @throws NullPointerException if a reference component is null
   */
  public SketchColumnDrift {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(test, "test");
    Objects.requireNonNull(effectName, "effectName");
    Objects.requireNonNull(distributionVerdict, "distributionVerdict");
    Objects.requireNonNull(missing, "missing");
    Objects.requireNonNull(verdict, "verdict");
    notes = List.copyOf(notes);
  }
}
