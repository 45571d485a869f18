package dev.mlops.validation.drift;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Runs every drift test of the statistical conventions (SciPy 1.10 / NumPy 1.24) on raw columns.
 *
 * <p>Stateless and thread-safe. Numeric columns: null rows and NaN are missing and removed before
 * any statistic; each side is sorted once and every test works on the sorted primitive arrays.
 * Categorical columns: null is missing. A test that needs values on both sides is undefined, with a
 * reason, when a side has none.
 *
 * <pre>{@code
 * DriftComparison c = DriftTests.compare(List.of(
 *     DriftTests.numeric("x", new double[] {1, 2, 3}, null, new double[] {2, 3, 4}, null),
 *     DriftTests.categorical("kind", new String[] {"a", "b"}, new String[] {"b", null})));
 * c.multipleTesting().tests();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DriftTests {

  private DriftTests() {}

  /**
   * The missing-value test of STATISTICS.md rule 4 on counts alone.
   *
   * @param pvalue two-sided two-proportion z-test, or Fisher's exact test when an expected count is
   *     below 5; NaN when a side has no rows
   * @param method {@code z}, {@code fisher} or {@code undefined}
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record MissingValueTest(double pvalue, String method) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if {@code method} is null
     */
    public MissingValueTest {
      Objects.requireNonNull(method, "method");
    }
  }

  /**
   * Tests whether the missing shares of two sides differ, from counts (used by sketch-based drift).
   *
   * @param referenceRows reference rows
   * @param referenceMissing reference missing rows (null, plus NaN for numeric columns)
   * @param currentRows current rows
   * @param currentMissing current missing rows
   * @return the p-value and method
   * @throws IllegalArgumentException if a count is negative or missing exceeds rows
   */
  public static MissingValueTest missingValues(
      long referenceRows, long referenceMissing, long currentRows, long currentMissing) {
    if (referenceMissing < 0
        || currentMissing < 0
        || referenceMissing > referenceRows
        || currentMissing > currentRows) {
      throw new IllegalArgumentException("missing counts must be in [0, rows]");
    }
    double[] t = MissingValues.test(referenceRows, referenceMissing, currentRows, currentMissing);
    String method = Double.isNaN(t[0]) ? "undefined" : t[1] == 1 ? "fisher" : "z";
    return new MissingValueTest(t[0], method);
  }

  /**
   * Compares a numeric column.
   *
   * @param column the column name
   * @param reference reference values; NaN is missing
   * @param referenceNulls null rows of the reference (their value is ignored), or null for none
   * @param current current values; NaN is missing
   * @param currentNulls null rows of the current side, or null for none
   * @return every numeric test
   * @throws NullPointerException if {@code column}, {@code reference} or {@code current} is null
   */
  public static NumericColumnDrift numeric(
      String column,
      double[] reference,
      @Nullable BitSet referenceNulls,
      double[] current,
      @Nullable BitSet currentNulls) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return numeric(
        column,
        NumericSample.of(reference, referenceNulls),
        NumericSample.of(current, currentNulls));
  }

  static NumericColumnDrift numeric(String column, NumericSample r, NumericSample c) {
    NumericProfile rp = r.profile();
    NumericProfile cp = c.profile();
    @Nullable String reason = null;
    if (r.size() == 0) {
      reason = "reference has no non-missing values";
    } else if (c.size() == 0) {
      reason = "current has no non-missing values";
    }
    if (reason != null) {
      return new NumericColumnDrift(
          column,
          rp,
          cp,
          Outcome.undefined(reason),
          Outcome.undefined(reason),
          Outcome.undefined(reason),
          Outcome.undefined(reason),
          Outcome.undefined(reason));
    }
    double[] x = r.sorted;
    double[] y = c.sorted;
    double w = Wasserstein.rawSorted(x, y);
    return new NumericColumnDrift(
        column,
        rp,
        cp,
        Outcome.defined(KolmogorovSmirnov.testSorted(x, y)),
        Outcome.defined(MannWhitney.testSorted(x, y)),
        AndersonDarling.testSorted(x, y),
        Outcome.defined(new Wasserstein.Result(w, Wasserstein.normalize(w, rp.std()))),
        Outcome.defined(DecileBins.compareSorted(x, y)));
  }

  /**
   * Compares a categorical column.
   *
   * @param column the column name
   * @param reference reference values; null is missing
   * @param current current values; null is missing
   * @return the profiles and the frequency comparison
   * @throws NullPointerException if an argument is null
   */
  public static CategoricalColumnDrift categorical(
      String column, @Nullable String[] reference, @Nullable String[] current) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return categorical(
        column,
        reference.length,
        CategoricalProfile.countsOf(reference),
        current.length,
        CategoricalProfile.countsOf(current));
  }

  static CategoricalColumnDrift categorical(
      String column, long refRows, Map<String, long[]> rc, long curRows, Map<String, long[]> cc) {
    return new CategoricalColumnDrift(
        column,
        CategoricalProfile.of(refRows, rc),
        CategoricalProfile.of(curRows, cc),
        CategoricalFrequencies.compareCounts(rc, cc));
  }

  /**
   * Puts columns together and adjusts their primary p-values with Benjamini-Hochberg.
   *
   * @param columns the columns, in report order, with distinct names
   * @return the comparison
   * @throws NullPointerException if {@code columns} is null
   * @throws IllegalArgumentException if two columns share a name
   */
  public static DriftComparison compare(List<? extends ColumnDrift> columns) {
    Objects.requireNonNull(columns, "columns");
    Set<String> names = new HashSet<>();
    List<ColumnDrift> tested = new ArrayList<>();
    List<MultipleTesting.Excluded> excluded = new ArrayList<>();
    List<Double> ps = new ArrayList<>();
    for (ColumnDrift c : columns) {
      if (!names.add(c.column())) {
        throw new IllegalArgumentException("column " + c.column() + " appears twice");
      }
      Outcome<Double> p = c.primaryPvalue();
      if (p instanceof Outcome.Defined<Double> d) {
        tested.add(c);
        ps.add(d.result());
      } else {
        excluded.add(new MultipleTesting.Excluded(c.column(), p.reason().orElseThrow()));
      }
    }
    double[] raw = new double[ps.size()];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = ps.get(i);
    }
    double[] adj = BenjaminiHochberg.adjust(raw);
    List<MultipleTesting.Test> tests = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      ColumnDrift c = tested.get(i);
      tests.add(new MultipleTesting.Test(c.column(), c.primaryTest(), raw[i], adj[i]));
    }
    return new DriftComparison(
        List.copyOf(columns), new MultipleTesting("benjamini-hochberg", tests, excluded));
  }
}
