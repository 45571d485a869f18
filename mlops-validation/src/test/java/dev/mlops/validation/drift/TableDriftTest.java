package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("drift between two tables, with the minimum detectable effect")
class TableDriftTest {

  /** 50 rows: x = 0..49 with row 3 null; kind cycles a, b, c; flag alternates. */
  static Table table(double shift) {
    NumericColumn.Builder x = NumericColumn.builder("x");
    String[] kind = new String[50];
    boolean[] flag = new boolean[50];
    for (int i = 0; i < 50; i++) {
      if (i == 3) {
        x.appendNull();
      } else {
        x.append(i + shift);
      }
      kind[i] = i % 7 == 0 ? null : String.valueOf((char) ('a' + i % 3));
      flag[i] = i % 2 == 0;
    }
    return Table.of(x.build(), CategoricalColumn.of("kind", kind), BooleanColumn.of("flag", flag));
  }

  @Nested
  @DisplayName("the Table adapter")
  class Adapter {
    @Test
    @DisplayName("gives the same report as converting the columns by hand")
    void sameAsByHand() {
      Table ref = table(0);
      Table cur = table(7.5);
      double[] rx = new double[50];
      double[] cx = new double[50];
      BitSet nulls = new BitSet();
      nulls.set(3);
      String[] rk = new String[50];
      String[] rf = new String[50];
      for (int i = 0; i < 50; i++) {
        rx[i] = i == 3 ? Double.NaN : i;
        cx[i] = i == 3 ? Double.NaN : i + 7.5;
        rk[i] = i % 7 == 0 ? null : String.valueOf((char) ('a' + i % 3));
        rf[i] = i % 2 == 0 ? "true" : "false";
      }
      DriftReport byHand =
          DriftAnalysis.with(DriftPolicy.defaults())
              .numeric("x", rx, nulls, cx, nulls)
              .categorical("kind", rk, rk.clone())
              .categorical("flag", rf, rf.clone())
              .run();
      DriftReport adapted = TableDrift.compare(ref, cur, DriftPolicy.defaults());
      assertThat(DriftJson.write(adapted)).isEqualTo(DriftJson.write(byHand));
      assertThat(adapted.columns().get(0).referenceCount()).isEqualTo(49);
    }

    @Test
    @DisplayName("a column missing from the current table or of another type is invalid input")
    void mismatch() {
      Table ref = table(0);
      assertThatThrownBy(
              () -> TableDrift.compare(ref, ref.select("x", "kind"), DriftPolicy.defaults()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("flag");
      Table wrongType = ref.withColumn(CategoricalColumn.of("flag", new String[50]));
      assertThatThrownBy(() -> TableDrift.compare(ref, wrongType, DriftPolicy.defaults()))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("BOOLEAN");
      assertThatThrownBy(
              () -> TableDrift.compare(ref, ref, List.of("nope"), DriftPolicy.defaults()))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("minimum detectable effect")
  class Mde {
    // Expected figures from SciPy 1.17 (kstwo.sf, norm, chi2, ncx2), computed once by hand.
    @Test
    @DisplayName("numeric: KS critical D and the 80 %-power mean shift match SciPy")
    void numeric() {
      MinimumDetectableEffect m = MinimumDetectableEffect.numeric(200, 301, 0.05);
      assertThat(m.ksCriticalD()).isCloseTo(0.1225001840784324, within(1e-9));
      assertThat(m.standardizedMeanShift()).isCloseTo(0.2555785810239599, within(1e-12));
      assertThat(m.cohenW()).isNaN();
      MinimumDetectableEffect n = MinimumDetectableEffect.numeric(50, 50, 0.025);
      assertThat(n.ksCriticalD()).isCloseTo(0.28791089078288123, within(1e-9));
      assertThat(n.standardizedMeanShift()).isCloseTo(0.616604792235572, within(1e-12));
    }

    @Test
    @DisplayName("numeric, large sizes: the KS critical D matches SciPy's kstwo root")
    void numericLarge() {
      assertThat(MinimumDetectableEffect.numeric(1_000_000, 1_000_000, 0.0025).ksCriticalD())
          .isCloseTo(0.002585126950830142, within(1e-11));
      assertThat(MinimumDetectableEffect.numeric(200_000, 200_000, 0.05).ksCriticalD())
          .isCloseTo(0.004293014618329408, within(1e-11));
      assertThat(MinimumDetectableEffect.numeric(1, 1, 0.05).ksCriticalD())
          .as("round(1/2) = 0: kstwo undefined")
          .isNaN();
    }

    @Test
    @DisplayName(
        "categorical: Cohen's w at 80 % power (df 1, alpha 0.05: lambda 7.849, Cohen's table)")
    void categorical() {
      MinimumDetectableEffect m = MinimumDetectableEffect.categorical(100, 100, 2, 0.05);
      assertThat(m.cohenW()).isCloseTo(Math.sqrt(7.848860509326203 / 200), within(1e-7));
      assertThat(MinimumDetectableEffect.categorical(250, 250, 4, 0.05).cohenW())
          .isCloseTo(0.1476655903732028, within(1e-7));
      assertThat(MinimumDetectableEffect.categorical(10, 10, 1, 0.05).cohenW()).isNaN();
      assertThat(m.ksCriticalD()).isNaN();
    }

    @Test
    @DisplayName("the report uses alpha = q / m over the tested columns and writes it to JSON")
    void inReport() throws Exception {
      DriftReport r = TableDrift.compare(table(0), table(0.5), DriftPolicy.defaults());
      // three tested columns: alpha = 0.05 / 3; x has 49 values per side (round(24.5) = 24)
      MinimumDetectableEffect x = r.columns().get(0).minimumDetectableEffect();
      assertThat(x.alpha()).isCloseTo(0.05 / 3, within(1e-15));
      assertThat(x.standardizedMeanShift())
          .isCloseTo((2.3939797998185095 + 0.8416212335729143) * Math.sqrt(2.0 / 49), within(1e-9));
      JsonNode root = new ObjectMapper().readTree(DriftJson.write(r));
      JsonNode md = root.get("results").get("x").get("minimum_detectable_effect");
      assertThat(md.get("ks_critical_d").asDouble()).isEqualTo(x.ksCriticalD());
      assertThat(md.get("cohen_w").isNull()).isTrue();
      JsonNode kind = root.get("results").get("kind").get("minimum_detectable_effect");
      assertThat(kind.get("cohen_w").asDouble()).isPositive();
      assertThat(kind.get("ks_critical_d").isNull()).isTrue();
    }
  }
}
