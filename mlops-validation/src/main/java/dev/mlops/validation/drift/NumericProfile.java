package dev.mlops.validation.drift;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * The exact profile of one numeric column: counts, mean, standard deviation, extremes and NumPy
 * {@code linear} quantiles.
 *
 * <p>Immutable and thread-safe. A statistic that does not exist (every statistic of an empty
 * column, the standard deviation of one value) is {@code NaN}; {@link #quantiles()} is then empty.
 * The mean is a compensated sum divided by the count; the standard deviation (ddof = 1) is the
 * corrected two-pass formula around that mean, so values near 1e9 with unit spread keep their
 * digits.
 *
 * <pre>{@code
 * NumericProfile p = NumericProfile.of(new double[] {1, 2, Double.NaN, 4}, null);
 * p.count();        // 3
 * p.quantiles();    // at QUANTILE_LEVELS
 * }</pre>
 *
 * @param rowCount rows, missing ones included
 * @param nullCount null rows
 * @param nanCount NaN rows that are not null
 * @param count non-missing values
 * @param distinct distinct non-missing values
 * @param mean the mean, NaN when count is 0
 * @param std the sample standard deviation (ddof = 1), NaN when count &lt; 2
 * @param min the minimum, NaN when count is 0
 * @param max the maximum, NaN when count is 0
 * @param quantiles NumPy {@code linear} quantiles at {@link #QUANTILE_LEVELS}, empty when count is
 *     0
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NumericProfile(
    long rowCount,
    long nullCount,
    long nanCount,
    long count,
    long distinct,
    double mean,
    double std,
    double min,
    double max,
    List<Double> quantiles) {

  /** The quantile levels of {@link #quantiles()}, in order. */
  public static final List<Double> QUANTILE_LEVELS =
      List.of(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99);

  /**
   * Creates a profile.
   *
   * @throws NullPointerException if {@code quantiles} is null
   */
  public NumericProfile {
    quantiles = List.copyOf(Objects.requireNonNull(quantiles, "quantiles"));
  }

  /**
   * Returns the number of missing rows: nulls plus NaNs.
   *
   * @return null count plus NaN count
   */
  public long missingCount() {
    return nullCount + nanCount;
  }

  /**
   * Profiles a column.
   *
   * @param values the values; NaN is missing
   * @param nulls rows that are null (their value is ignored), or null when no row is null
   * @return the profile
   * @throws NullPointerException if {@code values} is null
   */
  public static NumericProfile of(double[] values, @Nullable BitSet nulls) {
    Objects.requireNonNull(values, "values");
    NumericSample s = NumericSample.of(values, nulls);
    return s.profile();
  }

  /**
   * NumPy's {@code quantile(x, q, method='linear')} on sorted values: index (n-1)q in floating
   * point, interpolation as NumPy's {@code _lerp}.
   *
   * @param sorted non-missing values, ascending, at least one
   * @param q the level in [0, 1]
   * @return the quantile
   */
  static double linearQuantile(double[] sorted, double q) {
    int n = sorted.length;
    double virtual = (n - 1) * q;
    int prev = (int) Math.floor(virtual);
    int next = Math.min(prev + 1, n - 1);
    prev = Math.min(prev, n - 1);
    double gamma = virtual - Math.floor(virtual);
    double a = sorted[prev];
    double b = sorted[next];
    double diff = b - a;
    if (gamma >= 0.5) {
      return b - diff * (1 - gamma);
    }
    return a + diff * gamma;
  }

  static List<Double> quantilesOf(double[] sorted) {
    List<Double> out = new ArrayList<>(QUANTILE_LEVELS.size());
    if (sorted.length == 0) {
      return out;
    }
    for (double q : QUANTILE_LEVELS) {
      out.add(linearQuantile(sorted, q));
    }
    return out;
  }
}
