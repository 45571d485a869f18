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
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a multiclass classifier as scikit-learn 1.2 does.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Point values (sample weights with scikit-learn's semantics): {@code accuracy}; precision,
 * recall and F1 per class over the classes present in the labels or the predictions (scikit-learn's
 * {@code unique_labels}), averaged {@code _macro} (unweighted mean), {@code _micro} (from the
 * summed counts; equals accuracy) and {@code _weighted} (mean weighted by each class's true
 * support); a 0/0 is 0.0 with a note, F1 = 2PR/(P+R) and 0 when P + R = 0; {@code log_loss} with
 * {@code labels=range(k)}: probabilities clipped to [eps, 1 - eps] (eps = 2.220446049250313e-16),
 * rows renormalised, natural log; {@code roc_auc_ovr_macro} = {@code roc_auc_score(...,
 * multi_class='ovr', average='macro')}: the mean over classes of the ROC AUC of class c against the
 * rest scored by its probability column, undefined unless every one of the k classes occurs among
 * the labels.
 *
 * <p>Intervals: Wilson for accuracy, a plain percentile bootstrap over rows (seeded, all metrics
 * from the same resamples) for the others. Multiclass intervals are outside the coverage claim of
 * the package (not yet measured).
 *
 * <pre>{@code
 * MulticlassResult r = MulticlassEvaluator.create().evaluate(data, IntervalSpec.defaults());
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MulticlassEvaluator {
  private static final MulticlassEvaluator INSTANCE = new MulticlassEvaluator();
  private static final int M = MulticlassResult.METRIC_NAMES.size();

  private MulticlassEvaluator() {}

  /**
   * Returns the evaluator.
   *
   * @return the evaluator
   */
  public static MulticlassEvaluator create() {
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
  public MulticlassResult evaluate(MulticlassOutcomes data, IntervalSpec intervals) {
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
  public MulticlassResult evaluate(MulticlassOutcomes data, int[] rows, IntervalSpec intervals) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(intervals, "intervals");
    BinaryOutcomes.requireRowsInRange(rows, data.size());
    Stats.RowCounts counts = Stats.RowCounts.of(rows);
    Frame f = new Frame(data, counts.ids(), counts.counts());
    double[] point = new double[M];
    Map<String, String> notes = new LinkedHashMap<>();
    f.compute(f.mult, point, notes);
    if (!(f.wTotal > 0)) {
      throw InvalidInputException.of(
          "sample_weight",
          "the selected rows have total sample_weight 0; metrics need rows with positive weight: check the weights or the slice");
    }
    Map<String, Optional<Interval>> ci = new LinkedHashMap<>();
    OptionalLong seed = OptionalLong.empty();
    if (intervals.enabled()) {
      double correct = 0;
      for (int c = 0; c < f.k; c++) {
        correct += f.wConf[c * f.k + c];
      }
      ci.put("accuracy", Stats.wilson(correct, f.wTotal, intervals.level()));
      if (intervals.resamples() > 0) {
        seed = OptionalLong.of(intervals.seed());
        int reps = intervals.resamples();
        double[][] out = new double[M][reps];
        int[] pool = Stats.drawPool(f.mult);
        int[] c = new int[f.m];
        double[] v = new double[M];
        SplittableRandom rng = new SplittableRandom(intervals.seed());
        for (int b = 0; b < reps; b++) {
          Arrays.fill(c, 0);
          for (int i = 0; i < pool.length; i++) {
            c[pool[rng.nextInt(pool.length)]]++;
          }
          f.compute(c, v, null);
          for (int t = 0; t < M; t++) {
            out[t][b] = v[t];
          }
        }
        for (int t = 1; t < M; t++) {
          ci.put(
              MulticlassResult.METRIC_NAMES.get(t),
              Stats.percentile(out[t], intervals.level(), Interval.BOOTSTRAP));
        }
      }
    }
    // the point pass last, so that f's confusion arrays hold the point values
    f.compute(f.mult, point, null);
    List<MetricValue> metrics = new ArrayList<>();
    for (int t = 0; t < M; t++) {
      String name = MulticlassResult.METRIC_NAMES.get(t);
      boolean defined = !Double.isNaN(point[t]);
      metrics.add(
          new MetricValue(
              name,
              defined ? OptionalDouble.of(point[t]) : OptionalDouble.empty(),
              defined ? ci.getOrDefault(name, Optional.empty()) : Optional.empty(),
              t != 10,
              Optional.ofNullable(notes.get(name))));
    }
    long[][] conf = new long[f.k][f.k];
    double[][] wConf = new double[f.k][f.k];
    for (int a = 0; a < f.k; a++) {
      for (int b = 0; b < f.k; b++) {
        conf[a][b] = f.conf[a * f.k + b];
        wConf[a][b] = f.wConf[a * f.k + b];
      }
    }
    return new MulticlassResult(rows.length, conf, wConf, metrics, seed, notes);
  }

  /** Distinct rows with multiplicities, per-class score orders, and the kernel over counts. */
  private static final class Frame {
    final int k;
    final int m;
    final int[] y;
    final int[] yhat;
    final double[] w;
    final int[] mult;
    final double @Nullable [] loss;
    final double @Nullable [] proba;
    final int[][] order;
    final long[] conf;
    final double[] wConf;
    double wTotal;

    Frame(MulticlassOutcomes d, int[] ids, int[] mult) {
      k = d.classes();
      m = ids.length;
      this.mult = mult;
      y = new int[m];
      yhat = new int[m];
      w = new double[m];
      double[] ws = d.weightArray();
      double[] p = d.probabilityArray();
      loss = p == null ? null : new double[m];
      proba = p == null ? null : new double[m * k];
      for (int i = 0; i < m; i++) {
        int r = ids[i];
        y[i] = d.labelArray()[r];
        yhat[i] = d.predictionArray()[r];
        w[i] = ws == null ? 1.0 : ws[r];
        if (p != null) {
          double sum = 0;
          for (int c = 0; c < k; c++) {
            double q = Math.min(Math.max(p[r * k + c], Stats.EPS), 1 - Stats.EPS);
            proba[i * k + c] = p[r * k + c];
            sum += q;
          }
          double q = Math.min(Math.max(p[r * k + y[i]], Stats.EPS), 1 - Stats.EPS);
          loss[i] = -Math.log(q / sum);
        }
      }
      order = new int[p == null ? 0 : k][];
      if (p != null) {
        double[] key = new double[m];
        for (int c = 0; c < k; c++) {
          for (int i = 0; i < m; i++) {
            key[i] = proba[i * k + c];
          }
          order[c] = Stats.argsort(key);
        }
      }
      conf = new long[k * k];
      wConf = new double[k * k];
    }

    void compute(int[] c, double[] out, @Nullable Map<String, String> notes) {
      Arrays.fill(conf, 0);
      Arrays.fill(wConf, 0);
      double total = 0;
      double lossSum = 0;
      for (int i = 0; i < m; i++) {
        int cnt = c[i];
        if (cnt == 0) {
          continue;
        }
        double v = cnt * w[i];
        conf[y[i] * k + yhat[i]] += cnt;
        wConf[y[i] * k + yhat[i]] += v;
        total += v;
        if (loss != null) {
          lossSum += v * loss[i];
        }
      }
      wTotal = total;
      double diag = 0;
      double pMacro = 0;
      double rMacro = 0;
      double fMacro = 0;
      double pW = 0;
      double rW = 0;
      double fW = 0;
      double tpAll = 0;
      double predAll = 0;
      double trueAll = 0;
      double supportAll = 0;
      int present = 0;
      int presentInLabels = 0;
      List<Integer> p00 = new ArrayList<>(0);
      List<Integer> r00 = new ArrayList<>(0);
      for (int a = 0; a < k; a++) {
        double tp = wConf[a * k + a];
        double trueW = 0;
        double predW = 0;
        long trueN = 0;
        long predN = 0;
        for (int b = 0; b < k; b++) {
          trueW += wConf[a * k + b];
          predW += wConf[b * k + a];
          trueN += conf[a * k + b];
          predN += conf[b * k + a];
        }
        diag += tp;
        if (trueN > 0) {
          presentInLabels++;
        }
        if (trueN == 0 && predN == 0) {
          continue;
        }
        present++;
        double prec = predW == 0 ? 0.0 : tp / predW;
        double rec = trueW == 0 ? 0.0 : tp / trueW;
        if (predW == 0) {
          p00.add(a);
        }
        if (trueW == 0) {
          r00.add(a);
        }
        double f1 = prec + rec == 0 ? 0.0 : 2 * prec * rec / (prec + rec);
        pMacro += prec;
        rMacro += rec;
        fMacro += f1;
        pW += prec * trueW;
        rW += rec * trueW;
        fW += f1 * trueW;
        supportAll += trueW;
        tpAll += tp;
        predAll += predW;
        trueAll += trueW;
      }
      out[0] = diag / total;
      out[1] = pMacro / present;
      out[2] = rMacro / present;
      out[3] = fMacro / present;
      double pMicro = predAll == 0 ? 0.0 : tpAll / predAll;
      double rMicro = trueAll == 0 ? 0.0 : tpAll / trueAll;
      out[4] = pMicro;
      out[5] = rMicro;
      out[6] = pMicro + rMicro == 0 ? 0.0 : 2 * pMicro * rMicro / (pMicro + rMicro);
      out[7] = supportAll == 0 ? 0.0 : pW / supportAll;
      out[8] = supportAll == 0 ? 0.0 : rW / supportAll;
      out[9] = supportAll == 0 ? 0.0 : fW / supportAll;
      out[10] = loss == null ? Double.NaN : lossSum / total;
      out[11] = proba == null || presentInLabels != k ? Double.NaN : aucOvr(c);
      if (notes != null) {
        if (!p00.isEmpty()) {
          String s = zeroNote(p00, "predicted");
          notes.put("precision_macro", s);
          notes.put("precision_weighted", s);
          notes.put("f1_macro", s);
          notes.put("f1_weighted", s);
        }
        if (!r00.isEmpty()) {
          String s = zeroNote(r00, "true");
          notes.put("recall_macro", s);
          notes.put("recall_weighted", s);
          notes.merge("f1_macro", s, (x, z) -> x + "; " + z);
          notes.merge("f1_weighted", s, (x, z) -> x + "; " + z);
        }
        if (loss == null) {
          notes.put("log_loss", "undefined: no class probabilities given");
          notes.put("roc_auc_ovr_macro", "undefined: no class probabilities given");
        } else if (presentInLabels != k) {
          notes.put(
              "roc_auc_ovr_macro",
              "undefined: Number of classes in y_true not equal to the number of columns in 'y_score' ("
                  + presentInLabels
                  + " of "
                  + k
                  + " classes occur among the labels)");
        }
      }
    }

    private static String zeroNote(List<Integer> classes, String what) {
      return "0/0 for classes "
          + classes
          + " (no "
          + what
          + " rows): scikit-learn zero_division default ('warn') returns 0.0";
    }

    /** Mean over classes of the weighted one-vs-rest ROC AUC (ties 1/2). */
    private double aucOvr(int[] c) {
      double sum = 0;
      for (int cls = 0; cls < k; cls++) {
        int[] o = order[cls];
        double negBelow = 0;
        double pos = 0;
        double neg = 0;
        double num = 0;
        int i = 0;
        while (i < m) {
          double s = proba[o[i] * k + cls];
          double gp = 0;
          double gn = 0;
          int j = i;
          while (j < m && proba[o[j] * k + cls] == s) {
            int r = o[j];
            double v = c[r] * w[r];
            if (y[r] == cls) {
              gp += v;
            } else {
              gn += v;
            }
            j++;
          }
          num += gp * (negBelow + 0.5 * gn);
          negBelow += gn;
          pos += gp;
          neg += gn;
          i = j;
        }
        if (pos == 0 || neg == 0) {
          return Double.NaN;
        }
        sum += num / (pos * neg);
      }
      return sum / k;
    }
  }
}
