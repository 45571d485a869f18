package dev.mlops.validation.drift;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Frequency comparison of a categorical column: chi-squared homogeneity, L-infinity, PSI and
 * Jensen-Shannon over the union of categories.
 *
 * <p>Stateless and thread-safe. Categories are the union of the non-null values, sorted by Unicode
 * code point. Chi-squared is SciPy's {@code chi2_contingency} on the 2 x K table without Yates'
 * correction, dof K - 1 (K = 1 gives statistic 0, dof 0, p 1). L-infinity is TFDV's {@code
 * LInftyDistance}: each side normalised by its own total; ties of the maximum go to the last
 * category in sorted order.
 *
 * <pre>{@code
 * Outcome<CategoricalFrequencies.Result> f =
 *     CategoricalFrequencies.compare(new String[] {"a", "b"}, new String[] {"b", "c"});
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CategoricalFrequencies {

  private CategoricalFrequencies() {}

  /**
   * The chi-squared test of homogeneity.
   *
   * @param statistic the statistic
   * @param dof degrees of freedom, K - 1
   * @param pvalue the p-value
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record ChiSquared(double statistic, int dof, double pvalue) {}

  /**
   * The L-infinity distance.
   *
   * @param distance max |p_ref - p_cur|
   * @param category the arg-max (the last one on ties)
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record LInfinity(double distance, String category) {
    /**
     * Creates a distance.
     *
     * @throws NullPointerException if {@code category} is null
     */
    public LInfinity {
      Objects.requireNonNull(category, "category");
    }
  }

  /**
   * The comparison.
   *
   * @param categories sorted union of categories
   * @param referenceCounts reference counts, in category order
   * @param currentCounts current counts, in category order
   * @param chi2 chi-squared homogeneity
   * @param unseenInReference categories only in current, sorted
   * @param absentInCurrent categories only in reference, sorted
   * @param linf L-infinity
   * @param referenceProportions reference proportions
   * @param currentProportions current proportions
   * @param psi PSI (epsilon 1e-4)
   * @param jsDistance Jensen-Shannon distance, base 2
   * @param jsDivergence its square
   * @param jsDistanceSmoothed Jensen-Shannon distance on epsilon-substituted proportions
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(
      List<String> categories,
      List<Long> referenceCounts,
      List<Long> currentCounts,
      ChiSquared chi2,
      List<String> unseenInReference,
      List<String> absentInCurrent,
      LInfinity linf,
      List<Double> referenceProportions,
      List<Double> currentProportions,
      double psi,
      double jsDistance,
      double jsDivergence,
      double jsDistanceSmoothed) {
    /**
     * Creates a result.
     *
     * @throws NullPointerException if a component is null
     */
    public Result {
      categories = List.copyOf(categories);
      referenceCounts = List.copyOf(referenceCounts);
      currentCounts = List.copyOf(currentCounts);
      Objects.requireNonNull(chi2, "chi2");
      unseenInReference = List.copyOf(unseenInReference);
      absentInCurrent = List.copyOf(absentInCurrent);
      Objects.requireNonNull(linf, "linf");
      referenceProportions = List.copyOf(referenceProportions);
      currentProportions = List.copyOf(currentProportions);
    }
  }

  /**
   * Compares two columns.
   *
   * @param reference reference values, null is missing
   * @param current current values, null is missing
   * @return the result, undefined when a side has no non-null value
   * @throws NullPointerException if an argument is null
   */
  public static Outcome<Result> compare(@Nullable String[] reference, @Nullable String[] current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return compareCounts(
        CategoricalProfile.countsOf(reference), CategoricalProfile.countsOf(current));
  }

  /**
   * Compares two columns given as category counts (used by sketch-based drift on the exact
   * frequencies of two profiles).
   *
   * @param reference reference count per non-null category (each above 0)
   * @param current current count per non-null category (each above 0)
   * @return the result, undefined when a side has no category
   * @throws NullPointerException if an argument or a count is null
   * @throws IllegalArgumentException if a count is not positive
   */
  public static Outcome<Result> compareFrequencies(
      Map<String, Long> reference, Map<String, Long> current) {
    return compareCounts(boxes(reference), boxes(current));
  }

  private static Map<String, long[]> boxes(Map<String, Long> counts) {
    Map<String, long[]> m = new HashMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      long c = e.getValue();
      if (c <= 0) {
        throw new IllegalArgumentException("count of '" + e.getKey() + "' must be > 0, was " + c);
      }
      m.put(Objects.requireNonNull(e.getKey(), "category"), new long[] {c});
    }
    return m;
  }

  static Outcome<Result> compareCounts(Map<String, long[]> ref, Map<String, long[]> cur) {
    if (ref.isEmpty()) {
      return Outcome.undefined("reference has no non-null values");
    }
    if (cur.isEmpty()) {
      return Outcome.undefined("current has no non-null values");
    }
    TreeSet<String> union = new TreeSet<>(CategoryOrder.CODE_POINT);
    union.addAll(ref.keySet());
    union.addAll(cur.keySet());
    int k = union.size();
    List<String> cats = new ArrayList<>(union);
    long[] rc = new long[k];
    long[] cc = new long[k];
    List<String> unseen = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    long rt = 0;
    long ct = 0;
    for (int i = 0; i < k; i++) {
      String c = cats.get(i);
      long[] r = ref.get(c);
      long[] q = cur.get(c);
      rc[i] = r == null ? 0 : r[0];
      cc[i] = q == null ? 0 : q[0];
      rt += rc[i];
      ct += cc[i];
      if (r == null) {
        unseen.add(c);
      }
      if (q == null) {
        absent.add(c);
      }
    }
    ChiSquared chi2 = chiSquared(rc, cc, rt, ct);
    double[] rp = Divergences.proportions(rc, rt);
    double[] cp = Divergences.proportions(cc, ct);
    double best = -1;
    String arg = cats.get(0);
    for (int i = 0; i < k; i++) {
      double dist = Math.abs(rp[i] - cp[i]);
      if (dist >= best) {
        best = dist;
        arg = cats.get(i);
      }
    }
    return Outcome.defined(
        new Result(
            cats,
            DecileBins.boxed(rc),
            DecileBins.boxed(cc),
            chi2,
            unseen,
            absent,
            new LInfinity(best, arg),
            DecileBins.boxed(rp),
            DecileBins.boxed(cp),
            Divergences.psi(rp, cp),
            Divergences.jsDistance(rp, cp),
            Divergences.jsDivergence(rp, cp),
            Divergences.jsDistance(Divergences.smoothed(rp), Divergences.smoothed(cp))));
  }

  static ChiSquared chiSquared(long[] rc, long[] cc, long rt, long ct) {
    int k = rc.length;
    if (k == 1) {
      return new ChiSquared(0.0, 0, 1.0);
    }
    double total = (double) rt + ct;
    // SciPy's power_divergence: terms of the 2 x K table summed row-major as NumPy sums
    double[] terms = new double[2 * k];
    for (int i = 0; i < k; i++) {
      double col = (double) rc[i] + cc[i];
      double er = (double) rt * col / total;
      double ec = (double) ct * col / total;
      double dr = rc[i] - er;
      double dc = cc[i] - ec;
      terms[i] = dr * dr / er;
      terms[k + i] = dc * dc / ec;
    }
    double stat = NumpySum.sum(terms, terms.length);
    int dof = k - 1;
    double p = ChiSquaredDistribution.of(dof).survivalProbability(stat);
    return new ChiSquared(stat, dof, p);
  }
}
