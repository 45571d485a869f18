package dev.mlops.validation.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.Verdict;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;

/** Invariants of champion-versus-challenger comparisons. */
class ModelComparisonPropertiesTest {

  static final IntervalSpec SPEC = IntervalSpec.defaults().withResamples(60);
  static final List<String> METRICS = List.of("accuracy", "roc_auc", "f1", "log_loss", "precision");

  /** Rows of one data set: labels with at least two of each class, two score columns. */
  record Data(int[] labels, double[] a, double[] b) {
    BinaryOutcomes outcomes(double[] s) {
      int[] p = new int[s.length];
      for (int i = 0; i < s.length; i++) {
        p[i] = s[i] >= 0.5 ? 1 : 0;
      }
      return BinaryOutcomes.of(labels, s, p);
    }
  }

  @Provide
  Arbitrary<Data> data() {
    return Arbitraries.integers()
        .between(6, 40)
        .flatMap(
            n ->
                Arbitraries.doubles()
                    .between(0, 1)
                    .ofScale(2)
                    .array(double[].class)
                    .ofSize(2 * n)
                    .map(
                        s -> {
                          int[] labels = new int[n];
                          for (int i = 0; i < n; i++) {
                            labels[i] = i % 3 == 0 ? 1 : (i % 3 == 1 ? 0 : (s[i] > 0.5 ? 1 : 0));
                          }
                          double[] a = new double[n];
                          double[] b = new double[n];
                          System.arraycopy(s, 0, a, 0, n);
                          System.arraycopy(s, n, b, 0, n);
                          return new Data(labels, a, b);
                        }));
  }

  @Property(tries = 60)
  @Label("a model compared with itself: difference 0 and PASS for any delta > 0, on every metric")
  void selfComparison(
      @ForAll("data") Data d, @ForAll @DoubleRange(min = 1e-9, max = 0.5) @Scale(12) double delta) {
    ModelComparison cmp = ModelComparison.binary(d.outcomes(d.a()), d.outcomes(d.a()));
    for (String metric : METRICS) {
      PairedComparison c = cmp.compare(metric, delta, SPEC);
      assertThat(c.difference()).as(metric).isZero();
      assertThat(c.verdict()).as(metric).isEqualTo(Verdict.PASS);
    }
  }

  @Property(tries = 60)
  @Label("swapping champion and challenger negates the difference and mirrors the interval")
  void swapNegates(@ForAll("data") Data d) {
    ModelComparison ab = ModelComparison.binary(d.outcomes(d.a()), d.outcomes(d.b()));
    ModelComparison ba = ModelComparison.binary(d.outcomes(d.b()), d.outcomes(d.a()));
    for (String metric : METRICS) {
      PairedComparison x = ab.compare(metric, 0.01, SPEC);
      PairedComparison y = ba.compare(metric, 0.01, SPEC);
      assertThat(y.difference()).as(metric).isCloseTo(-x.difference(), within(1e-12));
      assertThat(y.champion()).as(metric).isEqualTo(x.challenger());
      assertThat(x.interval().isPresent()).as(metric).isEqualTo(y.interval().isPresent());
      if (x.interval().isPresent()) {
        Interval i = x.interval().get();
        Interval j = y.interval().get();
        assertThat(j.low()).as(metric).isCloseTo(-i.high(), within(1e-9));
        assertThat(j.high()).as(metric).isCloseTo(-i.low(), within(1e-9));
      }
      assertThat(y.pValue().isPresent()).isEqualTo(x.pValue().isPresent());
      if (x.pValue().isPresent()) {
        assertThat(y.pValue().getAsDouble()).isCloseTo(x.pValue().getAsDouble(), within(1e-12));
      }
    }
  }
}
