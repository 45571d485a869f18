package dev.mlops.validation.schema;

import dev.mlops.api.Verdict;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Validates a {@link Table} against a {@link Schema}.
 *
 * <p>Stateless and thread-safe. Every constraint of the schema is one check; the report lists the
 * violated ones with the observed value, the expected bound, the number of failing rows and the
 * first few failing rows (0-based row index and value; at most {@link #DEFAULT_MAX_EXAMPLES} by
 * default). Missing values are null rows, and NaN in numeric columns: they count against {@code
 * nulls} only, never against range, categories, pattern or uniqueness. A column that is absent or
 * of another type fails its {@code column_present} or {@code type} check (with the type severity)
 * and its other checks are skipped. Columns the schema does not name are not checked.
 *
 * <p>To validate data that was only profiled, use {@link ProfileValidator}: it decides the same
 * checks from a profile where a profile can, and says INCONCLUSIVE where it cannot.
 *
 * <pre>{@code
 * ValidationReport report = SchemaValidator.validate(schema, table);
 * System.out.println(ValidationJson.write(report));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchemaValidator {

  /** How many failing rows a check shows by default. */
  public static final int DEFAULT_MAX_EXAMPLES = 5;

  private static final int MAX_LISTED_CATEGORIES = 10;

  private SchemaValidator() {}

  /**
   * Validates with up to {@value #DEFAULT_MAX_EXAMPLES} examples per check.
   *
   * @param schema the schema
   * @param table the table
   * @return the report
   * @throws NullPointerException if an argument is null
   */
  public static ValidationReport validate(Schema schema, Table table) {
    return validate(schema, table, DEFAULT_MAX_EXAMPLES);
  }

  /**
   * Validates.
   *
   * @param schema the schema
   * @param table the table
   * @param maxExamples the most failing rows listed per check, 0 or more
   * @return the report
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code maxExamples} is negative
   */
  public static ValidationReport validate(Schema schema, Table table, int maxExamples) {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(table, "table");
    if (maxExamples < 0) {
      throw new IllegalArgumentException("maxExamples is >= 0, but was " + maxExamples);
    }
    Run run = new Run(table.rowCount(), maxExamples);
    Schema.RowCount rc = schema.rowCount();
    if (rc != null) {
      run.evaluated++;
      long n = table.rowCount();
      if (n < rc.min() || (rc.max() != null && n > rc.max())) {
        run.add("row_count", null, rc.severity(), n, rc.describe(), 0, List.of());
      }
    }
    for (ColumnSpec spec : schema.columns()) {
      run.column(spec, table.findColumn(spec.name()));
    }
    Verdict verdict = Verdict.PASS;
    for (CheckResult c : run.results) {
      if (c.verdict() == Verdict.FAIL) {
        verdict = Verdict.FAIL;
      } else if (verdict == Verdict.PASS) {
        verdict = Verdict.WARN;
      }
    }
    return new ValidationReport(verdict, run.results, run.evaluated, table.rowCount());
  }

  /** Whether a row is missing: null, or NaN in a numeric column. */
  static boolean missing(Column c, int row) {
    if (c.isNull(row)) {
      return true;
    }
    return c instanceof NumericColumn n && Double.isNaN(n.value(row));
  }

  /** The value of a row as a report shows it; null when missing. */
  static @Nullable Object value(Column c, int row) {
    if (missing(c, row)) {
      return null;
    }
    if (c instanceof NumericColumn n) {
      return n.value(row);
    }
    if (c instanceof CategoricalColumn k) {
      return k.category(row);
    }
    if (c instanceof BooleanColumn b) {
      return b.value(row);
    }
    TimestampColumn t = (TimestampColumn) c;
    return String.valueOf(t.instant(row));
  }

  /** The state of one validation. */
  private static final class Run {
    final List<CheckResult> results = new ArrayList<>();
    final int rows;
    final int maxExamples;
    int evaluated;

    Run(int rows, int maxExamples) {
      this.rows = rows;
      this.maxExamples = maxExamples;
    }

    void add(
        String check,
        @Nullable String column,
        Severity severity,
        Object observed,
        String expected,
        long failing,
        List<CheckResult.Example> examples) {
      results.add(
          new CheckResult(
              check, column, severity, severity.violated(), observed, expected, failing, examples));
    }

    /** Collects failing rows: counts them all, keeps the first maxExamples. */
    final class Failures {
      long count;
      final List<CheckResult.Example> examples = new ArrayList<>();

      void add(Column c, int row) {
        count++;
        if (examples.size() < maxExamples) {
          examples.add(new CheckResult.Example(row, value(c, row)));
        }
      }
    }

    void column(ColumnSpec spec, Optional<Column> found) {
      String name = spec.name();
      evaluated++;
      if (found.isEmpty()) {
        add("column_present", name, spec.typeSeverity(), "absent", "present", 0, List.of());
        return;
      }
      Column c = found.get();
      evaluated++;
      if (c.type() != spec.type()) {
        add("type", name, spec.typeSeverity(), c.type().name(), spec.type().name(), 0, List.of());
        return;
      }
      if (spec.nulls() != null) {
        evaluated++;
        Failures f = new Failures();
        for (int r = 0; r < rows; r++) {
          if (missing(c, r)) {
            f.add(c, r);
          }
        }
        double share = rows == 0 ? 0.0 : (double) f.count / rows;
        if (share > spec.nulls().maxFraction()) {
          add(
              "nulls",
              name,
              spec.nulls().severity(),
              share,
              "<= " + Numbers.format(spec.nulls().maxFraction()),
              f.count,
              f.examples);
        }
      }
      if (spec.range() != null && c instanceof NumericColumn n) {
        evaluated++;
        ColumnSpec.Range range = spec.range();
        Failures f = new Failures();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < rows; r++) {
          if (!missing(n, r)) {
            double v = n.value(r);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            if (!range.contains(v)) {
              f.add(n, r);
            }
          }
        }
        if (f.count > 0) {
          add(
              "range",
              name,
              range.severity(),
              "[" + Numbers.format(lo) + ", " + Numbers.format(hi) + "]",
              range.describe(),
              f.count,
              f.examples);
        }
      }
      if (spec.categories() != null && c instanceof CategoricalColumn k) {
        evaluated++;
        Set<String> allowed = new HashSet<>(spec.categories().allowed());
        Failures f = new Failures();
        TreeSet<String> unexpected = new TreeSet<>();
        for (int r = 0; r < rows; r++) {
          String v = k.category(r);
          if (v != null && !allowed.contains(v)) {
            f.add(k, r);
            unexpected.add(v);
          }
        }
        if (f.count > 0) {
          add(
              "categories",
              name,
              spec.categories().severity(),
              listed(unexpected),
              "one of " + listed(new TreeSet<>(spec.categories().allowed())),
              f.count,
              f.examples);
        }
      }
      if (spec.pattern() != null && c instanceof CategoricalColumn k) {
        evaluated++;
        Matcher m = java.util.regex.Pattern.compile(spec.pattern().regex()).matcher("");
        Failures f = new Failures();
        long present = 0;
        for (int r = 0; r < rows; r++) {
          String v = k.category(r);
          if (v != null) {
            present++;
            if (!m.reset(v).matches()) {
              f.add(k, r);
            }
          }
        }
        if (f.count > 0) {
          add(
              "pattern",
              name,
              spec.pattern().severity(),
              (double) (present - f.count) / present,
              "matches " + spec.pattern().regex(),
              f.count,
              f.examples);
        }
      }
      if (spec.unique() != null) {
        evaluated++;
        Set<Object> seen = new HashSet<>();
        Failures f = new Failures();
        long present = 0;
        for (int r = 0; r < rows; r++) {
          Object v = value(c, r);
          if (v != null) {
            present++;
            if (v instanceof Double d && d == 0.0) {
              v = 0.0; // -0.0 equals 0.0
            }
            if (!seen.add(v)) {
              f.add(c, r);
            }
          }
        }
        if (f.count > 0) {
          add(
              "unique",
              name,
              spec.unique().severity(),
              (long) seen.size(),
              present + " distinct values (one per present row)",
              f.count,
              f.examples);
        }
      }
    }
  }

  static String listed(TreeSet<String> values) {
    StringBuilder b = new StringBuilder("[");
    int i = 0;
    for (String v : values) {
      if (i == MAX_LISTED_CATEGORIES) {
        b.append(", ... (").append(values.size() - i).append(" more)");
        break;
      }
      if (i > 0) {
        b.append(", ");
      }
      b.append(v);
      i++;
    }
    return b.append(']').toString();
  }
}
