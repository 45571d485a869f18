package dev.mlops.validation.estimate;

import dev.mlops.api.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apiguardian.api.API;

/**
 * Whether predicted probabilities are calibrated on a labelled reference set: the assumption of
 * label-free estimation ({@link CbpeEstimator}).
 *
 * <p>Immutable and thread-safe. Two tests run, each at level {@code alpha / 2} (Bonferroni, so the
 * check as a whole raises a false alarm on calibrated scores with probability at most {@code
 * alpha}):
 *
 * <ul>
 *   <li>Hosmer-Lemeshow over {@value #GROUPS} groups of near-equal size cut from the reference
 *       sorted by p: {@code H = sum_g (O_g - E_g)^2 / (E_g (1 - E_g / n_g))}, referred to
 *       chi-squared with {@value #GROUPS} degrees of freedom (not {@value #GROUPS} - 2: the
 *       reference is an external validation set, the model was not fitted on it; Hosmer, Lemeshow
 *       and Sturdivant, <i>Applied Logistic Regression</i>, 3rd ed., 2013, section 5.2.2). A group
 *       whose expected variance is 0 adds 0 when observed equals expected, and makes H infinite
 *       otherwise (an event at p = 0 or a non-event at p = 1).
 *   <li>Spiegelhalter's z (Spiegelhalter, <i>Statistics in Medicine</i> 5, 1986): {@code z = sum (y
 *       - p)(1 - 2p) / sqrt(sum (1 - 2p)^2 p (1 - p))}, two-sided against N(0, 1); 0 with p-value 1
 *       when the denominator is 0.
 * </ul>
 *
 * <p>The expected calibration error over 10 equal-width bins (empty bins skipped, bin weight = its
 * share of rows) is reported as an effect size; it does not decide. A reference below {@value
 * #MIN_ROWS} rows cannot support the check: the assumption is then reported as not holding, with a
 * warning saying so.
 *
 * <pre>{@code
 * CalibrationCheck check = CalibrationCheck.of(referenceProbabilities, referenceLabels, 0.05);
 * if (!check.assumptionHolds()) {
 *   log.warn(check.warning().orElseThrow());
 * }
 * }</pre>
 *
 * @param n reference rows
 * @param expectedCalibrationError ECE over 10 equal-width bins
 * @param hosmerLemeshow the Hosmer-Lemeshow statistic (NaN when the reference is too small)
 * @param hosmerLemeshowPValue its p-value (NaN when the reference is too small)
 * @param spiegelhalterZ Spiegelhalter's z (NaN when the reference is too small)
 * @param spiegelhalterPValue its two-sided p-value (NaN when the reference is too small)
 * @param alpha the family-wise level of the check
 * @param assumptionHolds whether neither test rejects calibration and the reference is big enough
 * @param warning what failed and what to do, when the assumption does not hold
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CalibrationCheck(
    int n,
    double expectedCalibrationError,
    double hosmerLemeshow,
    double hosmerLemeshowPValue,
    double spiegelhalterZ,
    double spiegelhalterPValue,
    double alpha,
    boolean assumptionHolds,
    Optional<String> warning) {

  /** Hosmer-Lemeshow groups. */
  public static final int GROUPS = 10;

  /** The smallest reference that supports the check. */
  public static final int MIN_ROWS = 100;

  /** Default family-wise level of the check. */
  public static final double DEFAULT_ALPHA = 0.05;

  /**
   * Validates the fields.
   *
   * @throws IllegalArgumentException if {@code n} is negative, alpha is outside (0, 1), or the
   *     warning is missing although the assumption does not hold
   * @throws NullPointerException if {@code warning} is null
   */
  public CalibrationCheck {
    Objects.requireNonNull(warning, "warning");
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, was " + n);
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (!assumptionHolds && warning.isEmpty()) {
      throw new IllegalArgumentException("a failed calibration check needs a warning");
    }
  }

  /**
   * Checks the calibration of probabilities against their labels.
   *
   * @param probabilities predicted probabilities of the positive class, each in [0, 1]
   * @param labels the labels, each 0 or 1, same length
   * @param alpha family-wise level, in (0, 1); {@link #DEFAULT_ALPHA} is usual
   * @return the check
   * @throws InvalidInputException if the lengths differ, a probability is outside [0, 1] or NaN, or
   *     a label is not 0 or 1 (the message names the array and index)
   * @throws IllegalArgumentException if alpha is outside (0, 1)
   * @throws NullPointerException if an array is null
   */
  public static CalibrationCheck of(double[] probabilities, int[] labels, double alpha) {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(labels, "labels");
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    if (probabilities.length != labels.length) {
      throw InvalidInputException.of(
          "labels",
          "reference probabilities has "
              + probabilities.length
              + " rows but labels has "
              + labels.length
              + "; pass one label per probability");
    }
    Cbpe.checkProbabilities(probabilities, "reference probabilities");
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new InvalidInputException(
            "labels", i, "labels[" + i + "] is " + labels[i] + "; a binary label is 0 or 1", null);
      }
    }
    int n = probabilities.length;
    double ece = ece(probabilities, labels);
    if (n < MIN_ROWS) {
      return new CalibrationCheck(
          n,
          ece,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          alpha,
          false,
          Optional.of(
              "calibration cannot be checked on "
                  + n
                  + " reference rows (at least "
                  + MIN_ROWS
                  + " are needed); label-free estimates assume calibrated probabilities, give a"
                  + " larger labelled reference set"));
    }
    double hl = hosmerLemeshow(probabilities, labels);
    double hlP =
        hl == Double.POSITIVE_INFINITY
            ? 0
            : ChiSquaredDistribution.of(GROUPS).survivalProbability(hl);
    double num = 0;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double p = probabilities[i];
      double w = 1 - 2 * p;
      num += (labels[i] - p) * w;
      var += w * w * p * (1 - p);
    }
    double z = var > 0 ? num / Math.sqrt(var) : 0;
    double zP = var > 0 ? 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z)) : 1;
    double each = alpha / 2;
    boolean holds = hlP >= each && zP >= each;
    Optional<String> warning =
        holds
            ? Optional.empty()
            : Optional.of(
                String.format(
                    Locale.ROOT,
                    "the probabilities are not calibrated on the reference set (Hosmer-Lemeshow"
                        + " H = %.4g, p = %.3g; Spiegelhalter z = %.4g, p = %.3g; each tested at"
                        + " %.3g; ECE = %.4f): label-free estimates assume calibration and may be"
                        + " biased; recalibrate the scores (e.g. isotonic or Platt on the"
                        + " reference) before estimating",
                    hl,
                    hlP,
                    z,
                    zP,
                    each,
                    ece));
    return new CalibrationCheck(n, ece, hl, hlP, z, zP, alpha, holds, warning);
  }

  private static double hosmerLemeshow(double[] p, int[] y) {
    int n = p.length;
    int[] idx = Cbpe.orderAscending(p);
    double stat = 0;
    for (int g = 0; g < GROUPS; g++) {
      int from = (int) ((long) g * n / GROUPS);
      int to = (int) ((long) (g + 1) * n / GROUPS);
      int size = to - from;
      if (size == 0) {
        continue;
      }
      double observed = 0;
      double expected = 0;
      for (int k = from; k < to; k++) {
        observed += y[idx[k]];
        expected += p[idx[k]];
      }
      double v = expected * (1 - expected / size);
      double diff = observed - expected;
      if (v > 0) {
        stat += diff * diff / v;
      } else if (Math.abs(diff) > 1e-9) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return stat;
  }

  private static double ece(double[] p, int[] y) {
    int bins = 10;
    double[] count = new double[bins];
    double[] sumP = new double[bins];
    double[] sumY = new double[bins];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(bins - 1, (int) (p[i] * bins));
      count[b]++;
      sumP[b] += p[i];
      sumY[b] += y[i];
    }
    double e = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        e += Math.abs(sumY[b] - sumP[b]) / p.length;
      }
    }
    return e;
  }
}
