package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("drift kernels")
class DriftKernelsTest {

  static double[] sorted(double... v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c;
  }

  @Nested
  @DisplayName("Kolmogorov-Smirnov")
  class Ks {
    @Test
    @DisplayName("complete separation of 3 vs 3 gives D = 1 and the exact p 2/C(6,3)")
    void separation() {
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(sorted(1, 2, 3), sorted(4, 5, 6));
      assertThat(r.statistic()).isEqualTo(1.0);
      assertThat(r.pvalue()).isCloseTo(2.0 / 20, within(1e-15));
      assertThat(r.method()).isEqualTo("exact");
      assertThat(r.statisticLocation()).isEqualTo(3.0);
      assertThat(r.statisticSign()).isEqualTo(1);
      // asymp: kstwo.sf(1, round(1.5) = 2) = 0
      assertThat(r.pvalueAsymp()).isZero();
    }

    @Test
    @DisplayName("a current sample below the reference gives sign -1 at the current value")
    void negativeSign() {
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(sorted(3, 4), sorted(1, 2));
      assertThat(r.statistic()).isEqualTo(1.0);
      assertThat(r.statisticSign()).isEqualTo(-1);
      assertThat(r.statisticLocation()).isEqualTo(2.0);
      assertThat(r.pvalue()).isCloseTo(2.0 / 6, within(1e-15));
    }

    @Test
    @DisplayName("unequal sizes 1 vs 2 with D = 1: two of three arrangements are as extreme")
    void unequal() {
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(sorted(1), sorted(2, 3));
      assertThat(r.pvalue()).isCloseTo(2.0 / 3, within(1e-15));
      assertThat(r.statisticLocation()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("identical samples give D = 0, p = 1, the reference minimum and sign +1")
    void identical() {
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(sorted(2, 1, 5), sorted(5, 2, 1));
      assertThat(r.statistic()).isZero();
      assertThat(r.pvalue()).isEqualTo(1.0);
      assertThat(r.statisticLocation()).isEqualTo(1.0);
      assertThat(r.statisticSign()).isEqualTo(1);
    }

    @Test
    @DisplayName("5 vs 7 separated: exact 2/C(12,5), asymp exactly 0, Kolmogorov limit positive")
    void pitfallOne() {
      KolmogorovSmirnov.Result r =
          KolmogorovSmirnov.test(sorted(1, 2, 3, 4, 5), sorted(6, 7, 8, 9, 10, 11, 12));
      assertThat(r.pvalue()).isCloseTo(2.0 / 792, within(1e-17));
      assertThat(r.pvalueAsymp()).isZero();
      // kstwobign.sf(sqrt(35/12)) by the alternating series 2 sum (-1)^(k-1) exp(-2 k^2 x^2)
      double x2 = 35.0 / 12;
      double series = 0;
      for (int k = 1; k < 50; k++) {
        series += 2 * ((k % 2 == 1) ? 1 : -1) * Math.exp(-2.0 * k * k * x2);
      }
      assertThat(r.pvalueKolmogorovLimit()).isCloseTo(series, within(1e-15));
    }

    @Test
    @DisplayName("ASYMP mode reports SciPy's method='asymp': kstwo at the effective size")
    void asympMode() {
      KolmogorovSmirnov.Result r =
          KolmogorovSmirnov.test(
              sorted(1, 2, 3, 4, 5), sorted(6, 7, 8, 9, 10, 11, 12), KolmogorovSmirnov.Mode.ASYMP);
      assertThat(r.method()).isEqualTo("asymp");
      assertThat(r.pvalue()).isZero();
      // D = 1/2 at n = round(35/12) = 3: P(D_3 >= 1/2) = 2 (1/2)^3 + ... via Ruben-Gambino: t = 1.5
      KolmogorovSmirnov.Result h =
          KolmogorovSmirnov.test(
              sorted(1, 2, 3, 4), sorted(3.5, 5, 6, 7), KolmogorovSmirnov.Mode.ASYMP);
      assertThat(h.statistic()).isEqualTo(0.75);
      // n = round(2) = 2, t = n D = 1.5 >= n - 1: P = 2 (1 - D)^n = 2 / 16
      assertThat(h.pvalue()).isCloseTo(0.125, within(1e-15));
    }

    @Test
    @DisplayName("coprime sizes whose lcm passes 2^31 fall back to asymp, as SciPy does")
    void lcmOverflow() {
      Random rnd = new Random(1);
      double[] x = new double[65537];
      double[] y = new double[65539];
      for (int i = 0; i < x.length; i++) {
        x[i] = rnd.nextGaussian();
      }
      for (int i = 0; i < y.length; i++) {
        y[i] = rnd.nextGaussian();
      }
      Arrays.sort(x);
      Arrays.sort(y);
      KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
      assertThat(r.method()).isEqualTo("asymp");
      assertThat(r.pvalue()).isEqualTo(r.pvalueAsymp());
    }

    @Test
    @DisplayName("one-sample two-sided distribution at n = 1 is 2(1 - x) above 1/2")
    void kstwoAtOne() {
      assertThat(KolmogorovDistribution.twoSidedSf(0.4, 1)).isEqualTo(1.0);
      assertThat(KolmogorovDistribution.twoSidedSf(0.8, 1)).isCloseTo(0.4, within(1e-15));
    }

    @Test
    @DisplayName("the Kolmogorov limit at 1 is 0.2699996716773546")
    void kolmogorovAtOne() {
      assertThat(KolmogorovDistribution.kolmogorovSf(1.0))
          .isCloseTo(0.26999967167735456, within(1e-15));
    }

    @Test
    @DisplayName("unsorted input or NaN is rejected naming the sample")
    void rejectsUnsorted() {
      assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {2, 1}, new double[] {1}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reference");
      assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1}, new double[] {Double.NaN}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("current");
    }
  }

