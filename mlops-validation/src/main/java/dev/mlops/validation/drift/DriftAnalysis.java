package dev.mlops.validation.drift;

import dev.mlops.api.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Collects the columns of a reference/current pair and turns their drift tests into verdicts under
 * a {@link DriftPolicy} (STATISTICS.md, "Verdicts: beyond the anchors", rules 1-5).
 *
 * <p>Not thread-safe: build and {@link #run()} on one thread; the {@link DriftReport} is immutable.
 * The arrays passed in are not kept; each column's sorted non-missing values are held until {@link
 * #run()} for the permutation e95.
 *
 * <pre>{@code
 * DriftReport report = DriftAnalysis.with(DriftPolicy.defaults())
 *     .numeric("age", refAge, null, curAge, null)
 *     .categorical("country", refCountry, curCountry)
 *     .run();
 * report.verdict();
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DriftAnalysis {

  private static final double EQUAL_REL = 1e-9;

  private final DriftPolicy policy;
  private final List<Column> columns = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  private DriftAnalysis(DriftPolicy policy) {
    this.policy = policy;
  }

  /**
   * Starts an analysis.
   *
   * @param policy the verdict policy
   * @return a new analysis
   * @throws NullPointerException if {@code policy} is null
   */
  public static DriftAnalysis with(DriftPolicy policy) {
    return new DriftAnalysis(Objects.requireNonNull(policy, "policy"));
  }

  private record Column(
      String name,
      @Nullable NumericSample refNum,
      @Nullable NumericSample curNum,
      @Nullable String @Nullable [] refCat,
      @Nullable String @Nullable [] curCat) {}

  private void addName(String column) {
    Objects.requireNonNull(column, "column");
    if (!names.add(column)) {
      throw new IllegalArgumentException("column " + column + " was added twice");
    }
  }

  /**
   * Adds a numeric column.
   *
   * @param column the column name
   * @param reference reference values; NaN is missing
   * @param referenceNulls null rows of the reference, or null for none
   * @param current current values; NaN is missing
   * @param currentNulls null rows of the current side, or null for none
   * @return this
   * @throws NullPointerException if {@code column}, {@code reference} or {@code current} is null
   * @throws IllegalArgumentException if the column was added before
   */
  public DriftAnalysis numeric(
      String column,
      double[] reference,
      @Nullable BitSet referenceNulls,
      double[] current,
      @Nullable BitSet currentNulls) {
    addName(column);
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    columns.add(
        new Column(
            column,
            NumericSample.of(reference, referenceNulls),
            NumericSample.of(current, currentNulls),
            null,
            null));
    return this;
  }

  /**
   * Adds a categorical column.
   *
   * @param column the column name
   * @param reference reference values; null is missing
   * @param current current values; null is missing
   * @return this
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the column was added before
   */
  public DriftAnalysis categorical(
      String column, @Nullable String[] reference, @Nullable String[] current) {
    addName(column);
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    columns.add(new Column(column, null, null, reference.clone(), current.clone()));
    return this;
  }

  /**
   * Runs every test and applies the policy.
   *
   * @return the report
   */
  public DriftReport run() {
    List<ColumnDrift> drifts = new ArrayList<>();
    for (Column c : columns) {
      if (c.refNum() != null && c.curNum() != null) {
        drifts.add(DriftTests.numeric(c.name(), c.refNum(), c.curNum()));
      } else {
        @Nullable String[] r = Objects.requireNonNull(c.refCat());
        @Nullable String[] k = Objects.requireNonNull(c.curCat());
        drifts.add(
            DriftTests.categorical(
                c.name(),
                r.length,
                CategoricalProfile.countsOf(r),
                k.length,
                CategoricalProfile.countsOf(k)));
      }
    }
    DriftComparison comparison = DriftTests.compare(drifts);
    Map<String, Double> adjusted = new HashMap<>();
    for (MultipleTesting.Test t : comparison.multipleTesting().tests()) {
      adjusted.put(t.column(), t.pvalueAdjusted());
    }
    // Second family: the missing-value tests.
    int n = columns.size();
    double[][] missingTests = new double[n][];
    List<Double> mps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] m = missingCounts(columns.get(i));
      missingTests[i] = MissingValues.test(m[0], m[1], m[2], m[3]);
      if (!Double.isNaN(missingTests[i][0])) {
        mps.add(missingTests[i][0]);
      }
    }
    double[] madj =
        BenjaminiHochberg.adjust(mps.stream().mapToDouble(Double::doubleValue).toArray());
    List<ColumnVerdict> verdicts = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < n; i++) {
      double padjMissing = Double.isNaN(missingTests[i][0]) ? Double.NaN : madj[k++];
      Column c = columns.get(i);
      verdicts.add(
          verdictOf(
              c,
              drifts.get(i),
              adjusted.getOrDefault(c.name(), Double.NaN),
              missingCheck(c, missingTests[i], padjMissing),
              comparison.multipleTesting().tests().size()));
    }
    List<String> failed = new ArrayList<>();
    List<String> warned = new ArrayList<>();
    List<String> inconclusive = new ArrayList<>();
    Verdict worst = Verdict.PASS;
    for (ColumnVerdict v : verdicts) {
      switch (v.verdict()) {
        case FAIL -> failed.add(v.column());
        case WARN -> warned.add(v.column());
        case INCONCLUSIVE -> inconclusive.add(v.column());
        default -> {}
      }
      worst = worse(worst, v.verdict());
    }
    if (policy.warnShareForFail() > 0
        && !verdicts.isEmpty()
        && (double) warned.size() / verdicts.size() >= policy.warnShareForFail()) {
      worst = Verdict.FAIL;
    }
    return new DriftReport(comparison, verdicts, worst, failed, warned, inconclusive, policy);
  }

  static int severity(Verdict v) {
    return switch (v) {
      case PASS -> 0;
      case INCONCLUSIVE -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }

  static Verdict worse(Verdict a, Verdict b) {
    return severity(b) > severity(a) ? b : a;
  }

  /** Rows and missing rows of each side: {refRows, refMissing, curRows, curMissing}. */
  private static long[] missingCounts(Column c) {
    if (c.refNum() != null && c.curNum() != null) {
      NumericSample r = c.refNum();
      NumericSample k = c.curNum();
      return new long[] {
        r.rowCount, r.nullCount + r.nanCount, k.rowCount, k.nullCount + k.nanCount
      };
    }
    @Nullable String[] r = Objects.requireNonNull(c.refCat());
    @Nullable String[] k = Objects.requireNonNull(c.curCat());
    return new long[] {r.length, nulls(r), k.length, nulls(k)};
  }

  private static long nulls(@Nullable String[] values) {
    long n = 0;
    for (String v : values) {
      if (v == null) {
        n++;
      }
    }
    return n;
  }

  private ColumnVerdict.MissingCheck missingCheck(Column c, double[] test, double padj) {
    long[] m = missingCounts(c);
    long r1 = m[0];
    long m1 = m[1];
    long r2 = m[2];
    long m2 = m[3];
    List<String> notes = new ArrayList<>();
    DriftPolicy.ColumnThresholds th = policy.thresholdsFor(c.name(), c.refNum() != null);
    double s1 = r1 == 0 ? Double.NaN : (double) m1 / r1;
    double s2 = r2 == 0 ? Double.NaN : (double) m2 / r2;
    if (Double.isNaN(test[0])) {
      notes.add("a side has no rows");
      return new ColumnVerdict.MissingCheck(
          s1,
          s2,
          Double.NaN,
          Double.NaN,
          "undefined",
          Double.NaN,
          Double.NaN,
          Verdict.INCONCLUSIVE,
          notes);
    }
    boolean fisher = test[1] == 1.0;
    double effect = Math.abs(s1 - s2);
    double e95 =
        effectiveSize(r1, r2) < policy.permutationMaxEffectiveSize()
            ? MissingValues.nullQ95(r1, r2, m1 + m2, policy.permutations(), seed(c.name()))
            : 0.0;
    long present1 = r1 - m1;
    long present2 = r2 - m2;
    Verdict v;
    if (present1 >= th.minNonMissing() && present2 == 0) {
      v = Verdict.FAIL;
      notes.add("column became empty");
    } else if (present2 >= th.minNonMissing() && present1 == 0) {
      v = Verdict.FAIL;
      notes.add("column appeared");
    } else {
      v =
          rule3(
              true,
              padj,
              effect,
              th.missingEffectThreshold(),
              r1 >= th.missingMinRows() && r2 >= th.missingMinRows(),
              fisher,
              e95,
              notes);
    }
    return new ColumnVerdict.MissingCheck(
        s1, s2, test[0], padj, fisher ? "fisher" : "z", effect, e95, v, notes);
  }

  private static double effectiveSize(long n1, long n2) {
    return n1 == 0 || n2 == 0 ? 0 : (double) n1 * n2 / ((double) n1 + n2);
  }

  /** Seed of a column's permutations: the policy's seed mixed with the column name. */
  private long seed(String column) {
    return policy.permutationSeed() * 0x9E3779B97F4A7C15L + column.hashCode();
  }

  /** Rule 3 a-f. */
  private Verdict rule3(
      boolean defined,
      double padj,
      double effect,
      double threshold,
      boolean bigEnough,
      boolean exact,
      double e95,
      List<String> notes) {
    if (!defined) {
      notes.add("the primary test is undefined");
      return Verdict.INCONCLUSIVE;
    }
    boolean significant = padj < policy.q();
    boolean large = effect >= threshold;
    if (significant && large && (bigEnough || exact)) {
      return Verdict.FAIL;
    }
    if (!bigEnough) {
      notes.add("fewer values than the minimum on a side");
      return Verdict.INCONCLUSIVE;
    }
    if (significant) {
      notes.add("significant but negligible");
      return Verdict.PASS;
    }
    if (large) {
      boolean aboveNoise =
          effect > e95 && !(Math.abs(effect - e95) <= EQUAL_REL * Math.max(effect, e95));
      if (aboveNoise) {
        return Verdict.WARN;
      }
      notes.add("effect within sampling noise (not above e95)");
      if (e95 > threshold) {
        notes.add("cannot rule out an effect below e95");
      }
      return Verdict.PASS;
    }
    return Verdict.PASS;
  }

  private ColumnVerdict verdictOf(
      Column c, ColumnDrift drift, double padj, ColumnVerdict.MissingCheck missing, int family) {
    List<String> notes = new ArrayList<>();
    DriftPolicy.ColumnThresholds th =
        policy.thresholdsFor(c.name(), drift instanceof NumericColumnDrift);
    boolean defined = drift.primaryPvalue().isDefined();
    drift.primaryPvalue().reason().ifPresent(notes::add);
    ColumnVerdict.EffectSize effect;
    long n1;
    long n2;
    boolean exact = false;
    double psi = Double.NaN;
    if (drift instanceof NumericColumnDrift d) {
      NumericSample r = Objects.requireNonNull(c.refNum());
      NumericSample k = Objects.requireNonNull(c.curNum());
      n1 = r.size();
      n2 = k.size();
      exact = d.ks().value().map(ks -> ks.method().equals("exact")).orElse(false);
      psi = d.binned().value().map(DecileBins.Result::psi).orElse(Double.NaN);
      double value = Double.NaN;
      double e95 = Double.NaN;
      if (defined) {
        double w = d.wasserstein().value().orElseThrow().distance();
        value = NumericEffect.effect(w, d.reference().std());
        if (!(d.reference().std() > 0)) {
          notes.add("reference is constant");
        }
        e95 =
            effectiveSize(n1, n2) < policy.permutationMaxEffectiveSize()
                ? NumericEffect.nullQ95(r.sorted, k.sorted, policy.permutations(), seed(c.name()))
                : 0.0;
      }
      effect =
          new ColumnVerdict.EffectSize(
              "wasserstein_over_reference_std", value, th.effectThreshold(), e95);
    } else {
      CategoricalColumnDrift d = (CategoricalColumnDrift) drift;
      n1 = d.reference().count();
      n2 = d.current().count();
      psi = d.frequencies().value().map(CategoricalFrequencies.Result::psi).orElse(Double.NaN);
      double value = Double.NaN;
      double e95 = Double.NaN;
      if (defined) {
        value = d.frequencies().value().orElseThrow().jsDistance();
        e95 =
            effectiveSize(n1, n2) < policy.permutationMaxEffectiveSize()
                ? CategoricalEffect.nullQ95(
                    Objects.requireNonNull(c.refCat()),
                    Objects.requireNonNull(c.curCat()),
                    policy.permutations(),
                    seed(c.name()))
                : 0.0;
      }
      effect = new ColumnVerdict.EffectSize("js_distance", value, th.effectThreshold(), e95);
    }
    boolean bigEnough = n1 >= th.minNonMissing() && n2 >= th.minNonMissing();
    Verdict dv =
        rule3(
            defined,
            padj,
            effect.value(),
            effect.threshold(),
            bigEnough,
            exact,
            effect.nullQ95(),
            notes);
    Verdict v = worse(dv, missing.verdict());
    @Nullable MinimumDetectableEffect mde = null;
    if (defined && n1 > 0 && n2 > 0 && family > 0) {
      double alpha = policy.q() / family;
      if (drift instanceof CategoricalColumnDrift d) {
        int k = d.frequencies().value().map(f -> f.categories().size()).orElse(1);
        mde = MinimumDetectableEffect.categorical(n1, n2, Math.max(1, k), alpha);
      } else {
        mde = MinimumDetectableEffect.numeric((int) n1, (int) n2, alpha);
      }
    }
    return new ColumnVerdict(
        c.name(),
        v,
        dv,
        drift.primaryTest(),
        padj,
        exact,
        effect,
        n1,
        n2,
        psi,
        psiBand(psi),
        missing,
        notes,
        mde);
  }

  static String psiBand(double psi) {
    if (Double.isNaN(psi)) {
      return "undefined";
    }
    if (psi < 0.1) {
      return "stable";
    }
    return psi <= 0.25 ? "moderate" : "large";
  }

  /** The 0.95 NumPy-linear quantile of a sample (sorted in place). */
  static double q95(double[] values) {
    Arrays.sort(values);
    return NumericProfile.linearQuantile(values, 0.95);
  }

  static SplittableRandom random(long seed) {
    return new SplittableRandom(seed);
  }
}
