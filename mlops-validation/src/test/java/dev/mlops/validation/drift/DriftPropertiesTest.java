package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the drift kernels. */
class DriftPropertiesTest {

  static double[] sortedCopy(List<Integer> values, double scale) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i) * scale;
    }
    Arrays.sort(out);
    return out;
  }

  @Property(tries = 300)
  @Label("KS: D and p are symmetric under swapping the samples, D in [0,1], p in [0,1]")
  void ksSymmetric(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -20, max = 20) Integer> a,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = -20, max = 20) Integer> b) {
    double[] x = sortedCopy(a, 0.5);
    double[] y = sortedCopy(b, 0.5);
    KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(x, y);
    KolmogorovSmirnov.Result s = KolmogorovSmirnov.test(y, x);
    assertThat(r.statistic()).isBetween(0.0, 1.0).isEqualTo(s.statistic());
    assertThat(r.pvalue()).isBetween(0.0, 1.0).isEqualTo(s.pvalue());
    if (x.length == 1 && y.length == 1) {
      assertThat(r.pvalueAsymp()).isNaN();
    } else {
      assertThat(r.pvalueAsymp()).isBetween(0.0, 1.0).isEqualTo(s.pvalueAsymp());
    }
  }

  @Property(tries = 300)
  @Label("Mann-Whitney: U1 + U2 = n1 n2 and p is symmetric and in [0,1]")
  void mannWhitneySymmetric(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = -10, max = 10) Integer> a,
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = -10, max = 10) Integer> b) {
    double[] x = sortedCopy(a, 1);
    double[] y = sortedCopy(b, 1);
    MannWhitney.Result r = MannWhitney.test(x, y);
    MannWhitney.Result s = MannWhitney.test(y, x);
    assertThat(r.uReference() + r.uCurrent()).isEqualTo((double) x.length * y.length);
    assertThat(r.uReference()).isEqualTo(s.uCurrent());
    assertThat(r.pvalue()).isBetween(0.0, 1.0);
    assertThat(Math.abs(r.pvalue() - s.pvalue())).isLessThan(1e-12);
  }

  @Property(tries = 200)
  @Label("Wasserstein, Anderson-Darling and the divergences are symmetric where they should be")
  void symmetricDistances(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = -10, max = 10) Integer> a,
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = -10, max = 10) Integer> b) {
    double[] x = sortedCopy(a, 0.25);
    double[] y = sortedCopy(b, 0.25);
    assertThat(Wasserstein.rawSorted(x, y))
        .isCloseTo(Wasserstein.rawSorted(y, x), org.assertj.core.data.Offset.offset(1e-12));
    Outcome<AndersonDarling.Result> ad = AndersonDarling.test(x, y);
    Outcome<AndersonDarling.Result> da = AndersonDarling.test(y, x);
    assertThat(ad.isDefined()).isEqualTo(da.isDefined());
    ad.value()
        .ifPresent(
            r -> {
              double s = da.value().orElseThrow().statistic();
              if (x.length + y.length == 3) {
                assertThat(r.statistic()).isNaN();
                return;
              }
              assertThat(Math.abs(r.statistic() - s)).isLessThan(1e-9 * (1 + Math.abs(s)));
              assertThat(r.pvalue()).isBetween(0.001, 0.25);
            });
    DecileBins.Result bins = DecileBins.compare(x, y);
    double[] p = bins.referenceProportions().stream().mapToDouble(Double::doubleValue).toArray();
    double[] q = bins.currentProportions().stream().mapToDouble(Double::doubleValue).toArray();
    assertThat(Divergences.jsDistance(p, q)).isBetween(0.0, 1.0 + 1e-12);
    assertThat(Math.abs(Divergences.jsDistance(p, q) - Divergences.jsDistance(q, p)))
        .isLessThan(1e-12);
    assertThat(Math.abs(Divergences.psi(p, q) - Divergences.psi(q, p))).isLessThan(1e-12);
  }

  @Property(tries = 300)
  @Label("chi-squared is symmetric under swapping the sides; its p is in [0,1]")
  void chiSquaredSymmetric(
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> a,
      @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> b) {
    String[] x = a.stream().map(i -> "c" + i).toArray(String[]::new);
    String[] y = b.stream().map(i -> "c" + i).toArray(String[]::new);
    CategoricalFrequencies.Result r = CategoricalFrequencies.compare(x, y).value().orElseThrow();
    CategoricalFrequencies.Result s = CategoricalFrequencies.compare(y, x).value().orElseThrow();
    assertThat(Math.abs(r.chi2().statistic() - s.chi2().statistic())).isLessThan(1e-9);
    assertThat(r.chi2().pvalue()).isBetween(0.0, 1.0);
    assertThat(r.linf().distance()).isEqualTo(s.linf().distance());
  }

  @Property(tries = 500)
  @Label("BH: adjusted >= raw, in [0,1], and order-preserving")
  void bhMonotone(
      @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 0.0, max = 1.0) Double> ps) {
    double[] p = ps.stream().mapToDouble(Double::doubleValue).toArray();
    double[] adj = BenjaminiHochberg.adjust(p);
    for (int i = 0; i < p.length; i++) {
      assertThat(adj[i]).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(p[i]);
      for (int j = 0; j < p.length; j++) {
        if (p[i] <= p[j]) {
          assertThat(adj[i]).isLessThanOrEqualTo(adj[j]);
        }
      }
    }
  }
}
