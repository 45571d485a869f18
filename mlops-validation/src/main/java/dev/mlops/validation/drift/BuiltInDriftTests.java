package dev.mlops.validation.drift;

import dev.mlops.api.table.ColumnType;
import dev.mlops.spi.DriftTest;
import dev.mlops.spi.DriftTestResult;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The built-in drift tests behind the {@link DriftTest} SPI, so that a host can run them beside its
 * own tests through one interface. Each wraps the SciPy-exact kernel of this package.
 *
 * <p>Stateless and thread-safe; every instance may be shared.
 *
 * <pre>{@code
 * for (DriftTest t : BuiltInDriftTests.all()) {
 *   if (t.appliesTo().contains(ColumnType.NUMERIC)) {
 *     DriftTestResult r = t.testNumeric(reference, current);
 *   }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class BuiltInDriftTests {

  private BuiltInDriftTests() {}

  /**
   * Kolmogorov-Smirnov: statistic D, SciPy's {@code exact} p-value (asymp where exact is not
   * possible), effect D. Symmetric.
   *
   * @return the test
   */
  public static DriftTest ks() {
    return new Numeric("ks", true) {
      @Override
      DriftTestResult run(double[] x, double[] y) {
        KolmogorovSmirnov.Result r = KolmogorovSmirnov.testSorted(x, y);
        return DriftTestResult.defined(r.statistic(), r.pvalue(), r.statistic());
      }
    };
  }

  /**
   * Mann-Whitney U: statistic U of the reference, SciPy's p-value, effect |U/(n1 n2) - 1/2|
   * (distance of the common-language effect from no effect). Not symmetric (U of the reference).
   *
   * @return the test
   */
  public static DriftTest mannWhitney() {
    return new Numeric("mann_whitney", false) {
      @Override
      DriftTestResult run(double[] x, double[] y) {
        MannWhitney.Result r = MannWhitney.testSorted(x, y);
        double cles = r.uReference() / ((double) x.length * y.length);
        return DriftTestResult.defined(r.uReference(), r.pvalue(), Math.abs(cles - 0.5));
      }
    };
  }

  /**
   * Anderson-Darling k-sample: SciPy's standardized statistic and its interpolated p-value (clipped
   * to [0.001, 0.25]); no effect size. Undefined for fewer than 4 pooled values or one distinct
   * value. Symmetric.
   *
   * @return the test
   */
  public static DriftTest andersonDarling() {
    return new Numeric("anderson_darling", true) {
      @Override
      DriftTestResult run(double[] x, double[] y) {
        if (x.length + y.length < 4) {
          return DriftTestResult.undefined("anderson_ksamp needs at least 4 pooled observations");
        }
        Outcome<AndersonDarling.Result> o = AndersonDarling.testSorted(x, y);
        if (o instanceof Outcome.Defined<AndersonDarling.Result> d
            && Double.isFinite(d.result().statistic())) {
          return DriftTestResult.defined(d.result().statistic(), d.result().pvalue(), null);
        }
        return DriftTestResult.undefined(
            o.reason().orElse("anderson_ksamp statistic is not finite for these samples"));
      }
    };
  }

  /**
   * Wasserstein-1 distance: statistic and effect the raw distance; no p-value. Symmetric.
   *
   * @return the test
   */
  public static DriftTest wasserstein() {
    return new Numeric("wasserstein", true) {
      @Override
      DriftTestResult run(double[] x, double[] y) {
        double w = Wasserstein.rawSorted(x, y);
        return DriftTestResult.defined(w, null, w);
      }
    };
  }

  /**
   * Chi-squared homogeneity of the 2 x K table (no Yates correction): statistic, p-value, effect
   * the Jensen-Shannon distance in base 2. Symmetric.
   *
   * @return the test
   */
  public static DriftTest chiSquared() {
    return new Categorical("chi2") {
      @Override
      DriftTestResult run(CategoricalFrequencies.Result r) {
        return DriftTestResult.defined(r.chi2().statistic(), r.chi2().pvalue(), r.jsDistance());
      }
    };
  }

  /**
   * Jensen-Shannon distance in base 2 of the category frequencies: statistic and effect; no
   * p-value. Symmetric.
   *
   * @return the test
   */
  public static DriftTest jensenShannon() {
    return new Categorical("js_distance") {
      @Override
      DriftTestResult run(CategoricalFrequencies.Result r) {
        return DriftTestResult.defined(r.jsDistance(), null, r.jsDistance());
      }
    };
  }

  /**
   * Every built-in test.
   *
   * @return KS, Mann-Whitney, Anderson-Darling, Wasserstein, chi-squared and Jensen-Shannon
   */
  public static List<DriftTest> all() {
    return List.of(
        ks(), mannWhitney(), andersonDarling(), wasserstein(), chiSquared(), jensenShannon());
  }

  private abstract static class Numeric implements DriftTest {
    private final String name;
    private final boolean symmetric;

    Numeric(String name, boolean symmetric) {
      this.name = name;
      this.symmetric = symmetric;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<ColumnType> appliesTo() {
      return Set.of(ColumnType.NUMERIC);
    }

    @Override
    public boolean symmetric() {
      return symmetric;
    }

    @Override
    public DriftTestResult testNumeric(double[] reference, double[] current) {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
      if (reference.length == 0) {
        return DriftTestResult.undefined("reference has no non-missing values");
      }
      if (current.length == 0) {
        return DriftTestResult.undefined("current has no non-missing values");
      }
      double[] x = sortedCopy(reference, "reference");
      double[] y = sortedCopy(current, "current");
      return run(x, y);
    }

    abstract DriftTestResult run(double[] x, double[] y);

    @Override
    public String toString() {
      return "DriftTest[" + name + "]";
    }
  }

  private abstract static class Categorical implements DriftTest {
    private final String name;

    Categorical(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Set<ColumnType> appliesTo() {
      return Set.of(ColumnType.CATEGORICAL);
    }

    @Override
    public boolean symmetric() {
      return true;
    }

    @Override
    public DriftTestResult testCategorical(String[] reference, String[] current) {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(current, "current");
      Outcome<CategoricalFrequencies.Result> o = CategoricalFrequencies.compare(reference, current);
      if (o instanceof Outcome.Defined<CategoricalFrequencies.Result> d) {
        return run(d.result());
      }
      return DriftTestResult.undefined(o.reason().orElseThrow());
    }

    abstract DriftTestResult run(CategoricalFrequencies.Result r);

    @Override
    public String toString() {
      return "DriftTest[" + name + "]";
    }
  }

  private static double[] sortedCopy(double[] values, String side) {
    double[] c = values.clone();
    for (double v : c) {
      if (Double.isNaN(v)) {
        throw new IllegalArgumentException(
            side + " holds NaN; remove missing values before calling a DriftTest");
      }
    }
    Arrays.sort(c);
    return c;
  }
}