  @Nested
  @DisplayName("sorting")
  class Sort {
    @Test
    @DisplayName("the radix sort orders like Arrays.sort: signs, -0.0, ties, infinities, extremes")
    void radixMatchesArraysSort() {
      Random rnd = new Random(11);
      double[] v = new double[Sorting.RADIX_MIN * 3 + 7];
      double[] specials = {
        -0.0,
        0.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        1.0,
        -1.0
      };
      for (int i = 0; i < v.length; i++) {
        int kind = rnd.nextInt(4);
        v[i] =
            switch (kind) {
              case 0 -> specials[rnd.nextInt(specials.length)];
              case 1 -> rnd.nextInt(100) - 50;
              case 2 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
              default ->
                  Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL)
                      * (rnd.nextBoolean() ? 1 : -1);
            };
      }
      double[] expected = v.clone();
      Arrays.sort(expected);
      Sorting.sort(v);
      for (int i = 0; i < v.length; i++) {
        assertThat(Double.doubleToRawLongBits(v[i]))
            .as("index %d", i)
            .isEqualTo(Double.doubleToRawLongBits(expected[i]));
      }
    }
  }

  @Nested
  @DisplayName("Mann-Whitney U")
  class Mw {
    @Test
    @DisplayName("3 vs 2 separated without ties is exact: U1 = 0, p = 2/C(5,2)")
    void exact() {
      MannWhitney.Result r = MannWhitney.test(sorted(1, 2, 3), sorted(4, 5));
      assertThat(r.uReference()).isZero();
      assertThat(r.uCurrent()).isEqualTo(6.0);
      assertThat(r.method()).isEqualTo("exact");
      assertThat(r.pvalue()).isCloseTo(0.2, within(1e-15));
      assertThat(r.z()).isNaN();
    }

