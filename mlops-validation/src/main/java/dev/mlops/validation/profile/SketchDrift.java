package dev.mlops.validation.profile;

import dev.mlops.api.Verdict;
import dev.mlops.validation.drift.BenjaminiHochberg;
import dev.mlops.validation.drift.CategoricalFrequencies;
import dev.mlops.validation.drift.ColumnVerdict;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftTests;
import dev.mlops.validation.drift.KolmogorovSmirnov;
import dev.mlops.validation.drift.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Drift between two profiles, without raw data (STATISTICS.md, "Sketch-based drift").
 *
 * <p>Immutable and thread-safe. Numeric columns: when both quantile sketches still hold every
 * value, the data is exact and SciPy's two-sample KS runs on it ({@code mode = exact}). Otherwise D
 * is the largest difference of the two sketches' CDFs over their retained values; it is off by at
 * most {@code bound} = the sum of the two rank errors (99 % confidence; KLL k=200: about 1.33 %
 * each). A p-value (SciPy's {@code asymp} at the sketches' D) is given only when the bound is below
 * the two-sided critical D at alpha = q for these sizes ({@code mode = sketch_pvalue}); otherwise
 * {@code mode = sketch_d}. The deciding effect is D (threshold 0.1, configurable); {@code null_q95}
 * is not computed and rule 3e does not apply. With a p-value, rules 1, 3 (a-d, f), 4 and 5 apply,
 * where an effect "at or above" its threshold means D - bound &gt;= threshold, "below" means D +
 * bound &lt; threshold, and anything between is INCONCLUSIVE. Without a p-value: FAIL when D -
 * bound &gt;= threshold, PASS when D + bound &lt; threshold, INCONCLUSIVE otherwise.
 *
 * <p>Categorical columns are compared on exact frequencies (chi-squared, Jensen-Shannon distance
 * deciding, as for raw data) when both profiles hold them, otherwise INCONCLUSIVE, noted
 * "frequencies capped". Boolean columns are compared exactly on their true/false counts; timestamp
 * columns have no distribution sketch and are INCONCLUSIVE. The missing-value check (rule 4, from
 * the exact counts) applies to every column.
 *
 * <pre>{@code
 * SketchDriftReport r = SketchDrift.compare(reference, current);
 * SketchDriftReport strict = SketchDrift.with(DriftPolicy.defaults().withQ(0.01))
 *     .withDThreshold(0.05).run(reference, current);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SketchDrift {

  /** The default threshold of the deciding effect D. */
  public static final double DEFAULT_D_THRESHOLD = 0.1;

  private final DriftPolicy policy;
  private final double dThreshold;

  private SketchDrift(DriftPolicy policy, double dThreshold) {
    this.policy = policy;
    this.dThreshold = dThreshold;
  }

  /**
   * Returns a comparison with a policy and the default D threshold.
   *
   * @param policy q, minimums and the categorical and missing-value thresholds
   * @return the comparison
   * @throws NullPointerException if {@code policy} is null
   */
  public static SketchDrift with(DriftPolicy policy) {
    return new SketchDrift(Objects.requireNonNull(policy, "policy"), DEFAULT_D_THRESHOLD);
  }

  /**
   * Returns a copy with another threshold of D.
   *
   * @param threshold in [0, 1]
   * @return the copy
   * @throws IllegalArgumentException if the threshold is outside [0, 1]
   */
  public SketchDrift withDThreshold(double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
    }
    return new SketchDrift(policy, threshold);
  }

  /**
   * Compares two profiles with the default policy.
   *
   * @param reference the reference profile
   * @param current the current profile
   * @return the report
   * @throws IllegalArgumentException if a reference column is missing from the current profile or
   *     has another type
   * @throws NullPointerException if an argument is null
   */
  public static SketchDriftReport compare(Profile reference, Profile current) {
    return with(DriftPolicy.defaults()).run(reference, current);
  }

  /**
   * Compares two profiles.
   *
   * @param reference the reference profile
   * @param current the current profile
   * @return the report, columns in the reference's order
   * @throws IllegalArgumentException if a reference column is missing from the current profile or
   *     has another type
   * @throws NullPointerException if an argument is null
   */
  public SketchDriftReport run(Profile reference, Profile current) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    List<Partial> parts = new ArrayList<>();
    for (ColumnProfile r : reference.columns()) {
      ColumnProfile c =
          current
              .findColumn(r.name())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "column '" + r.name() + "' is not in the current profile"));
      if (c.type() != r.type()) {
        throw new IllegalArgumentException(
            "column '"
                + r.name()
                + "' is "
                + r.type()
                + " in the reference, "
                + c.type()
                + " in the current profile");
      }
      parts.add(partial(r, c));
    }
    double[] padj = adjust(parts, p -> p.pvalue);
    double[] madj = adjust(parts, p -> p.missingP);
    List<SketchColumnDrift> out = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> warned = new ArrayList<>();
    List<String> inconclusive = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Partial p = parts.get(i);
      List<String> notes = new ArrayList<>(p.notes);
      Verdict dist = distributionVerdict(p, padj[i], notes);
      ColumnVerdict.MissingCheck m = missingCheck(p, madj[i]);
      Verdict v = worse(dist, m.verdict());
      out.add(
          new SketchColumnDrift(
              p.column,
              p.type,
              p.mode,
              p.test,
              p.statistic,
              p.bound,
              p.criticalD,
              p.pvalue,
              p.exact,
              padj[i],
              p.effectName,
              p.effect,
              p.threshold,
              p.n1,
              p.n2,
              dist,
              m,
              v,
              notes));
      switch (v) {
        case FAIL -> failed.add(p.column);
        case WARN -> warned.add(p.column);
        case INCONCLUSIVE -> inconclusive.add(p.column);
        default -> {}
      }
    }
    Verdict dataset = Verdict.PASS;
    for (SketchColumnDrift d : out) {
      dataset = worse(dataset, d.verdict());
    }
    if (policy.warnShareForFail() > 0
        && !out.isEmpty()
        && (double) warned.size() / out.size() >= policy.warnShareForFail()) {
      dataset = Verdict.FAIL;
    }
    return new SketchDriftReport(dataset, out, failed, warned, inconclusive);
  }

  /** What one column contributes before the multiple-testing adjustment. */
  private static final class Partial {
    String column = "";
    String type = "";
    String mode = SketchColumnDrift.MODE_SKETCH_D;
    String test = "none";
    double statistic = Double.NaN;
    double bound = 0;
    double criticalD = Double.NaN;
    double pvalue = Double.NaN;
    boolean exact;
    boolean defined;
    String effectName = "ks_d";
    double effect = Double.NaN;
    double threshold;
    long n1;
    long n2;
    int minNonMissing;
    long rows1;
    long rows2;
    long missing1;
    long missing2;
    double missingP = Double.NaN;
    String missingMethod = "undefined";
    List<String> notes = new ArrayList<>();
  }

  private Partial partial(ColumnProfile r, ColumnProfile c) {
    Partial p = new Partial();
    p.column = r.name();
    p.type = r.type().name().toLowerCase(Locale.ROOT);
    p.n1 = r.count();
    p.n2 = c.count();
    p.rows1 = r.rowCount();
    p.rows2 = c.rowCount();
    p.missing1 = r.rowCount() - r.count();
    p.missing2 = c.rowCount() - c.count();
    if (p.rows1 > 0 && p.rows2 > 0) {
      DriftTests.MissingValueTest t =
          DriftTests.missingValues(p.rows1, p.missing1, p.rows2, p.missing2);
      p.missingP = t.pvalue();
      p.missingMethod = t.method();
    }
    boolean numeric = r instanceof NumericColumnProfile;
    DriftPolicy.ColumnThresholds th = policy.thresholdsFor(p.column, numeric);
    p.minNonMissing = th.minNonMissing();
    if (r instanceof NumericColumnProfile rn && c instanceof NumericColumnProfile cn) {
      numeric(p, rn.quantileSketch(), cn.quantileSketch());
    } else if (r instanceof CategoricalColumnProfile rc
        && c instanceof CategoricalColumnProfile cc) {
      p.threshold = th.effectThreshold();
      p.effectName = "js_distance";
      if (rc.frequencies().isPresent() && cc.frequencies().isPresent()) {
        frequencies(p, rc.frequencies().get(), cc.frequencies().get());
      } else {
        p.notes.add(
            rc.frequenciesCapped() || cc.frequenciesCapped()
                ? "frequencies capped"
                : "frequencies capped: a profile was made without exact frequencies");
      }
    } else if (r instanceof BooleanColumnProfile rb && c instanceof BooleanColumnProfile cb) {
      p.threshold = th.effectThreshold();
      p.effectName = "js_distance";
      frequencies(p, booleanCounts(rb), booleanCounts(cb));
    } else {
      p.threshold = th.effectThreshold();
      p.notes.add("no distribution sketch for " + p.type + " columns");
    }
    return p;
  }

  private void numeric(Partial p, QuantileSketch r, QuantileSketch c) {
    p.test = "ks";
    p.threshold = dThreshold;
    if (r.exact() && c.exact()) {
      p.mode = SketchColumnDrift.MODE_EXACT;
    }
    if (p.n1 == 0 || p.n2 == 0) {
      p.notes.add((p.n1 == 0 ? "reference" : "current") + " has no non-missing values");
      return;
    }
    p.defined = true;
    if (r.exact() && c.exact()) {
      KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(r.values(), c.values());
      p.statistic = ks.statistic();
      p.effect = ks.statistic();
      p.pvalue = ks.pvalue();
      p.exact = "exact".equals(ks.method());
      return;
    }
    double d = sketchD(r, c);
    p.statistic = d;
    p.effect = d;
    p.bound = r.rankError() + c.rankError();
    p.criticalD = criticalD(policy.q(), p.n1, p.n2);
    if (p.bound < p.criticalD) {
      p.mode = SketchColumnDrift.MODE_SKETCH_PVALUE;
      p.pvalue = KolmogorovSmirnov.asymptoticPvalue(d, p.n1, p.n2);
    } else {
      p.mode = SketchColumnDrift.MODE_SKETCH_D;
      p.notes.add(
          "no p-value: the sketches' bound "
              + p.bound
              + " is not below the critical D "
              + p.criticalD
              + " at these sizes");
    }
  }

  private static void frequencies(Partial p, Map<String, Long> r, Map<String, Long> c) {
    p.mode = SketchColumnDrift.MODE_EXACT;
    p.test = "chi2";
    Outcome<CategoricalFrequencies.Result> o = CategoricalFrequencies.compareFrequencies(r, c);
    if (o.value().isEmpty()) {
      p.notes.add(o.reason().orElse("test undefined"));
      return;
    }
    CategoricalFrequencies.Result res = o.value().get();
    p.defined = true;
    p.statistic = res.chi2().statistic();
    p.pvalue = res.chi2().pvalue();
    p.effect = res.jsDistance();
  }

  private static Map<String, Long> booleanCounts(BooleanColumnProfile b) {
    Map<String, Long> m = new HashMap<>();
    if (b.falseCount() > 0) {
      m.put("false", b.falseCount());
    }
    if (b.trueCount() > 0) {
      m.put("true", b.trueCount());
    }
    return m;
  }

  /** sup |F_ref - F_cur| of the two sketches' CDFs (inclusive ranks) over their retained values. */
  static double sketchD(QuantileSketch r, QuantileSketch c) {
    double d = 0;
    for (double[] items : new double[][] {r.retainedItems(), c.retainedItems()}) {
      for (double x : items) {
        d = Math.max(d, Math.abs(r.rank(x) - c.rank(x)));
      }
    }
    return d;
  }

  /**
   * The two-sided critical D at level alpha: the D whose SciPy {@code asymp} p-value is alpha at
   * sizes n1, n2 (bisection; the p-value falls as D grows).
   *
   * @param alpha the level in (0, 1)
   * @param n1 reference size, at least 1
   * @param n2 current size, at least 1
   * @return the critical D
   * @throws IllegalArgumentException if alpha is outside (0, 1) or a size below 1
   */
  public static double criticalD(double alpha, long n1, long n2) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60 && hi - lo > 1e-12; i++) {
      double mid = (lo + hi) / 2;
      double p = KolmogorovSmirnov.asymptoticPvalue(mid, n1, n2);
      if (p > alpha) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  private interface PValue {
    double of(Partial p);
  }

  private static double[] adjust(List<Partial> parts, PValue f) {
    double[] out = new double[parts.size()];
    Arrays.fill(out, Double.NaN);
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (!Double.isNaN(f.of(parts.get(i)))) {
        idx.add(i);
      }
    }
    double[] ps = new double[idx.size()];
    for (int i = 0; i < ps.length; i++) {
      ps[i] = f.of(parts.get(idx.get(i)));
    }
    double[] adj = BenjaminiHochberg.adjust(ps);
    for (int i = 0; i < ps.length; i++) {
      out[idx.get(i)] = adj[i];
    }
    return out;
  }

  private Verdict distributionVerdict(Partial p, double padj, List<String> notes) {
    if (!p.defined) {
      return Verdict.INCONCLUSIVE;
    }
    double t = p.threshold;
    boolean above = p.effect - p.bound >= t;
    boolean below = p.effect + p.bound < t;
    boolean small = p.n1 < p.minNonMissing || p.n2 < p.minNonMissing;
    if (Double.isNaN(p.pvalue)) {
      if (above) {
        notes.add("D - bound is at or above the threshold " + t);
        return Verdict.FAIL;
      }
      if (below) {
        return Verdict.PASS;
      }
      notes.add("D is within its bound of the threshold " + t);
      return Verdict.INCONCLUSIVE;
    }
    boolean significant = padj < policy.q();
    if (significant && above && (!small || p.exact)) {
      return Verdict.FAIL;
    }
    if (small) {
      notes.add("fewer than " + p.minNonMissing + " non-missing values on a side");
      return Verdict.INCONCLUSIVE;
    }
    if (significant) {
      if (below) {
        notes.add("significant but negligible");
        return Verdict.PASS;
      }
      notes.add("significant, effect within its bound of the threshold " + t);
      return Verdict.INCONCLUSIVE;
    }
    return Verdict.PASS;
  }

  private ColumnVerdict.MissingCheck missingCheck(Partial p, double padj) {
    DriftPolicy.ColumnThresholds th = policy.thresholdsFor(p.column, "numeric".equals(p.type));
    double s1 = p.rows1 == 0 ? Double.NaN : (double) p.missing1 / p.rows1;
    double s2 = p.rows2 == 0 ? Double.NaN : (double) p.missing2 / p.rows2;
    double effect = Math.abs(s1 - s2);
    List<String> notes = new ArrayList<>();
    Verdict v;
    if (p.n1 >= th.minNonMissing() && p.n1 > 0 && p.n2 == 0) {
      notes.add("column became empty");
      v = Verdict.FAIL;
    } else if (p.n2 >= th.minNonMissing() && p.n2 > 0 && p.n1 == 0) {
      notes.add("column appeared");
      v = Verdict.FAIL;
    } else if (Double.isNaN(p.missingP)) {
      notes.add("a side has no rows");
      v = Verdict.INCONCLUSIVE;
    } else {
      boolean significant = padj < policy.q();
      boolean small = p.rows1 < th.missingMinRows() || p.rows2 < th.missingMinRows();
      if (significant
          && effect >= th.missingEffectThreshold()
          && (!small || "fisher".equals(p.missingMethod))) {
        v = Verdict.FAIL;
      } else if (small) {
        notes.add("fewer than " + th.missingMinRows() + " rows on a side");
        v = Verdict.INCONCLUSIVE;
      } else if (significant) {
        notes.add("significant but negligible");
        v = Verdict.PASS;
      } else {
        v = Verdict.PASS;
      }
    }
    return new ColumnVerdict.MissingCheck(
        s1, s2, p.missingP, padj, p.missingMethod, effect, Double.NaN, v, notes);
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
}
