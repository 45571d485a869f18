package dev.mlops.validation.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants of the fairness metrics. */
class FairnessPropertiesTest {

  /** Rows as (label, prediction, group) triples packed in one int: group * 4 + label * 2 + pred. */
  static int[][] unpack(List<Integer> packed) {
    int n = packed.size();
    int[][] out = new int[3][n];
    for (int i = 0; i < n; i++) {
      int v = packed.get(i);
      out[0][i] = (v >> 1) & 1;
      out[1][i] = v & 1;
      out[2][i] = v >> 2;
    }
    return out;
  }

  @Property(tries = 200)
  @Label("recoding the groups (names kept with their rows) leaves the whole report unchanged")
  void invariantUnderRecoding(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> packed,
      @ForAll long shuffleSeed) {
    int[][] d = unpack(packed);
    List<String> names = List.of("a", "b", "c", "d");
    List<Integer> perm = new ArrayList<>(List.of(0, 1, 2, 3));
    Collections.shuffle(perm, new Random(shuffleSeed));
    int[] recoded = new int[d[2].length];
    String[] newNames = new String[4];
    for (int i = 0; i < recoded.length; i++) {
      recoded[i] = perm.get(d[2][i]);
    }
    for (int g = 0; g < 4; g++) {
      newNames[perm.get(g)] = names.get(g);
    }
    IntervalSpec spec = IntervalSpec.defaults().withResamples(200);
    FairnessReport before = Fairness.of("g", d[0], d[1], d[2], names).assess(spec);
    FairnessReport after = Fairness.of("g", d[0], d[1], recoded, List.of(newNames)).assess(spec);
    assertThat(after).isEqualTo(before);
  }

  @Property(tries = 200)
  @Label("renaming the groups leaves the three metric values unchanged")
  void pointValuesInvariantUnderRenaming(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> packed) {
    int[][] d = unpack(packed);
    FairnessReport x =
        Fairness.of("g", d[0], d[1], d[2], List.of("a", "b", "c", "d")).assess(IntervalSpec.none());
    FairnessReport y =
        Fairness.of("g", d[0], d[1], d[2], List.of("z", "y", "x", "w")).assess(IntervalSpec.none());
    for (int m = 0; m < 3; m++) {
      MetricValue a = x.metrics().get(m);
      MetricValue b = y.metrics().get(m);
      assertThat(b.value()).as(a.name()).isEqualTo(a.value());
    }
  }

  @Property(tries = 200)
  @Label("DPD and EOD lie in [0, 1], DIR in [0, 1], and DIR = 1 exactly when DPD = 0")
  void ranges(@ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 15) Integer> packed) {
    int[][] d = unpack(packed);
    FairnessReport r =
        Fairness.of("g", d[0], d[1], d[2], List.of("a", "b", "c", "d")).assess(IntervalSpec.none());
    r.demographicParityDifference().value().ifPresent(v -> assertThat(v).isBetween(0.0, 1.0));
    r.equalOpportunityDifference().value().ifPresent(v -> assertThat(v).isBetween(0.0, 1.0));
    r.disparateImpactRatio()
        .value()
        .ifPresent(
            v -> {
              assertThat(v).isBetween(0.0, 1.0);
              assertThat(v == 1.0)
                  .isEqualTo(r.demographicParityDifference().value().getAsDouble() == 0.0);
            });
  }
}
