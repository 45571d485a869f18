package dev.mlops.api.tracking.query;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Prints the canonical query text of the AST, the inverse of {@link QueryParser}: keywords in upper
 * case, plural prefixes, backticks only where a key needs them, parentheses only where precedence
 * needs them. Recursion is bounded by {@link RunFilter#MAX_DEPTH}.
 */
final class QueryPrinter {
  /** Integers up to this magnitude print without an exponent (and are exact doubles). */
  private static final double PLAIN_INTEGER_LIMIT = 1e15;

  private QueryPrinter() {}

  static String query(RunQuery query) {
    StringBuilder b = new StringBuilder();
    filter(query.filter(), b);
    if (!query.orderBy().isEmpty()) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append("ORDER BY ").append(order(query.orderBy()));
    }
    return b.toString();
  }

  /** The order keys joined by commas, each with its direction. */
  static String order(List<OrderBy> order) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < order.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(order.get(i).toQueryString());
    }
    return b.toString();
  }

  static String filter(RunFilter filter) {
    StringBuilder b = new StringBuilder();
    filter(filter, b);
    return b.toString();
  }

  private static void filter(RunFilter filter, StringBuilder b) {
    if (filter instanceof RunFilter.All) {
      return;
    }
    if (filter instanceof RunFilter.And and) {
      join(and.operands(), " AND ", RunFilter.Or.class, b);
    } else if (filter instanceof RunFilter.Or or) {
      join(or.operands(), " OR ", null, b);
    } else if (filter instanceof RunFilter.Not not) {
      b.append("NOT ");
      RunFilter operand = not.operand();
      boolean paren = operand instanceof RunFilter.And || operand instanceof RunFilter.Or;
      operand(operand, paren, b);
    } else if (filter instanceof RunFilter.Compare c) {
      b.append(field(c.field()))
          .append(' ')
          .append(c.operator().symbol())
          .append(' ')
          .append(literal(c.value()));
    } else if (filter instanceof RunFilter.Like like) {
      b.append(field(like.field())).append(like.negated() ? " NOT " : " ");
      b.append(like.caseInsensitive() ? "ILIKE " : "LIKE ").append(quote(like.pattern()));
    } else if (filter instanceof RunFilter.In in) {
      b.append(field(in.field())).append(in.negated() ? " NOT IN (" : " IN (");
      List<Literal> values = in.values();
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(literal(values.get(i)));
      }
      b.append(')');
    } else {
      RunFilter.IsNull isNull = (RunFilter.IsNull) filter;
      b.append(field(isNull.field())).append(isNull.negated() ? " IS NOT NULL" : " IS NULL");
    }
  }

  private static void join(
      List<RunFilter> operands,
      String separator,
      @Nullable Class<?> parenthesise,
      StringBuilder b) {
    for (int i = 0; i < operands.size(); i++) {
      if (i > 0) {
        b.append(separator);
      }
      RunFilter operand = operands.get(i);
      operand(operand, parenthesise != null && parenthesise.isInstance(operand), b);
    }
  }

  private static void operand(RunFilter operand, boolean paren, StringBuilder b) {
    if (paren) {
      b.append('(');
    }
    filter(operand, b);
    if (paren) {
      b.append(')');
    }
  }

  static String field(Field field) {
    if (field instanceof Field.AttributeField a) {
      return "attributes." + a.attribute().queryName();
    }
    String prefix;
    String key;
    if (field instanceof Field.ParamField p) {
      prefix = "params.";
      key = p.key();
    } else if (field instanceof Field.MetricField m) {
      prefix = "metrics.";
      key = m.key();
    } else {
      prefix = "tags.";
      key = ((Field.TagField) field).key();
    }
    return isBareKey(key) ? prefix + key : prefix + '`' + key + '`';
  }

  /** Whether a key can be written without backticks: {@code [A-Za-z0-9_.-]+}. */
  static boolean isBareKey(CharSequence key) {
    if (key.length() == 0) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (!isBareKeyChar(key.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isBareKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  static String literal(Literal literal) {
    if (literal instanceof Literal.StringLiteral s) {
      return quote(s.value());
    }
    if (literal instanceof Literal.BooleanLiteral bool) {
      return bool.value() ? "true" : "false";
    }
    return number(((Literal.NumberLiteral) literal).value());
  }

  /**
   * A finite number: integers below 10^15 in magnitude as plain digits (so times read naturally),
   * everything else as {@link Double#toString}, which parses back to the same double.
   */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < PLAIN_INTEGER_LIMIT) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Single-quotes text, doubling each quote. */
  static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
