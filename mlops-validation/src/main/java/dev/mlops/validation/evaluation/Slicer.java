package dev.mlops.validation.evaluation;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.evaluation.EvaluationReport.SlicingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Cuts the rows of an evaluation set into slices: per feature a group index for every row, then
 * single features or crosses of two.
 *
 * <p>Stateless and thread-safe.
 */
final class Slicer {
  private Slicer() {}

  /** One slice: its description, key and rows (ascending). */
  record Slice(String description, Map<String, String> key, int[] rows) {}

  /** The slices of one {@code sliceBy} and the spec that made them. */
  record Partition(SlicingSpec spec, List<Slice> slices) {}

  /** The groups of one feature: a group index per row and the label of every group, in order. */
  record Groups(int[] group, List<String> labels, List<Double> edges) {}

  static Partition partition(Table t, List<String> features, Map<String, double[]> edges) {
    List<Groups> gs = new ArrayList<>();
    for (String f : features) {
      gs.add(groups(t.column(f), edges.get(f)));
    }
    int n = t.rowCount();
    int[] combined = new int[n];
    int width = gs.size() == 1 ? 1 : gs.get(1).labels().size();
    for (int r = 0; r < n; r++) {
      combined[r] =
          gs.size() == 1
              ? gs.get(0).group()[r]
              : gs.get(0).group()[r] * width + gs.get(1).group()[r];
    }
    int total = gs.get(0).labels().size() * width;
    int[] counts = new int[total];
    for (int r = 0; r < n; r++) {
      counts[combined[r]]++;
    }
    int[][] rows = new int[total][];
    for (int g = 0; g < total; g++) {
      rows[g] = new int[counts[g]];
    }
    int[] fill = new int[total];
    for (int r = 0; r < n; r++) {
      int g = combined[r];
      rows[g][fill[g]++] = r;
    }
    List<Slice> slices = new ArrayList<>();
    for (int g = 0; g < total; g++) {
      if (counts[g] == 0) {
        continue;
      }
      Map<String, String> key = new LinkedHashMap<>();
      key.put(features.get(0), gs.get(0).labels().get(g / width));
      if (gs.size() == 2) {
        key.put(features.get(1), gs.get(1).labels().get(g % width));
      }
      List<String> parts = new ArrayList<>();
      key.forEach((k, v) -> parts.add(k + "=" + v));
      slices.add(new Slice(String.join(" & ", parts), key, rows[g]));
    }
    List<List<Double>> usedEdges = new ArrayList<>();
    for (Groups g : gs) {
      usedEdges.add(g.edges());
    }
    return new Partition(new SlicingSpec(features, usedEdges), slices);
  }

  static Groups groups(Column c, double @Nullable [] edges) {
    if (c instanceof NumericColumn num) {
      return numeric(num, edges);
    }
    int n = c.size();
    @Nullable String[] value = new String[n];
    if (c instanceof CategoricalColumn cat) {
      for (int r = 0; r < n; r++) {
        value[r] = cat.category(r);
      }
    } else if (c instanceof BooleanColumn b) {
      for (int r = 0; r < n; r++) {
        value[r] = b.isNull(r) ? null : Boolean.toString(b.value(r));
      }
    } else {
      throw new IllegalArgumentException(
          "slicing feature '" + c.name() + "' has type " + c.type() + ", which cannot be sliced");
    }
    TreeSet<String> distinct = new TreeSet<>(CodePoints::compare);
    boolean missing = false;
    for (String v : value) {
      if (v == null) {
        missing = true;
      } else {
        distinct.add(v);
      }
    }
    List<String> labels = new ArrayList<>(distinct);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String l : labels) {
      index.put(l, index.size());
    }
    if (missing) {
      labels.add(ModelEvaluation.MISSING);
    }
    int[] group = new int[n];
    for (int r = 0; r < n; r++) {
      String v = value[r];
      group[r] = v == null ? labels.size() - 1 : index.get(v);
    }
    return new Groups(group, labels, List.of());
  }

  private static Groups numeric(NumericColumn c, double @Nullable [] given) {
    int n = c.size();
    double[] present = new double[n];
    int m = 0;
    boolean missing = false;
    for (int r = 0; r < n; r++) {
      if (c.isNull(r) || Double.isNaN(c.value(r))) {
        missing = true;
      } else {
        present[m++] = c.value(r);
      }
    }
    double[] edges;
    if (given != null) {
      edges = given.clone();
    } else if (m == 0) {
      edges = new double[0];
    } else {
      double[] sorted = Arrays.copyOf(present, m);
      Arrays.sort(sorted);
      edges = new double[] {quartile(sorted, 1), quartile(sorted, 2), quartile(sorted, 3)};
    }
    List<String> labels = new ArrayList<>();
    if (m > 0 || given != null) {
      for (int b = 0; b <= edges.length; b++) {
        String lo = b == 0 ? "(-inf" : "[" + Numbers.format(edges[b - 1]);
        String hi = b == edges.length ? "+inf)" : Numbers.format(edges[b]) + ")";
        labels.add(lo + ", " + hi);
      }
    }
    if (missing) {
      labels.add(ModelEvaluation.MISSING);
    }
    int[] group = new int[n];
    for (int r = 0; r < n; r++) {
      double v = c.value(r);
      if (c.isNull(r) || Double.isNaN(v)) {
        group[r] = labels.size() - 1;
      } else {
        group[r] = bin(edges, v);
      }
    }
    List<Double> used = new ArrayList<>();
    for (double e : edges) {
      used.add(e);
    }
    return new Groups(group, labels, used);
  }

  /** The number of edges at or below v: bins closed on the left, open on the right. */
  static int bin(double[] edges, double v) {
    int b = 0;
    while (b < edges.length && edges[b] <= v) {
      b++;
    }
    return b;
  }

  /**
   * NumPy 1.24's {@code quantile(x, k/4, method='linear')} of sorted values: index h = (n-1)k/4
   * (exact in integers), interpolated with NumPy's {@code _lerp}, which for a fraction t at or
   * above 1/2 computes {@code b - (b - a)(1 - t)} instead of {@code a + (b - a)t}.
   */
  static double quartile(double[] sorted, int k) {
    long h = (long) (sorted.length - 1) * k;
    int j = (int) (h / 4);
    int r = (int) (h % 4);
    if (r == 0) {
      return sorted[j];
    }
    double a = sorted[j];
    double b = sorted[j + 1];
    double t = r / 4.0;
    double d = b - a;
    return t >= 0.5 ? b - d * (1 - t) : a + d * t;
  }
}
