package dev.mlops.validation.drift;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Every drift test of one categorical column.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * CategoricalColumnDrift d = DriftTests.categorical("colour", ref, cur);
 * d.frequencies().value().map(f -> f.chi2().pvalue());
 * }</pre>
 *
 * @param column the column name
 * @param reference the reference profile
 * @param current the current profile
 * @param frequencies the frequency comparison
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CategoricalColumnDrift(
    String column,
    CategoricalProfile reference,
    CategoricalProfile current,
    Outcome<CategoricalFrequencies.Result> frequencies)
    implements ColumnDrift {

  /**
   * Creates the result.
   *
   * @throws NullPointerException if a component is null
   */
  public CategoricalColumnDrift {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(frequencies, "frequencies");
  }

  @Override
  public String primaryTest() {
    return "chi2";
  }

  @Override
  public Outcome<Double> primaryPvalue() {
    return frequencies instanceof Outcome.Defined<CategoricalFrequencies.Result> d
        ? Outcome.defined(d.result().chi2().pvalue())
        : Outcome.undefined(frequencies.reason().orElseThrow());
  }
}
