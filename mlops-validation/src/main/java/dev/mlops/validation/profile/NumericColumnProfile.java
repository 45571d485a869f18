package dev.mlops.validation.profile;

import dev.mlops.api.table.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The profile of a numeric column: exact counts, moments, min and max; quantiles from a KLL sketch
 * and the distinct count from an HLL sketch, each with its {@link Accuracy}.
 *
 * <p>Immutable and thread-safe. Null rows and NaN are missing: they are counted and left out of
 * every statistic. Mean and variance are computed (two-pass per block, Chan's merge), not sketched:
 * they are exact up to floating-point rounding.
 *
 * <pre>{@code
 * NumericColumnProfile p = (NumericColumnProfile) profile.column("price");
 * double median = p.quantile(0.5);
 * Accuracy a = p.quantileAccuracy(); // RANK_ERROR 0.0133 beyond 400-ish values
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NumericColumnProfile implements ColumnProfile {

  private final String name;
  private final long rowCount;
  private final long nullCount;
  private final long nanCount;
  private final Moments moments;
  private final double min;
  private final double max;
  private final QuantileSketch quantiles;
  private final DistinctSketch distinct;

  NumericColumnProfile(
      String name,
      long rowCount,
      long nullCount,
      long nanCount,
      Moments moments,
      double min,
      double max,
      QuantileSketch quantiles,
      DistinctSketch distinct) {
    this.name = Objects.requireNonNull(name, "name");
    this.rowCount = rowCount;
    this.nullCount = nullCount;
    this.nanCount = nanCount;
    this.moments = moments;
    this.min = min;
    this.max = max;
    this.quantiles = quantiles;
    this.distinct = distinct;
    if (rowCount < 0
        || nullCount < 0
        || nanCount < 0
        || moments.n() < 0
        || nullCount + nanCount + moments.n() != rowCount) {
      throw new IllegalArgumentException(
          "column '" + name + "': counts do not add up to the row count " + rowCount);
    }
    if (quantiles.n() != moments.n()) {
      throw new IllegalArgumentException(
          "column '"
              + name
              + "': quantile sketch holds "
              + quantiles.n()
              + " values, not "
              + moments.n());
    }
  }

  static NumericColumnProfile merge(NumericColumnProfile a, NumericColumnProfile b) {
    return new NumericColumnProfile(
        a.name,
        a.rowCount + b.rowCount,
        a.nullCount + b.nullCount,
        a.nanCount + b.nanCount,
        Moments.merge(a.moments, b.moments),
        Math.min(a.min, b.min),
        Math.max(a.max, b.max),
        QuantileSketch.merged(a.quantiles, b.quantiles),
        DistinctSketch.merged(a.distinct, b.distinct));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ColumnType type() {
    return ColumnType.NUMERIC;
  }

  @Override
  public long rowCount() {
    return rowCount;
  }

  @Override
  public long nullCount() {
    return nullCount;
  }

  /**
   * Returns the number of NaN values (not null).
   *
   * @return the count, exact
   */
  public long nanCount() {
    return nanCount;
  }

  /**
   * Returns nulls plus NaN.
   *
   * @return the count, exact
   */
  public long missingCount() {
    return nullCount + nanCount;
  }

  @Override
  public long count() {
    return moments.n();
  }

  Moments moments() {
    return moments;
  }

  /**
   * Returns the mean of the non-missing values.
   *
   * @return the mean, NaN when the count is 0
   */
  public double mean() {
    return moments.n() == 0 ? Double.NaN : moments.mean();
  }

  /**
   * Returns the sample variance (ddof = 1).
   *
   * @return the variance, NaN when the count is below 2
   */
  public double variance() {
    return moments.variance();
  }

  /**
   * Returns the sample standard deviation (ddof = 1).
   *
   * @return the std, NaN when the count is below 2
   */
  public double std() {
    return Math.sqrt(variance());
  }

  /**
   * Returns the smallest non-missing value.
   *
   * @return the minimum, NaN when the count is 0
   */
  public double min() {
    return moments.n() == 0 ? Double.NaN : min;
  }

  /**
   * Returns the largest non-missing value.
   *
   * @return the maximum, NaN when the count is 0
   */
  public double max() {
    return moments.n() == 0 ? Double.NaN : max;
  }

  /**
   * Returns the value at a normalized rank (see {@link QuantileSketch#quantile(double)}).
   *
   * @param rank in [0, 1]
   * @return the quantile, NaN when the count is 0
   * @throws IllegalArgumentException if the rank is outside [0, 1]
   */
  public double quantile(double rank) {
    return quantiles.quantile(rank);
  }

  /**
   * Returns whether quantiles are exact, or their rank error.
   *
   * @return {@link Accuracy#EXACT} or RANK_ERROR
   */
  public Accuracy quantileAccuracy() {
    double e = quantiles.rankError();
    return e == 0 ? Accuracy.EXACT : new Accuracy(Accuracy.Kind.RANK_ERROR, e);
  }

  /**
   * Returns the estimated number of distinct non-missing values.
   *
   * @return the estimate rounded, 0 when the count is 0
   */
  public long distinct() {
    return moments.n() == 0 ? 0 : Math.round(distinct.estimate());
  }

  /**
   * Returns the accuracy of {@link #distinct()}: exact when the count is 0, else the HLL bound.
   *
   * @return the accuracy
   */
  public Accuracy distinctAccuracy() {
    return moments.n() == 0
        ? Accuracy.EXACT
        : new Accuracy(Accuracy.Kind.RELATIVE_ERROR, distinct.relativeError());
  }

  /**
   * Returns the quantile sketch.
   *
   * @return the sketch
   */
  public QuantileSketch quantileSketch() {
    return quantiles;
  }

  /**
   * Returns the distinct-count sketch.
   *
   * @return the sketch
   */
  public DistinctSketch distinctSketch() {
    return distinct;
  }

  /**
   * A histogram of equal-width bins.
   *
   * @param edges bins + 1 edges, ascending
   * @param counts values per bin: bin 0 is [e0, e1], bin i is (e_i, e_{i+1}]
   * @param accuracy exact, or the absolute error of each count (2 x rank error x count)
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Histogram(List<Double> edges, List<Long> counts, Accuracy accuracy) {
    /**
     * Creates a histogram.
     *
     * @throws NullPointerException if a component is null
     */
    public Histogram {
      edges = List.copyOf(edges);
      counts = List.copyOf(counts);
      Objects.requireNonNull(accuracy, "accuracy");
    }
  }

  /**
   * Derives a histogram of equal-width bins between min and max from the quantile sketch, at read
   * time: it merges exactly as the sketch does.
   *
   * @param bins the number of bins
   * @return the histogram; no bins when the count is 0, one bin when min equals max
   * @throws IllegalArgumentException if bins is below 1
   */
  public Histogram histogram(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, was " + bins);
    }
    long n = moments.n();
    if (n == 0) {
      return new Histogram(List.of(), List.of(), Accuracy.EXACT);
    }
    if (min == max) {
      return new Histogram(List.of(min, max), List.of(n), Accuracy.EXACT);
    }
    List<Double> edges = new ArrayList<>(bins + 1);
    for (int i = 0; i <= bins; i++) {
      edges.add(i == bins ? max : min + (max - min) * i / bins);
    }
    List<Long> counts = new ArrayList<>(bins);
    long previous = 0;
    for (int i = 1; i <= bins; i++) {
      long upTo = i == bins ? n : Math.round(quantiles.rank(edges.get(i)) * n);
      counts.add(upTo - previous);
      previous = upTo;
    }
    double e = quantiles.rankError();
    Accuracy a = e == 0 ? Accuracy.EXACT : new Accuracy(Accuracy.Kind.ABSOLUTE_ERROR, 2 * e * n);
    return new Histogram(edges, counts, a);
  }

  @Override
  public String toString() {
    return "NumericColumnProfile[" + name + ", rows=" + rowCount + ", count=" + count() + "]";
  }
}
