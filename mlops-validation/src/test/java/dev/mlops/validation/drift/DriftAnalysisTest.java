package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.Verdict;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("drift verdicts under the default policy")
class DriftAnalysisTest {

  static double[] range(int from, int to) {
    double[] v = new double[to - from];
    for (int i = 0; i < v.length; i++) {
      v[i] = from + i;
    }
    return v;
  }

  static double[] linspace(double a, double b, int n, double factor) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = factor * (a + (b - a) * i / (n - 1));
    }
    return v;
  }

  static DriftReport one(double[] ref, double[] cur) {
    return DriftAnalysis.with(DriftPolicy.defaults()).numeric("x", ref, null, cur, null).run();
  }

  @Nested
  @DisplayName("distribution check (rule 3)")
  class Distribution {
    @Test
    @DisplayName("a shift of half the range in 100 vs 100 values is FAIL")
    void fail() {
      DriftReport r = one(range(0, 100), range(50, 150));
      ColumnVerdict v = r.columns().get(0);
      assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
      // W = 50, std of 0..99 = sqrt(100 * 101 / 12)
      assertThat(v.effectSize().value()).isCloseTo(50 / Math.sqrt(100 * 101 / 12.0), within(1e-9));
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.columnsFailed()).containsExactly("x");
    }

    @Test
    @DisplayName("identical samples PASS with effect 0")
    void identical() {
      ColumnVerdict v = one(range(0, 100), range(0, 100)).columns().get(0);
      assertThat(v.verdict()).isEqualTo(Verdict.PASS);
      assertThat(v.effectSize().value()).isZero();
      assertThat(v.pvalueAdjusted()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("5 vs 7 separated values: the exact KS p-value decides at any size, FAIL")
    void exactDecidesTinySamples() {
      ColumnVerdict v = one(range(0, 5), range(10, 17)).columns().get(0);
      assertThat(v.exact()).isTrue();
      assertThat(v.distributionVerdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("5 vs 7 overlapping values cannot be decided: INCONCLUSIVE")
    void tinyInconclusive() {
      ColumnVerdict v = one(range(0, 5), range(1, 8)).columns().get(0);
      assertThat(v.distributionVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    @DisplayName("a significant chi-squared on 20 vs 20 values is INCONCLUSIVE (no exact test)")
    void categoricalTiny() {
      String[] ref = new String[20];
      String[] cur = new String[20];
      Arrays.fill(ref, "a");
      Arrays.fill(cur, "b");
      ColumnVerdict v =
          DriftAnalysis.with(DriftPolicy.defaults())
              .categorical("k", ref, cur)
              .run()
              .columns()
              .get(0);
      assertThat(v.pvalueAdjusted()).isLessThan(0.05);
      assertThat(v.effectSize().value()).isEqualTo(1.0);
      assertThat(v.distributionVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    @DisplayName("a shift of 0.02 sd in 200k rows is significant but negligible: PASS, noted")
    void negligible() {
      Random rnd = new Random(3);
      double[] ref = new double[200_000];
      double[] cur = new double[200_000];
      for (int i = 0; i < ref.length; i++) {
        ref[i] = rnd.nextGaussian();
        cur[i] = rnd.nextGaussian() + 0.02;
      }
      ColumnVerdict v = one(ref, cur).columns().get(0);
      assertThat(v.pvalueAdjusted()).isLessThan(0.05);
      assertThat(v.effectSize().nullQ95()).isZero();
      assertThat(v.verdict()).isEqualTo(Verdict.PASS);
      assertThat(v.notes()).contains("significant but negligible");
    }

    @Test
    @DisplayName(
        "a scale change by 1.8 in 40 vs 40 values: not significant, effect above e95: WARN")
    void warn() {
      // KS p = 0.266; W / std = 0.684; e95 of the permutation null about 0.49 (NumPy, 2000 perms)
      ColumnVerdict v = one(linspace(-1, 1, 40, 1.0), linspace(-1, 1, 40, 1.8)).columns().get(0);
      assertThat(v.pvalueAdjusted()).isCloseTo(0.2656871402817289, within(1e-9));
      assertThat(v.effectSize().value()).isCloseTo(0.6843191382146412, within(1e-9));
      assertThat(v.effectSize().nullQ95()).isBetween(0.4, 0.6);
      assertThat(v.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    @DisplayName("one far outlier moves W but not beyond its permutation noise: PASS, noted")
    void outlierIsNoise() {
      double[] cur = range(1, 41);
      cur[39] = 1000;
      ColumnVerdict v = one(range(1, 41), cur).columns().get(0);
      assertThat(v.effectSize().value()).isGreaterThan(0.1);
      assertThat(v.verdict()).isEqualTo(Verdict.PASS);
      assertThat(v.notes()).contains("effect within sampling noise (not above e95)");
    }

    @Test
    @DisplayName("a constant reference gives effect +infinity when the distance is not 0")
    void constantReference() {
      double[] ref = new double[50];
      Arrays.fill(ref, 3.5);
      double[] cur = new double[50];
      Arrays.fill(cur, 4.5);
      ColumnVerdict v = one(ref, cur).columns().get(0);
      assertThat(v.effectSize().value()).isEqualTo(Double.POSITIVE_INFINITY);
      assertThat(v.notes()).contains("reference is constant");
      assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }
  }

  @Nested
  @DisplayName("missing-value check (rule 4)")
  class Missing {
    @Test
    @DisplayName("half the current rows missing: z-test, FAIL, and the column is FAIL")
    void zTest() {
      double[] cur = range(0, 100);
      for (int i = 0; i < 50; i++) {
        cur[2 * i] = Double.NaN;
      }
      ColumnVerdict v = one(range(0, 100), cur).columns().get(0);
      assertThat(v.missing().method()).isEqualTo("z");
      // pooled 0.25: z = 0.5 / sqrt(0.25 * 0.75 * 0.02)
      double z = 0.5 / Math.sqrt(0.25 * 0.75 * 0.02);
      assertThat(z).isGreaterThan(8);
      assertThat(v.missing().pvalue()).isLessThan(1e-14);
      assertThat(v.missing().effect()).isCloseTo(0.5, within(1e-15));
      assertThat(v.missing().verdict()).isEqualTo(Verdict.FAIL);
      assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("4 of 40 missing against 0 of 40 uses Fisher's exact test: p = 2 C(40,4)/C(80,4)")
    void fisher() {
      double[] cur = range(0, 40);
      for (int i = 0; i < 4; i++) {
        cur[i] = Double.NaN;
      }
      ColumnVerdict.MissingCheck m = one(range(0, 40), cur).columns().get(0).missing();
      assertThat(m.method()).isEqualTo("fisher");
      assertThat(m.pvalue()).isCloseTo(2 * 91390.0 / 1581580, within(1e-12));
      assertThat(m.effect()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    @DisplayName("a column that became empty is FAIL though its distribution test is undefined")
    void becameEmpty() {
      double[] cur = new double[50];
      Arrays.fill(cur, Double.NaN);
      DriftReport r = one(range(0, 50), cur);
      ColumnVerdict v = r.columns().get(0);
      assertThat(v.distributionVerdict()).isEqualTo(Verdict.INCONCLUSIVE);
      assertThat(v.missing().notes()).contains("column became empty");
      assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
      assertThat(r.comparison().multipleTesting().excluded()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("dataset verdict (rule 5)")
  class Dataset {
    @Test
    @DisplayName("the worst column decides and each list names its columns")
    void worst() {
      DriftReport r =
          DriftAnalysis.with(DriftPolicy.defaults())
              .numeric("same", range(0, 100), null, range(0, 100), null)
              .numeric("tiny", range(0, 5), null, range(1, 8), null)
              .numeric("warned", linspace(-1, 1, 40, 1.0), null, linspace(-1, 1, 40, 1.8), null)
              .run();
      assertThat(r.verdict()).isEqualTo(Verdict.WARN);
      assertThat(r.columnsWarned()).containsExactly("warned");
      assertThat(r.columnsInconclusive()).containsExactly("tiny");
      assertThat(r.columnsFailed()).isEmpty();
    }

    @Test
    @DisplayName("with the optional WARN-share rule, one WARN of two columns makes FAIL")
    void warnShare() {
      DriftReport r =
          DriftAnalysis.with(DriftPolicy.defaults().withWarnShareForFail(0.5))
              .numeric("same", range(0, 100), null, range(0, 100), null)
              .numeric("warned", linspace(-1, 1, 40, 1.0), null, linspace(-1, 1, 40, 1.8), null)
              .run();
      assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("a column's own threshold replaces the policy's: effect 1.72 under 2.0 PASSes")
    void perColumnThreshold() {
      DriftPolicy policy =
          DriftPolicy.defaults()
              .withColumn("lenient", new DriftPolicy.ColumnThresholds(2.0, 30, 0.05, 30));
      DriftReport r =
          DriftAnalysis.with(policy)
              .numeric("lenient", range(0, 100), null, range(50, 150), null)
              .numeric("strict", range(0, 100), null, range(50, 150), null)
              .run();
      assertThat(r.columns().get(0).effectSize().threshold()).isEqualTo(2.0);
      assertThat(r.columns().get(0).verdict()).isEqualTo(Verdict.PASS);
      assertThat(r.columns().get(0).notes()).contains("significant but negligible");
      assertThat(r.columns().get(1).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    @DisplayName("a column added twice is rejected")
    void duplicate() {
      DriftAnalysis a =
          DriftAnalysis.with(DriftPolicy.defaults())
              .numeric("x", range(0, 3), null, range(0, 3), null);
      assertThatThrownBy(() -> a.categorical("x", new String[] {"a"}, new String[] {"a"}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("x");
    }

    @Test
    @DisplayName(
        "the report JSON carries verdicts and writes an infinite effect as the string Infinity")
    void json() throws Exception {
      double[] ref = new double[50];
      Arrays.fill(ref, 3.5);
      double[] cur = new double[50];
      Arrays.fill(cur, 4.5);
      JsonNode j = new ObjectMapper().readTree(DriftJson.write(one(ref, cur)));
      assertThat(j.get("verdict").asText()).isEqualTo("FAIL");
      JsonNode x = j.get("results").get("x");
      assertThat(x.get("effect_size").get("value").asText()).isEqualTo("Infinity");
      assertThat(x.get("missing").get("verdict").asText()).isEqualTo("PASS");
      assertThat(x.get("primary_test").asText()).isEqualTo("ks");
    }
  }
}
