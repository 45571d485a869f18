package dev.mlops.validation.drift;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The numbers of the default drift verdict policy (STATISTICS.md, "Verdicts: beyond the anchors"),
 * each configurable.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * DriftPolicy policy = DriftPolicy.defaults().withQ(0.01).withMinNonMissing(50)
 *     .withColumn("price", new DriftPolicy.ColumnThresholds(0.2, 100, 0.05, 30));
 * }</pre>
 *
 * @param q the false discovery rate of both Benjamini-Hochberg families
 * @param numericEffectThreshold threshold of Wasserstein / reference std
 * @param categoricalEffectThreshold threshold of the Jensen-Shannon distance (base 2)
 * @param minNonMissing minimum non-missing values per side for a distribution verdict
 * @param permutations permutations for the null 0.95-quantile of the effect (e95)
 * @param permutationSeed seed of those permutations
 * @param permutationMaxEffectiveSize e95 is computed when n1 n2 / (n1 + n2) is below this, 0 above
 * @param missingEffectThreshold threshold of the absolute difference of missing shares
 * @param missingMinRows minimum rows per side for the missing-value verdict
 * @param warnShareForFail when positive, the dataset is FAIL once the share of WARN columns reaches
 *     it; 0 switches the rule off (the default)
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DriftPolicy(
    double q,
    double numericEffectThreshold,
    double categoricalEffectThreshold,
    int minNonMissing,
    int permutations,
    long permutationSeed,
    double permutationMaxEffectiveSize,
    double missingEffectThreshold,
    int missingMinRows,
    double warnShareForFail,
    Map<String, ColumnThresholds> columns) {

  /**
   * The thresholds and minimums of one column, overriding the policy's.
   *
   * @param effectThreshold threshold of the deciding effect size
   * @param minNonMissing minimum non-missing values per side
   * @param missingEffectThreshold threshold of the difference of missing shares
   * @param missingMinRows minimum rows per side for the missing-value verdict
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record ColumnThresholds(
      double effectThreshold,
      int minNonMissing,
      double missingEffectThreshold,
      int missingMinRows) {
    /**
     * Validates the numbers.
     *
     * @throws IllegalArgumentException if a threshold is negative or NaN or a minimum negative
     */
    public ColumnThresholds {
      if (!(effectThreshold >= 0) || !(missingEffectThreshold >= 0)) {
        throw new IllegalArgumentException("effect thresholds must be >= 0");
      }
      if (minNonMissing < 0 || missingMinRows < 0) {
        throw new IllegalArgumentException("minimum sizes must be >= 0");
      }
    }
  }

  /**
   * Validates the numbers.
   *
   * @throws IllegalArgumentException if q is not in (0, 1), a threshold is negative or NaN, a
   *     minimum is negative, permutations is below 1 or warnShareForFail is outside [0, 1]
   * @throws NullPointerException if {@code columns} is null
   */
  public DriftPolicy {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("q must be in (0, 1), was " + q);
    }
    if (!(numericEffectThreshold >= 0)
        || !(categoricalEffectThreshold >= 0)
        || !(missingEffectThreshold >= 0)) {
      throw new IllegalArgumentException("effect thresholds must be >= 0");
    }
    if (minNonMissing < 0 || missingMinRows < 0) {
      throw new IllegalArgumentException("minimum sizes must be >= 0");
    }
    if (permutations < 1) {
      throw new IllegalArgumentException("permutations must be >= 1, was " + permutations);
    }
    if (!(permutationMaxEffectiveSize >= 0)) {
      throw new IllegalArgumentException("permutationMaxEffectiveSize must be >= 0");
    }
    if (!(warnShareForFail >= 0 && warnShareForFail <= 1)) {
      throw new IllegalArgumentException("warnShareForFail must be in [0, 1]");
    }
    columns = Map.copyOf(Objects.requireNonNull(columns, "columns"));
  }

  /**
   * Returns the thresholds of a column: its override, or the policy's numbers.
   *
   * @param column the column name
   * @param numeric whether the column is numeric (it picks the default effect threshold)
   * @return the thresholds
   * @throws NullPointerException if {@code column} is null
   */
  public ColumnThresholds thresholdsFor(String column, boolean numeric) {
    ColumnThresholds t = columns.get(Objects.requireNonNull(column, "column"));
    if (t != null) {
      return t;
    }
    return new ColumnThresholds(
        numeric ? numericEffectThreshold : categoricalEffectThreshold,
        minNonMissing,
        missingEffectThreshold,
        missingMinRows);
  }

  /**
   * Returns a copy with thresholds of its own for one column.
   *
   * @param column the column name
   * @param thresholds its thresholds and minimums
   * @return the copy
   * @throws NullPointerException if an argument is null
   */
  public DriftPolicy withColumn(String column, ColumnThresholds thresholds) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(thresholds, "thresholds");
    Map<String, ColumnThresholds> m = new HashMap<>(columns);
    m.put(column, thresholds);
    return new DriftPolicy(
        q,
        numericEffectThreshold,
        categoricalEffectThreshold,
        minNonMissing,
        permutations,
        permutationSeed,
        permutationMaxEffectiveSize,
        missingEffectThreshold,
        missingMinRows,
        warnShareForFail,
        m);
  }

  /**
   * Returns the default policy: q 0.05, thresholds 0.1 / 0.1 / 0.05, minimums 30, 200 permutations
   * with seed 0 below an effective size of 5,000, WARN-share rule off.
   *
   * @return the defaults
   */
  public static DriftPolicy defaults() {
    return new DriftPolicy(0.05, 0.1, 0.1, 30, 200, 0L, 5000, 0.05, 30, 0.0, Map.of());
  }

  /**
   * Returns a copy with another q.
   *
   * @param value the false discovery rate
   * @return the copy
   * @throws IllegalArgumentException if the value is not in (0, 1)
   */
  public DriftPolicy withQ(double value) {
    return new DriftPolicy(
        value,
        numericEffectThreshold,
        categoricalEffectThreshold,
        minNonMissing,
        permutations,
        permutationSeed,
        permutationMaxEffectiveSize,
        missingEffectThreshold,
        missingMinRows,
        warnShareForFail,
        columns);
  }

  /**
   * Returns a copy with another minimum of non-missing values per side.
   *
   * @param value the minimum
   * @return the copy
   * @throws IllegalArgumentException if the value is negative
   */
  public DriftPolicy withMinNonMissing(int value) {
    return new DriftPolicy(
        q,
        numericEffectThreshold,
        categoricalEffectThreshold,
        value,
        permutations,
        permutationSeed,
        permutationMaxEffectiveSize,
        missingEffectThreshold,
        missingMinRows,
        warnShareForFail,
        columns);
  }

  /**
   * Returns a copy that computes e95 only below another effective size n1 n2 / (n1 + n2); 0
   * switches the permutations off (e95 is then 0, which cannot change a FAIL).
   *
   * @param value the effective size below which e95 is computed
   * @return the copy
   * @throws IllegalArgumentException if the value is negative or NaN
   */
  public DriftPolicy withPermutationMaxEffectiveSize(double value) {
    return new DriftPolicy(
        q,
        numericEffectThreshold,
        categoricalEffectThreshold,
        minNonMissing,
        permutations,
        permutationSeed,
        value,
        missingEffectThreshold,
        missingMinRows,
        warnShareForFail,
        columns);
  }

  /**
   * Returns a copy whose dataset verdict is FAIL once the share of WARN columns reaches a value.
   *
   * @param value the share in (0, 1], or 0 to switch the rule off
   * @return the copy
   * @throws IllegalArgumentException if the value is outside [0, 1]
   */
  public DriftPolicy withWarnShareForFail(double value) {
    return new DriftPolicy(
        q,
        numericEffectThreshold,
        categoricalEffectThreshold,
        minNonMissing,
        permutations,
        permutationSeed,
        permutationMaxEffectiveSize,
        missingEffectThreshold,
        missingMinRows,
        value,
        columns);
  }
}