    @Test
    @DisplayName("ties force the normal approximation with midranks and the tie correction")
    void ties() {
      // ranks 1, 3, 3 | 3, 5: R1 = 7, U1 = 1, U2 = 5; sigma^2 = 6/12 (6 - 24/20) = 2.4
      MannWhitney.Result r = MannWhitney.test(sorted(1, 2, 2), sorted(2, 3));
      assertThat(r.uReference()).isEqualTo(1.0);
      assertThat(r.method()).isEqualTo("asymptotic");
      assertThat(r.z()).isCloseTo(1.5 / Math.sqrt(2.4), within(1e-15));
      // SciPy 1.17: mannwhitneyu([1,2,2],[2,3]).pvalue
      assertThat(r.pvalue()).isCloseTo(0.3329216080655659, within(1e-15));
    }

    @Test
    @DisplayName("all values equal: p = 1 and z undefined")
    void constant() {
      MannWhitney.Result r = MannWhitney.test(sorted(7, 7, 7, 7, 7, 7, 7, 7, 7), sorted(7));
      assertThat(r.pvalue()).isEqualTo(1.0);
      assertThat(r.z()).isNaN();
    }
  }

  @Nested
  @DisplayName("Anderson-Darling")
  class Ad {
    @Test
    @DisplayName("one distinct pooled value is undefined, with a reason")
    void undefinedForConstant() {
      Outcome<AndersonDarling.Result> r = AndersonDarling.test(sorted(3, 3), sorted(3));
      assertThat(r.isDefined()).isFalse();
      assertThat(r.reason()).get().asString().contains("distinct");
    }

    @Test
    @DisplayName("matches SciPy's anderson_ksamp on a small overlapping pair")
    void scipyValue() {
      AndersonDarling.Result r =
          AndersonDarling.test(sorted(1, 2, 3, 4, 5), sorted(3, 4, 5, 6, 7, 8))
              .value()
              .orElseThrow();
      assertThat(r.statistic()).isCloseTo(2.05426131446075, within(1e-12));
      assertThat(r.pvalue()).isCloseTo(0.04632213573484101, within(1e-9));
      assertThat(r.pvalueClipped()).isNull();
      assertThat(r.criticalValues().get(0)).isCloseTo(0.325, within(1e-15));
    }
  }

  @Nested
  @DisplayName("Wasserstein and decile bins")
  class Bins {
    @Test
    @DisplayName("a shift by 2 of the same sample gives distance 2")
    void shift() {
      Wasserstein.Result w = Wasserstein.distance(sorted(0, 1, 2), sorted(2, 3, 4), 1.0);
      assertThat(w.distance()).isCloseTo(2.0, within(1e-15));
      assertThat(w.normalizedByReferenceStd()).isCloseTo(2.0, within(1e-15));
      assertThat(Wasserstein.distance(sorted(1), sorted(2), 0.0).normalizedByReferenceStd())
          .isNaN();
    }

    @Test
    @DisplayName("edges use the exact index: n = 91 on a 0.1 grid gives e_7 = x_63 exactly")
    void exactIndexEdges() {
      double[] x = new double[91];
      for (int i = 0; i < x.length; i++) {
        x[i] = i / 10.0;
      }
      double[] e = DecileBins.edges(x);
      assertThat(e[7]).isEqualTo(x[63]);
      assertThat(e[0]).isEqualTo(x[0]);
      assertThat(e[10]).isEqualTo(x[90]);
      // a current value equal to the edge falls in the bin below it: (e_6, e_7]
      DecileBins.Result r = DecileBins.compare(x, new double[] {x[63]});
      assertThat(r.currentCounts().get(6)).isEqualTo(1L);
    }

