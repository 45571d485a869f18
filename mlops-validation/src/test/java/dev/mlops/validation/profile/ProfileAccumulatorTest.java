package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProfileAccumulatorTest {

  private static ProfileAccumulator numericAndCity() {
    return ProfileAccumulator.builder(ProfileOptions.defaults())
        .numeric("x")
        .categorical("city")
        .build();
  }

  @Nested
  @DisplayName("row by row")
  class RowByRow {
    @Test
    @DisplayName("counts, moments, min and max match a hand calculation")
    void handCalculation() {
      ProfileAccumulator a = numericAndCity();
      double[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
      for (double x : xs) {
        a.addNumeric(0, x);
        a.addCategory(1, x > 4 ? "big" : "small");
        a.endRow();
      }
      a.addNumeric(0, Double.NaN);
      a.endRow(); // city missing too
      a.endRow(); // both missing
      Profile p = a.toProfile();
      NumericColumnProfile x = (NumericColumnProfile) p.column("x");
      assertThat(p.rows()).isEqualTo(10);
      assertThat(x.count()).isEqualTo(8);
      assertThat(x.nanCount()).isEqualTo(1);
      assertThat(x.nullCount()).isEqualTo(1);
      assertThat(x.mean()).isEqualTo(5.0); // 40 / 8
      assertThat(x.variance()).isCloseTo(32.0 / 7, within(1e-12)); // sum of squares 32, ddof 1
      assertThat(x.min()).isEqualTo(2);
      assertThat(x.max()).isEqualTo(9);
      assertThat(x.quantile(0.5)).isEqualTo(4.5); // numpy linear median of the 8 values
      CategoricalColumnProfile c = (CategoricalColumnProfile) p.column("city");
      assertThat(c.frequencies()).contains(Map.of("big", 4L, "small", 4L));
      assertThat(c.nullCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("values near 1e9 with unit spread keep their variance")
    void largeOffset() {
      ProfileAccumulator a = numericAndCity();
      for (double d : new double[] {1, 2, 3, 4}) {
        a.addNumeric(0, 1e9 + d);
        a.endRow();
      }
      NumericColumnProfile x = (NumericColumnProfile) a.toProfile().column("x");
      assertThat(x.variance()).isCloseTo(5.0 / 3, within(1e-9));
    }

    @Test
    @DisplayName(
        "the profile equals the Profiler's on the same table (counts exact, sketches exact)")
    void sameAsProfiler() {
      SplittableRandom r = new SplittableRandom(7);
      int n = 150; // below k = 200: the KLL sketch is exact
      double[] xs = new double[n];
      String[] cs = new String[n];
      ProfileAccumulator a = numericAndCity();
      for (int i = 0; i < n; i++) {
        xs[i] = r.nextGaussian();
        cs[i] = "c" + r.nextInt(5);
        a.addNumeric(0, xs[i]);
        a.addCategory(1, cs[i]);
        a.endRow();
      }
      Profile expected =
          Profiler.profile(Table.of(NumericColumn.of("x", xs), CategoricalColumn.of("city", cs)));
      Profile actual = a.toProfile();
      NumericColumnProfile ex = (NumericColumnProfile) expected.column("x");
      NumericColumnProfile ax = (NumericColumnProfile) actual.column("x");
      assertThat(ax.count()).isEqualTo(ex.count());
      assertThat(ax.mean()).isCloseTo(ex.mean(), within(1e-12));
      assertThat(ax.variance()).isCloseTo(ex.variance(), within(1e-12));
      assertThat(ax.quantileSketch().values()).containsExactly(ex.quantileSketch().values());
      assertThat(((CategoricalColumnProfile) actual.column("city")).frequencies())
          .isEqualTo(((CategoricalColumnProfile) expected.column("city")).frequencies());
    }
  }

  @Nested
  @DisplayName("merging")
  class Merging {
    @Test
    @DisplayName("two halves merged equal the whole: counts and moments")
    void halves() {
      ProfileAccumulator whole = numericAndCity();
      ProfileAccumulator a = numericAndCity();
      ProfileAccumulator b = numericAndCity();
      SplittableRandom r = new SplittableRandom(3);
      for (int i = 0; i < 5_000; i++) {
        double v = 10 + r.nextGaussian();
        String c = "k" + r.nextInt(3);
        ProfileAccumulator half = i % 2 == 0 ? a : b;
        for (ProfileAccumulator t : List.of(whole, half)) {
          t.addNumeric(0, v);
          t.addCategory(1, c);
          t.endRow();
        }
      }
      a.mergeFrom(b);
      NumericColumnProfile w = (NumericColumnProfile) whole.toProfile().column("x");
      NumericColumnProfile m = (NumericColumnProfile) a.toProfile().column("x");
      assertThat(m.count()).isEqualTo(5_000);
      assertThat(m.mean()).isCloseTo(w.mean(), within(1e-12));
      assertThat(m.variance()).isCloseTo(w.variance(), within(1e-9));
      assertThat(m.quantileSketch().n()).isEqualTo(5_000);
      assertThat(((CategoricalColumnProfile) a.toProfile().column("city")).frequencies())
          .isEqualTo(((CategoricalColumnProfile) whole.toProfile().column("city")).frequencies());
    }

    @Test
    @DisplayName("merging into itself or across columns throws")
    void rejects() {
      ProfileAccumulator a = numericAndCity();
      assertThatThrownBy(() -> a.mergeFrom(a)).isInstanceOf(IllegalArgumentException.class);
      ProfileAccumulator other =
          ProfileAccumulator.builder(ProfileOptions.defaults()).numeric("y").build();
      assertThatThrownBy(() -> a.mergeFrom(other)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("beyond the cap a categorical column is marked capped, its count kept")
    void capped() {
      ProfileAccumulator a =
          ProfileAccumulator.builder(ProfileOptions.defaults().withExactFrequencyCap(3))
              .categorical("c")
              .build();
      for (int i = 0; i < 10; i++) {
        a.addCategory(0, "v" + i);
        a.endRow();
      }
      CategoricalColumnProfile c = (CategoricalColumnProfile) a.toProfile().column("c");
      assertThat(c.frequenciesCapped()).isTrue();
      assertThat(c.frequencies()).isEmpty();
      assertThat(c.count()).isEqualTo(10);
    }
  }

  @Test
  @DisplayName("select keeps the named columns in the given order")
  void select() {
    Profile p =
        Profiler.profile(Table.of(NumericColumn.of("a", 1, 2), NumericColumn.of("b", 3, 4)));
    Profile s = ProfileColumns.select(p, List.of("b"));
    assertThat(s.columns()).extracting(ColumnProfile::name).containsExactly("b");
    assertThatThrownBy(() -> ProfileColumns.select(p, List.of("zz")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
