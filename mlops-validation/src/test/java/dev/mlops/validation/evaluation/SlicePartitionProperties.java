package dev.mlops.validation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.IntervalSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Slices of one feature partition the rows: sizes sum to n, every row in exactly one slice. */
class SlicePartitionProperties {

  @Provide
  Arbitrary<List<Double>> numbers() {
    Arbitrary<Double> v =
        Arbitraries.oneOf(
            Arbitraries.doubles().between(-1e6, 1e6),
            Arbitraries.integers().between(0, 3).map(i -> (double) i),
            Arbitraries.just(Double.NaN));
    return v.list().ofMinSize(1).ofMaxSize(200);
  }

  @Provide
  Arbitrary<List<String>> categories() {
    return Arbitraries.strings()
        .withChars("abAB\u00e9")
        .ofMaxLength(2)
        .injectNull(0.1)
        .list()
        .ofMinSize(1)
        .ofMaxSize(200);
  }

  static BinaryOutcomes outcomes(int n) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
    }
    return BinaryOutcomes.of(labels, new double[n], new int[n]);
  }

  static void assertPartition(Table t, String feature, int n) {
    EvaluationReport r =
        ModelEvaluation.builder()
            .classification(outcomes(n))
            .slicingFeatures(t)
            .sliceBy(feature)
            .intervals(IntervalSpec.none())
            .build()
            .run();
    assertThat(r.slices().stream().mapToInt(SliceResult::n).sum()).isEqualTo(n);
    assertThat(r.slices()).allSatisfy(s -> assertThat(s.n()).isPositive());
    assertThat(r.slices().stream().map(SliceResult::description).distinct().count())
        .isEqualTo(r.slices().size());
    // the rows of all slices together are 0..n-1, each once
    int[] seen = new int[n];
    for (Slicer.Slice s : Slicer.partition(t, List.of(feature), Map.of()).slices()) {
      for (int row : s.rows()) {
        seen[row]++;
      }
    }
    assertThat(Arrays.stream(seen).allMatch(c -> c == 1)).isTrue();
  }

  @Property(tries = 200)
  @Label("a numeric feature's quartile bins (and missing) partition the rows")
  void numeric(@ForAll("numbers") List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    assertPartition(Table.of(NumericColumn.of("x", v)), "x", v.length);
  }

  @Property(tries = 200)
  @Label("a categorical feature's values (and missing) partition the rows")
  void categorical(@ForAll("categories") List<String> values) {
    assertPartition(
        Table.of(CategoricalColumn.of("c", values.toArray(new String[0]))), "c", values.size());
  }

  @Property(tries = 100)
  @Label("a cross of a numeric and a categorical feature partitions the rows")
  void cross(@ForAll("numbers") List<Double> values, @ForAll("categories") List<String> cats) {
    int n = Math.min(values.size(), cats.size());
    double[] v = values.stream().limit(n).mapToDouble(Double::doubleValue).toArray();
    Table t =
        Table.of(
            NumericColumn.of("x", v),
            CategoricalColumn.of("c", cats.subList(0, n).toArray(new String[0])));
    int[] seen = new int[n];
    for (Slicer.Slice s : Slicer.partition(t, List.of("x", "c"), Map.of()).slices()) {
      assertThat(s.rows()).isNotEmpty();
      for (int row : s.rows()) {
        seen[row]++;
      }
    }
    assertThat(Arrays.stream(seen).allMatch(c -> c == 1)).isTrue();
  }
}
