package dev.mlops.testkit;

import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The kit's own reading of the run-search semantics (the Javadoc of {@link RunFilter} and {@link
 * OrderBy}), written as plainly as possible and independently of any backend, to compare backends
 * against. Three-valued logic uses {@code Boolean} with null for UNKNOWN; LIKE patterns become
 * regular expressions.
 *
 * <p>Stateless and thread-safe.
 */
final class SearchReference {

  /** Everything the kit stored for one run; metric points in insertion order. */
  record RunData(
      Run run,
      Map<String, Param> params,
      Map<String, List<MetricPoint>> metrics,
      Map<String, String> tags) {}

  private SearchReference() {}

  /** Every matching run's id, in the query's total order (paging ignored). */
  static List<String> expectedIds(List<RunData> data, RunQuery query) {
    List<RunData> matching = new ArrayList<>();
    for (RunData d : data) {
      if (Boolean.TRUE.equals(eval(query.filter(), d))) {
        matching.add(d);
      }
    }
    Comparator<RunData> order = (a, b) -> 0;
    for (OrderBy o : query.orderBy()) {
      order = order.thenComparing((a, b) -> compareKey(o, a, b));
    }
    order = order.thenComparing((a, b) -> codePointCompare(a.run().id(), b.run().id()));
    matching.sort(order);
    List<String> ids = new ArrayList<>();
    for (RunData d : matching) {
      ids.add(d.run().id());
    }
    return ids;
  }

  // ---------------------------------------------------------------- values

  /** The latest point: greatest step, then latest timestamp, then last inserted. */
  static @Nullable MetricPoint latest(List<MetricPoint> points) {
    MetricPoint best = null;
    for (MetricPoint p : points) {
      if (best == null) {
        best = p;
        continue;
      }
      int c = Long.compare(p.step(), best.step());
      if (c == 0) {
        c = p.timestamp().compareTo(best.timestamp());
      }
      if (c >= 0) { // a later insertion wins ties
        best = p;
      }
    }
    return best;
  }

  /** A field's value: Double, String, Param, or null when absent. NaN metrics stay Double NaN. */
  private static @Nullable Object raw(Field f, RunData d) {
    if (f instanceof Field.MetricField m) {
      List<MetricPoint> points = d.metrics().get(m.key());
      MetricPoint p = points == null ? null : latest(points);
      return p == null ? null : (Object) p.value();
    }
    if (f instanceof Field.ParamField p) {
      return d.params().get(p.key());
    }
    if (f instanceof Field.TagField t) {
      return d.tags().get(t.key());
    }
    Run r = d.run();
    return switch (((Field.AttributeField) f).attribute()) {
      case RUN_ID -> r.id();
      case RUN_NAME -> r.name();
      case STATUS -> r.status().name();
      case EXPERIMENT_ID -> r.experimentId();
      case PARENT_RUN_ID -> r.parentRunId();
      case START_TIME -> (double) r.startTime().toEpochMilli();
      case END_TIME -> r.endTime() == null ? null : (double) r.endTime().toEpochMilli();
    };
  }

  // ---------------------------------------------------------------- filter

