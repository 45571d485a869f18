package dev.mlops.validation.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STATISTICS.md, "Tests of our own statistics": under the null (both samples standard normal), each
 * test rejects at alpha = 0.05 in 4 % to 6 % of 20,000 seeded trials.
 */
@Tag("long")
@DisplayName("calibration: each test rejects 4-6 % of null trials at alpha 0.05")
class CalibrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(CalibrationTest.class);
  private static final int TRIALS = 20_000;

  static double[] normal(SplittableRandom rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller from the seeded stream
      double u1 = 1.0 - rnd.nextDouble();
      double u2 = rnd.nextDouble();
      v[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    Arrays.sort(v);
    return v;
  }

  @ParameterizedTest(name = "n1 = {0}, n2 = {1}")
  @CsvSource({"200, 301", "500, 500"})
  @DisplayName("KS, Mann-Whitney and Anderson-Darling on standard-normal samples")
  void nullRejectionRates(int n1, int n2) {
    SplittableRandom rnd = new SplittableRandom(20_000L * n1 + n2);
    int ks = 0;
    int mw = 0;
    int ad = 0;
    for (int t = 0; t < TRIALS; t++) {
      double[] x = normal(rnd, n1);
      double[] y = normal(rnd, n2);
      if (KolmogorovSmirnov.testSorted(x, y).pvalue() < 0.05) {
        ks++;
      }
      if (MannWhitney.testSorted(x, y).pvalue() < 0.05) {
        mw++;
      }
      if (AndersonDarling.testSorted(x, y).value().orElseThrow().pvalue() < 0.05) {
        ad++;
      }
    }
    double ksRate = (double) ks / TRIALS;
    double mwRate = (double) mw / TRIALS;
    double adRate = (double) ad / TRIALS;
    LOG.info(
        "null rejection rates at n1={} n2={}: ks={} mw={} ad={}", n1, n2, ksRate, mwRate, adRate);
    assertThat(ksRate).as("KS").isBetween(0.04, 0.06);
    assertThat(mwRate).as("Mann-Whitney").isBetween(0.04, 0.06);
    assertThat(adRate).as("Anderson-Darling").isBetween(0.04, 0.06);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("20 independent null columns at 200 vs 301: the dataset is FAIL in at most 5.46 %")
  void datasetFalseAlarms() {
    SplittableRandom rnd = new SplittableRandom(2026);
    DriftPolicy policy = DriftPolicy.defaults().withPermutationMaxEffectiveSize(0);
    int failed = 0;
    for (int t = 0; t < TRIALS; t++) {
      DriftAnalysis a = DriftAnalysis.with(policy);
      for (int c = 0; c < 20; c++) {
        a.numeric("c" + c, normal(rnd, 200), null, normal(rnd, 301), null);
      }
      if (a.run().verdict() == dev.mlops.api.Verdict.FAIL) {
        failed++;
      }
    }
    double share = (double) failed / TRIALS;
    LOG.info("dataset FAIL share over {} null trials of 20 columns: {}", TRIALS, share);
    assertThat(share).isLessThanOrEqualTo(0.05 + 3 * Math.sqrt(0.05 * 0.95 / TRIALS));
  }

  @ParameterizedTest(name = "n1 = {0}, n2 = {1}")
  @CsvSource({"200, 301"})
  @DisplayName("KS on tied integers 0-9 is conservative: its rate stays at or below 0.05")
  void tiedKsIsConservative(int n1, int n2) {
    SplittableRandom rnd = new SplittableRandom(7);
    int ks = 0;
    for (int t = 0; t < TRIALS; t++) {
      double[] x = new double[n1];
      double[] y = new double[n2];
      for (int i = 0; i < n1; i++) {
        x[i] = rnd.nextInt(10);
      }
      for (int i = 0; i < n2; i++) {
        y[i] = rnd.nextInt(10);
      }
      Arrays.sort(x);
      Arrays.sort(y);
      if (KolmogorovSmirnov.testSorted(x, y).pvalue() < 0.05) {
        ks++;
      }
    }
    double rate = (double) ks / TRIALS;
    LOG.info("KS null rejection rate on integers 0-9 at n1={} n2={}: {}", n1, n2, rate);
    assertThat(rate).isLessThanOrEqualTo(0.05);
  }
}
