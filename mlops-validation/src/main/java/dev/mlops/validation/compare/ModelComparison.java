package dev.mlops.validation.compare;

import dev.mlops.api.InvalidInputException;
import dev.mlops.validation.metrics.BinaryClassificationEvaluator;
import dev.mlops.validation.metrics.BinaryClassificationResult;
import dev.mlops.validation.metrics.BinaryOutcomes;
import dev.mlops.validation.metrics.DeLong;
import dev.mlops.validation.metrics.Interval;
import dev.mlops.validation.metrics.IntervalSpec;
import dev.mlops.validation.metrics.MetricValue;
import dev.mlops.validation.metrics.PairedAucTest;
import dev.mlops.validation.metrics.RegressionEvaluator;
import dev.mlops.validation.metrics.RegressionOutcomes;
import dev.mlops.validation.metrics.RegressionResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Champion versus challenger on the same rows: the paired difference of any metric with its
 * interval, and a non-inferiority verdict decided on that interval ({@link PairedComparison}).
 *
 * <p>Immutable and thread-safe: the outcomes are validated and both models' point metrics computed
 * once, when the comparison is created; each call then only resamples.
 *
 * <p>Methods ({@link #compare} picks the first that applies):
 *
 * <ul>
 *   <li>{@code roc_auc}, unweighted: the DeLong test for two correlated AUCs (DeLong, DeLong and
 *       Clarke-Pearson, Biometrics 44, 1988), through {@link DeLong#compare}; its z-interval of the
 *       difference and its p-value.
 *   <li>{@code accuracy}, unweighted: McNemar's test on the discordant pairs, f (only the
 *       challenger right) and g (only the champion right). The p-value is exact binomial (f ~ Bin(f
 *       + g, 1/2), two-sided, doubled smaller tail) when f + g &lt; 25, the usual rule for the
 *       chi-squared approximation, and otherwise chi-squared with Edwards' continuity correction,
 *       (|f - g| - 1)^2 / (f + g) on 1 df. The interval of the accuracy difference (f - g) / n is
 *       Newcombe's hybrid score interval for paired proportions (Statistics in Medicine 17, 1998,
 *       method 10, with the continuity-corrected phi; interval method {@code newcombe_paired}).
 *       With no discordant pair at all the two models agree on every row: the difference is exactly
 *       0 on these rows and on any resample of them, and the interval is reported as [0, 0] with a
 *       note (Newcombe's interval would still have a width, from the uncertainty of the accuracies
 *       themselves, which the paired question does not ask about).
 *   <li>every metric: the paired percentile bootstrap. Each of {@link IntervalSpec#resamples()}
 *       seeded resamples draws rows with replacement, for classification separately among the
 *       positive and the negative rows (stratified by label, class counts held at the observed
 *       ones), and evaluates both models on the same drawn rows; the interval is the percentile
 *       interval of challenger - champion (linear interpolation between order statistics). A
 *       resample in which the metric is undefined for either model is left out, and the note counts
 *       them. Interval method {@code paired_stratified_bootstrap} (classification) or {@code
 *       paired_bootstrap} (regression).
 * </ul>
 *
 * <p>With sample weights the DeLong and McNemar methods do not apply and {@link #compare} uses the
 * paired bootstrap (the weights travel with the rows).
 *
 * <pre>{@code
 * ModelComparison cmp = ModelComparison.binary(
 *     BinaryOutcomes.of(labels, championScores, championPredictions),
 *     BinaryOutcomes.of(labels, challengerScores, challengerPredictions));
 * PairedComparison auc = cmp.compare("roc_auc", 0.01, IntervalSpec.defaults());   // DeLong
 * PairedComparison f1 = cmp.compare("f1", 0.02, IntervalSpec.defaults());         // bootstrap
 * boolean promote = auc.verdict() == Verdict.PASS && f1.verdict() == Verdict.PASS;
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ModelComparison {

  /** Method name of the DeLong test. */
  public static final String DELONG = "delong";

  /** Method name of McNemar's exact binomial test. */
  public static final String MCNEMAR_EXACT = "mcnemar_exact";

  /** Method name of McNemar's chi-squared test with continuity correction. */
  public static final String MCNEMAR_CHI2 = "mcnemar_chi2";

  /** Method name of the paired bootstrap. */
  public static final String PAIRED_BOOTSTRAP = "paired_bootstrap";

  private final @Nullable BinaryOutcomes championBinary;
  private final @Nullable BinaryOutcomes challengerBinary;
  private final @Nullable RegressionOutcomes championRegression;
  private final @Nullable RegressionOutcomes challengerRegression;
  private final List<String> metricNames;
  private final Map<String, MetricValue> championMetrics;
  private final Map<String, MetricValue> challengerMetrics;
  private final boolean weighted;
  private final int n;
  // classification only: row indices by label
  private final int[] positives;
  private final int[] negatives;

  private ModelComparison(
      @Nullable BinaryOutcomes championBinary,
      @Nullable BinaryOutcomes challengerBinary,
      @Nullable RegressionOutcomes championRegression,
      @Nullable RegressionOutcomes challengerRegression,
      List<String> metricNames,
      List<MetricValue> championMetrics,
      List<MetricValue> challengerMetrics,
      boolean weighted,
      int n,
      int[] positives,
      int[] negatives) {
    this.championBinary = championBinary;
    this.challengerBinary = challengerBinary;
    this.championRegression = championRegression;
    this.challengerRegression = challengerRegression;
    this.metricNames = List.copyOf(metricNames);
    this.championMetrics = byName(championMetrics);
    this.challengerMetrics = byName(challengerMetrics);
    this.weighted = weighted;
    this.n = n;
    this.positives = positives;
    this.negatives = negatives;
  }

  private static Map<String, MetricValue> byName(List<MetricValue> metrics) {
    Map<String, MetricValue> m = new HashMap<>();
    for (MetricValue v : metrics) {
      m.put(v.name(), v);
    }
    return m;
  }

  /**
   * Prepares a comparison of two binary classifiers on the same rows.
   *
   * @param champion the current model's outcomes
   * @param challenger the candidate's outcomes: the same rows, the same labels (and the same
   *     weights, if any)
   * @return the comparison
   * @throws InvalidInputException if the row counts differ, or a row's label or weight differs (the
   *     message names the first such row)
   * @throws NullPointerException if an argument is null
   */
  public static ModelComparison binary(BinaryOutcomes champion, BinaryOutcomes challenger) {
    Objects.requireNonNull(champion, "champion");
    Objects.requireNonNull(challenger, "challenger");
    int n = champion.size();
    requireSameSize(n, challenger.size());
    if (champion.weighted() != challenger.weighted()) {
      throw InvalidInputException.of(
          "weights",
          "only the "
              + (champion.weighted() ? "champion" : "challenger")
              + " has sample weights; both models must be evaluated with the same weights");
    }
    int pos = 0;
    for (int i = 0; i < n; i++) {
      if (champion.label(i) != challenger.label(i)) {
        throw new InvalidInputException(
            "labels",
            i,
            "row "
                + i
                + " has label "
                + champion.label(i)
                + " for the champion but "
                + challenger.label(i)
                + " for the challenger; compare the two models on the same rows in the same order",
            null);
      }
      if (champion.weighted() && champion.weight(i) != challenger.weight(i)) {
        throw new InvalidInputException(
            "weights",
            i,
            "row " + i + " has different sample weights for the champion and the challenger",
            null);
      }
      pos += champion.label(i);
    }
    int[] p = new int[pos];
    int[] q = new int[n - pos];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (champion.label(i) == 1) {
        p[a++] = i;
      } else {
        q[b++] = i;
      }
    }
    BinaryClassificationEvaluator evaluator = BinaryClassificationEvaluator.create();
    BinaryClassificationResult c = evaluator.evaluate(champion, IntervalSpec.none());
    BinaryClassificationResult d = evaluator.evaluate(challenger, IntervalSpec.none());
    return new ModelComparison(
        champion,
        challenger,
        null,
        null,
        BinaryClassificationResult.METRIC_NAMES,
        c.metrics(),
        d.metrics(),
        champion.weighted(),
        n,
        p,
        q);
  }

  /**
   * Prepares a comparison of two regression models on the same rows.
   *
   * @param champion the current model's outcomes
   * @param challenger the candidate's outcomes: the same rows and targets
   * @return the comparison
   * @throws InvalidInputException if the row counts differ or a row's target differs (the message
   *     names the first such row)
   * @throws NullPointerException if an argument is null
   */
  public static ModelComparison regression(
      RegressionOutcomes champion, RegressionOutcomes challenger) {
    Objects.requireNonNull(champion, "champion");
    Objects.requireNonNull(challenger, "challenger");
    int n = champion.size();
    requireSameSize(n, challenger.size());
    for (int i = 0; i < n; i++) {
      if (Double.compare(champion.target(i), challenger.target(i)) != 0) {
        throw new InvalidInputException(
            "target",
            i,
            "row "
                + i
                + " has target "
                + champion.target(i)
                + " for the champion but "
                + challenger.target(i)
                + " for the challenger; compare the two models on the same rows in the same order",
            null);
      }
    }
    RegressionEvaluator evaluator = RegressionEvaluator.create();
    RegressionResult c = evaluator.evaluate(champion, IntervalSpec.none());
    RegressionResult d = evaluator.evaluate(challenger, IntervalSpec.none());
    return new ModelComparison(
        null,
        null,
        champion,
        challenger,
        RegressionResult.METRIC_NAMES,
        c.metrics(),
        d.metrics(),
        false,
        n,
        new int[0],
        new int[0]);
  }

  private static void requireSameSize(int champion, int challenger) {
    if (champion != challenger) {
      throw InvalidInputException.of(
          "challenger",
          "the champion has "
              + champion
              + " rows but the challenger has "
              + challenger
              + "; compare the two models on the same rows");
    }
  }

  /**
   * Returns the metric names this comparison accepts.
   *
   * @return the names, as the evaluators name them
   */
  public List<String> metricNames() {
    return metricNames;
  }

  /**
   * Compares one metric with the method that fits it: DeLong for {@code roc_auc}, McNemar for
   * {@code accuracy} (both only without weights), the paired bootstrap otherwise.
   *
   * @param metric the metric's name, one of {@link #metricNames()}
   * @param margin the non-inferiority margin delta, at least 0, in the metric's units
   * @param spec the interval level, and the bootstrap's resamples and seed
   * @return the comparison with its verdict
   * @throws IllegalArgumentException if the metric is unknown, the margin negative or NaN, the spec
   *     is {@link IntervalSpec#none()}, or the bootstrap is needed with fewer than 2 resamples
   * @throws NullPointerException if an argument is null
   */
  public PairedComparison compare(String metric, double margin, IntervalSpec spec) {
    requireMetric(metric);
    if (championBinary != null && !weighted) {
      if (metric.equals("roc_auc")) {
        return delong(margin, spec);
      }
      if (metric.equals("accuracy")) {
        return mcnemar(margin, spec);
      }
    }
    return pairedBootstrap(metric, margin, spec);
  }

  /**
   * Compares ROC AUC by the DeLong test.
   *
   * @param margin the non-inferiority margin, at least 0
   * @param spec the interval level (resamples and seed are not used)
   * @return the comparison
   * @throws IllegalStateException if the models are regressions or the outcomes are weighted
   * @throws IllegalArgumentException if the margin is negative or NaN or the spec is {@link
   *     IntervalSpec#none()}
   * @throws InvalidInputException if a class has fewer than two rows
   * @throws NullPointerException if {@code spec} is null
   */
  public PairedComparison delong(double margin, IntervalSpec spec) {
    requireMargin(margin);
    requireEnabled(spec);
    BinaryOutcomes champion = requireUnweightedBinary("DeLong");
    BinaryOutcomes challenger = Objects.requireNonNull(challengerBinary);
    int[] labels = new int[n];
    double[] a = new double[n];
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = champion.label(i);
      a[i] = challenger.score(i);
      b[i] = champion.score(i);
    }
    PairedAucTest t = DeLong.compare(labels, a, b, spec.level());
    return result(
        "roc_auc",
        true,
        t.aucB(),
        t.aucA(),
        t.difference(),
        t.interval(),
        t.pValue(),
        DELONG,
        margin,
        spec.level(),
        t.note());
  }

  /**
   * Compares accuracy by McNemar's test, with Newcombe's interval for the paired difference.
   *
   * @param margin the non-inferiority margin, at least 0
   * @param spec the interval level (resamples and seed are not used)
   * @return the comparison
   * @throws IllegalStateException if the models are regressions or the outcomes are weighted
   * @throws IllegalArgumentException if the margin is negative or NaN or the spec is {@link
   *     IntervalSpec#none()}
   * @throws NullPointerException if {@code spec} is null
   */
  public PairedComparison mcnemar(double margin, IntervalSpec spec) {
    requireMargin(margin);
    requireEnabled(spec);
    BinaryOutcomes champion = requireUnweightedBinary("McNemar");
    BinaryOutcomes challenger = Objects.requireNonNull(challengerBinary);
    int e = 0;
    int f = 0;
    int g = 0;
    int h = 0;
    for (int i = 0; i < n; i++) {
      int y = champion.label(i);
      boolean championRight = champion.prediction(i) == y;
      boolean challengerRight = challenger.prediction(i) == y;
      if (championRight && challengerRight) {
        e++;
      } else if (challengerRight) {
        f++;
      } else if (championRight) {
        g++;
      } else {
        h++;
      }
    }
    double level = spec.level();
    Interval interval;
    Optional<String> note = Optional.empty();
    if (f + g == 0) {
      interval = new Interval(0, 0, level, "newcombe_paired");
      note =
          Optional.of(
              "no discordant pair: the two models are right and wrong on exactly the same rows, so"
                  + " the difference is 0 on these rows and on any resample of them; interval [0, 0]");
    } else {
      double[] ci = McNemar.newcombe(e, f, g, h, CompareStats.z(level));
      double d = (double) (f - g) / n;
      interval = new Interval(Math.min(ci[0], d), Math.max(ci[1], d), level, "newcombe_paired");
    }
    return result(
        "accuracy",
        true,
        (double) (e + g) / n,
        (double) (e + f) / n,
        (double) (f - g) / n,
        Optional.of(interval),
        OptionalDouble.of(McNemar.pValue(f, g)),
        McNemar.exact(f, g) ? MCNEMAR_EXACT : MCNEMAR_CHI2,
        margin,
        level,
        note);
  }

  /**
   * Compares any metric by the paired bootstrap.
   *
   * @param metric the metric's name, one of {@link #metricNames()}
   * @param margin the non-inferiority margin, at least 0
   * @param spec the interval level, resamples (at least 2) and seed
   * @return the comparison
   * @throws IllegalArgumentException if the metric is unknown, the margin negative or NaN, or the
   *     spec is {@link IntervalSpec#none()} or has fewer than 2 resamples
   * @throws NullPointerException if an argument is null
   */
  public PairedComparison pairedBootstrap(String metric, double margin, IntervalSpec spec) {
    requireMetric(metric);
    requireMargin(margin);
    requireEnabled(spec);
    if (spec.resamples() < 2) {
      throw new IllegalArgumentException(
          "the paired bootstrap needs at least 2 resamples, but the spec has "
              + spec.resamples()
              + "; use IntervalSpec.defaults() (1,000)");
    }
    MetricValue c = Objects.requireNonNull(championMetrics.get(metric));
    MetricValue d = Objects.requireNonNull(challengerMetrics.get(metric));
    boolean higher = c.higherIsBetter();
    double cv = c.valueOrNaN();
    double dv = d.valueOrNaN();
    int b = spec.resamples();
    double[] diffs = new double[b];
    int valid = 0;
    int[] rows = new int[n];
    SplittableRandom rnd = new SplittableRandom(spec.seed());
    for (int r = 0; r < b; r++) {
      draw(rnd, rows);
      double x = evaluate(true, rows, metric);
      double y = evaluate(false, rows, metric);
      if (!Double.isNaN(x) && !Double.isNaN(y)) {
        diffs[valid++] = y - x;
      }
    }
    List<String> notes = new ArrayList<>();
    Optional<Interval> interval = Optional.empty();
    String method = championBinary != null ? "paired_stratified_bootstrap" : "paired_bootstrap";
    if (Double.isNaN(cv) || Double.isNaN(dv)) {
      notes.add(
          metric
              + " is undefined for the "
              + (Double.isNaN(cv) ? "champion" : "challenger")
              + ": "
              + (Double.isNaN(cv) ? c : d).note().orElse("no value"));
    } else if (valid < 2) {
      notes.add("no interval: " + metric + " was undefined in all but " + valid + " resamples");
    } else {
      double[] ci = CompareStats.percentile(diffs, valid, spec.level());
      double diff = dv - cv;
      interval =
          Optional.of(
              new Interval(Math.min(ci[0], diff), Math.max(ci[1], diff), spec.level(), method));
    }
    if (valid < b && valid >= 2) {
      notes.add(
          (b - valid)
              + " of "
              + b
              + " resamples left out: "
              + metric
              + " was undefined for a model there");
    }
    notes.add("seed " + spec.seed() + ", " + b + " resamples");
    return result(
        metric,
        higher,
        cv,
        dv,
        dv - cv,
        interval,
        OptionalDouble.empty(),
        PAIRED_BOOTSTRAP,
        margin,
        spec.level(),
        Optional.of(String.join("; ", notes)));
  }

  private void draw(SplittableRandom rnd, int[] rows) {
    if (championBinary != null) {
      int k = 0;
      for (int i = 0; i < positives.length; i++) {
        rows[k++] = positives[rnd.nextInt(positives.length)];
      }
      for (int i = 0; i < negatives.length; i++) {
        rows[k++] = negatives[rnd.nextInt(negatives.length)];
      }
    } else {
      for (int i = 0; i < n; i++) {
        rows[i] = rnd.nextInt(n);
      }
    }
  }

  private double evaluate(boolean champion, int[] rows, String metric) {
    Optional<MetricValue> v;
    if (championBinary != null) {
      BinaryOutcomes o = champion ? championBinary : Objects.requireNonNull(challengerBinary);
      v = BinaryEvaluators.EVALUATOR.evaluate(o, rows, IntervalSpec.none()).metric(metric);
    } else {
      RegressionOutcomes o =
          champion
              ? Objects.requireNonNull(championRegression)
              : Objects.requireNonNull(challengerRegression);
      v = BinaryEvaluators.REGRESSION.evaluate(o, rows, IntervalSpec.none()).metric(metric);
    }
    return v.map(MetricValue::valueOrNaN).orElse(Double.NaN);
  }

  private static PairedComparison result(
      String metric,
      boolean higherIsBetter,
      double champion,
      double challenger,
      double difference,
      Optional<Interval> interval,
      OptionalDouble pValue,
      String method,
      double margin,
      double level,
      Optional<String> note) {
    return new PairedComparison(
        metric,
        higherIsBetter,
        champion,
        challenger,
        difference,
        interval,
        pValue,
        method,
        margin,
        (1 + level) / 2,
        PairedComparison.decide(interval, higherIsBetter, margin),
        note);
  }

  private void requireMetric(String metric) {
    Objects.requireNonNull(metric, "metric");
    if (!metricNames.contains(metric)) {
      throw new IllegalArgumentException(
          "unknown metric '"
              + metric
              + "' for "
              + (championBinary != null ? "binary classification" : "regression")
              + "; use one of "
              + metricNames);
    }
  }

  private static void requireMargin(double margin) {
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new IllegalArgumentException(
          "the non-inferiority margin must be finite and >= 0, was " + margin);
    }
  }

  private static void requireEnabled(IntervalSpec spec) {
    Objects.requireNonNull(spec, "spec");
    if (!spec.enabled()) {
      throw new IllegalArgumentException(
          "a comparison is decided on an interval, but the spec is IntervalSpec.none(); pass"
              + " IntervalSpec.defaults()");
    }
  }

  private BinaryOutcomes requireUnweightedBinary(String test) {
    if (championBinary == null) {
      throw new IllegalStateException(
          "the " + test + " test compares classifiers; these are regression models");
    }
    if (weighted) {
      throw new IllegalStateException(
          "the "
              + test
              + " test does not take sample weights; use pairedBootstrap (compare() does so)");
    }
    return championBinary;
  }

  @Override
  public String toString() {
    return "ModelComparison["
        + (championBinary != null ? "binary" : "regression")
        + ", "
        + n
        + " rows]";
  }

  /** The shared evaluators (immutable and thread-safe). */
  private static final class BinaryEvaluators {
    static final BinaryClassificationEvaluator EVALUATOR = BinaryClassificationEvaluator.create();
    static final RegressionEvaluator REGRESSION = RegressionEvaluator.create();
  }
}
