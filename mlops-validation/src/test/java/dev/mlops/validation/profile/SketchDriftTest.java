package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.drift.KolmogorovSmirnov;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("sketch-based drift between two profiles")
class SketchDriftTest {

  static Profile range(String name, int from, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = from + i;
    }
    return Profiler.profile(Table.of(NumericColumn.of(name, v)));
  }

  static SketchColumnDrift only(SketchDriftReport r) {
    assertThat(r.columns()).hasSize(1);
    return r.columns().get(0);
  }

  @Nested
  @DisplayName("numeric columns")
  class Numeric {
    @Test
    @DisplayName("exact data: SciPy's exact KS, p = 2 / C(10, 5) for disjoint samples of 5")
    void exact() {
      SketchColumnDrift c = only(SketchDrift.compare(range("x", 1, 5), range("x", 6, 5)));
      assertThat(c.mode()).isEqualTo("exact");
      assertThat(c.statistic()).isEqualTo(1.0);
      assertThat(c.bound()).isZero();
      assertThat(c.pvalue()).isCloseTo(2.0 / 252, within(1e-12));
      assertThat(c.pvalueExact()).isTrue();
      // 5 values per side is below the minimum of 30, but an exact p-value may decide (rule 3b)
      assertThat(c.distributionVerdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("1,000 vs 1,000 shifted by half: bound 2 x 1.33 % is below the critical D 0.06")
    void sketchPvalue() {
      SketchColumnDrift c = only(SketchDrift.compare(range("x", 0, 1000), range("x", 500, 1000)));
      assertThat(c.mode()).isEqualTo("sketch_pvalue");
      assertThat(c.bound()).isCloseTo(2 * 0.0133, within(0.0001));
      // Kolmogorov's limit: 1.3581 / sqrt(n1 n2 / (n1 + n2)) = 1.3581 / sqrt(500)
      assertThat(c.criticalD()).isCloseTo(1.3581 / Math.sqrt(500), within(0.002));
      // true D is 0.5 (half of each sample lies beyond the other)
      assertThat(c.statistic()).isCloseTo(0.5, within(c.bound()));
      assertThat(c.pvalue()).isLessThan(1e-20);
      assertThat(c.effectName()).isEqualTo("ks_d");
      assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("100,000 rows: no p-value; D - bound >= 0.1 is FAIL, D + bound < 0.1 PASS")
    void sketchD() {
      Profile ref = range("x", 0, 100_000);
      SketchColumnDrift shifted = only(SketchDrift.compare(ref, range("x", 20_000, 100_000)));
      assertThat(shifted.mode()).isEqualTo("sketch_d");
      assertThat(shifted.pvalue()).isNaN();
      assertThat(shifted.pvalueAdjusted()).isNaN();
      assertThat(shifted.statistic()).isCloseTo(0.2, within(shifted.bound()));
      assertThat(shifted.verdict()).isEqualTo(Verdict.FAIL);
      SketchColumnDrift same = only(SketchDrift.compare(ref, range("x", 0, 100_000)));
      assertThat(same.mode()).isEqualTo("sketch_d");
      assertThat(same.statistic()).isLessThan(same.bound());
      assertThat(same.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    @DisplayName("D within its bound of the threshold is INCONCLUSIVE")
    void band() {
      // true D = 0.1: the threshold lies inside [D - bound, D + bound]
      SketchColumnDrift c =
          only(SketchDrift.compare(range("x", 0, 100_000), range("x", 10_000, 100_000)));
      assertThat(c.mode()).isEqualTo("sketch_d");
      assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    @DisplayName("the critical D is the asymptotic p-value's inverse at alpha")
    void criticalD() {
      double d = SketchDrift.criticalD(0.05, 1000, 1000);
      assertThat(KolmogorovSmirnov.asymptoticPvalue(d, 1000, 1000)).isCloseTo(0.05, within(1e-6));
    }
  }

  @Nested
  @DisplayName("categorical, boolean and missing values")
  class Categorical {
    static Table cats(int a, int b) {
      CategoricalColumn.Builder c = CategoricalColumn.builder("c");
      for (int i = 0; i < a; i++) {
        c.append("a");
      }
      for (int i = 0; i < b; i++) {
        c.append("b");
      }
      return Table.of(c.build());
    }

    @Test
    @DisplayName("exact frequencies: chi-squared and the Jensen-Shannon distance as for raw data")
    void exactFrequencies() {
      SketchColumnDrift c =
          only(SketchDrift.compare(Profiler.profile(cats(50, 50)), Profiler.profile(cats(80, 20))));
      assertThat(c.mode()).isEqualTo("exact");
      // expected counts 65/35 per row: chi2 = 2 (15^2/65 + 15^2/35)
      assertThat(c.statistic()).isCloseTo(2 * (225.0 / 65 + 225.0 / 35), within(1e-9));
      double m1 = 0.65;
      double m2 = 0.35;
      double kl1 = 0.5 * log2(0.5 / m1) + 0.5 * log2(0.5 / m2);
      double kl2 = 0.8 * log2(0.8 / m1) + 0.2 * log2(0.2 / m2);
      assertThat(c.effect()).isCloseTo(Math.sqrt((kl1 + kl2) / 2), within(1e-12));
      assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName(
        "without exact frequencies on both sides the column is INCONCLUSIVE, frequencies capped")
    void capped() {
      ProfileOptions capped = ProfileOptions.defaults().withExactFrequencyCap(1);
      SketchColumnDrift c =
          only(
              SketchDrift.compare(
                  Profiler.profile(cats(50, 50), capped), Profiler.profile(cats(80, 20), capped)));
      assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(c.notes()).contains("frequencies capped");
    }

    @Test
    @DisplayName("booleans are compared exactly on their counts")
    void booleans() {
      BooleanColumn.Builder r = BooleanColumn.builder("f");
      BooleanColumn.Builder k = BooleanColumn.builder("f");
      for (int i = 0; i < 100; i++) {
        r.append(i < 50);
        k.append(i < 50);
      }
      SketchColumnDrift c =
          only(
              SketchDrift.compare(
                  Profiler.profile(Table.of(r.build())), Profiler.profile(Table.of(k.build()))));
      assertThat(c.mode()).isEqualTo("exact");
      assertThat(c.statistic()).isZero();
      assertThat(c.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    @DisplayName("a column that became empty is FAIL by the missing-value check")
    void becameEmpty() {
      NumericColumn.Builder empty = NumericColumn.builder("x");
      for (int i = 0; i < 100; i++) {
        empty.appendNull();
      }
      SketchColumnDrift c =
          only(SketchDrift.compare(range("x", 0, 100), Profiler.profile(Table.of(empty.build()))));
      assertThat(c.distributionVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(c.missing().verdict()).isEqualTo(Verdict.FAIL);
      assertThat(c.missing().notes()).contains("column became empty");
      assertThat(c.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("a column missing from the current profile is refused")
    void missingColumn() {
      assertThatThrownBy(() -> SketchDrift.compare(range("x", 0, 5), range("y", 0, 5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'x'");
    }

    private static double log2(double v) {
      return Math.log(v) / Math.log(2);
    }
  }
}
