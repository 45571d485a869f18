package dev.mlops.validation.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("training-serving skew")
class TrainingServingSkewTest {

  private static Table shifted(double shift) {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + shift;
    }
    return Table.of(NumericColumn.of("x", v));
  }

  @Test
  @DisplayName("the schema's skew threshold decides: a shift of 30 on 0..99 (W/std about 1.03)")
  void thresholdDecides() {
    // training 0..99 has std 29.01; serving 30..129: Wasserstein 30, effect 1.034, KS D = 0.3
    Schema loose =
        Schema.builder()
            .column(ColumnSpec.builder("x", ColumnType.NUMERIC).skewThreshold(5.0).build())
            .build();
    Schema strict =
        Schema.builder().column(ColumnSpec.builder("x", ColumnType.NUMERIC).build()).build();
    DriftReport passes =
        TrainingServingSkew.compare(loose, shifted(0), shifted(30), DriftPolicy.defaults());
    DriftReport fails =
        TrainingServingSkew.compare(strict, shifted(0), shifted(30), DriftPolicy.defaults());
    assertThat(passes.columns().get(0).effectSize().threshold()).isEqualTo(5.0);
    assertThat(passes.verdict()).isEqualTo(Verdict.PASS);
    assertThat(passes.columns().get(0).notes()).contains("significant but negligible");
    assertThat(fails.columns().get(0).effectSize().threshold()).isEqualTo(0.1);
    assertThat(fails.verdict()).isEqualTo(Verdict.FAIL);
  }

  @Test
  @DisplayName("schema columns absent from either table are left out")
  void absentLeftOut() {
    Schema s =
        Schema.builder()
            .column(ColumnSpec.builder("x", ColumnType.NUMERIC).build())
            .column(ColumnSpec.builder("y", ColumnType.NUMERIC).build())
            .build();
    DriftReport r = TrainingServingSkew.compare(s, shifted(0), shifted(0), DriftPolicy.defaults());
    assertThat(r.columns()).extracting(c -> c.column()).containsExactly("x");
  }
}
