package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.table.ColumnType;
import dev.mlops.spi.DriftTest;
import dev.mlops.spi.DriftTestResult;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DriftTest} must keep, as an abstract JUnit 5 suite: extend it in your
 * test sources and implement {@link #createTest()}.
 *
 * <p>Not thread-safe (JUnit creates one instance per test). Checks: the name and the applicable
 * column types are declared; on seeded random data the statistic is finite and the p-value lies in
 * [0, 1]; identical samples are not called significant (p at least 0.05 where there is a p-value);
 * a test that declares itself symmetric gives the same statistic and p-value when the sides are
 * swapped; an empty side, both sides empty (all values missing) and constant samples give a result
 * (undefined with a reason, or defined and finite), never an exception or NaN. Checks run for each
 * column type in {@link DriftTest#appliesTo()}.
 *
 * <pre>{@code
 * class MyTestCompatibilityTest extends DriftTestCompatibilityKit {
 *   protected DriftTest createTest() { return new MyDriftTest(); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class DriftTestCompatibilityKit {

  /** Relative tolerance of the symmetry check. */
  private static final double SYMMETRY_REL = 1e-9;

  private DriftTest test;

  /** Creates the kit; subclasses need no constructor arguments. */
  protected DriftTestCompatibilityKit() {}

  /**
   * Creates the test under check; called before every test.
   *
   * @return a test instance
   */
  protected abstract DriftTest createTest();

  @BeforeEach
  void create() {
    test = createTest();
    assertThat(test).as("createTest()").isNotNull();
  }

  private boolean numeric() {
    return test.appliesTo().contains(ColumnType.NUMERIC);
  }

  private boolean categorical() {
    return test.appliesTo().contains(ColumnType.CATEGORICAL);
  }

  private static double[] normals(long seed, int n, double shift) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller: a normal deviate from two uniforms
      double u1 = 1.0 - r.nextDouble();
      double u2 = r.nextDouble();
      v[i] = shift + Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
    return v;
  }

  private static String[] categories(long seed, int n, int k) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] v = new String[n];
    for (int i = 0; i < n; i++) {
      v[i] = "c" + r.nextInt(k);
    }
    return v;
  }

  private static void assertWellFormed(DriftTestResult r, String what) {
    assertThat(r).as(what + ": result").isNotNull();
    if (r.defined()) {
      assertThat(r.statistic()).as(what + ": statistic").isFinite();
      if (r.pvalue() != null) {
        assertThat(r.pvalue()).as(what + ": p-value").isBetween(0.0, 1.0);
      }
      if (r.effect() != null) {
        assertThat(r.effect()).as(what + ": effect").isNotNaN();
      }
    } else {
      assertThat(r.reason()).as(what + ": reason of an undefined result").isNotBlank();
    }
  }

  @Nested
  @DisplayName("declaration")
  class Declaration {
    @Test
    @DisplayName("the test has a non-blank name and applies to numeric or categorical columns")
    void declared() {
      assertThat(test.name()).isNotBlank();
      assertThat(test.appliesTo()).isNotEmpty();
      assertThat(numeric() || categorical())
          .as("appliesTo() names NUMERIC or CATEGORICAL: " + test.appliesTo())
          .isTrue();
    }
  }

  @Nested
  @DisplayName("bounds")
  class Bounds {
    @Test
    @DisplayName("on shifted random samples the result is defined, finite and p lies in [0, 1]")
    void randomNumeric() {
      if (numeric()) {
        for (int seed = 0; seed < 5; seed++) {
          DriftTestResult r =
              test.testNumeric(normals(seed, 50 + seed, 0), normals(100 + seed, 60, 0.5 * seed));
          assertWellFormed(r, "numeric seed " + seed);
          assertThat(r.defined()).as("defined on 50+ distinct values per side").isTrue();
        }
      }
      if (categorical()) {
        for (int seed = 0; seed < 5; seed++) {
          DriftTestResult r =
              test.testCategorical(categories(seed, 80, 4), categories(100 + seed, 70, 3 + seed));
          assertWellFormed(r, "categorical seed " + seed);
          assertThat(r.defined()).as("defined on 70+ values per side").isTrue();
        }
      }
    }

    @Test
    @DisplayName("identical samples are not called significant")
    void identical() {
      if (numeric()) {
        double[] x = normals(7, 40, 0);
        DriftTestResult r = test.testNumeric(x, x.clone());
        assertWellFormed(r, "numeric identical");
        if (r.defined() && r.pvalue() != null) {
          assertThat(r.pvalue()).as("p of identical samples").isGreaterThanOrEqualTo(0.05);
        }
      }
      if (categorical()) {
        String[] x = categories(7, 40, 3);
        DriftTestResult r = test.testCategorical(x, x.clone());
        assertWellFormed(r, "categorical identical");
        if (r.defined() && r.pvalue() != null) {
          assertThat(r.pvalue()).as("p of identical samples").isGreaterThanOrEqualTo(0.05);
        }
      }
    }
  }

  @Nested
  @DisplayName("symmetry")
  class Symmetry {
    @Test
    @DisplayName("a symmetric test gives the same statistic and p-value with the sides swapped")
    void swapped() {
      if (!test.symmetric()) {
        return;
      }
      if (numeric()) {
        double[] a = normals(11, 37, 0);
        double[] b = normals(12, 53, 0.7);
        same(test.testNumeric(a, b), test.testNumeric(b, a));
      }
      if (categorical()) {
        String[] a = categories(11, 45, 3);
        String[] b = categories(12, 61, 4);
        same(test.testCategorical(a, b), test.testCategorical(b, a));
      }
    }

    private void same(DriftTestResult ab, DriftTestResult ba) {
      assertWellFormed(ab, "reference/current");
      assertWellFormed(ba, "current/reference");
      assertThat(ba.defined()).isEqualTo(ab.defined());
      if (ab.defined()) {
        assertThat(ba.statistic())
            .isCloseTo(
                ab.statistic(), within(SYMMETRY_REL * Math.max(1, Math.abs(ab.statistic()))));
        assertThat(ba.pvalue() == null).isEqualTo(ab.pvalue() == null);
        if (ab.pvalue() != null && ba.pvalue() != null) {
          assertThat(ba.pvalue()).isCloseTo(ab.pvalue(), within(SYMMETRY_REL));
        }
      }
    }
  }

  @Nested
  @DisplayName("degenerate input")
  class Degenerate {
    @Test
    @DisplayName(
        "an empty reference or current side is undefined with a reason, never an exception")
    void emptySide() {
      if (numeric()) {
        undefined(() -> test.testNumeric(new double[0], new double[] {1, 2, 3}), "empty reference");
        undefined(() -> test.testNumeric(new double[] {1, 2, 3}, new double[0]), "empty current");
      }
      if (categorical()) {
        undefined(
            () -> test.testCategorical(new String[0], new String[] {"a", "b"}), "empty reference");
        undefined(
            () -> test.testCategorical(new String[] {"a", "b"}, new String[0]), "empty current");
      }
    }

    @Test
    @DisplayName("all values missing on both sides (both empty) is undefined with a reason")
    void allMissing() {
      if (numeric()) {
        undefined(() -> test.testNumeric(new double[0], new double[0]), "all missing");
      }
      if (categorical()) {
        undefined(() -> test.testCategorical(new String[0], new String[0]), "all missing");
      }
    }

    @Test
    @DisplayName("constant samples give a finite result or undefined with a reason, never NaN")
    void constant() {
      if (numeric()) {
        double[] c = new double[30];
        Arrays.fill(c, 4.5);
        double[] d = new double[25];
        Arrays.fill(d, 4.5);
        double[] e = new double[25];
        Arrays.fill(e, -1.0);
        wellFormed(() -> test.testNumeric(c, d), "same constant");
        wellFormed(() -> test.testNumeric(c, e), "different constants");
        wellFormed(() -> test.testNumeric(new double[] {3}, new double[] {3}), "one value each");
      }
      if (categorical()) {
        String[] c = new String[30];
        Arrays.fill(c, "x");
        String[] d = new String[25];
        Arrays.fill(d, "x");
        String[] e = new String[25];
        Arrays.fill(e, "y");
        wellFormed(() -> test.testCategorical(c, d), "same category");
        wellFormed(() -> test.testCategorical(c, e), "different categories");
      }
    }

    private void undefined(Supplier<DriftTestResult> call, String what) {
      DriftTestResult[] holder = new DriftTestResult[1];
      assertThatCode(() -> holder[0] = call.get()).as(what).doesNotThrowAnyException();
      assertThat(holder[0]).as(what).isNotNull();
      assertThat(holder[0].defined()).as(what + " is undefined").isFalse();
      assertThat(holder[0].reason()).as(what + ": reason").isNotBlank();
    }

    private void wellFormed(Supplier<DriftTestResult> call, String what) {
      DriftTestResult[] holder = new DriftTestResult[1];
      assertThatCode(() -> holder[0] = call.get()).as(what).doesNotThrowAnyException();
      assertWellFormed(holder[0], what);
    }
  }
}
