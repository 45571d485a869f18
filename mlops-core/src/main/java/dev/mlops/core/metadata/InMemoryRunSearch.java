package dev.mlops.core.metadata;

import dev.mlops.api.tracking.MetricPoint;
import dev.mlops.api.tracking.Param;
import dev.mlops.api.tracking.ParamType;
import dev.mlops.api.tracking.Run;
import dev.mlops.api.tracking.query.Attribute;
import dev.mlops.api.tracking.query.Field;
import dev.mlops.api.tracking.query.Literal;
import dev.mlops.api.tracking.query.Operator;
import dev.mlops.api.tracking.query.OrderBy;
import dev.mlops.api.tracking.query.RunCursor;
import dev.mlops.api.tracking.query.RunFilter;
import dev.mlops.api.tracking.query.RunPage;
import dev.mlops.api.tracking.query.RunQuery;
import dev.mlops.api.tracking.query.SortValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Run search over the tables of an {@link InMemoryMetadataStore}: evaluates a {@link RunFilter} in
 * three-valued logic per run, sorts by the query's total order and cuts the page after the cursor.
 * The meaning is the one stated on {@link RunFilter} and {@link OrderBy}.
 *
 * <p>Not thread-safe: runs under the store's read lock, like the transaction that calls it.
 */
final class InMemoryRunSearch {
  /** A three-valued truth value. */
  enum Tri {
    TRUE,
    FALSE,
    UNKNOWN;

    static Tri of(boolean b) {
      return b ? TRUE : FALSE;
    }

    Tri not() {
      return this == TRUE ? FALSE : this == FALSE ? TRUE : UNKNOWN;
    }
  }

  private final InMemoryState state;

  InMemoryRunSearch(InMemoryState state) {
    this.state = state;
  }

  /** Runs the query. */
  RunPage search(RunQuery query) {
    List<Row> rows = new ArrayList<>();
    for (Run run : state.runs.values()) {
      if (eval(query.filter(), run) == Tri.TRUE) {
        List<SortValue> values = new ArrayList<>(query.orderBy().size());
        for (OrderBy o : query.orderBy()) {
          values.add(sortValue(o.field(), run));
        }
        rows.add(new Row(run, values));
      }
    }
    Comparator<Row> order = rowOrder(query.orderBy());
    RunCursor cursor = query.cursor();
    List<Row> after = new ArrayList<>();
    for (Row r : rows) {
      if (cursor == null || order.compare(r, new Row(null, cursor.values(), cursor.runId())) > 0) {
        after.add(r);
      }
    }
    after.sort(order);
    int size = query.pageSize();
    List<Run> page = new ArrayList<>(Math.min(size, after.size()));
    for (int i = 0; i < Math.min(size, after.size()); i++) {
      page.add(Objects.requireNonNull(after.get(i).run(), "run"));
    }
    if (after.size() <= size) {
      return RunPage.last(page);
    }
    Row last = after.get(size - 1);
    return new RunPage(page, query.cursorAfter(last.values(), last.id()));
  }

  /** A matching run with its sort values; {@code run} is null for the cursor's position. */
  private record Row(@Nullable Run run, List<SortValue> values, String id) {
    Row(Run run, List<SortValue> values) {
      this(run, values, run.id());
    }
  }

  // ---------------------------------------------------------------- order

  static Comparator<Row> rowOrder(List<OrderBy> orderBy) {
    return (a, b) -> {
      for (int i = 0; i < orderBy.size(); i++) {
        int c = compareSort(a.values().get(i), b.values().get(i), orderBy.get(i).direction());
        if (c != 0) {
          return c;
        }
      }
      return compareCodePoints(a.id(), b.id());
    };
  }

