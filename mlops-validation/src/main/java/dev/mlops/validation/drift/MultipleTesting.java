package dev.mlops.validation.drift;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The Benjamini-Hochberg family of a drift comparison: one primary p-value per column whose primary
 * test is defined, in column order, and the excluded columns with their reasons.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * MultipleTesting mt = comparison.multipleTesting();
 * mt.tests().get(0).pvalueAdjusted();
 * }</pre>
 *
 * @param method always {@code benjamini-hochberg}
 * @param tests the family, in column order
 * @param excluded columns whose primary test is undefined
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record MultipleTesting(String method, List<Test> tests, List<Excluded> excluded) {

  /**
   * Creates the family.
   *
   * @throws NullPointerException if a component is null
   */
  public MultipleTesting {
    Objects.requireNonNull(method, "method");
    tests = List.copyOf(tests);
    excluded = List.copyOf(excluded);
  }

  /**
   * One member of the family.
   *
   * @param column the column
   * @param test {@code ks} or {@code chi2}
   * @param pvalue the raw p-value
   * @param pvalueAdjusted the BH-adjusted p-value
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Test(String column, String test, double pvalue, double pvalueAdjusted) {
    /**
     * Creates a member.
     *
     * @throws NullPointerException if a string is null
     */
    public Test {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(test, "test");
    }
  }

  /**
   * A column left out of the family.
   *
   * @param column the column
   * @param reason why its primary test is undefined
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Excluded(String column, String reason) {
    /**
     * Creates an exclusion.
     *
     * @throws NullPointerException if a string is null
     */
    public Excluded {
      Objects.requireNonNull(column, "column");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