    @Test
    @DisplayName("repeated edges give empty bins and values beyond the range land in end bins")
    void tiesAndOutside() {
      DecileBins.Result r = DecileBins.compare(sorted(5, 5, 5), sorted(-1, 5, 9));
      assertThat(r.referenceCounts()).containsExactly(3L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
      assertThat(r.currentCounts()).containsExactly(2L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
      // PSI with epsilon: (2/3 - 1) ln(2/3) + (1/3 - 1e-4) ln((1/3) / 1e-4)
      double expected =
          (2.0 / 3 - 1) * Math.log(2.0 / 3) + (1.0 / 3 - 1e-4) * Math.log((1.0 / 3) / 1e-4);
      assertThat(r.psi()).isCloseTo(expected, within(1e-14));
    }

    @Test
    @DisplayName("disjoint proportions have Jensen-Shannon distance and divergence 1 (base 2)")
    void jsDisjoint() {
      double[] p = {1, 0};
      double[] q = {0, 1};
      assertThat(Divergences.jsDistance(p, q)).isCloseTo(1.0, within(1e-15));
      assertThat(Divergences.jsDivergence(p, q)).isCloseTo(1.0, within(1e-15));
    }
  }

  @Nested
  @DisplayName("profiles")
  class Profiles {
    @Test
    @DisplayName("values near 1e9 with unit spread keep the standard deviation of 0..9")
    void largeOffset() {
      double[] v = new double[10];
      for (int i = 0; i < 10; i++) {
        v[i] = 1e9 + i;
      }
      NumericProfile p = NumericProfile.of(v, null);
      assertThat(p.mean()).isEqualTo(1e9 + 4.5);
      assertThat(p.std()).isCloseTo(Math.sqrt(82.5 / 9), within(1e-12));
    }

    @Test
    @DisplayName("mean and std agree with BigDecimal arithmetic on values near 5e-9")
    void tinyValues() {
      Random rnd = new Random(5);
      double[] v = new double[1000];
      for (int i = 0; i < v.length; i++) {
        v[i] = 5e-9 + 1e-12 * rnd.nextGaussian();
      }
      MathContext mc = MathContext.DECIMAL128;
      BigDecimal sum = BigDecimal.ZERO;
      for (double d : v) {
        sum = sum.add(new BigDecimal(d), mc);
      }
      BigDecimal mean = sum.divide(BigDecimal.valueOf(v.length), mc);
      BigDecimal ss = BigDecimal.ZERO;
      for (double d : v) {
        BigDecimal dev = new BigDecimal(d).subtract(mean, mc);
        ss = ss.add(dev.multiply(dev, mc), mc);
      }
      double std = Math.sqrt(ss.divide(BigDecimal.valueOf(v.length - 1), mc).doubleValue());
      NumericProfile p = NumericProfile.of(v, null);
      assertThat(p.mean()).isCloseTo(mean.doubleValue(), within(1e-9 * 5e-9));
      assertThat(p.std()).isCloseTo(std, within(1e-10 * std));
    }

    @Test
    @DisplayName("nulls and NaN are counted apart and removed; quantiles are NumPy linear")
    void missing() {
      BitSet nulls = new BitSet();
      nulls.set(1);
      NumericProfile p = NumericProfile.of(new double[] {4, 0, Double.NaN, 1, 2, 3}, nulls);
      assertThat(p.rowCount()).isEqualTo(6);
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.nanCount()).isEqualTo(1);
      assertThat(p.missingCount()).isEqualTo(2);
      assertThat(p.count()).isEqualTo(4);
      // (n-1)q = 0.75 between 1 and 2; 0.5 -> h = 1.5 -> 2.5
      assertThat(p.quantiles().get(2)).isCloseTo(1.75, within(1e-15));
      assertThat(p.quantiles().get(3)).isCloseTo(2.5, within(1e-15));
    }

    @Test
    @DisplayName("an empty column has no mean, std or quantiles")
    void empty() {
      NumericProfile p = NumericProfile.of(new double[] {Double.NaN}, null);
      assertThat(p.count()).isZero();
      assertThat(p.distinct()).isZero();
      assertThat(p.mean()).isNaN();
      assertThat(p.quantiles()).isEmpty();
    }
  }

  @Nested
  @DisplayName("categorical frequencies")
  class Categorical {
    @Test
    @DisplayName("categories sort by code point: U+FFFD before an emoji (UTF-16 says otherwise)")
    void codePointOrder() {
      String replacement = "\uFFFD";
      String emoji = "\uD83D\uDE00";
      assertThat(replacement.compareTo(emoji)).isPositive();
      CategoricalFrequencies.Result r =
          CategoricalFrequencies.compare(new String[] {emoji, replacement}, new String[] {emoji})
              .value()
              .orElseThrow();
      assertThat(r.categories()).containsExactly(replacement, emoji);
      assertThat(r.absentInCurrent()).containsExactly(replacement);
    }

