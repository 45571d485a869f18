package dev.mlops.validation.schema;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.ColumnType;
import dev.mlops.validation.profile.CategoricalColumnProfile;
import dev.mlops.validation.profile.ColumnProfile;
import dev.mlops.validation.profile.NumericColumnProfile;
import dev.mlops.validation.profile.Profile;
import dev.mlops.validation.profile.QuantileSketch;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Validates a {@link Profile} against a {@link Schema}: the checks a profile can decide without the
 * rows, for data that was only profiled (per partition, per window, on another machine).
 *
 * <p>Stateless and thread-safe. What a profile decides, and how exactly:
 *
 * <ul>
 *   <li>{@code row_count}, {@code column_present}, {@code type} and {@code nulls} (the null, plus
 *       NaN for numeric columns, share): exact, as {@link SchemaValidator} would decide them;
 *   <li>{@code range}: whether it is violated is exact (from the exact minimum and maximum); the
 *       number of failing rows comes from the quantile sketch: exact while the sketch holds every
 *       value, otherwise an estimate within the sketch's rank error times the count;
 *   <li>{@code categories}, {@code pattern} and categorical {@code unique}: exact from the exact
 *       frequencies; when the profile's frequencies were capped the check is {@link
 *       Verdict#INCONCLUSIVE} ("frequencies capped");
 *   <li>{@code unique} of a numeric column: exact while its quantile sketch holds every value;
 *       otherwise, and for timestamp columns, {@link Verdict#INCONCLUSIVE}, since the distinct
 *       count is a sketch estimate (a boolean column with more than two present values is certainly
 *       not unique).
 * </ul>
 *
 * <p>A profile holds no rows, so {@code examples} are always empty. The report's verdict is the
 * worst of its checks: FAIL, then WARN, then INCONCLUSIVE, then PASS.
 *
 * <pre>{@code
 * Profile nightly = Profiler.profile(table);       // or read back with ProfileBinaryFormat
 * ValidationReport report = ProfileValidator.validate(schema, nightly);
 * System.out.println(ValidationJson.write(report));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ProfileValidator {
  private static final String CAPPED = "frequencies capped";

  private ProfileValidator() {}

  /**
   * Validates a profile.
   *
   * @param schema the schema
   * @param profile the profile of the data
   * @return the report; {@code examples} are empty
   * @throws NullPointerException if an argument is null
   */
  public static ValidationReport validate(Schema schema, Profile profile) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(profile, "profile");
    List<CheckResult> results = new ArrayList<>();
    int evaluated = 0;
    Schema.RowCount rc = schema.rowCount();
    if (rc != null) {
      evaluated++;
      long n = profile.rows();
      if (n < rc.min() || (rc.max() != null && n > rc.max())) {
        results.add(violated("row_count", null, rc.severity(), n, rc.describe(), 0));
      }
    }
    for (ColumnSpec spec : schema.columns()) {
      evaluated += column(spec, profile.findColumn(spec.name()), results);
    }
    Verdict verdict = Verdict.PASS;
    for (CheckResult c : results) {
      verdict = worse(verdict, c.verdict());
    }
    return new ValidationReport(verdict, results, evaluated, profile.rows());
  }

  private static int column(
      ColumnSpec spec, Optional<ColumnProfile> found, List<CheckResult> results) {
    String name = spec.name();
    if (found.isEmpty()) {
      results.add(violated("column_present", name, spec.typeSeverity(), "absent", "present", 0));
      return 1;
    }
    ColumnProfile c = found.get();
    int evaluated = 2;
    if (c.type() != spec.type()) {
      results.add(
          violated("type", name, spec.typeSeverity(), c.type().name(), spec.type().name(), 0));
      return evaluated;
    }
    long missing = c instanceof NumericColumnProfile n ? n.missingCount() : c.nullCount();
    long present = c.rowCount() - missing;
    if (spec.nulls() != null) {
      evaluated++;
      double share = c.rowCount() == 0 ? 0.0 : (double) missing / c.rowCount();
      if (share > spec.nulls().maxFraction()) {
        results.add(
            violated(
                "nulls",
                name,
                spec.nulls().severity(),
                share,
                "<= " + Numbers.format(spec.nulls().maxFraction()),
                missing));
      }
    }
    if (spec.range() != null && c instanceof NumericColumnProfile n && n.count() > 0) {
      evaluated++;
      ColumnSpec.Range range = spec.range();
      if (!range.contains(n.min()) || !range.contains(n.max())) {
        results.add(
            violated(
                "range",
                name,
                range.severity(),
                "[" + Numbers.format(n.min()) + ", " + Numbers.format(n.max()) + "]",
                range.describe(),
                outsideRange(n.quantileSketch(), range, n.count())));
      }
    }
    Map<String, Long> frequencies = null;
    boolean capped = false;
    if (c instanceof CategoricalColumnProfile k) {
      frequencies = k.frequencies().orElse(null);
      capped = k.frequenciesCapped() || frequencies == null;
    }
    if (spec.categories() != null && c instanceof CategoricalColumnProfile) {
      evaluated++;
      if (capped) {
        results.add(inconclusive("categories", name, spec.categories().severity()));
      } else {
        Set<String> allowed = new HashSet<>(spec.categories().allowed());
        TreeSet<String> unexpected = new TreeSet<>();
        long failing = 0;
        for (Map.Entry<String, Long> e : Objects.requireNonNull(frequencies).entrySet()) {
          if (!allowed.contains(e.getKey())) {
            unexpected.add(e.getKey());
            failing += e.getValue();
          }
        }
        if (failing > 0) {
          results.add(
              violated(
                  "categories",
                  name,
                  spec.categories().severity(),
                  SchemaValidator.listed(unexpected),
                  "one of " + SchemaValidator.listed(new TreeSet<>(spec.categories().allowed())),
                  failing));
        }
      }
    }
    if (spec.pattern() != null && c instanceof CategoricalColumnProfile) {
      evaluated++;
      if (capped) {
        results.add(inconclusive("pattern", name, spec.pattern().severity()));
      } else {
        Matcher m = java.util.regex.Pattern.compile(spec.pattern().regex()).matcher("");
        long failing = 0;
        for (Map.Entry<String, Long> e : Objects.requireNonNull(frequencies).entrySet()) {
          if (!m.reset(e.getKey()).matches()) {
            failing += e.getValue();
          }
        }
        if (failing > 0) {
          results.add(
              violated(
                  "pattern",
                  name,
                  spec.pattern().severity(),
                  (double) (present - failing) / present,
                  "matches " + spec.pattern().regex(),
                  failing));
        }
      }
    }
    if (spec.unique() != null) {
      evaluated++;
      Severity severity = spec.unique().severity();
      if (c instanceof CategoricalColumnProfile && !capped) {
        Map<String, Long> f = Objects.requireNonNull(frequencies);
        long failing = present - f.size();
        if (failing > 0) {
          results.add(
              violated(
                  "unique",
                  name,
                  severity,
                  (long) f.size(),
                  present + " distinct values (one per present row)",
                  failing));
        }
      } else if (c instanceof NumericColumnProfile n && n.quantileSketch().exact()) {
        double[] v = n.quantileSketch().values();
        long distinct = v.length == 0 ? 0 : 1;
        for (int i = 1; i < v.length; i++) {
          distinct += v[i] != v[i - 1] ? 1 : 0; // -0.0 == 0.0, as for a table
        }
        if (distinct < present) {
          results.add(
              violated(
                  "unique",
                  name,
                  severity,
                  distinct,
                  present + " distinct values (one per present row)",
                  present - distinct));
        }
      } else if (c.type() == ColumnType.BOOLEAN && present > 2) {
        results.add(
            violated(
                "unique",
                name,
                severity,
                "at most 2",
                present + " distinct values (one per present row)",
                present - 2));
      } else if (present > 1) {
        results.add(
            new CheckResult(
                "unique",
                name,
                severity,
                Verdict.INCONCLUSIVE,
                c instanceof CategoricalColumnProfile ? CAPPED : "distinct count is an estimate",
                present + " distinct values (one per present row)",
                0,
                List.of()));
      }
    }
    return evaluated;
  }

  /** Rows outside the range, from the quantile sketch's ranks (exact while it is exact). */
  private static long outsideRange(QuantileSketch sketch, ColumnSpec.Range range, long count) {
    double below = range.min() == null ? 0 : sketch.rank(Math.nextDown(range.min()));
    double above = range.max() == null ? 0 : 1 - sketch.rank(range.max());
    long failing = Math.round((below + above) * count);
    return Math.max(1, Math.min(count, failing)); // min or max is outside: at least one row
  }

  private static CheckResult violated(
      String check,
      @Nullable String column,
      Severity severity,
      Object observed,
      String expected,
      long failing) {
    return new CheckResult(
        check, column, severity, severity.violated(), observed, expected, failing, List.of());
  }

  private static CheckResult inconclusive(String check, String column, Severity severity) {
    return new CheckResult(
        check, column, severity, Verdict.INCONCLUSIVE, CAPPED, "exact frequencies", 0, List.of());
  }

  private static Verdict worse(Verdict a, Verdict b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Verdict v) {
    return switch (v) {
      case PASS -> 0;
      case INCONCLUSIVE -> 1;
      case WARN -> 2;
      case FAIL -> 3;
    };
  }
}
