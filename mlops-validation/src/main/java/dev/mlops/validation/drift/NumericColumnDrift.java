package dev.mlops.validation.drift;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Every drift test of one numeric column.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * NumericColumnDrift d = DriftTests.numeric("x", ref, null, cur, null);
 * d.ks().value().map(KolmogorovSmirnov.Result::pvalue);
 * }</pre>
 *
 * @param column the column name
 * @param reference the reference profile
 * @param current the current profile
 * @param ks Kolmogorov-Smirnov
 * @param mannWhitney Mann-Whitney U
 * @param andersonDarling Anderson-Darling k-sample
 * @param wasserstein Wasserstein distance
 * @param binned decile bins with PSI and Jensen-Shannon
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NumericColumnDrift(
    String column,
    NumericProfile reference,
    NumericProfile current,
    Outcome<KolmogorovSmirnov.Result> ks,
    Outcome<MannWhitney.Result> mannWhitney,
    Outcome<AndersonDarling.Result> andersonDarling,
    Outcome<Wasserstein.Result> wasserstein,
    Outcome<DecileBins.Result> binned)
    implements ColumnDrift {

  /**
   * Creates the result.
   *
   * @throws NullPointerException if a component is null
   */
  public NumericColumnDrift {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(ks, "ks");
    Objects.requireNonNull(mannWhitney, "mannWhitney");
    Objects.requireNonNull(andersonDarling, "andersonDarling");
    Objects.requireNonNull(wasserstein, "wasserstein");
    Objects.requireNonNull(binned, "binned");
  }

  @Override
  public String primaryTest() {
    return "ks";
  }

  @Override
  public Outcome<Double> primaryPvalue() {
    return ks instanceof Outcome.Defined<KolmogorovSmirnov.Result> d
        ? Outcome.defined(d.result().pvalue())
        : Outcome.undefined(ks.reason().orElseThrow());
  }
}
