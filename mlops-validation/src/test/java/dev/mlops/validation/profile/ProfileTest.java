package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Profiler")
class ProfileTest {

  static NumericColumn numeric(String name, Double... values) {
    NumericColumn.Builder b = NumericColumn.builder(name);
    for (Double v : values) {
      if (v == null) {
        b.appendNull();
      } else {
        b.append(v);
      }
    }
    return b.build();
  }

  @Nested
  @DisplayName("numeric columns")
  class Numeric {
    @Test
    @DisplayName("counts nulls and NaN apart and leaves both out of every statistic")
    void handComputed() {
      // values 1, 2, 3, 4 (+ null, NaN): mean 2.5, variance ddof1 = (2.25+0.25+0.25+2.25)/3 = 5/3
      Table t = Table.of(numeric("x", 4.0, null, 1.0, Double.NaN, 3.0, 2.0));
      NumericColumnProfile p = (NumericColumnProfile) Profiler.profile(t).column("x");
      assertThat(p.rowCount()).isEqualTo(6);
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.nanCount()).isEqualTo(1);
      assertThat(p.missingCount()).isEqualTo(2);
      assertThat(p.count()).isEqualTo(4);
      assertThat(p.mean()).isEqualTo(2.5);
      assertThat(p.variance()).isCloseTo(5.0 / 3, within(1e-15));
      assertThat(p.std()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-15));
      assertThat(p.min()).isEqualTo(1.0);
      assertThat(p.max()).isEqualTo(4.0);
      // numpy.quantile([1,2,3,4], 0.25, 'linear'): h = 0.75 -> 1 + 0.75 = 1.75
      assertThat(p.quantile(0.25)).isEqualTo(1.75);
      assertThat(p.quantile(0.5)).isEqualTo(2.5);
      assertThat(p.quantile(1.0)).isEqualTo(4.0);
      assertThat(p.quantileAccuracy()).isEqualTo(Accuracy.EXACT);
      assertThat(p.distinct()).isEqualTo(4);
      assertThat(p.distinctAccuracy().kind()).isEqualTo(Accuracy.Kind.RELATIVE_ERROR);
      assertThat(p.distinctAccuracy().bound()).isCloseTo(3 * 1.04 / 64, within(1e-15));
    }

    @Test
    @DisplayName("an empty or all-missing column has counts and undefined statistics")
    void empty() {
      Table t = Table.of(numeric("x", null, Double.NaN));
      NumericColumnProfile p = (NumericColumnProfile) Profiler.profile(t).column("x");
      assertThat(p.count()).isZero();
      assertThat(p.mean()).isNaN();
      assertThat(p.std()).isNaN();
      assertThat(p.min()).isNaN();
      assertThat(p.quantile(0.5)).isNaN();
      assertThat(p.distinct()).isZero();
      assertThat(p.histogram(10).counts()).isEmpty();
    }

    @Test
    @DisplayName("the variance of values near 1e9 with unit spread keeps its digits")
    void stableMoments() {
      // 1e9 + {4, 7, 13, 16}: mean 1e9 + 10, variance (36 + 9 + 9 + 36) / 3 = 30
      Table t = Table.of(NumericColumn.of("x", 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16));
      NumericColumnProfile p = (NumericColumnProfile) Profiler.profile(t).column("x");
      assertThat(p.mean()).isEqualTo(1e9 + 10);
      assertThat(p.variance()).isCloseTo(30.0, within(1e-9));
    }

    @Test
    @DisplayName("quantiles of 100,000 values are within the stated KLL rank error")
    void approximateQuantiles() {
      double[] v = new double[100_000];
      for (int i = 0; i < v.length; i++) {
        v[i] = i; // rank of value x is (x + 1) / n
      }
      NumericColumnProfile p =
          (NumericColumnProfile) Profiler.profile(Table.of(NumericColumn.of("x", v))).column("x");
      assertThat(p.quantileAccuracy().kind()).isEqualTo(Accuracy.Kind.RANK_ERROR);
      assertThat(p.quantileAccuracy().bound()).isCloseTo(0.0133, within(0.0001));
      for (double r : new double[] {0.01, 0.25, 0.5, 0.75, 0.99}) {
        double trueRank = (p.quantile(r) + 1) / v.length;
        assertThat(trueRank).isCloseTo(r, within(0.0133));
      }
      assertThat((double) p.distinct()).isCloseTo(100_000, within(0.04875 * 100_000));
      assertThat(p.mean()).isEqualTo(49_999.5);
    }

    @Test
    @DisplayName("the histogram is derived from the sketch: equal-width bins between min and max")
    void histogram() {
      Table t = Table.of(NumericColumn.of("x", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
      NumericColumnProfile p = (NumericColumnProfile) Profiler.profile(t).column("x");
      NumericColumnProfile.Histogram h = p.histogram(2);
      // [0, 5] holds 0..5 (6 values), (5, 10] holds 6..10 (5 values)
      assertThat(h.edges()).containsExactly(0.0, 5.0, 10.0);
      assertThat(h.counts()).containsExactly(6L, 5L);
      assertThat(h.accuracy()).isEqualTo(Accuracy.EXACT);
    }
  }

  @Nested
  @DisplayName("categorical columns")
  class Categorical {
    @Test
    @DisplayName("count, nulls, exact frequencies and top categories by count then code point")
    void handComputed() {
      Table t = Table.of(CategoricalColumn.of("c", "b", "a", null, "b", "a", "c", "a"));
      CategoricalColumnProfile p = (CategoricalColumnProfile) Profiler.profile(t).column("c");
      assertThat(p.rowCount()).isEqualTo(7);
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.count()).isEqualTo(6);
      assertThat(p.distinct()).isEqualTo(3);
      assertThat(p.distinctAccuracy()).isEqualTo(Accuracy.EXACT);
      assertThat(p.frequencies()).contains(Map.of("a", 3L, "b", 2L, "c", 1L));
      assertThat(p.top(2))
          .containsExactly(
              new CategoricalColumnProfile.CategoryCount("a", 3),
              new CategoricalColumnProfile.CategoryCount("b", 2));
      assertThat(p.topAccuracy()).isEqualTo(Accuracy.EXACT);
    }

    @Test
    @DisplayName("beyond the cardinality cap frequencies are dropped and marked capped")
    void capped() {
      Table t = Table.of(CategoricalColumn.of("c", "a", "b", "c", "a"));
      CategoricalColumnProfile p =
          (CategoricalColumnProfile)
              Profiler.profile(t, ProfileOptions.defaults().withExactFrequencyCap(2)).column("c");
      assertThat(p.frequencies()).isEmpty();
      assertThat(p.frequenciesCapped()).isTrue();
      // the frequent-items map (128) still holds every item: top counts are exact
      assertThat(p.top(1)).containsExactly(new CategoricalColumnProfile.CategoryCount("a", 2));
      assertThat(p.distinctAccuracy().kind()).isEqualTo(Accuracy.Kind.RELATIVE_ERROR);
    }

    @Test
    @DisplayName("with frequencies off the top counts come from the sketch with its error")
    void sketchedTop() {
      SplittableRandom r = new SplittableRandom(7);
      CategoricalColumn.Builder b = CategoricalColumn.builder("c");
      long heavy = 0;
      for (int i = 0; i < 50_000; i++) {
        if (r.nextInt(10) == 0) {
          b.append("heavy");
          heavy++;
        } else {
          b.append("id" + r.nextInt(20_000));
        }
      }
      CategoricalColumnProfile p =
          (CategoricalColumnProfile)
              Profiler.profile(Table.of(b.build()), ProfileOptions.floor()).column("c");
      assertThat(p.frequenciesCapped()).isFalse();
      assertThat(p.frequencies()).isEmpty();
      CategoricalColumnProfile.CategoryCount top = p.top(1).get(0);
      assertThat(top.category()).isEqualTo("heavy");
      assertThat(p.topAccuracy().kind()).isEqualTo(Accuracy.Kind.ABSOLUTE_ERROR);
      assertThat((double) Math.abs(top.count() - heavy))
          .isLessThanOrEqualTo(p.topAccuracy().bound());
    }
  }

  @Nested
  @DisplayName("boolean and timestamp columns")
  class Other {
    @Test
    @DisplayName("booleans count true, false and null exactly")
    void booleans() {
      BooleanColumn c =
          BooleanColumn.builder("f").append(true).appendNull().append(false).append(true).build();
      BooleanColumnProfile p = (BooleanColumnProfile) Profiler.profile(Table.of(c)).column("f");
      assertThat(List.of(p.rowCount(), p.nullCount(), p.count(), p.trueCount(), p.falseCount()))
          .containsExactly(4L, 1L, 3L, 2L, 1L);
    }

    @Test
    @DisplayName("timestamps give count, earliest, latest and distinct")
    void timestamps() {
      TimestampColumn c =
          TimestampColumn.builder("t")
              .appendMicros(3_000_000)
              .appendNull()
              .appendMicros(1_000_000)
              .appendMicros(3_000_000)
              .build();
      TimestampColumnProfile p = (TimestampColumnProfile) Profiler.profile(Table.of(c)).column("t");
      assertThat(p.count()).isEqualTo(3);
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.min()).contains(Instant.ofEpochSecond(1));
      assertThat(p.max()).contains(Instant.ofEpochSecond(3));
      assertThat(p.distinct()).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("merge")
  class Merge {
    @Test
    @DisplayName("two halves merge to the counts and moments of the whole")
    void halves() {
      Table t = Table.of(numeric("x", 1.0, 2.0, null, 3.0, 4.0, Double.NaN));
      Profile whole = Profiler.profile(t);
      Profile merged = Profiler.profile(t.slice(0, 3)).merge(Profiler.profile(t.slice(3, 6)));
      NumericColumnProfile p = (NumericColumnProfile) merged.column("x");
      assertThat(p.count()).isEqualTo(4);
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.nanCount()).isEqualTo(1);
      assertThat(p.mean()).isEqualTo(2.5);
      assertThat(p.variance()).isCloseTo(5.0 / 3, within(1e-15));
      assertThat(p.quantile(0.25)).isEqualTo(1.75);
      Fixtures.assertExactPartsEqual(merged, whole);
    }

    @Test
    @DisplayName("profiles of other columns or other sketch options are refused")
    void refused() {
      Profile a = Profiler.profile(Table.of(NumericColumn.of("x", 1)));
      Profile b = Profiler.profile(Table.of(NumericColumn.of("y", 1)));
      Profile c =
          Profiler.profile(
              Table.of(NumericColumn.of("x", 1)), ProfileOptions.defaults().withKllK(100));
      assertThatThrownBy(() -> a.merge(b))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'");
      assertThatThrownBy(() -> a.merge(c)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
