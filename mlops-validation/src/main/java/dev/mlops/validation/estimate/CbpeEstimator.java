package dev.mlops.validation.estimate;

import dev.mlops.api.InvalidInputException;
import dev.mlops.validation.metrics.MetricValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Confidence-based performance estimation (CBPE, as in NannyML): the performance a calibrated
 * binary classifier will show on a window once its labels arrive, estimated from its predicted
 * probabilities alone.
 *
 * <p>Immutable and thread-safe once built; share one estimator across windows and threads. Each
 * call draws its Monte Carlo labels from a fresh generator seeded with {@link Builder#seed}, so the
 * same window always gives the same estimate.
 *
 * <p>The assumption: each row's label is positive with its predicted probability p, independently.
 * Then, for the predictions (p &ge; threshold, or given):
 *
 * <ul>
 *   <li>the expected confusion matrix: E[TP] = sum of p over predicted-positive rows, E[FP] = sum
 *       of 1 - p over them, E[FN] = sum of p over predicted-negative rows, E[TN] = sum of 1 - p
 *       over them;
 *   <li>accuracy = (E[TP] + E[TN]) / n and precision = E[TP] / (predicted positives): exact
 *       expectations; the realised value is a sum of independent Bernoulli variables, so its
 *       variance is exact, {@code sum p(1 - p) / n^2} over the rows involved;
 *   <li>recall = E[TP] / (E[TP] + E[FN]) and F1 = 2 E[TP] / (2 E[TP] + E[FP] + E[FN]): ratios of
 *       expectations, as NannyML;
 *   <li>ROC AUC as NannyML: the trapezoidal area under the curve of expected TPR (cumulative sum of
 *       p over rows at or above each distinct probability, divided by sum p) against expected FPR
 *       (the same with 1 - p).
 * </ul>
 *
 * <p>Uncertainty: each interval is {@code estimate ± z * sd} (clipped to [0, 1]) where sd is the
 * standard deviation of the <i>realised</i> metric under the assumption, so the interval is meant
 * to cover the value the labels will give, not a population value. For accuracy and precision sd is
 * analytic (method {@code cbpe-bernoulli-analytic}); for recall, F1 and ROC AUC it is the standard
 * deviation over {@link Builder#replicates} seeded Monte Carlo draws of all labels as Bernoulli(p)
 * (method {@code cbpe-bernoulli-monte-carlo}; a draw in which the metric is undefined, such as no
 * positive label for recall, is skipped). The AUC of a draw comes from the mid-ranks of p computed
 * once, so a call costs O(n log n + replicates * n).
 *
 * <p>The assumption is checked once, on a labelled reference set ({@link CalibrationCheck});
 * without a reference every estimate says so in its warning. A window whose distribution of p has
 * drifted away from the reference may still be miscalibrated: the check does not see that.
 *
 * <pre>{@code
 * CbpeEstimator estimator = CbpeEstimator.builder()
 *     .reference(referenceProbabilities, referenceLabels)
 *     .threshold(0.5)
 *     .build();
 * LabelFreeEstimate e = estimator.estimate(windowProbabilities);
 * e.metric("accuracy").orElseThrow().interval();   // covers the realised accuracy, 95 %
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CbpeEstimator {

  /** Default threshold: a row is predicted positive when p &ge; 0.5. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** Default interval level. */
  public static final double DEFAULT_LEVEL = 0.95;

  /** Default Monte Carlo label draws per window. */
  public static final int DEFAULT_REPLICATES = 200;

  /** Default seed of the label draws. */
  public static final long DEFAULT_SEED = 42L;

  private final double threshold;
  private final double level;
  private final double z;
  private final int replicates;
  private final long seed;
  private final @Nullable CalibrationCheck calibration;

  private CbpeEstimator(Builder b) {
    this.threshold = b.threshold;
    this.level = b.level;
    this.z = NormalDistribution.of(0, 1).inverseCumulativeProbability((1 + b.level) / 2);
    this.replicates = b.replicates;
    this.seed = b.seed;
    this.calibration =
        b.referenceProbabilities == null
            ? null
            : CalibrationCheck.of(b.referenceProbabilities, b.referenceLabels, b.alpha);
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the calibration check on the reference set.
   *
   * @return the check, or empty when the estimator has no reference
   */
  public Optional<CalibrationCheck> calibration() {
    return Optional.ofNullable(calibration);
  }

  /**
   * Estimates a window, predicting positive where p &ge; the threshold.
   *
   * @param probabilities predicted probabilities of the positive class, each in [0, 1]
   * @return the estimate
   * @throws InvalidInputException if a probability is outside [0, 1] or NaN (the message names its
   *     index)
   * @throws NullPointerException if {@code probabilities} is null
   */
  public LabelFreeEstimate estimate(double[] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    int[] predictions = new int[probabilities.length];
    for (int i = 0; i < predictions.length; i++) {
      predictions[i] = probabilities[i] >= threshold ? 1 : 0;
    }
    return estimate(probabilities, predictions);
  }

  /**
   * Estimates a window with the model's own predictions.
   *
   * @param probabilities predicted probabilities of the positive class, each in [0, 1]
   * @param predictions the predicted classes, each 0 or 1, same length
   * @return the estimate
   * @throws InvalidInputException if the lengths differ, a probability is outside [0, 1] or NaN, or
   *     a prediction is not 0 or 1 (the message names the index)
   * @throws NullPointerException if an array is null
   */
  public LabelFreeEstimate estimate(double[] probabilities, int[] predictions) {
    Objects.requireNonNull(probabilities, "probabilities");
    Objects.requireNonNull(predictions, "predictions");
    if (probabilities.length != predictions.length) {
      throw InvalidInputException.of(
          "predictions",
          "probabilities has "
              + probabilities.length
              + " rows but predictions has "
              + predictions.length
              + "; pass one prediction per probability");
    }
    Cbpe.checkProbabilities(probabilities, "probabilities");
    for (int i = 0; i < predictions.length; i++) {
      if (predictions[i] != 0 && predictions[i] != 1) {
        throw new InvalidInputException(
            "predictions",
            i,
            "predictions[" + i + "] is " + predictions[i] + "; a binary prediction is 0 or 1",
            null);
      }
    }
    int n = probabilities.length;
    int[] ascending = Cbpe.orderAscending(probabilities);
    List<MetricValue> metrics =
        Cbpe.estimate(probabilities, predictions, z, level, replicates, seed, ascending);
    double tp = 0;
    double fp = 0;
    double fn = 0;
    double tn = 0;
    for (int i = 0; i < n; i++) {
      double p = probabilities[i];
      if (predictions[i] == 1) {
        tp += p;
        fp += 1 - p;
      } else {
        fn += p;
        tn += 1 - p;
      }
    }
    boolean holds = calibration != null && calibration.assumptionHolds();
    Optional<String> warning;
    if (calibration == null) {
      warning =
          Optional.of(
              "calibration was not checked (the estimator has no labelled reference set); the"
                  + " estimates assume calibrated probabilities: give one with"
                  + " CbpeEstimator.Builder.reference(probabilities, labels)");
    } else {
      warning = calibration.warning();
    }
    return new LabelFreeEstimate(
        n,
        new ExpectedConfusionMatrix(tp, fp, fn, tn),
        metrics,
        Optional.ofNullable(calibration),
        holds,
        warning,
        replicates,
        seed);
  }

  /**
   * Builds a {@link CbpeEstimator}; each option may be set once.
   *
   * <p>Not thread-safe; confine a builder to one thread.
   *
   * @since 0.1
   */
  @API(status = API.Status.EXPERIMENTAL, since = "0.1")
  public static final class Builder {
    private double threshold = DEFAULT_THRESHOLD;
    private double level = DEFAULT_LEVEL;
    private int replicates = DEFAULT_REPLICATES;
    private long seed = DEFAULT_SEED;
    private double alpha = CalibrationCheck.DEFAULT_ALPHA;
    private double @Nullable [] referenceProbabilities;
    private int[] referenceLabels = new int[0];
    private final java.util.Set<String> set = new java.util.HashSet<>();

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    /**
     * Sets the decision threshold used by {@link CbpeEstimator#estimate(double[])}. Default: 0.5.
     *
     * @param threshold the threshold, in [0, 1]
     * @return this builder
     * @throws IllegalArgumentException if outside [0, 1] or NaN
     * @throws IllegalStateException if already set
     */
    public Builder threshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
      }
      once("threshold");
      this.threshold = threshold;
      return this;
    }

    /**
     * Sets the interval level. Default: 0.95.
     *
     * @param level the level, in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder level(double level) {
      if (!(level > 0 && level < 1)) {
        throw new IllegalArgumentException("level must be in (0, 1), was " + level);
      }
      once("level");
      this.level = level;
      return this;
    }

    /**
     * Sets the Monte Carlo label draws per window. Default: 200.
     *
     * @param replicates at least 2
     * @return this builder
     * @throws IllegalArgumentException if below 2
     * @throws IllegalStateException if already set
     */
    public Builder replicates(int replicates) {
      if (replicates < 2) {
        throw new IllegalArgumentException("replicates must be >= 2, was " + replicates);
      }
      once("replicates");
      this.replicates = replicates;
      return this;
    }

    /**
     * Sets the seed of the label draws. Default: 42.
     *
     * @param seed the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long seed) {
      once("seed");
      this.seed = seed;
      return this;
    }

    /**
     * Sets the family-wise level of the calibration check. Default: 0.05.
     *
     * @param alpha in (0, 1)
     * @return this builder
     * @throws IllegalArgumentException if outside (0, 1)
     * @throws IllegalStateException if already set
     */
    public Builder alpha(double alpha) {
      if (!(alpha > 0 && alpha < 1)) {
        throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
      }
      once("alpha");
      this.alpha = alpha;
      return this;
    }

    /**
     * Sets the labelled reference set on which calibration is checked (when the estimator is
     * built). Default: none, and every estimate warns that calibration was not checked.
     *
     * @param probabilities reference probabilities, each in [0, 1]
     * @param labels reference labels, each 0 or 1, same length
     * @return this builder
     * @throws NullPointerException if an array is null
     * @throws InvalidInputException if the lengths differ
     * @throws IllegalStateException if already set
     */
    public Builder reference(double[] probabilities, int[] labels) {
      Objects.requireNonNull(probabilities, "probabilities");
      Objects.requireNonNull(labels, "labels");
      if (probabilities.length != labels.length) {
        throw InvalidInputException.of(
            "labels",
            "reference probabilities has "
                + probabilities.length
                + " rows but labels has "
                + labels.length
                + "; pass one label per probability");
      }
      once("reference");
      this.referenceProbabilities = probabilities.clone();
      this.referenceLabels = labels.clone();
      return this;
    }

    /**
     * Builds the estimator, running the calibration check when a reference was given.
     *
     * @return the estimator
     * @throws InvalidInputException if a reference probability or label is invalid (the message
     *     names its index)
     */
    public CbpeEstimator build() {
      return new CbpeEstimator(this);
    }
  }
}