  /** Missing last in both directions; numbers before text ascending; the rest by direction. */
  static int compareSort(SortValue a, SortValue b, OrderBy.Direction direction) {
    boolean am = a instanceof SortValue.Missing;
    boolean bm = b instanceof SortValue.Missing;
    if (am || bm) {
      return am == bm ? 0 : am ? 1 : -1;
    }
    int c;
    if (a instanceof SortValue.NumberValue x && b instanceof SortValue.NumberValue y) {
      c = Double.compare(x.value(), y.value()); // no NaN, no -0.0: SortValue normalises
    } else if (a instanceof SortValue.TextValue x && b instanceof SortValue.TextValue y) {
      c = compareCodePoints(x.value(), y.value());
    } else {
      c = a instanceof SortValue.NumberValue ? -1 : 1;
    }
    return direction == OrderBy.Direction.ASC ? c : -c;
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private SortValue sortValue(Field field, Run run) {
    if (field instanceof Field.MetricField m) {
      MetricPoint p = latest(run.id(), m.key());
      return p == null || Double.isNaN(p.value()) ? SortValue.missing() : SortValue.of(p.value());
    }
    if (field instanceof Field.ParamField pf) {
      Param p = param(run.id(), pf.key());
      if (p == null) {
        return SortValue.missing();
      }
      return p.type() == ParamType.NUMBER ? SortValue.of(p.asNumber()) : SortValue.of(p.value());
    }
    if (field instanceof Field.TagField t) {
      String v = tag(run.id(), t.key());
      return v == null ? SortValue.missing() : SortValue.of(v);
    }
    Attribute a = ((Field.AttributeField) field).attribute();
    if (a.isNumeric()) {
      Long millis = millis(run, a);
      return millis == null ? SortValue.missing() : SortValue.of(millis.doubleValue());
    }
    String text = text(run, a);
    return text == null ? SortValue.missing() : SortValue.of(text);
  }

  // ---------------------------------------------------------------- filter

  Tri eval(RunFilter filter, Run run) {
    if (filter instanceof RunFilter.All) {
      return Tri.TRUE;
    }
    if (filter instanceof RunFilter.And and) {
      Tri result = Tri.TRUE;
      for (RunFilter f : and.operands()) {
        Tri t = eval(f, run);
        if (t == Tri.FALSE) {
          return Tri.FALSE;
        }
        if (t == Tri.UNKNOWN) {
          result = Tri.UNKNOWN;
        }
      }
      return result;
    }
    if (filter instanceof RunFilter.Or or) {
      Tri result = Tri.FALSE;
      for (RunFilter f : or.operands()) {
        Tri t = eval(f, run);
        if (t == Tri.TRUE) {
          return Tri.TRUE;
        }
        if (t == Tri.UNKNOWN) {
          result = Tri.UNKNOWN;
        }
      }
      return result;
    }
    if (filter instanceof RunFilter.Not not) {
      return eval(not.operand(), run).not();
    }
    if (filter instanceof RunFilter.Compare c) {
      return compare(c.field(), c.operator(), c.value(), run);
    }
    if (filter instanceof RunFilter.In in) {
      Tri result = Tri.FALSE;
      for (Literal v : in.values()) {
        Tri t = compare(in.field(), Operator.EQ, v, run);
        if (t == Tri.TRUE) {
          result = Tri.TRUE;
          break;
        }
        if (t == Tri.UNKNOWN) {
          result = Tri.UNKNOWN;
        }
      }
      return in.negated() ? result.not() : result;
    }
    if (filter instanceof RunFilter.Like like) {
      String text = likeText(like.field(), run);
      if (text == null) {
        return Tri.UNKNOWN;
      }
      Tri t = Tri.of(LikePattern.matches(like.pattern(), text, like.caseInsensitive()));
      return like.negated() ? t.not() : t;
    }
    RunFilter.IsNull isNull = (RunFilter.IsNull) filter;
    boolean missing = !present(isNull.field(), run);
    return Tri.of(isNull.negated() != missing);
  }

  private Tri compare(Field field, Operator op, Literal value, Run run) {
    if (field instanceof Field.MetricField m) {
      MetricPoint p = latest(run.id(), m.key());
      if (p == null || Double.isNaN(p.value())) {
        return Tri.UNKNOWN;
      }
      return Tri.of(numbers(p.value(), op, ((Literal.NumberLiteral) value).value()));
    }
    if (field instanceof Field.ParamField pf) {
      Param p = param(run.id(), pf.key());
      if (p == null) {
        return Tri.UNKNOWN;
      }
      if (value instanceof Literal.StringLiteral s) {
        return Tri.of(op == Operator.EQ == p.value().equals(s.value()));
      }
      if (value instanceof Literal.NumberLiteral n) {
        return p.type() != ParamType.NUMBER
            ? Tri.UNKNOWN
            : Tri.of(numbers(p.asNumber(), op, n.value()));
      }
      boolean b = ((Literal.BooleanLiteral) value).value();
      return p.type() != ParamType.BOOLEAN
          ? Tri.UNKNOWN
          : Tri.of(op == Operator.EQ == (p.asBoolean() == b));
    }
    if (field instanceof Field.TagField t) {
      String v = tag(run.id(), t.key());
      return v == null
          ? Tri.UNKNOWN
          : Tri.of(op == Operator.EQ == v.equals(((Literal.StringLiteral) value).value()));
    }
    Attribute a = ((Field.AttributeField) field).attribute();
    if (a.isNumeric()) {
      Long millis = millis(run, a);
      return millis == null
          ? Tri.UNKNOWN
          : Tri.of(numbers(millis.doubleValue(), op, ((Literal.NumberLiteral) value).value()));
    }
    String text = text(run, a);
    return text == null
        ? Tri.UNKNOWN
        : Tri.of(op == Operator.EQ == text.equals(((Literal.StringLiteral) value).value()));
  }

  /** Compares doubles as numbers: -0.0 equals 0.0; no NaN reaches here. */
  private static boolean numbers(double x, Operator op, double y) {
    return switch (op) {
      case EQ -> x == y;
      case NE -> x != y;
      case LT -> x < y;
      case LE -> x <= y;
      case GT -> x > y;
      case GE -> x >= y;
    };
  }

  private @Nullable String likeText(Field field, Run run) {
    if (field instanceof Field.ParamField pf) {
      Param p = param(run.id(), pf.key());
      return p == null ? null : p.value();
    }
    if (field instanceof Field.TagField t) {
      return tag(run.id(), t.key());
    }
    return text(run, ((Field.AttributeField) field).attribute());
  }

  private boolean present(Field field, Run run) {
    if (field instanceof Field.MetricField m) {
      return latest(run.id(), m.key()) != null;
    }
    if (field instanceof Field.ParamField pf) {
      return param(run.id(), pf.key()) != null;
    }
    if (field instanceof Field.TagField t) {
      return tag(run.id(), t.key()) != null;
    }
    Attribute a = ((Field.AttributeField) field).attribute();
    return a.isNumeric() ? millis(run, a) != null : text(run, a) != null;
  }

  // ---------------------------------------------------------------- values of a run

  private @Nullable MetricPoint latest(String runId, String key) {
    Map<String, List<MetricPoint>> series = state.metrics.get(runId);
    List<MetricPoint> points = series == null ? null : series.get(key);
    if (points == null) {
      return null;
    }
    MetricPoint best = null;
    for (MetricPoint p : points) {
      // ">=" on the timestamp lets a later insertion win a full tie.
      if (best == null
          || p.step() > best.step()
          || (p.step() == best.step() && !p.timestamp().isBefore(best.timestamp()))) {
        best = p;
      }
    }
    return best;
  }

  private @Nullable Param param(String runId, String key) {
    Map<String, Param> params = state.params.get(runId);
    return params == null ? null : params.get(key);
  }

  private @Nullable String tag(String runId, String key) {
    Map<String, String> tags = state.tags.get(runId);
    return tags == null ? null : tags.get(key);
  }

  private static @Nullable Long millis(Run run, Attribute a) {
    if (a == Attribute.START_TIME) {
      return run.startTime().toEpochMilli();
    }
    return run.endTime() == null ? null : run.endTime().toEpochMilli();
  }

  private static @Nullable String text(Run run, Attribute a) {
    return switch (a) {
      case RUN_ID -> run.id();
      case RUN_NAME -> run.name();
      case STATUS -> run.status().name();
      case EXPERIMENT_ID -> run.experimentId();
      case PARENT_RUN_ID -> run.parentRunId();
      case START_TIME, END_TIME -> throw new IllegalArgumentException(a + " is a number");
    };
  }
}