    @Test
    @DisplayName("chi-squared on [[10,10],[20,0]] is 40/3 with one degree of freedom")
    void chiSquared() {
      String[] ref = new String[20];
      String[] cur = new String[20];
      Arrays.fill(ref, 0, 10, "a");
      Arrays.fill(ref, 10, 20, "b");
      Arrays.fill(cur, "a");
      CategoricalFrequencies.Result r =
          CategoricalFrequencies.compare(ref, cur).value().orElseThrow();
      assertThat(r.chi2().statistic()).isCloseTo(40.0 / 3, within(1e-12));
      assertThat(r.chi2().dof()).isEqualTo(1);
      // chi2.sf(40/3, 1) = erfc(sqrt(20/3)); SciPy: 0.0002607296328553165
      assertThat(r.chi2().pvalue()).isCloseTo(0.0002607296328553165, within(1e-15));
      assertThat(r.linf().distance()).isCloseTo(0.5, within(1e-15));
      // tie between a and b: the last category wins
      assertThat(r.linf().category()).isEqualTo("b");
    }

    @Test
    @DisplayName("a single category gives statistic 0, dof 0, p 1")
    void single() {
      CategoricalFrequencies.Result r =
          CategoricalFrequencies.compare(new String[] {"x"}, new String[] {"x", null})
              .value()
              .orElseThrow();
      assertThat(r.chi2()).isEqualTo(new CategoricalFrequencies.ChiSquared(0.0, 0, 1.0));
    }

    @Test
    @DisplayName("top5 orders by count descending, then category by code point")
    void top5() {
      CategoricalProfile p =
          CategoricalProfile.of(new String[] {"b", "a", "c", "c", "d", "e", "f", "g", null});
      assertThat(p.top5())
          .extracting(CategoricalProfile.CategoryCount::category)
          .containsExactly("c", "a", "b", "d", "e");
      assertThat(p.nullCount()).isEqualTo(1);
      assertThat(p.distinct()).isEqualTo(7);
    }

    @Test
    @DisplayName("an all-null side is undefined with a reason")
    void allNull() {
      Outcome<CategoricalFrequencies.Result> r =
          CategoricalFrequencies.compare(new String[] {null}, new String[] {"a"});
      assertThat(r.reason()).contains("reference has no non-null values");
    }
  }

  @Nested
  @DisplayName("Benjamini-Hochberg")
  class Bh {
    @Test
    @DisplayName("adjusts by m/i with the running minimum from the top, in input order")
    void handExample() {
      double[] adj = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.2});
      assertThat(adj[0]).isCloseTo(0.04, within(1e-15));
      assertThat(adj[1]).isCloseTo(0.04 * 4 / 3, within(1e-15));
      assertThat(adj[2]).isCloseTo(0.04 * 4 / 3, within(1e-15));
      assertThat(adj[3]).isCloseTo(0.2, within(1e-15));
    }

    @Test
    @DisplayName("an undefined primary test is excluded with its reason, never given 0")
    void exclusion() {
      DriftComparison c =
          DriftTests.compare(
              List.of(
                  DriftTests.numeric(
                      "empty", new double[] {Double.NaN}, null, new double[] {1}, null),
                  DriftTests.numeric("x", new double[] {1, 2}, null, new double[] {3, 4}, null)));
      assertThat(c.multipleTesting().excluded())
          .containsExactly(
              new MultipleTesting.Excluded("empty", "reference has no non-missing values"));
      assertThat(c.multipleTesting().tests()).hasSize(1);
      assertThat(c.multipleTesting().tests().get(0).pvalueAdjusted())
          .isEqualTo(c.multipleTesting().tests().get(0).pvalue());
    }
  }
}
