package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded tables and comparisons shared by the profile tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * A table of {@code rows} rows: x (numeric, ties, 5 % null, 2 % NaN), y (numeric, normal-ish),
   * city (categorical, {@code levels} levels, 3 % null), flag (boolean, 4 % null), at (timestamp).
   */
  static Table table(long seed, int rows, int levels) {
    SplittableRandom r = new SplittableRandom(seed);
    NumericColumn.Builder x = NumericColumn.builder("x");
    NumericColumn.Builder y = NumericColumn.builder("y");
    CategoricalColumn.Builder city = CategoricalColumn.builder("city");
    BooleanColumn.Builder flag = BooleanColumn.builder("flag");
    TimestampColumn.Builder at = TimestampColumn.builder("at");
    for (int i = 0; i < rows; i++) {
      double u = r.nextDouble();
      if (u < 0.05) {
        x.appendNull();
      } else if (u < 0.07) {
        x.append(Double.NaN);
      } else {
        x.append(r.nextInt(-50, 50) / 2.0);
      }
      y.append(1e9 + r.nextGaussian());
      if (r.nextDouble() < 0.03) {
        city.appendNull();
      } else {
        city.append("c" + (int) Math.floor(levels * Math.pow(r.nextDouble(), 2)));
      }
      if (r.nextDouble() < 0.04) {
        flag.appendNull();
      } else {
        flag.append(r.nextBoolean());
      }
      if (r.nextDouble() < 0.02) {
        at.appendNull();
      } else {
        at.appendMicros(1_700_000_000_000_000L + r.nextLong(0, 86_400_000_000L));
      }
    }
    return Table.of(x.build(), y.build(), city.build(), flag.build(), at.build());
  }

  /** The non-missing values of a numeric column, sorted. */
  static double[] sortedValues(NumericColumn c) {
    return Arrays.stream(c.toArray()).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }

  /** The fraction of sorted values at or below x. */
  static double trueRank(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return (double) lo / sorted.length;
  }

  /** Counts, min and max equal exactly; moments within 1e-9 relative. */
  static void assertExactPartsEqual(Profile a, Profile b) {
    assertThat(a.rows()).isEqualTo(b.rows());
    assertThat(a.columns()).hasSameSizeAs(b.columns());
    for (int i = 0; i < a.columns().size(); i++) {
      ColumnProfile p = a.columns().get(i);
      ColumnProfile q = b.columns().get(i);
      assertThat(p.name()).isEqualTo(q.name());
      assertThat(p.type()).isEqualTo(q.type());
      assertThat(p.rowCount()).isEqualTo(q.rowCount());
      assertThat(p.nullCount()).isEqualTo(q.nullCount());
      assertThat(p.count()).isEqualTo(q.count());
      if (p instanceof NumericColumnProfile n && q instanceof NumericColumnProfile m) {
        assertThat(n.nanCount()).isEqualTo(m.nanCount());
        assertThat(Double.doubleToLongBits(n.min())).isEqualTo(Double.doubleToLongBits(m.min()));
        assertThat(Double.doubleToLongBits(n.max())).isEqualTo(Double.doubleToLongBits(m.max()));
        assertThat(n.quantileSketch().n()).isEqualTo(m.quantileSketch().n());
        if (n.count() > 0) {
          assertThat(n.mean()).isCloseTo(m.mean(), within(1e-9 * Math.max(1, Math.abs(m.mean()))));
        }
        if (n.count() > 1) {
          // means near 1e9 are stored to an ulp of 1.2e-7: merged M2 carries that rounding
          assertThat(n.variance())
              .isCloseTo(m.variance(), within(1e-6 * Math.max(1, m.variance())));
        }
      } else if (p instanceof CategoricalColumnProfile n
          && q instanceof CategoricalColumnProfile m) {
        assertThat(n.frequencies()).isEqualTo(m.frequencies());
        assertThat(n.frequenciesCapped()).isEqualTo(m.frequenciesCapped());
        assertThat(n.frequentItems().streamLength()).isEqualTo(m.frequentItems().streamLength());
      } else if (p instanceof BooleanColumnProfile n && q instanceof BooleanColumnProfile m) {
        assertThat(n.trueCount()).isEqualTo(m.trueCount());
        assertThat(n.falseCount()).isEqualTo(m.falseCount());
      } else if (p instanceof TimestampColumnProfile n && q instanceof TimestampColumnProfile m) {
        assertThat(n.min()).isEqualTo(m.min());
        assertThat(n.max()).isEqualTo(m.max());
      }
    }
  }

  /**
   * Sketched values of a profile of {@code table} are within their stated bounds of the truth:
   * quantiles by rank, distinct counts relatively, frequent-item counts absolutely.
   */
  static void assertSketchesWithinBounds(Profile p, Table table) {
    NumericColumnProfile x = (NumericColumnProfile) p.column("x");
    double[] sorted = sortedValues(table.numeric("x"));
    if (sorted.length > 0) {
      double eps = x.quantileSketch().rankError();
      for (double rank : new double[] {0.1, 0.5, 0.9}) {
        double q = x.quantile(rank);
        if (x.quantileAccuracy().exact()) {
          // NumPy 'linear': h = (n - 1) rank, between order statistics floor(h) and floor(h) + 1
          double h = (sorted.length - 1) * rank;
          int lo = (int) h;
          double expected =
              lo + 1 < sorted.length
                  ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo])
                  : sorted[lo];
          assertThat(q).isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
          continue;
        }
        // the returned value's true rank interval [below, atOrBelow] must come within eps of rank
        double atOrBelow = trueRank(sorted, q);
        double below = trueRank(sorted, Math.nextDown(q));
        assertThat(rank).isBetween(below - eps - 1e-12, atOrBelow + eps + 1e-12);
      }
      long trueDistinct = Arrays.stream(sorted).distinct().count();
      assertThat((double) x.distinct())
          .isCloseTo(
              (double) trueDistinct, within(x.distinctAccuracy().bound() * trueDistinct + 1));
    }
    CategoricalColumnProfile city = (CategoricalColumnProfile) p.column("city");
    CategoricalColumn cc = table.categorical("city");
    java.util.Map<String, Long> truth = new java.util.HashMap<>();
    for (int i = 0; i < cc.size(); i++) {
      String s = cc.category(i);
      if (s != null) {
        truth.merge(s, 1L, Long::sum);
      }
    }
    long err = city.frequentItems().maximumError();
    for (FrequentItems.Item item : city.frequentItems().top(5)) {
      long t = truth.getOrDefault(item.item(), 0L);
      assertThat(item.lowerBound()).isLessThanOrEqualTo(t);
      assertThat(item.upperBound()).isGreaterThanOrEqualTo(t);
      assertThat(Math.abs(item.estimate() - t)).isLessThanOrEqualTo(err);
    }
    if (!truth.isEmpty()) {
      assertThat(city.distinctSketch().estimate())
          .isCloseTo(
              (double) truth.size(),
              within(city.distinctSketch().relativeError() * truth.size() + 1));
    }
  }
}
