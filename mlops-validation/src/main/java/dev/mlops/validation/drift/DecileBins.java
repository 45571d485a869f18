package dev.mlops.validation.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Ten bins from the reference deciles, with PSI and Jensen-Shannon on the bin proportions.
 *
 * <p>Stateless and thread-safe. Edges e_0..e_10 come from the sorted reference with the index
 * computed exactly: (j, r) = divmod(k (n-1), 10), e_k = x_j when r = 0, else x_j + (r/10)(x_{j+1} -
 * x_j) in IEEE double. A value's bin is the number of interior edges e_1..e_9 strictly below it, so
 * values outside the reference range land in the end bins and repeated edges give empty bins. Zero
 * proportions are replaced by 1e-4 (no renormalisation) for PSI and the smoothed Jensen-Shannon
 * distance; the Jensen-Shannon distance (base 2) uses the raw proportions.
 *
 * <pre>{@code
 * DecileBins.Result b = DecileBins.compare(sortedRef, sortedCur);
 * b.psi(); b.jsDistance();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DecileBins {

  private DecileBins() {}

  /**
   * Binned comparison.
   *
   * @param edges the 11 edges
   * @param referenceCounts reference count per bin (10)
   * @param currentCounts current count per bin (10)
   * @param referenceProportions reference proportions
   * @param currentProportions current proportions
   * @param psi population stability index (epsilon 1e-4, natural log)
   * @param jsDistance Jensen-Shannon distance, base 2, raw proportions
   * @param jsDivergence its square, computed directly
   * @param jsDistanceSmoothed Jensen-Shannon distance on epsilon-substituted proportions
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(
      List<Double> edges,
      List<Long> referenceCounts,
      List<Long> currentCounts,
      List<Double> referenceProportions,
      List<Double> currentProportions,
      double psi,
      double jsDistance,
      double jsDivergence,
      double jsDistanceSmoothed) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if a list is null
     */
    public Result {
      edges = List.copyOf(edges);
      referenceCounts = List.copyOf(referenceCounts);
      currentCounts = List.copyOf(currentCounts);
      referenceProportions = List.copyOf(referenceProportions);
      currentProportions = List.copyOf(currentProportions);
    }
  }

  /**
   * Bins both samples on the reference deciles.
   *
   * @param reference sorted reference values, no NaN, at least one
   * @param current sorted current values, no NaN, at least one
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Result compare(double[] reference, double[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Sums.requireSorted(reference, "reference");
    Sums.requireSorted(current, "current");
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    return compareSorted(reference, current);
  }

  static double[] edges(double[] x) {
    long n = x.length;
    double[] e = new double[11];
    for (int k = 0; k <= 10; k++) {
      long km = k * (n - 1);
      int j = (int) (km / 10);
      long r = km % 10;
      e[k] = r == 0 ? x[j] : x[j] + (r / 10.0) * (x[j + 1] - x[j]);
    }
    return e;
  }

  static long[] counts(double[] sorted, double[] e) {
    long[] c = new long[10];
    int prev = 0;
    for (int b = 0; b < 9; b++) {
      int upTo = Sums.countAtMost(sorted, 0, e[b + 1]);
      c[b] = upTo - prev;
      prev = upTo;
    }
    c[9] = sorted.length - prev;
    return c;
  }

  static Result compareSorted(double[] x, double[] y) {
    double[] e = edges(x);
    long[] rc = counts(x, e);
    long[] cc = counts(y, e);
    double[] rp = Divergences.proportions(rc, x.length);
    double[] cp = Divergences.proportions(cc, y.length);
    return new Result(
        boxed(e),
        boxed(rc),
        boxed(cc),
        boxed(rp),
        boxed(cp),
        Divergences.psi(rp, cp),
        Divergences.jsDistance(rp, cp),
        Divergences.jsDivergence(rp, cp),
        Divergences.jsDistance(Divergences.smoothed(rp), Divergences.smoothed(cp)));
  }

  static List<Double> boxed(double[] a) {
    List<Double> out = new ArrayList<>(a.length);
    for (double v : a) {
      out.add(v);
    }
    return out;
  }

  static List<Long> boxed(long[] a) {
    List<Long> out = new ArrayList<>(a.length);
    for (long v : a) {
      out.add(v);
    }
    return out;
  }
}
