package dev.mlops.validation.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class ProfileAccumulatorPropertiesTest {

  private static ProfileAccumulator of(List<Double> values) {
    ProfileAccumulator a =
        ProfileAccumulator.builder(ProfileOptions.defaults()).numeric("x").categorical("c").build();
    for (double v : values) {
      a.addNumeric(0, v);
      a.addCategory(1, v > 0 ? "pos" : "neg");
      a.endRow();
    }
    return a;
  }

  @Property(tries = 200)
  @Label("merging accumulators is commutative and associative: counts exactly, moments to rounding")
  void mergeLaws(
      @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> x,
      @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> y,
      @ForAll @Size(max = 300) List<@DoubleRange(min = -1e6, max = 1e6) Double> z) {
    ProfileAccumulator ab = of(x);
    ab.mergeFrom(of(y));
    ab.mergeFrom(of(z));
    ProfileAccumulator bc = of(y);
    bc.mergeFrom(of(z));
    ProfileAccumulator a = of(x);
    a.mergeFrom(bc);
    ProfileAccumulator ba = of(z);
    ba.mergeFrom(of(y));
    ba.mergeFrom(of(x));
    NumericColumnProfile p = (NumericColumnProfile) ab.toProfile().column("x");
    for (ProfileAccumulator other : List.of(a, ba)) {
      NumericColumnProfile q = (NumericColumnProfile) other.toProfile().column("x");
      assertThat(q.count()).isEqualTo(p.count());
      assertThat(q.count()).isEqualTo(x.size() + y.size() + z.size());
      assertThat(other.toProfile().rows()).isEqualTo(ab.toProfile().rows());
      if (p.count() > 0) {
        assertThat(q.mean()).isCloseTo(p.mean(), within(1e-6));
        assertThat(q.min()).isEqualTo(p.min());
        assertThat(q.max()).isEqualTo(p.max());
      }
      if (p.count() > 1) {
        assertThat(q.variance()).isCloseTo(p.variance(), within(1e-6 * (1 + p.variance())));
      }
      assertThat(((CategoricalColumnProfile) other.toProfile().column("c")).frequencies())
          .isEqualTo(((CategoricalColumnProfile) ab.toProfile().column("c")).frequencies());
    }
  }
}
