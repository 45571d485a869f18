package dev.mlops.validation.drift;

import java.util.Arrays;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Benjamini-Hochberg adjusted p-values (false discovery rate), identical to SciPy's {@code
 * false_discovery_control(ps, method='bh')} and statsmodels' {@code fdr_bh}.
 *
 * <p>Stateless and thread-safe. Sort ascending, p_(i) m / i, running minimum from the largest down,
 * clip to [0, 1], restore the input order.
 *
 * <pre>{@code
 * double[] adjusted = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03});
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BenjaminiHochberg {

  private BenjaminiHochberg() {}

  /**
   * Adjusts p-values.
   *
   * @param pvalues p-values in [0, 1]
   * @return adjusted p-values in input order
   * @throws NullPointerException if {@code pvalues} is null
   * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
   */
  public static double[] adjust(double[] pvalues) {
    Objects.requireNonNull(pvalues, "pvalues");
    int m = pvalues.length;
    for (int i = 0; i < m; i++) {
      double p = pvalues[i];
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("p-value at index " + i + " is not in [0, 1]: " + p);
      }
    }
    Integer[] order = new Integer[m];
    for (int i = 0; i < m; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(pvalues[a], pvalues[b]));
    double[] out = new double[m];
    double running = Double.POSITIVE_INFINITY;
    for (int rank = m; rank >= 1; rank--) {
      int idx = order[rank - 1];
      double adj = pvalues[idx] * ((double) m / rank);
      running = Math.min(running, adj);
      out[idx] = Math.min(Math.max(running, 0.0), 1.0);
    }
    return out;
  }
}
