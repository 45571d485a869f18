package dev.mlops.validation.schema;

import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.ColumnType;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.validation.profile.CategoricalColumnProfile;
import dev.mlops.validation.profile.ColumnProfile;
import dev.mlops.validation.profile.NumericColumnProfile;
import dev.mlops.validation.profile.Profile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Suggests a {@link Schema} from a table, like TFDV's {@code infer_schema} and Deequ's constraint
 * suggestion.
 *
 * <p>Stateless and thread-safe. Per column, in table order:
 *
 * <ul>
 *   <li>{@code type}: the column's type, severity FAIL;
 *   <li>{@code nulls}: no missing value observed gives {@code max_fraction 0} (not nullable),
 *       severity FAIL; otherwise the observed share p of n rows gives the upper end of its 95 %
 *       Wilson score interval, (p + z²/2n + z sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) with z = 1.96
 *       (Wilson 1927, JASA 22:209), severity WARN;
 *   <li>{@code range} (numeric): [observed min, observed max], severity WARN;
 *   <li>{@code categories} (categorical): the observed categories when there are at most {@link
 *       InferenceOptions#maxCategories()} of them and some value repeats, severity FAIL;
 *   <li>{@code unique}: when at least two values are present and all are distinct (Deequ's
 *       UniqueIfApproximatelyUniqueRule, here exact), severity WARN.
 * </ul>
 *
 * With {@link InferenceOptions#testsetRatio()} r &gt; 0 the rows are shuffled with the seed,
 * floor(r n) of them are held out, the suggestions are inferred from the rest and each is kept only
 * if it holds on the held-out rows (Deequ's {@code useTrainTestSplitWithTestsetRatio}); the type is
 * always kept. Without a split, validating the same table against the inferred schema passes.
 *
 * <pre>{@code
 * InferredSchema inferred = SchemaInference.infer(training, InferenceOptions.defaults());
 * ValidationReport r = SchemaValidator.validate(inferred.schema(), serving);
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaInference {

  private static final double Z95 = 1.959963984540054;

  private SchemaInference() {}

  /**
   * Infers a schema with the default options.
   *
   * @param table the table
   * @return the suggestions and their schema
   * @throws NullPointerException if {@code table} is null
   */
  public static InferredSchema infer(Table table) {
    return infer(table, InferenceOptions.defaults());
  }

  /**
   * Infers a schema.
   *
   * @param table the table
   * @param options the options
   * @return the suggestions and their schema
   * @throws NullPointerException if an argument is null
   */
  public static InferredSchema infer(Table table, InferenceOptions options) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(options, "options");
    int n = table.rowCount();
    int held = (int) Math.floor(options.testsetRatio() * n);
    Table train = table;
    @Nullable Table test = null;
    if (held > 0) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      SplittableRandom random = new SplittableRandom(options.seed());
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      boolean[] isTest = new boolean[n];
      for (int i = 0; i < held; i++) {
        isTest[order[i]] = true;
      }
      int[] trainRows = new int[n - held];
      int[] testRows = new int[held];
      int a = 0;
      int b = 0;
      for (int i = 0; i < n; i++) {
        if (isTest[i]) {
          testRows[b++] = i;
        } else {
          trainRows[a++] = i;
        }
      }
      train = table.take(trainRows);
      test = table.take(testRows);
    }
    Schema.Builder schema = Schema.builder();
    List<InferredSchema.Suggestion> suggestions = new ArrayList<>();
    for (Column c : train.columns()) {
      List<Candidate> candidates = candidates(c, options);
      ColumnSpec.Builder spec = ColumnSpec.builder(c.name(), c.type());
      for (Candidate cand : candidates) {
        @Nullable String reason = null;
        if (test != null && !cand.check.equals("type")) {
          ColumnSpec one = cand.apply(ColumnSpec.builder(c.name(), c.type())).build();
          ValidationReport r =
              SchemaValidator.validate(Schema.builder().column(one).build(), test, 0);
          if (!r.checks().isEmpty()) {
            reason =
                "violated on the "
                    + held
                    + " held-out rows: "
                    + r.checks().get(0).failingRows()
                    + " failing rows, observed "
                    + r.checks().get(0).observed();
          }
        }
        if (reason == null) {
          cand.apply(spec);
        }
        suggestions.add(
            new InferredSchema.Suggestion(
                c.name(), cand.check, cand.constraint, cand.observed, reason == null, reason));
      }
      schema.column(spec.build());
    }
    return new InferredSchema(schema.build(), suggestions);
  }

  /**
   * Infers a schema from a profile, for data that was only profiled. The suggestions follow the
   * same rules as for a table wherever the profile holds the exact answer: type, nulls and range
   * always; categories and categorical uniqueness from the exact frequencies (none when they were
   * capped); numeric uniqueness while the quantile sketch still holds every value. Boolean and
   * timestamp columns get no uniqueness suggestion (their distinct counts are estimates). On a
   * profile whose sketches and frequencies are exact, the result equals {@link #infer(Table,
   * InferenceOptions)} of the profiled table, but for the uniqueness of timestamp columns.
   *
   * <pre>{@code
   * InferredSchema inferred = SchemaInference.infer(Profiler.profile(training), InferenceOptions.defaults());
   * }</pre>
   *
   * @param profile the profile
   * @param options the options; a profile has no rows to hold out, so the test-set ratio must be 0
   * @return the suggestions and their schema
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the options ask for a held-out split
   */
  public static InferredSchema infer(Profile profile, InferenceOptions options) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(options, "options");
    if (options.testsetRatio() > 0) {
      throw new IllegalArgumentException(
          "a profile has no rows to hold out; infer from the table to score suggestions on a"
              + " held-out part, or use a test-set ratio of 0");
    }
    Schema.Builder schema = Schema.builder();
    List<InferredSchema.Suggestion> suggestions = new ArrayList<>();
    for (ColumnProfile c : profile.columns()) {
      ColumnSpec.Builder spec = ColumnSpec.builder(c.name(), c.type());
      for (Candidate cand : candidates(c, options)) {
        cand.apply(spec);
        suggestions.add(
            new InferredSchema.Suggestion(
                c.name(), cand.check, cand.constraint, cand.observed, true, null));
      }
      schema.column(spec.build());
    }
    return new InferredSchema(schema.build(), suggestions);
  }

  private static List<Candidate> candidates(ColumnProfile c, InferenceOptions options) {
    List<Candidate> out = new ArrayList<>();
    out.add(new Candidate("type", c.type().name(), c.type().name(), b -> b));
    long n = c.rowCount();
    long missing = c instanceof NumericColumnProfile num ? num.missingCount() : c.nullCount();
    long present = n - missing;
    if (n > 0) {
      out.add(nulls(missing, n));
    }
    if (c instanceof NumericColumnProfile num
        && present > 0
        && Double.isFinite(num.min())
        && Double.isFinite(num.max())) {
      double min = num.min();
      double max = num.max();
      String text = "[" + Numbers.format(min) + ", " + Numbers.format(max) + "]";
      out.add(
          new Candidate(
              "range", text, "min and max " + text, b -> b.range(min, max, Severity.WARN)));
    }
    Map<String, Long> frequencies = null;
    if (c instanceof CategoricalColumnProfile cat && !cat.frequenciesCapped()) {
      frequencies = cat.frequencies().orElse(null);
    }
    if (frequencies != null && present > 0) {
      TreeSet<String> seen = new TreeSet<>(frequencies.keySet());
      if (seen.size() <= options.maxCategories() && seen.size() < present) {
        List<String> allowed = List.copyOf(seen);
        out.add(
            new Candidate(
                "categories",
                "one of " + allowed,
                seen.size() + " distinct categories in " + present + " values",
                b -> b.categories(allowed, Severity.FAIL)));
      }
    }
    if (present >= 2) {
      boolean unique = false;
      if (frequencies != null) {
        unique = frequencies.size() == present;
      } else if (c instanceof NumericColumnProfile num && num.quantileSketch().exact()) {
        double[] v = num.quantileSketch().values();
        unique = true;
        for (int i = 1; i < v.length && unique; i++) {
          unique = v[i] != v[i - 1]; // -0.0 == 0.0, as for a table
        }
      }
      if (unique) {
        out.add(
            new Candidate(
                "unique",
                "unique",
                present + " distinct values in " + present + " present rows",
                b -> b.unique(Severity.WARN)));
      }
    }
    return out;
  }

  private static Candidate nulls(long missing, long n) {
    if (missing == 0) {
      return new Candidate(
          "nulls",
          "<= 0 (not nullable)",
          "0 of " + n + " rows missing",
          b -> b.maxNullFraction(0.0, Severity.FAIL));
    }
    double p = (double) missing / n;
    double max = wilsonUpper(p, n);
    return new Candidate(
        "nulls",
        "<= " + Numbers.format(max),
        missing + " of " + n + " rows missing (" + Numbers.format(p) + ")",
        b -> b.maxNullFraction(max, Severity.WARN));
  }

  /** One suggested constraint and how to add it to a spec. */
  private record Candidate(
      String check, String constraint, String observed, UnaryOperator<ColumnSpec.Builder> add) {
    ColumnSpec.Builder apply(ColumnSpec.Builder b) {
      return add.apply(b);
    }
  }

  /** The upper end of the 95 % Wilson score interval of a proportion p over n trials. */
  static double wilsonUpper(double p, long n) {
    double z2 = Z95 * Z95;
    double upper =
        (p + z2 / (2.0 * n) + Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    return Math.min(1.0, Math.max(p, upper));
  }

  private static List<Candidate> candidates(Column c, InferenceOptions options) {
    List<Candidate> out = new ArrayList<>();
    out.add(new Candidate("type", c.type().name(), c.type().name(), b -> b));
    int n = c.size();
    long missing = 0;
    for (int r = 0; r < n; r++) {
      if (SchemaValidator.missing(c, r)) {
        missing++;
      }
    }
    long present = n - missing;
    if (n > 0) {
      out.add(nulls(missing, n));
    }
    if (c instanceof NumericColumn num && present > 0) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int r = 0; r < n; r++) {
        if (!SchemaValidator.missing(num, r)) {
          lo = Math.min(lo, num.value(r));
          hi = Math.max(hi, num.value(r));
        }
      }
      if (Double.isFinite(lo) && Double.isFinite(hi)) {
        double min = lo;
        double max = hi;
        String text = "[" + Numbers.format(min) + ", " + Numbers.format(max) + "]";
        out.add(
            new Candidate(
                "range", text, "min and max " + text, b -> b.range(min, max, Severity.WARN)));
      }
    }
    if (c instanceof CategoricalColumn cat && present > 0) {
      TreeSet<String> seen = new TreeSet<>();
      for (int r = 0; r < n; r++) {
        String v = cat.category(r);
        if (v != null) {
          seen.add(v);
        }
      }
      if (seen.size() <= options.maxCategories() && seen.size() < present) {
        List<String> allowed = List.copyOf(seen);
        out.add(
            new Candidate(
                "categories",
                "one of " + allowed,
                seen.size() + " distinct categories in " + present + " values",
                b -> b.categories(allowed, Severity.FAIL)));
      }
    }
    if (present >= 2 && c.type() != ColumnType.BOOLEAN) {
      Set<Object> distinct = new HashSet<>();
      boolean unique = true;
      for (int r = 0; r < n && unique; r++) {
        Object v = SchemaValidator.value(c, r);
        if (v != null) {
          if (v instanceof Double d && d == 0.0) {
            v = 0.0;
          }
          unique = distinct.add(v);
        }
      }
      if (unique) {
        out.add(
            new Candidate(
                "unique",
                "unique",
                present + " distinct values in " + present + " present rows",
                b -> b.unique(Severity.WARN)));
      }
    }
    return out;
  }
}