  static @Nullable Boolean eval(RunFilter f, RunData d) {
    if (f instanceof RunFilter.All) {
      return true;
    }
    if (f instanceof RunFilter.Not n) {
      Boolean b = eval(n.operand(), d);
      return b == null ? null : !b;
    }
    if (f instanceof RunFilter.And a) {
      boolean unknown = false;
      for (RunFilter o : a.operands()) {
        Boolean b = eval(o, d);
        if (Boolean.FALSE.equals(b)) {
          return false;
        }
        unknown |= b == null;
      }
      return unknown ? null : true;
    }
    if (f instanceof RunFilter.Or o) {
      boolean unknown = false;
      for (RunFilter x : o.operands()) {
        Boolean b = eval(x, d);
        if (Boolean.TRUE.equals(b)) {
          return true;
        }
        unknown |= b == null;
      }
      return unknown ? null : false;
    }
    if (f instanceof RunFilter.IsNull n) {
      boolean missing = raw(n.field(), d) == null;
      return n.negated() != missing;
    }
    if (f instanceof RunFilter.Compare c) {
      return compare(c.field(), c.operator(), c.value(), d);
    }
    if (f instanceof RunFilter.In in) {
      // x IN (a, b) is x = a OR x = b
      List<RunFilter> eqs = new ArrayList<>();
      for (Literal v : in.values()) {
        eqs.add(new RunFilter.Compare(in.field(), Operator.EQ, v));
      }
      Boolean b = eval(eqs.size() == 1 ? eqs.get(0) : RunFilter.or(eqs), d);
      if (b == null) {
        return null;
      }
      return in.negated() != b;
    }
    RunFilter.Like like = (RunFilter.Like) f;
    Object v = raw(like.field(), d);
    String text = v instanceof Param p ? p.value() : (String) v;
    if (text == null) {
      return null;
    }
    boolean m =
        likeRegex(like.pattern(), like.caseInsensitive()).matcher(fold(text, like)).matches();
    return like.negated() != m;
  }

  private static String fold(String s, RunFilter.Like like) {
    return like.caseInsensitive() ? asciiLower(s) : s;
  }

  private static @Nullable Boolean compare(Field f, Operator op, Literal lit, RunData d) {
    Object v = raw(f, d);
    if (v == null) {
      return null;
    }
    if (v instanceof Param p) {
      if (lit instanceof Literal.StringLiteral s) {
        v = p.value();
        lit = s;
      } else if (lit instanceof Literal.NumberLiteral) {
        if (p.type() != ParamType.NUMBER) {
          return null;
        }
        v = Double.parseDouble(p.value());
      } else {
        if (p.type() != ParamType.BOOLEAN) {
          return null;
        }
        v = p.value();
        lit = Literal.of(Boolean.toString(((Literal.BooleanLiteral) lit).value()));
      }
    }
    if (v instanceof Double x) {
      if (x.isNaN()) {
        return null;
      }
      double y = ((Literal.NumberLiteral) lit).value();
      double a = x;
      return switch (op) {
        case EQ -> a == y;
        case NE -> a != y;
        case LT -> a < y;
        case LE -> a <= y;
        case GT -> a > y;
        case GE -> a >= y;
      };
    }
    boolean eq = v.equals(((Literal.StringLiteral) lit).value());
    return op == Operator.EQ ? eq : !eq;
  }

  /** A LIKE pattern as a regular expression over code points. */
  static Pattern likeRegex(String pattern, boolean ci) {
    String p = ci ? asciiLower(pattern) : pattern;
    StringBuilder re = new StringBuilder();
    int[] cps = p.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == '\\') {
        re.append(Pattern.quote(new String(Character.toChars(cps[++i]))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(new String(Character.toChars(c))));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  static String asciiLower(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- order

  /** Missing (or NaN) last in both directions; numbers before text ascending. */
  private static int compareKey(OrderBy o, RunData a, RunData b) {
    Object x = sortable(raw(o.field(), a));
    Object y = sortable(raw(o.field(), b));
    if (x == null || y == null) {
      return x == null ? (y == null ? 0 : 1) : -1;
    }
    int c;
    if (x instanceof Double p && y instanceof Double q) {
      c = p.doubleValue() < q.doubleValue() ? -1 : p.doubleValue() > q.doubleValue() ? 1 : 0;
    } else if (x instanceof String p && y instanceof String q) {
      c = codePointCompare(p, q);
    } else {
      c = x instanceof Double ? -1 : 1;
    }
    return o.direction() == OrderBy.Direction.ASC ? c : -c;
  }

  private static @Nullable Object sortable(@Nullable Object v) {
    if (v instanceof Double x && x.isNaN()) {
      return null;
    }
    if (v instanceof Param p) {
      return p.type() == ParamType.NUMBER ? (Object) Double.parseDouble(p.value()) : p.value();
    }
    return v;
  }

  static int codePointCompare(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
