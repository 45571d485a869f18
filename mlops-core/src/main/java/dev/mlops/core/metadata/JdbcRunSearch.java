package dev.mlops.core.metadata;

import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.query.Attribute;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.RunCursor;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.api.tracking.query.SortValue;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates a {@link RunQuery} into one SQL statement for the JDBC store. Every value and every
 * key of the query is a bound parameter: the SQL text is built only from constants of this class,
 * generated aliases ({@code o1}, {@code o2}, ...) and placeholders, so no text of a query ever
 * becomes SQL text.
 *
 * <p>Meaning (see {@link RunFilter} and {@link dev.mlops.api.tracking.query.OrderBy}):
 *
 * <ul>
 *   <li>Three-valued logic is SQL's NULL logic: each field becomes an expression that is NULL when
 *       the run lacks the key, when the latest metric value is NaN (stored as NULL), or when a
 *       parameter's type does not fit the literal (a {@code CASE} on the type), so {@code NOT} over
 *       a missing key stays UNKNOWN. {@code IS NULL} tests row existence ({@code EXISTS}).
 *   <li>A metric field reads {@code latest_metrics}, one row per (run, key), never the series.
 *   <li>LIKE is case-sensitive: PostgreSQL's {@code LIKE ... ESCAPE '\'}; on SQLite, whose LIKE
 *       folds ASCII case, the pattern is rewritten to {@code GLOB} (case-sensitive, {@code ?} is
 *       one character; GLOB's own metacharacters are bracketed). This needs no connection-wide
 *       {@code PRAGMA case_sensitive_like} (deprecated) and no user-defined function on each
 *       connection. ILIKE folds ASCII A-Z only: SQLite's LIKE does exactly that (without ICU); on
 *       PostgreSQL the text goes through {@code translate(x, 'A..Z', 'a..z')} and the pattern is
 *       folded in Java, because PostgreSQL's ILIKE and {@code lower()} fold beyond ASCII under most
 *       collations.
 *   <li>Order: each key sorts by a missing flag first ({@code x IS NULL}, false first, so missing
 *       runs come last in both directions), then by its value components in the key's direction,
 *       and the run id ascending closes the order. A parameter has three components (0 for numbers
 *       and 1 for text, the number, the text), which gives numbers before text ascending and text
 *       before numbers descending. Text sorts in code point order ({@code COLLATE "C"} on
 *       PostgreSQL, SQLite's default BINARY).
 *   <li>The cursor becomes a lexicographic "strictly after" condition over the same components.
 *   <li>A metric, parameter or tag in the order is joined once ({@code LEFT JOIN ... ON run_id =
 *       r.id AND key = ?}); when a top-level conjunct of the filter compares that field (which is
 *       UNKNOWN for a missing key), the join is an inner join and the missing flag is dropped, so
 *       "filter on a metric, order by it" becomes a range scan of {@code (key, value)}.
 * </ul>
 *
 * <p>Not thread-safe: one instance builds one statement.
 */
final class JdbcRunSearch {
  /** The columns of a run, first in every row. */
  static final int RUN_COLUMN_COUNT = 8;

  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  /** The escape clause on PostgreSQL; an E-string means one backslash whatever the settings. */
  private static final String PG_ESCAPE = " ESCAPE E'\\\\'";

  /** A field of the order joined as {@code alias}, with its first selected column. */
  private record Join(String alias, String table, boolean inner, int column) {}

  /** A statement and how to read the sort values of a row. */
  record Statement(
      String sql, List<Object> args, List<OrderBy> orderBy, Map<Field, Integer> columns) {
    /** Reads the sort value of each order key from a row whose run is {@code run}. */
    List<SortValue> sortValues(ResultSet rs, Run run) throws SQLException {
      List<SortValue> out = new ArrayList<>(orderBy.size());
      for (OrderBy o : orderBy) {
        Field f = o.field();
        if (f instanceof Field.AttributeField a) {
          out.add(attributeSortValue(run, a.attribute()));
        } else if (f instanceof Field.MetricField) {
          double v = rs.getDouble(columns.get(f));
          out.add(rs.wasNull() ? SortValue.missing() : SortValue.of(v));
        } else if (f instanceof Field.ParamField) {
          int c = columns.get(f);
          String type = rs.getString(c);
          String value = rs.getString(c + 1);
          if (type == null || value == null) {
            out.add(SortValue.missing());
          } else {
            out.add(
                type.equals("NUMBER")
                    ? SortValue.of(Double.parseDouble(value))
                    : SortValue.of(value));
          }
        } else {
          String v = rs.getString(columns.get(f));
          out.add(v == null ? SortValue.missing() : SortValue.of(v));
        }
      }
      return out;
    }
  }

  private final JdbcDialect dialect;
  private final RunQuery query;
  private final StringBuilder sql = new StringBuilder(512);
  private final List<Object> args = new ArrayList<>();
  private final Map<Field, Join> joins = new LinkedHashMap<>();

  private JdbcRunSearch(JdbcDialect dialect, RunQuery query) {
    this.dialect = dialect;
    this.query = query;
  }

  /** Builds the statement of a query; it selects one row more than the page to detect the end. */
  static Statement build(JdbcDialect dialect, String runColumns, RunQuery query) {
    return new JdbcRunSearch(dialect, query).statement(runColumns);
  }

  private Statement statement(String runColumns) {
    Set<Field> valued = valuedFields(query.filter());
    int column = RUN_COLUMN_COUNT + 1;
    Map<Field, Integer> columns = new LinkedHashMap<>();
    StringBuilder select = new StringBuilder("SELECT ");
    String[] cols = runColumns.split(",\\s*");
    for (int i = 0; i < cols.length; i++) {
      select.append(i == 0 ? "" : ", ").append("r.").append(cols[i]);
    }
    for (OrderBy o : query.orderBy()) {
      Field f = o.field();
      String table = table(f);
      if (table == null) {
        continue;
      }
      String alias = "o" + (joins.size() + 1);
      joins.put(f, new Join(alias, table, valued.contains(f), column));
      columns.put(f, column);
      if (f instanceof Field.ParamField) {
        select.append(", ").append(alias).append(".type, ").append(alias).append(".value");
        column += 2;
      } else {
        select.append(", ").append(alias).append(".value");
        column += 1;
      }
    }
    sql.append(select).append(" FROM runs r");
    for (Map.Entry<Field, Join> e : joins.entrySet()) {
      Join j = e.getValue();
      sql.append(j.inner() ? " JOIN " : " LEFT JOIN ")
          .append(j.table())
          .append(' ')
          .append(j.alias())
          .append(" ON ")
          .append(j.alias())
          .append(".run_id = r.id AND ")
          .append(j.alias())
          .append(".key = ?");
      args.add(key(e.getKey()));
    }
    boolean filtered = !(query.filter() instanceof RunFilter.All);
    RunCursor cursor = query.cursor();
    if (filtered || cursor != null) {
      sql.append(" WHERE ");
    }
    if (filtered) {
      sql.append('(');
      filter(query.filter());
      sql.append(')');
    }
    if (cursor != null) {
      sql.append(filtered ? " AND " : "");
      cursor(cursor);
    }
    sql.append(" ORDER BY ");
    for (OrderBy o : query.orderBy()) {
      if (hasFlag(o.field())) {
        sql.append('(').append(presenceValue(o.field())).append(" IS NULL), ");
      }
      for (String c : components(o.field())) {
        sql.append(c).append(o.direction() == OrderBy.Direction.ASC ? " ASC, " : " DESC, ");
      }
    }
    sql.append("r.id ASC LIMIT ?");
    args.add(query.pageSize() + 1);
    return new Statement(sql.toString(), List.copyOf(args), query.orderBy(), columns);
  }

  // ---------------------------------------------------------------- analysis

  /** Fields that a top-level conjunct compares: a run lacking them cannot match. */
  private static Set<Field> valuedFields(RunFilter filter) {
    List<RunFilter> conjuncts =
        filter instanceof RunFilter.And and ? and.operands() : List.of(filter);
    Set<Field> out = new HashSet<>();
    for (RunFilter c : conjuncts) {
      if (c instanceof RunFilter.Compare cmp) {
        out.add(cmp.field());
      } else if (c instanceof RunFilter.In in) {
        out.add(in.field());
      } else if (c instanceof RunFilter.Like like) {
        out.add(like.field());
      }
    }
    return out;
  }

  private static @Nullable String table(Field f) {
    if (f instanceof Field.MetricField) {
      return "latest_metrics";
    }
    if (f instanceof Field.ParamField) {
      return "params";
    }
    if (f instanceof Field.TagField) {
      return "tags";
    }
    return null;
  }

  private static String key(Field f) {
    if (f instanceof Field.MetricField m) {
      return m.key();
    }
    if (f instanceof Field.ParamField p) {
      return p.key();
    }
    return ((Field.TagField) f).key();
  }

  // ---------------------------------------------------------------- filter

  private void filter(RunFilter f) {
    if (f instanceof RunFilter.And and) {
      junction(and.operands(), " AND ");
    } else if (f instanceof RunFilter.Or or) {
      junction(or.operands(), " OR ");
    } else if (f instanceof RunFilter.Not not) {
      sql.append("NOT (");
      filter(not.operand());
      sql.append(')');
    } else if (f instanceof RunFilter.Compare c) {
      compare(c.field(), c.operator(), c.value());
    } else if (f instanceof RunFilter.In in) {
      in(in);
    } else if (f instanceof RunFilter.Like like) {
      like(like);
    } else if (f instanceof RunFilter.IsNull isNull) {
      isNull(isNull);
    } else {
      sql.append("1 = 1"); // All, only as the whole filter (handled by the caller)
    }
  }

  private void junction(List<RunFilter> operands, String op) {
    sql.append('(');
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        sql.append(op);
      }
      filter(operands.get(i));
    }
    sql.append(')');
  }

  private void compare(Field field, Operator op, Literal value) {
    sql.append('(');
    value(field, value);
    sql.append(' ').append(symbol(op)).append(" ?)");
    args.add(bound(value));
  }

  private void in(RunFilter.In in) {
    sql.append(in.negated() ? "NOT (" : "(");
    value(in.field(), in.values().get(0));
    sql.append(" IN (");
    for (int i = 0; i < in.values().size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      args.add(bound(in.values().get(i)));
    }
    sql.append("))");
  }

  private void like(RunFilter.Like like) {
    sql.append(like.negated() ? "NOT (" : "(");
    if (dialect == JdbcDialect.SQLITE) {
      textValue(like.field());
      if (like.caseInsensitive()) {
        // SQLite's built-in LIKE folds ASCII letters only (no ICU in sqlite-jdbc).
        sql.append(" LIKE ? ESCAPE '\\'");
        args.add(like.pattern());
      } else {
        sql.append(" GLOB ?");
        args.add(LikePattern.toGlob(like.pattern()));
      }
    } else if (like.caseInsensitive()) {
      sql.append("translate(");
      textValue(like.field());
      sql.append(", '")
          .append(UPPER)
          .append("', '")
          .append(LOWER)
          .append("') LIKE ?")
          .append(PG_ESCAPE);
      args.add(LikePattern.foldAscii(like.pattern()));
    } else {
      textValue(like.field());
      sql.append(" LIKE ?").append(PG_ESCAPE);
      args.add(like.pattern());
    }
    sql.append(')');
  }

  private void isNull(RunFilter.IsNull isNull) {
    Field f = isNull.field();
    if (f instanceof Field.AttributeField a) {
      sql.append('(')
          .append(attribute(a.attribute()))
          .append(isNull.negated() ? " IS NOT NULL)" : " IS NULL)");
      return;
    }
    Join j = joins.get(f);
    if (j != null) {
      sql.append('(')
          .append(j.alias())
          .append(".run_id")
          .append(isNull.negated() ? " IS NOT NULL)" : " IS NULL)");
      return;
    }
    sql.append(isNull.negated() ? "EXISTS (" : "NOT EXISTS (")
        .append("SELECT 1 FROM ")
        .append(table(f))
        .append(" t WHERE t.run_id = r.id AND t.key = ?)");
    args.add(key(f));
  }

  /** Appends the field's value as the literal's type needs it (NULL when it does not fit). */
  private void value(Field field, Literal literal) {
    if (field instanceof Field.ParamField) {
      String projection =
          literal instanceof Literal.NumberLiteral
              ? "CASE WHEN %1$s.type = 'NUMBER' THEN CAST(%1$s.value AS " + doubleType() + ") END"
              : literal instanceof Literal.BooleanLiteral
                  ? "CASE WHEN %1$s.type = 'BOOLEAN' THEN %1$s.value END"
                  : "%1$s.value";
      column(field, projection);
    } else if (field instanceof Field.AttributeField a) {
      sql.append(attribute(a.attribute()));
    } else {
      column(field, "%1$s.value");
    }
  }

  private void textValue(Field field) {
    if (field instanceof Field.AttributeField a) {
      sql.append(attribute(a.attribute()));
    } else {
      column(field, "%1$s.value");
    }
  }

  /** The projection of a joined row, or a scalar subquery on the field's table. */
  private void column(Field field, String projection) {
    Join j = joins.get(field);
    if (j != null) {
      sql.append(String.format(projection, j.alias()));
      return;
    }
    sql.append("(SELECT ")
        .append(String.format(projection, "t"))
        .append(" FROM ")
        .append(table(field))
        .append(" t WHERE t.run_id = r.id AND t.key = ?)");
    args.add(key(field));
  }

  private static Object bound(Literal value) {
    if (value instanceof Literal.StringLiteral s) {
      return s.value();
    }
    if (value instanceof Literal.NumberLiteral n) {
      return n.value();
    }
    return Boolean.toString(((Literal.BooleanLiteral) value).value());
  }

  private static String symbol(Operator op) {
    return switch (op) {
      case EQ -> "=";
      case NE -> "<>";
      case LT -> "<";
      case LE -> "<=";
      case GT -> ">";
      case GE -> ">=";
    };
  }

  private String doubleType() {
    return dialect == JdbcDialect.SQLITE ? "REAL" : "double precision";
  }

  private String collate() {
    return dialect == JdbcDialect.SQLITE ? "" : " COLLATE \"C\"";
  }

  private static String attribute(Attribute a) {
    return switch (a) {
      case RUN_ID -> "r.id";
      case RUN_NAME -> "r.name";
      case STATUS -> "r.status";
      case EXPERIMENT_ID -> "r.experiment_id";
      case PARENT_RUN_ID -> "r.parent_run_id";
      case START_TIME -> millis("r.start_time");
      case END_TIME -> millis("r.end_time");
    };
  }

  /** Epoch milliseconds, rounded down, of a nanosecond column (as {@code Instant.toEpochMilli}). */
  private static String millis(String nanos) {
    return "((" + nanos + " - (((" + nanos + " % 1000000) + 1000000) % 1000000)) / 1000000)";
  }

  static SortValue attributeSortValue(Run run, Attribute a) {
    return switch (a) {
      case RUN_ID -> SortValue.of(run.id());
      case RUN_NAME -> run.name() == null ? SortValue.missing() : SortValue.of(run.name());
      case STATUS -> SortValue.of(run.status().name());
      case EXPERIMENT_ID -> SortValue.of(run.experimentId());
      case PARENT_RUN_ID ->
          run.parentRunId() == null ? SortValue.missing() : SortValue.of(run.parentRunId());
      case START_TIME -> SortValue.of((double) run.startTime().toEpochMilli());
      case END_TIME ->
          run.endTime() == null
              ? SortValue.missing()
              : SortValue.of((double) run.endTime().toEpochMilli());
    };
  }

  // ---------------------------------------------------------------- order and cursor

  /** Whether the order needs a missing flag for the field (it may be absent). */
  private boolean hasFlag(Field f) {
    if (f instanceof Field.AttributeField a) {
      Attribute at = a.attribute();
      return at == Attribute.RUN_NAME || at == Attribute.END_TIME || at == Attribute.PARENT_RUN_ID;
    }
    Join j = joins.get(f);
    return j == null || !j.inner();
  }

  /** The expression that is NULL exactly when the field sorts as missing. */
  private String presenceValue(Field f) {
    if (f instanceof Field.AttributeField a) {
      return attribute(a.attribute());
    }
    return joins.get(f).alias() + ".value";
  }

  /** The value components of an order key, in significance order. */
  private List<String> components(Field f) {
    if (f instanceof Field.AttributeField a) {
      String e = attribute(a.attribute());
      return List.of(a.attribute().isNumeric() ? e : e + collate());
    }
    String alias = joins.get(f).alias();
    if (f instanceof Field.ParamField) {
      String number = "(" + alias + ".type = 'NUMBER')";
      return List.of(
          "(CASE WHEN " + number + " THEN 0 ELSE 1 END)",
          "(CASE WHEN "
              + number
              + " THEN CAST("
              + alias
              + ".value AS "
              + doubleType()
              + ") ELSE 0 END)",
          "(CASE WHEN " + number + " THEN '' ELSE " + alias + ".value END)" + collate());
    }
    if (f instanceof Field.MetricField) {
      return List.of(alias + ".value");
    }
    return List.of(alias + ".value" + collate());
  }

  /** The cursor's value as component values; null for a missing value. */
  private static @Nullable List<Object> componentValues(Field f, SortValue v) {
    if (v instanceof SortValue.Missing) {
      return null;
    }
    if (f instanceof Field.ParamField) {
      return v instanceof SortValue.NumberValue n
          ? List.of(0, n.value(), "")
          : List.of(1, 0.0, ((SortValue.TextValue) v).value());
    }
    return List.of(
        v instanceof SortValue.NumberValue n
            ? (Object) n.value()
            : ((SortValue.TextValue) v).value());
  }

  private void cursor(RunCursor cursor) {
    List<OrderBy> order = query.orderBy();
    sql.append('(');
    // A sargable bound on the leading key, when it is never missing: c >= v (ASC) or c <= v.
    if (!order.isEmpty() && !hasFlag(order.get(0).field())) {
      List<Object> vals = componentValues(order.get(0).field(), cursor.values().get(0));
      if (vals != null) {
        sql.append(components(order.get(0).field()).get(0))
            .append(order.get(0).direction() == OrderBy.Direction.ASC ? " >= ?" : " <= ?")
            .append(" AND ");
        args.add(vals.get(0));
      }
    }
    int open = 0;
    for (int i = 0; i < order.size(); i++) {
      Field f = order.get(i).field();
      boolean asc = order.get(i).direction() == OrderBy.Direction.ASC;
      List<Object> vals = componentValues(f, cursor.values().get(i));
      boolean flag = hasFlag(f);
      sql.append('(');
      // strictly after on this key
      if (vals == null) {
        sql.append("1 = 0");
      } else {
        if (flag) {
          sql.append(presenceValue(f)).append(" IS NULL OR ");
        }
        lexAfter(components(f), vals, 0, asc);
      }
      sql.append(" OR (");
      // equal on this key
      if (vals == null) {
        sql.append(flag ? presenceValue(f) + " IS NULL" : "1 = 0");
      } else {
        List<String> comps = components(f);
        for (int c = 0; c < comps.size(); c++) {
          sql.append(c == 0 ? "" : " AND ").append(comps.get(c)).append(" = ?");
          args.add(vals.get(c));
        }
      }
      sql.append(" AND ");
      open += 2;
    }
    sql.append("r.id > ?");
    args.add(cursor.runId());
    sql.append(")".repeat(open)).append(')');
  }

  private void lexAfter(List<String> comps, List<Object> vals, int from, boolean asc) {
    String c = comps.get(from);
    sql.append('(').append(c).append(asc ? " > ?" : " < ?");
    args.add(vals.get(from));
    if (from + 1 < comps.size()) {
      sql.append(" OR (").append(c).append(" = ? AND ");
      args.add(vals.get(from));
      lexAfter(comps, vals, from + 1, asc);
      sql.append(')');
    }
    sql.append(')');
  }
}
