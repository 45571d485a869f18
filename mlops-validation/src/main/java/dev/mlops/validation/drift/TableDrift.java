package dev.mlops.validation.drift;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.table.BooleanColumn;
import dev.mlops.api.table.CategoricalColumn;
import dev.mlops.api.table.Column;
import dev.mlops.api.table.NumericColumn;
import dev.mlops.api.table.Table;
import dev.mlops.api.table.TimestampColumn;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.jspecify.annotations.Nullable;

/**
 * Compares two {@link Table}s column by column, so that callers need not convert columns by hand:
 * numeric columns become {@code double[]} with a null mask (NaN is missing too), timestamp columns
 * numeric microseconds, categorical columns {@code String[]} with null, boolean columns the
 * categories {@code "true"} and {@code "false"}.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * DriftReport report = TableDrift.compare(reference, current, DriftPolicy.defaults());
 * System.out.println(DriftJson.write(report));
 * }</pre>
 *
 * @since 0.1
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TableDrift {

  private TableDrift() {}

  /**
   * Compares every column of the reference, in its order, with the current column of that name.
   *
   * @param reference the reference table
   * @param current the current table
   * @param policy the verdict policy
   * @return the report
   * @throws InvalidInputException if a reference column is absent from the current table or has
   *     another type there; nothing is compared
   * @throws NullPointerException if an argument is null
   */
  public static DriftReport compare(Table reference, Table current, DriftPolicy policy) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    return compare(reference, current, reference.schema().names(), policy);
  }

  /**
   * Compares the named columns.
   *
   * @param reference the reference table
   * @param current the current table
   * @param columns the column names, in report order
   * @param policy the verdict policy
   * @return the report
   * @throws InvalidInputException if a column is absent from either table or its types differ;
   *     nothing is compared
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a name is repeated
   */
  public static DriftReport compare(
      Table reference, Table current, List<String> columns, DriftPolicy policy) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(columns, "columns");
    DriftAnalysis analysis = DriftAnalysis.with(policy);
    for (String name : columns) {
      Column r = find(reference, name, "reference");
      Column c = find(current, name, "current");
      if (r.type() != c.type()) {
        throw InvalidInputException.of(
            name,
            "column "
                + name
                + " is "
                + r.type()
                + " in the reference but "
                + c.type()
                + " in the current table; convert one side or leave the column out");
      }
      add(analysis, name, r, c);
    }
    return analysis.run();
  }

  private static Column find(Table t, String name, String side) {
    Optional<Column> c = t.findColumn(Objects.requireNonNull(name, "column name"));
    if (c.isEmpty()) {
      throw InvalidInputException.of(
          name,
          "column "
              + name
              + " is missing from the "
              + side
              + " table, which has "
              + t.schema().names()
              + "; compare only the shared columns");
    }
    return c.get();
  }

  private static void add(DriftAnalysis analysis, String name, Column r, Column c) {
    switch (r.type()) {
      case NUMERIC, TIMESTAMP -> analysis.numeric(name, values(r), nulls(r), values(c), nulls(c));
      case CATEGORICAL, BOOLEAN -> analysis.categorical(name, strings(r), strings(c));
    }
  }

  /** The values of a numeric or timestamp column (null rows hold NaN; the mask marks them). */
  static double[] values(Column col) {
    if (col instanceof NumericColumn n) {
      return n.toArray();
    }
    TimestampColumn t = (TimestampColumn) col;
    double[] v = new double[t.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = t.isNull(i) ? Double.NaN : (double) t.micros(i);
    }
    return v;
  }

  static @Nullable BitSet nulls(Column col) {
    if (col.nullCount() == 0) {
      return null;
    }
    BitSet b = new BitSet(col.size());
    for (int i = 0; i < col.size(); i++) {
      if (col.isNull(i)) {
        b.set(i);
      }
    }
    return b;
  }

  static @Nullable String[] strings(Column col) {
    @Nullable String[] v = new String[col.size()];
    for (int i = 0; i < v.length; i++) {
      if (col.isNull(i)) {
        v[i] = null;
      } else if (col instanceof CategoricalColumn k) {
        v[i] = k.category(i);
      } else {
        v[i] = String.valueOf(((BooleanColumn) col).value(i));
      }
    }
    return v;
  }
}
