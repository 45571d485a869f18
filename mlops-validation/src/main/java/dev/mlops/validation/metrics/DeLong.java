package dev.mlops.validation.metrics;

import dev.mlops.api.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * DeLong's variance of the ROC AUC and DeLong's test for two correlated AUCs, computed with the
 * fast algorithm of Sun and Xu: X. Sun and W. Xu, "Fast Implementation of DeLong's Algorithm for
 * Comparing the Areas Under Correlated Receiver Operating Characteristic Curves", IEEE Signal
 * Processing Letters 21(11), 2014, pp. 1389-1393 (placement values from midranks; O(n log n) for
 * the sort, O(n) after it). The original method: E. R. DeLong, D. M. DeLong and D. L.
 * Clarke-Pearson, Biometrics 44(3), 1988, pp. 837-845.
 *
 * <p>Stateless and thread-safe.
 *
 * <p>For one AUC A with m positives and n negatives, the placement value of a positive is the share
 * of negatives it outranks (ties 1/2), that of a negative the share of positives that outrank it;
 * S10 and S01 are their sample variances (denominators m - 1 and n - 1) and Var(A) = S10/m + S01/n.
 * Sample weights act as frequency weights (m and n become weight sums).
 *
 * <p>The interval is computed on the logit scale, {@code expit(logit(A) +- z * se / (A (1 - A)))}:
 * it stays inside (0, 1) and is closer to nominal than the plain {@code A +- z se} for AUCs near 1;
 * its 95 % coverage on the binormal design of STATISTICS.md is proved by {@code
 * MetricsCoverageTest}. At a boundary (A = 0 or 1, or zero variance, or a class with at most one
 * row) DeLong's variance is 0 or undefined; the interval is then the Wilson interval of A with
 * min(m, n) trials (method {@code wilson}), which is conservative, and is outside the coverage
 * claim.
 *
 * <pre>{@code
 * Interval ci = DeLong.aucInterval(data, rows, 0.95);
 * PairedAucTest t = DeLong.compare(labels, championScores, challengerScores, 0.95);
 * boolean better = t.interval().map(i -> i.low() > 0).orElse(false);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DeLong {
  private DeLong() {}

  /**
   * The interval of the ROC AUC of a multiset of rows (rows may repeat).
   *
   * @param data the outcomes
   * @param rows 0-based rows of data, repetitions allowed
   * @param level the confidence level in (0, 1)
   * @return the interval (method {@code delong}, or {@code wilson} at a boundary)
   * @throws InvalidInputException if rows is empty, out of range, or holds only one class
   * @throws IllegalArgumentException if the level is not in (0, 1)
   * @throws NullPointerException if data or rows is null
   */
  public static Interval aucInterval(BinaryOutcomes data, int[] rows, double level) {
    Objects.requireNonNull(data, "data");
    requireLevel(level);
    BinaryFrame frame = BinaryFrame.of(data, rows, 1);
    BinaryStats s = new BinaryStats(frame).compute(frame.mult);
    if (s.wPos() == 0 || s.wNeg() == 0) {
      throw InvalidInputException.of(
          data.labelName(),
          "ROC AUC is undefined: the selected rows hold only one class ("
              + (s.tp + s.fn)
              + " positive, "
              + (s.tn + s.fp)
              + " negative); an AUC interval needs both classes");
    }
    return interval(s, level);
  }

  /** DeLong interval on the logit scale, Wilson on min(W1, W0) at a boundary. */
  static Interval interval(BinaryStats s, double level) {
    double a = s.auc();
    double var = s.delongVariance();
    if (a > 0 && a < 1 && var > 0) {
      double z = Stats.zForLevel(level);
      double logit = Math.log(a / (1 - a));
      double se = Math.sqrt(var) / (a * (1 - a));
      double low = 1 / (1 + Math.exp(-(logit - z * se)));
      double high = 1 / (1 + Math.exp(-(logit + z * se)));
      return new Interval(Math.min(low, a), Math.max(high, a), level, Interval.DELONG);
    }
    double m = Math.min(s.wPos(), s.wNeg());
    return Stats.wilson(a * m, m, level).orElseThrow();
  }

  /** True when {@link #interval} falls back to Wilson. */
  static boolean atBoundary(BinaryStats s) {
    double a = s.auc();
    double var = s.delongVariance();
    return !(a > 0 && a < 1 && var > 0);
  }

  /**
   * DeLong's test for the difference of two correlated ROC AUCs on the same rows: {@code difference
   * = aucA - aucB}, its variance from the covariance of the placement values, the two-sided z-test
   * of difference = 0 and the interval {@code difference +- z se} (clipped to [-1, 1]).
   *
   * <p>When both score sets rank the rows identically within each class (identical scores, or one a
   * strictly increasing function of the other), the difference is exactly 0 with variance 0: the
   * result is z = 0, p = 1 and the interval [0, 0], with a note. When the variance is 0 but the
   * difference is not (possible only in tiny degenerate samples), z, p and the interval are empty,
   * with a note.
   *
   * @param labels 0 or 1 per row
   * @param scoresA the first model's scores (any finite numbers; higher means more likely 1)
   * @param scoresB the second model's scores
   * @param level the confidence level of the interval, in (0, 1)
   * @return the test
   * @throws InvalidInputException if the lengths differ, there are no rows, a label is not 0 or 1,
   *     a score is not finite, or a class has fewer than two rows
   * @throws IllegalArgumentException if the level is not in (0, 1)
   * @throws NullPointerException if an array is null
   */
  public static PairedAucTest compare(
      int[] labels, double[] scoresA, double[] scoresB, double level) {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(scoresA, "scoresA");
    Objects.requireNonNull(scoresB, "scoresB");
    requireLevel(level);
    int n = labels.length;
    BinaryOutcomes.requireRows(n, "labels");
    BinaryOutcomes.requireLength("scoresA", scoresA.length, "labels", n);
    BinaryOutcomes.requireLength("scoresB", scoresB.length, "labels", n);
    int m1 = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] != 0 && labels[i] != 1) {
        throw new InvalidInputException(
            "labels",
            i,
            "labels row "
                + i
                + ": label "
                + labels[i]
                + " is not 0 or 1; encode the positive class as 1",
            null);
      }
      m1 += labels[i];
      finite("scoresA", i, scoresA[i]);
      finite("scoresB", i, scoresB[i]);
    }
    int m0 = n - m1;
    if (m1 < 2 || m0 < 2) {
      throw InvalidInputException.of(
          "labels",
          "the DeLong test needs at least two rows of each class, but there are "
              + m1
              + " positive and "
              + m0
              + " negative rows");
    }
    double[] va = new double[n];
    double[] vb = new double[n];
    double aucA = placements(labels, scoresA, m1, m0, va);
    double aucB = placements(labels, scoresB, m1, m0, vb);
    double s10aa = 0;
    double s10bb = 0;
    double s10ab = 0;
    double s01aa = 0;
    double s01bb = 0;
    double s01ab = 0;
    for (int i = 0; i < n; i++) {
      double da = va[i] - aucA;
      double db = vb[i] - aucB;
      if (labels[i] == 1) {
        s10aa += da * da;
        s10bb += db * db;
        s10ab += da * db;
      } else {
        s01aa += da * da;
        s01bb += db * db;
        s01ab += da * db;
      }
    }
    double var =
        (s10aa + s10bb - 2 * s10ab) / ((m1 - 1.0) * m1)
            + (s01aa + s01bb - 2 * s01ab) / ((m0 - 1.0) * m0);
    var = Math.max(0, var);
    double diff = aucA - aucB;
    if (var == 0) {
      if (diff == 0) {
        return new PairedAucTest(
            aucA,
            aucB,
            0.0,
            0.0,
            Optional.of(new Interval(0, 0, level, Interval.DELONG)),
            OptionalDouble.of(0),
            OptionalDouble.of(1),
            m1,
            m0,
            Optional.of(
                "both score sets rank the rows identically within each class: the difference is exactly 0 with variance 0, so p = 1"));
      }
      return new PairedAucTest(
          aucA,
          aucB,
          diff,
          0.0,
          Optional.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          m1,
          m0,
          Optional.of(
              "the DeLong variance of the difference is 0 while the difference is not: the test is undefined (degenerate sample)"));
    }
    double se = Math.sqrt(var);
    double z = diff / se;
    double p = Math.min(1, 2 * Stats.NORMAL.survivalProbability(Math.abs(z)));
    double zq = Stats.zForLevel(level);
    Interval ci =
        new Interval(
            Math.max(-1, diff - zq * se), Math.min(1, diff + zq * se), level, Interval.DELONG);
    return new PairedAucTest(
        aucA,
        aucB,
        diff,
        var,
        Optional.of(ci),
        OptionalDouble.of(z),
        OptionalDouble.of(p),
        m1,
        m0,
        Optional.empty());
  }

  /** Writes each row's placement value into v and returns the AUC (ties count 1/2). */
  private static double placements(int[] labels, double[] scores, int m1, int m0, double[] v) {
    int n = labels.length;
    int[] order = Stats.argsort(scores);
    double negBelow = 0;
    double posBelow = 0;
    double num = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      double s = scores[order[i]];
      int gp = 0;
      int gn = 0;
      while (j < n && scores[order[j]] == s) {
        if (labels[order[j]] == 1) {
          gp++;
        } else {
          gn++;
        }
        j++;
      }
      double v10 = (negBelow + 0.5 * gn) / m0;
      double v01 = (m1 - posBelow - gp + 0.5 * gp) / m1;
      for (int t = i; t < j; t++) {
        int r = order[t];
        v[r] = labels[r] == 1 ? v10 : v01;
      }
      num += gp * (negBelow + 0.5 * gn);
      negBelow += gn;
      posBelow += gp;
      i = j;
    }
    return num / ((double) m1 * m0);
  }

  private static void finite(String name, int row, double v) {
    if (!Double.isFinite(v)) {
      throw new InvalidInputException(
          name,
          row,
          name
              + " row "
              + row
              + ": score "
              + v
              + " is not a finite number; every row needs a score",
          null);
    }
  }

  private static void requireLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1), but was " + level);
    }
  }
}
