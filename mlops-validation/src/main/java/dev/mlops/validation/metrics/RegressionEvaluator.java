package dev.mlops.validation.metrics;

import dev.mlops.api.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.apiguardian.api.API;

/**
 * Evaluates a regression model exactly as scikit-learn 1.2 does, with plain percentile bootstrap
 * intervals.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Point values (weighted means with scikit-learn's sample_weight): {@code mae} = mean |y - p|;
 * {@code rmse} = sqrt(mean (y - p)^2) ({@code mean_squared_error(squared=False)}); {@code r2} = 1 -
 * SS_res / SS_tot with SS_tot around the weighted mean of y, {@code force_finite=True}: a constant
 * target gives 1.0 for perfect predictions and 0.0 otherwise (a target is constant when all its
 * rows with positive weight hold the same value; scikit-learn may instead see rounding noise in the
 * mean), undefined for fewer than two rows; {@code mape} = mean |y - p| / max(|y|, eps), eps =
 * 2.220446049250313e-16 (a fraction, not a percentage).
 *
 * <p>Intervals: the percentile bootstrap over rows (B resamples of n rows with replacement, one
 * seeded {@link SplittableRandom}, all metrics from the same resamples). MAE, RMSE and R2 are in
 * the coverage claim of the package; MAPE is not (its distribution is heavy-tailed near y = 0).
 *
 * <pre>{@code
 * RegressionResult r = RegressionEvaluator.create().evaluate(
 *     RegressionOutcomes.of(target, prediction), IntervalSpec.defaults());
 * Interval rmse = r.metric("rmse").orElseThrow().interval().orElseThrow();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RegressionEvaluator {
  private static final RegressionEvaluator INSTANCE = new RegressionEvaluator();

  private RegressionEvaluator() {}

  /**
   * Returns the evaluator.
   *
   * @return the evaluator
   */
  public static RegressionEvaluator create() {
    return INSTANCE;
  }

  /**
   * Evaluates every row.
   *
   * @param data the outcomes
   * @param intervals which intervals to compute
   * @return the result
   * @throws NullPointerException if an argument is null
   */
  public RegressionResult evaluate(RegressionOutcomes data, IntervalSpec intervals) {
    Objects.requireNonNull(data, "data");
    return evaluate(data, Stats.allRows(data.size()), intervals);
  }

  /**
   * Evaluates a multiset of rows (rows may repeat; a row given k times counts k times).
   *
   * @param data the outcomes
   * @param rows 0-based rows of data
   * @param intervals which intervals to compute (the bootstrap resamples these rows)
   * @return the result
   * @throws InvalidInputException if rows is empty, a row is out of range, or the rows have total
   *     weight 0
   * @throws NullPointerException if an argument is null
   */
  public RegressionResult evaluate(RegressionOutcomes data, int[] rows, IntervalSpec intervals) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(intervals, "intervals");
    BinaryOutcomes.requireRowsInRange(rows, data.size());
    Stats.RowCounts counts = Stats.RowCounts.of(rows);
    Frame f = new Frame(data, counts.ids(), counts.counts());
    double[] point = new double[4];
    f.compute(f.mult, point);
    if (Double.isNaN(point[0])) {
      throw InvalidInputException.of(
          "sample_weight",
          "the selected rows have total sample_weight 0; metrics need rows with positive weight: check the weights or the slice");
    }
    Map<String, String> notes = new LinkedHashMap<>();
    if (Double.isNaN(point[2])) {
      notes.put("r2", "undefined: fewer than two samples (scikit-learn returns nan)");
    }
    Map<String, Optional<Interval>> ci = new LinkedHashMap<>();
    OptionalLong seed = OptionalLong.empty();
    String ciNote = null;
    if (intervals.enabled() && intervals.resamples() > 0) {
      seed = OptionalLong.of(intervals.seed());
      int reps = intervals.resamples();
      double[][] out = new double[4][reps];
      int[] pool = Stats.drawPool(f.mult);
      int[] c = new int[f.k];
      double[] v = new double[4];
      SplittableRandom rng = new SplittableRandom(intervals.seed());
      int n = pool.length;
      for (int b = 0; b < reps; b++) {
        Arrays.fill(c, 0);
        for (int i = 0; i < n; i++) {
          c[pool[rng.nextInt(n)]]++;
        }
        f.compute(c, v);
        for (int m = 0; m < 4; m++) {
          out[m][b] = v[m];
        }
      }
      for (int m = 0; m < 4; m++) {
        ci.put(
            RegressionResult.METRIC_NAMES.get(m),
            Stats.percentile(out[m], intervals.level(), Interval.BOOTSTRAP));
      }
    } else if (intervals.enabled()) {
      ciNote = "no bootstrap intervals: resamples = 0";
    }
    List<MetricValue> metrics = new ArrayList<>();
    for (int m = 0; m < 4; m++) {
      String name = RegressionResult.METRIC_NAMES.get(m);
      boolean defined = !Double.isNaN(point[m]);
      String note = notes.get(name);
      if (ciNote != null) {
        note = note == null ? ciNote : note + "; " + ciNote;
      }
      if (m == 3 && intervals.enabled()) {
        note =
            note == null
                ? "interval outside the coverage claim"
                : note + "; interval outside the coverage claim";
      }
      metrics.add(
          new MetricValue(
              name,
              defined ? OptionalDouble.of(point[m]) : OptionalDouble.empty(),
              defined ? ci.getOrDefault(name, Optional.empty()) : Optional.empty(),
              m == 2,
              Optional.ofNullable(note)));
    }
    return new RegressionResult(rows.length, metrics, seed, notes);
  }

  /** Distinct rows with multiplicities; computes the four metrics from counts in O(k). */
  private static final class Frame {
    final int k;
    final double[] y;
    final double[] err;
    final double[] w;
    final int[] mult;

    Frame(RegressionOutcomes d, int[] ids, int[] mult) {
      this.k = ids.length;
      this.mult = mult;
      y = new double[k];
      err = new double[k];
      w = new double[k];
      double[] t = d.targetArray();
      double[] p = d.predictionArray();
      double[] ws = d.weightArray();
      for (int i = 0; i < k; i++) {
        y[i] = t[ids[i]];
        err[i] = t[ids[i]] - p[ids[i]];
        w[i] = ws == null ? 1.0 : ws[ids[i]];
      }
    }

    /** out = {mae, rmse, r2, mape}; NaN for undefined. */
    void compute(int[] c, double[] out) {
      double wSum = 0;
      double abs = 0;
      double sq = 0;
      double ySum = 0;
      double ape = 0;
      long n = 0;
      double yMin = Double.POSITIVE_INFINITY;
      double yMax = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        int m = c[i];
        if (m == 0) {
          continue;
        }
        n += m;
        double v = m * w[i];
        double e = err[i];
        double ae = Math.abs(e);
        wSum += v;
        abs += v * ae;
        sq += v * e * e;
        ySum += v * y[i];
        ape += v * ae / Math.max(Math.abs(y[i]), Stats.EPS);
        if (v > 0) {
          yMin = Math.min(yMin, y[i]);
          yMax = Math.max(yMax, y[i]);
        }
      }
      if (!(wSum > 0)) {
        Arrays.fill(out, Double.NaN);
        return;
      }
      out[0] = abs / wSum;
      out[1] = Math.sqrt(sq / wSum);
      out[3] = ape / wSum;
      if (n < 2) {
        out[2] = Double.NaN;
        return;
      }
      if (yMin == yMax) {
        out[2] = sq == 0 ? 1.0 : 0.0;
        return;
      }
      double mean = ySum / wSum;
      double ssTot = 0;
      for (int i = 0; i < k; i++) {
        int m = c[i];
        if (m != 0) {
          double d = y[i] - mean;
          ssTot += m * w[i] * d * d;
        }
      }
      out[2] = ssTot == 0 ? (sq == 0 ? 1.0 : 0.0) : 1 - sq / ssTot;
    }
  }
}
