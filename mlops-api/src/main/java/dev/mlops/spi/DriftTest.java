package dev.mlops.spi;

import dev.mlops.api.table.ColumnType;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A two-sample drift test that a framework author adds beside the built-in ones: it compares the
 * reference values of one column with its current values.
 *
 * <p>Implementations must be thread-safe and stateless: one instance tests many columns from many
 * threads. The caller removes missing values (null, and NaN for numeric columns) before calling, so
 * the arrays hold only present values; they may be empty, and they must not be modified or kept. A
 * test that cannot be computed (an empty side, a constant sample where the statistic has no
 * meaning) returns {@link DriftTestResult#undefined(String)} with a reason; it never throws for
 * such data and never returns NaN. {@code DriftTestCompatibilityKit} in {@code mlops-testkit}
 * checks this contract.
 *
 * <pre>{@code
 * DriftTest meanShift = new DriftTest() {
 *   public String name() { return "mean_shift"; }
 *   public Set<ColumnType> appliesTo() { return Set.of(ColumnType.NUMERIC); }
 *   public boolean symmetric() { return false; }
 *   public DriftTestResult testNumeric(double[] reference, double[] current) {
 *     if (reference.length == 0 || current.length == 0) {
 *       return DriftTestResult.undefined("a side has no values");
 *     }
 *     double d = Arrays.stream(current).average().orElseThrow()
 *         - Arrays.stream(reference).average().orElseThrow();
 *     return DriftTestResult.defined(d, null, Math.abs(d));
 *   }
 * };
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface DriftTest {

  /**
   * Returns the test's name, stable across releases, e.g. {@code ks}.
   *
   * @return the name, not blank
   */
  String name();

  /**
   * Returns the column types the test applies to: {@link ColumnType#NUMERIC} for {@link
   * #testNumeric}, {@link ColumnType#CATEGORICAL} for {@link #testCategorical}.
   *
   * @return the column types, not empty
   */
  Set<ColumnType> appliesTo();

  /**
   * Returns whether swapping reference and current leaves the statistic and the p-value unchanged
   * (up to rounding).
   *
   * @return true for a symmetric test
   */
  boolean symmetric();

  /**
   * Tests a numeric column. The default, for a test that does not apply to numeric columns, returns
   * an undefined result saying so.
   *
   * @param reference the reference values, missing removed, no NaN; may be empty
   * @param current the current values, missing removed, no NaN; may be empty
   * @return the result, undefined with a reason when it cannot be computed
   * @throws NullPointerException if an argument is null
   */
  default DriftTestResult testNumeric(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return DriftTestResult.undefined(name() + " does not apply to numeric columns");
  }

  /**
   * Tests a categorical column. The default, for a test that does not apply to categorical columns,
   * returns an undefined result saying so.
   *
   * @param reference the reference categories, missing removed, no null; may be empty
   * @param current the current categories, missing removed, no null; may be empty
   * @return the result, undefined with a reason when it cannot be computed
   * @throws NullPointerException if an argument is null
   */
  default DriftTestResult testCategorical(String[] reference, String[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return DriftTestResult.undefined(name() + " does not apply to categorical columns");
  }
}
