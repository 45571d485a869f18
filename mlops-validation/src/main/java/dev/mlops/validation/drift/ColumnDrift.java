package dev.mlops.validation.drift;

import org.apiguardian.api.API;

/**
 * The drift tests of one column, numeric or categorical.
 *
 * <p>Implementations are immutable records and thread-safe.
 *
 * <pre>{@code
 * ColumnDrift c = DriftTests.numeric("age", ref, null, cur, null);
 * c.primaryPvalue();   // the KS p-value, or the reason it is undefined
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public sealed interface ColumnDrift permits NumericColumnDrift, CategoricalColumnDrift {

  /**
   * Returns the column name.
   *
   * @return the name
   */
  String column();

  /**
   * Returns the name of the primary test: {@code ks} or {@code chi2}.
   *
   * @return the test name
   */
  String primaryTest();

  /**
   * Returns the p-value of the primary test, or why it is undefined.
   *
   * @return the p-value outcome
   */
  Outcome<Double> primaryPvalue();
}
