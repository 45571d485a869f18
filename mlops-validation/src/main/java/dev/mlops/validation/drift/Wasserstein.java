package dev.mlops.validation.drift;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The first Wasserstein distance between two samples, as SciPy 1.10's {@code
 * wasserstein_distance(reference, current)}: the integral of |F_ref - F_cur|.
 *
 * <p>Stateless and thread-safe. One merge of the sorted samples, compensated summation.
 *
 * <pre>{@code
 * Wasserstein.Result w = Wasserstein.distance(sortedRef, sortedCur, referenceStd);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Wasserstein {

  private Wasserstein() {}

  /**
   * The distance, raw and divided by the reference standard deviation.
   *
   * @param distance the raw distance
   * @param normalizedByReferenceStd distance / reference std (ddof = 1); NaN when that std is 0 or
   *     undefined
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public record Result(double distance, double normalizedByReferenceStd) {}

  /**
   * Computes the distance.
   *
   * @param reference sorted reference values, no NaN, at least one
   * @param current sorted current values, no NaN, at least one
   * @param referenceStd the reference standard deviation (NaN when undefined)
   * @return the result
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a sample is empty, unsorted or holds NaN
   */
  public static Result distance(double[] reference, double[] current, double referenceStd) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Sums.requireSorted(reference, "reference");
    Sums.requireSorted(current, "current");
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException("both samples need at least one value");
    }
    double d = rawSorted(reference, current);
    return new Result(d, normalize(d, referenceStd));
  }

  static double normalize(double distance, double referenceStd) {
    return referenceStd == 0 || Double.isNaN(referenceStd) ? Double.NaN : distance / referenceStd;
  }

  static double rawSorted(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    int i = 0;
    int j = 0;
    Sums sum = new Sums();
    while (i < n1 || j < n2) {
      double v = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i] : y[j];
      while (i < n1 && x[i] == v) {
        i++;
      }
      while (j < n2 && y[j] == v) {
        j++;
      }
      if (i == n1 && j == n2) {
        break;
      }
      double next = (j >= n2 || (i < n1 && x[i] <= y[j])) ? x[i] : y[j];
      double gap = Math.abs((double) i / n1 - (double) j / n2);
      sum.add(gap * (next - v));
    }
    return sum.value();
  }
}
