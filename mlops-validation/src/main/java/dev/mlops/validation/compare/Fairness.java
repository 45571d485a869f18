package dev.mlops.validation.compare;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Fairness of a binary classifier's predictions across the groups of a protected attribute.
 *
 * <p>Immutable and thread-safe: it keeps only per-group counts, so one instance may be assessed
 * from several threads.
 *
 * <p>Definitions, over the groups that have rows (Fairlearn's names):
 *
 * <ul>
 *   <li>positive rate of a group: predicted positives / rows; true positive rate: predicted
 *       positives among rows labelled positive / rows labelled positive; each with a Wilson score
 *       interval;
 *   <li>{@code demographic_parity_difference}: max - min of the positive rate (0 is parity);
 *   <li>{@code equal_opportunity_difference}: max - min of the true positive rate over the groups
 *       that have a positive label; a group without one is left out and the note names it;
 *   <li>{@code disparate_impact_ratio}: min / max of the positive rate (1 is parity; the "80 %
 *       rule" asks for at least 0.8).
 * </ul>
 *
 * <p>Undefined is never 0: with fewer than two groups every metric is undefined; the equal
 * opportunity difference is undefined when fewer than two groups have a positive label; the
 * disparate impact ratio is undefined when no group has a positive prediction. Each says why in its
 * note.
 *
 * <p>Intervals: a percentile bootstrap stratified by group and label. Each resample redraws, with
 * replacement, the rows of every (group, label) cell at that cell's size, so every group keeps its
 * size and its positives and the set of groups with a defined true positive rate never changes.
 * Cells are visited in ascending order of group name, so renaming nothing but the codes leaves
 * every number unchanged. Percentiles interpolate linearly between order statistics (NumPy's
 * default). A resample in which the disparate impact ratio is undefined (no positive prediction
 * anywhere) is left out of that interval, and the note counts them. Caveat: max - min is biased
 * upward by sampling noise (groups with equal true rates still differ in a sample), so when the
 * true difference is near 0 the interval tends to lie above it; read the per-group Wilson intervals
 * with it. We chose the bootstrap over Newcombe's interval for two groups so that one method covers
 * any number of groups and the ratio.
 *
 * <p>Cost: O(n) to build, O(resamples * n) to assess.
 *
 * <pre>{@code
 * FairnessReport r = Fairness.of("sex", labels, predictions, groupCodes, List.of("f", "m"))
 *     .assess(IntervalSpec.defaults());
 * r.disparateImpactRatio().interval();   // 95 % bootstrap interval
 * r.group("f").orElseThrow().truePositiveRate();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Fairness {

  /** Name of the group that collects rows whose attribute value is missing in a table. */
  public static final String MISSING_GROUP = "(missing)";

  private final String attribute;
  // per group, in ascending order of name
  private final String[] names;
  private final int[] rows;
  private final int[] positives;
  private final int[] predictedPositive;
  private final int[] truePositives;

  private Fairness(
      String attribute,
      String[] names,
      int[] rows,
      int[] positives,
      int[] predictedPositive,
      int[] truePositives) {
    this.attribute = attribute;
    this.names = names;
    this.rows = rows;
    this.positives = positives;
    this.predictedPositive = predictedPositive;
    this.truePositives = truePositives;
  }

  /**
   * Prepares a fairness assessment from group codes.
   *
   * @param attribute the protected attribute's name, for the report
   * @param labels true labels, each 0 or 1
   * @param predictions predicted classes, each 0 or 1, same length
   * @param groups each row's group code, an index into {@code groupNames}, same length
   * @param groupNames the groups' names, distinct; a name without rows is reported with undefined
   *     rates and takes no part in the differences
   * @return the assessment, ready to {@link #assess}
   * @throws NullPointerException if an argument or a group name is null
   * @throws InvalidInputException if the lengths differ, a label or prediction is not 0 or 1, or a
   *     group code is outside the names (each message names the array and index)
   * @throws IllegalArgumentException if two group names are equal
   */
  public static Fairness of(
      String attribute, int[] labels, int[] predictions, int[] groups, List<String> groupNames) {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    Objects.requireNonNull(groups, "groups");
    Objects.requireNonNull(groupNames, "groupNames");
    checkLengths(labels.length, "labels", predictions.length, "predictions");
    checkLengths(labels.length, "labels", groups.length, "groups");
    Set<String> seen = new HashSet<>();
    for (String g : groupNames) {
      Objects.requireNonNull(g, "group name");
      if (!seen.add(g)) {
        throw new IllegalArgumentException(
            "group name '" + g + "' appears twice in groupNames; names must be distinct");
      }
    }
    int k = groupNames.size();
    int[] n = new int[k];
    int[] pos = new int[k];
    int[] pp = new int[k];
    int[] tp = new int[k];
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      int p = predictions[i];
      int g = groups[i];
      if (y != 0 && y != 1) {
        throw new InvalidInputException(
            "labels", i, "labels[" + i + "] is " + y + "; a binary label is 0 or 1", null);
      }
      if (p != 0 && p != 1) {
        throw new InvalidInputException(
            "predictions",
            i,
            "predictions[" + i + "] is " + p + "; a binary prediction is 0 or 1",
            null);
      }
      if (g < 0 || g >= k) {
        throw new InvalidInputException(
            "groups",
            i,
            "groups["
                + i
                + "] is "
                + g
                + " but there are "
                + k
                + " group names; a group code is in 0.."
                + (k - 1),
            null);
      }
      n[g]++;
      pos[g] += y;
      pp[g] += p;
      tp[g] += y & p;
    }
    Integer[] order = new Integer[k];
    for (int g = 0; g < k; g++) {
      order[g] = g;
    }
    Arrays.sort(order, (a, b) -> groupNames.get(a).compareTo(groupNames.get(b)));
    String[] names = new String[k];
    int[] sn = new int[k];
    int[] spos = new int[k];
    int[] spp = new int[k];
    int[] stp = new int[k];
    for (int j = 0; j < k; j++) {
      int g = order[j];
      names[j] = groupNames.get(g);
      sn[j] = n[g];
      spos[j] = pos[g];
      spp[j] = pp[g];
      stp[j] = tp[g];
    }
    return new Fairness(attribute, names, sn, spos, spp, stp);
  }

  /**
   * Prepares a fairness assessment with the groups of a table's column. A categorical column's
   * categories are the groups; a boolean column's groups are {@code false} and {@code true};
   * missing values form the group {@value #MISSING_GROUP}.
   *
   * @param table the rows
   * @param groupColumn the protected attribute's column, categorical or boolean
   * @param labels true labels, each 0 or 1, one per table row
   * @param predictions predicted classes, each 0 or 1, one per table row
   * @return the assessment, ready to {@link #assess}
   * @throws NullPointerException if an argument is null
   * @throws InvalidInputException if the table has no such column, the column is neither
   *     categorical nor boolean, or the arrays do not have one entry per row
   */
  public static Fairness fromTable(
      Table table, String groupColumn, int[] labels, int[] predictions) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(groupColumn, "groupColumn");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(predictions, "predictions");
    Column column =
        table
            .findColumn(groupColumn)
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        groupColumn,
                        "group column '"
                            + groupColumn
                            + "' is not in the table; its columns are "
                            + table.schema().names()));
    checkLengths(table.rowCount(), "table rows", labels.length, "labels");
    checkLengths(table.rowCount(), "table rows", predictions.length, "predictions");
    int n = table.rowCount();
    int[] codes = new int[n];
    List<String> names = new ArrayList<>();
    if (column instanceof CategoricalColumn c) {
      names.addAll(c.dictionary());
      int missing = -1;
      for (int i = 0; i < n; i++) {
        if (c.isNull(i)) {
          if (missing < 0) {
            missing = names.size();
            names.add(MISSING_GROUP);
          }
          codes[i] = missing;
        } else {
          codes[i] = c.code(i);
        }
      }
    } else if (column instanceof BooleanColumn b) {
      names.add("false");
      names.add("true");
      for (int i = 0; i < n; i++) {
        if (b.isNull(i)) {
          if (names.size() == 2) {
            names.add(MISSING_GROUP);
          }
          codes[i] = 2;
        } else {
          codes[i] = b.value(i) ? 1 : 0;
        }
      }
    } else {
      throw InvalidInputException.of(
          groupColumn,
          "group column '"
              + groupColumn
              + "' is "
              + column.type()
              + "; a protected attribute is CATEGORICAL or BOOLEAN (cut a numeric one into bins"
              + " first)");
    }
    return of(groupColumn, labels, predictions, codes, names);
  }

  /**
   * Assesses fairness.
   *
   * @param spec the interval level, bootstrap resamples and seed; {@link IntervalSpec#none()} for
   *     point values only
   * @return the report
   * @throws NullPointerException if {@code spec} is null
   */
  public FairnessReport assess(IntervalSpec spec) {
    Objects.requireNonNull(spec, "spec");
    double level = spec.enabled() ? spec.level() : 0;
    int k = names.length;
    List<GroupRates> groups = new ArrayList<>(k);
    for (int g = 0; g < k; g++) {
      groups.add(
          new GroupRates(
              names[g],
              rows[g],
              Rate.of(predictedPositive[g], rows[g], level, "the group has no rows"),
              Rate.of(
                  truePositives[g],
                  positives[g],
                  level,
                  "the group has no row labelled positive")));
    }
    double[] ppr = new double[k];
    double[] tpr = new double[k];
    for (int g = 0; g < k; g++) {
      ppr[g] = rows[g] > 0 ? (double) predictedPositive[g] / rows[g] : Double.NaN;
      tpr[g] = positives[g] > 0 ? (double) truePositives[g] / positives[g] : Double.NaN;
    }
    int withRows = 0;
    List<String> withoutPositives = new ArrayList<>();
    int withPositives = 0;
    for (int g = 0; g < k; g++) {
      if (rows[g] > 0) {
        withRows++;
        if (positives[g] > 0) {
          withPositives++;
        } else {
          withoutPositives.add(names[g]);
        }
      }
    }
    double dpd = spread(ppr);
    double eod = spread(tpr);
    double dir = ratio(ppr);
    double[][] bounds = null;
    int dirDropped = 0;
    int resamples = spec.enabled() ? spec.resamples() : 0;
    if (resamples > 0 && withRows >= 2) {
      double[] rDpd = new double[resamples];
      double[] rEod = new double[resamples];
      double[] rDir = new double[resamples];
      int nDir = 0;
      double[] bPpr = new double[k];
      double[] bTpr = new double[k];
      SplittableRandom rnd = new SplittableRandom(spec.seed());
      for (int r = 0; r < resamples; r++) {
        for (int g = 0; g < k; g++) {
          if (rows[g] == 0) {
            bPpr[g] = Double.NaN;
            bTpr[g] = Double.NaN;
            continue;
          }
          int negatives = rows[g] - positives[g];
          int xNeg = redraw(rnd, negatives, predictedPositive[g] - truePositives[g]);
          int xPos = redraw(rnd, positives[g], truePositives[g]);
          bPpr[g] = (double) (xNeg + xPos) / rows[g];
          bTpr[g] = positives[g] > 0 ? (double) xPos / positives[g] : Double.NaN;
        }
        rDpd[r] = spread(bPpr);
        rEod[r] = spread(bTpr);
        double d = ratio(bPpr);
        if (Double.isNaN(d)) {
          dirDropped++;
        } else {
          rDir[nDir++] = d;
        }
      }
      bounds =
          new double[][] {
            CompareStats.percentile(rDpd, resamples, level),
            withPositives >= 2 ? CompareStats.percentile(rEod, resamples, level) : null,
            nDir >= 2 ? CompareStats.percentile(rDir, nDir, level) : null
          };
    }
    String fewGroups =
        "fewer than two groups have rows (" + withRows + "); a difference needs two groups";
    MetricValue mDpd =
        metric(
            "demographic_parity_difference",
            withRows >= 2 ? dpd : Double.NaN,
            bounds == null ? null : bounds[0],
            level,
            false,
            withRows >= 2 ? null : fewGroups);
    String eodNote = null;
    if (withPositives < 2) {
      eodNote =
          withRows < 2
              ? fewGroups
              : "fewer than two groups have a row labelled positive (groups without one: "
                  + withoutPositives
                  + "); the true positive rate is undefined there";
    } else if (!withoutPositives.isEmpty()) {
      eodNote =
          "groups without a row labelled positive are left out (TPR undefined): "
              + withoutPositives;
    }
    MetricValue mEod =
        metric(
            "equal_opportunity_difference",
            withPositives >= 2 ? eod : Double.NaN,
            bounds == null ? null : bounds[1],
            level,
            false,
            eodNote);
    String dirNote = null;
    if (withRows < 2) {
      dirNote = fewGroups;
    } else if (Double.isNaN(dir)) {
      dirNote = "no group has a positive prediction; the ratio is 0/0";
    } else if (dirDropped > 0) {
      dirNote =
          dirDropped
              + " of "
              + resamples
              + " resamples had no positive prediction and were left out of the interval";
    }
    MetricValue mDir =
        metric(
            "disparate_impact_ratio",
            withRows >= 2 ? dir : Double.NaN,
            bounds == null ? null : bounds[2],
            level,
            true,
            dirNote);
    return new FairnessReport(
        attribute, groups, mDpd, mEod, mDir, level, resamples, spec.enabled() ? spec.seed() : 0);
  }

  private static MetricValue metric(
      String name,
      double value,
      double @Nullable [] bounds,
      double level,
      boolean higherIsBetter,
      @Nullable String note) {
    if (Double.isNaN(value)) {
      return new MetricValue(
          name,
          OptionalDouble.empty(),
          Optional.empty(),
          higherIsBetter,
          Optional.of(Objects.requireNonNull(note)));
    }
    Optional<Interval> interval =
        bounds == null
            ? Optional.empty()
            : Optional.of(
                new Interval(
                    Math.min(bounds[0], value),
                    Math.max(bounds[1], value),
                    level,
                    Interval.STRATIFIED_BOOTSTRAP));
    return new MetricValue(
        name, OptionalDouble.of(value), interval, higherIsBetter, Optional.ofNullable(note));
  }

  /** Resampled count of ones when {@code size} rows holding {@code ones} ones are redrawn. */
  private static int redraw(SplittableRandom rnd, int size, int ones) {
    if (ones == 0 || ones == size) {
      return ones;
    }
    int x = 0;
    for (int i = 0; i < size; i++) {
      if (rnd.nextInt(size) < ones) {
        x++;
      }
    }
    return x;
  }

  /** max - min over the non-NaN entries; NaN with fewer than two. */
  private static double spread(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    int count = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        max = Math.max(max, x);
        min = Math.min(min, x);
        count++;
      }
    }
    return count >= 2 ? max - min : Double.NaN;
  }

  /** min / max over the non-NaN entries; NaN with fewer than two or when max is 0. */
  private static double ratio(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    int count = 0;
    for (double x : v) {
      if (!Double.isNaN(x)) {
        max = Math.max(max, x);
        min = Math.min(min, x);
        count++;
      }
    }
    return count >= 2 && max > 0 ? min / max : Double.NaN;
  }

  private static void checkLengths(int a, String aName, int b, String bName) {
    if (a != b) {
      throw InvalidInputException.of(
          bName,
          aName + " has " + a + " entries but " + bName + " has " + b + "; pass one per row");
    }
  }

  @Override
  public String toString() {
    return "Fairness[" + attribute + ", groups " + Arrays.toString(names) + "]";
  }
}
