package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The type rules of the query language, shared by the AST's constructors (which throw) and the
 * parser (which reports the offending character). Each check returns a problem message or null.
 */
final class Rules {
  /** What values a field holds. */
  enum Kind {
    /** Metrics and the time attributes: numbers only. */
    NUMBER,
    /** Parameters: text, and also numbers or booleans by the parameter's type. */
    PARAM,
    /** Tags and the text attributes. */
    TEXT,
    /** The status attribute: one of the {@link RunStatus} names. */
    STATUS
  }

  static final String STATUS_NAMES =
      Arrays.stream(RunStatus.values())
          .map(s -> "'" + s.name() + "'")
          .collect(Collectors.joining(", "));

  private Rules() {}

  static Kind kind(Field field) {
    if (field instanceof Field.MetricField) {
      return Kind.NUMBER;
    }
    if (field instanceof Field.ParamField) {
      return Kind.PARAM;
    }
    if (field instanceof Field.TagField) {
      return Kind.TEXT;
    }
    Attribute a = ((Field.AttributeField) field).attribute();
    if (a == Attribute.STATUS) {
      return Kind.STATUS;
    }
    return a.isNumeric() ? Kind.NUMBER : Kind.TEXT;
  }

  /** Whether the operator applies to the field at all, whatever the value. */
  static @Nullable String operatorProblem(Field field, Operator op) {
    if (!op.isOrdering()) {
      return null;
    }
    return switch (kind(field)) {
      case NUMBER, PARAM -> null;
      case TEXT ->
          "'"
              + op.symbol()
              + "' compares numbers, but "
              + QueryPrinter.field(field)
              + " is text; use =, !=, LIKE, ILIKE or IN";
      case STATUS ->
          "'"
              + op.symbol()
              + "' compares numbers, but "
              + QueryPrinter.field(field)
              + " is a status name; use =, != or IN";
    };
  }

  /** Whether the value fits the field under the operator (EQ for IN lists). */
  static @Nullable String literalProblem(Field field, Operator op, Literal value) {
    String name = QueryPrinter.field(field);
    return switch (kind(field)) {
      case NUMBER ->
          value instanceof Literal.NumberLiteral
              ? null
              : name + " is a number; compare it with a number, not " + describe(value);
      case PARAM ->
          op.isOrdering() && !(value instanceof Literal.NumberLiteral)
              ? "'"
                  + op.symbol()
                  + "' on a parameter compares numbers, so the value must be a number, not "
                  + describe(value)
              : null;
      case TEXT ->
          value instanceof Literal.StringLiteral
              ? null
              : name
                  + " is text; compare it with a quoted string such as "
                  + QueryPrinter.quote(unquoted(value));
      case STATUS -> statusProblem(name, value);
    };
  }

  private static @Nullable String statusProblem(String name, Literal value) {
    if (!(value instanceof Literal.StringLiteral s)) {
      return name + " compares with a quoted status name: one of " + STATUS_NAMES;
    }
    for (RunStatus status : RunStatus.values()) {
      if (status.name().equals(s.value())) {
        return null;
      }
    }
    return describe(value) + " is not a run status; use one of " + STATUS_NAMES;
  }

  /** Whether LIKE or ILIKE applies to the field. */
  static @Nullable String likeProblem(Field field, boolean caseInsensitive) {
    String op = caseInsensitive ? "ILIKE" : "LIKE";
    return switch (kind(field)) {
      case PARAM, TEXT -> null;
      case NUMBER ->
          op
              + " matches text, but "
              + QueryPrinter.field(field)
              + " is a number; compare it with =, !=, <, <=, >, >= or IN";
      case STATUS ->
          op
              + " does not apply to "
              + QueryPrinter.field(field)
              + "; use = or IN with status names ("
              + STATUS_NAMES
              + ")";
    };
  }

  /**
   * Returns the index of the first misused escape in a LIKE pattern, or -1. A backslash escapes
   * {@code %}, {@code _} or a backslash; anything else after it, or nothing, is an error.
   */
  static int patternProblemIndex(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (pattern.charAt(i) == '\\') {
        if (i + 1 >= pattern.length()) {
          return i;
        }
        char next = pattern.charAt(i + 1);
        if (next != '%' && next != '_' && next != '\\') {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  static final String PATTERN_PROBLEM =
      "in a LIKE pattern '\\' must be followed by '%', '_' or '\\'; write '\\\\' for a backslash";

  /**
   * The nesting depth of parentheses and NOTs in the canonical text of a filter: NOT counts one,
   * and an AND or OR counts one where the printer must parenthesise it (an OR inside an AND, an AND
   * or OR inside a NOT). Recursion is bounded because every operand was itself checked.
   */
  static int textDepth(RunFilter filter) {
    if (filter instanceof RunFilter.Not not) {
      return notDepth(not.operand());
    }
    if (filter instanceof RunFilter.And and) {
      return andDepth(and.operands());
    }
    if (filter instanceof RunFilter.Or or) {
      return orDepth(or.operands());
    }
    return 0;
  }

  static int notDepth(RunFilter operand) {
    boolean paren = operand instanceof RunFilter.And || operand instanceof RunFilter.Or;
    return 1 + (paren ? 1 : 0) + textDepth(operand);
  }

  static int andDepth(List<RunFilter> operands) {
    int max = 0;
    for (RunFilter operand : operands) {
      max = Math.max(max, textDepth(operand) + (operand instanceof RunFilter.Or ? 1 : 0));
    }
    return max;
  }

  static int orDepth(List<RunFilter> operands) {
    int max = 0;
    for (RunFilter operand : operands) {
      max = Math.max(max, textDepth(operand));
    }
    return max;
  }

  /** Copies the operands of an AND or OR, flattening nested ones of the same kind. */
  static List<RunFilter> flatten(List<RunFilter> operands, boolean and) {
    String op = and ? "AND" : "OR";
    if (operands.size() < 2) {
      throw new IllegalArgumentException(
          "an "
              + op
              + " needs at least two operands, but has "
              + operands.size()
              + "; use RunFilter."
              + op.toLowerCase(java.util.Locale.ROOT)
              + "(..), which accepts any number");
    }
    List<RunFilter> flat = new ArrayList<>(operands.size());
    for (RunFilter f : operands) {
      Objects.requireNonNull(f, "operand");
      if (f instanceof RunFilter.All) {
        throw new IllegalArgumentException(
            "all() cannot be an operand of "
                + op
                + "; use RunFilter."
                + op.toLowerCase(java.util.Locale.ROOT)
                + "(..), which simplifies it away");
      }
      if (and && f instanceof RunFilter.And a) {
        flat.addAll(a.operands());
      } else if (!and && f instanceof RunFilter.Or o) {
        flat.addAll(o.operands());
      } else {
        flat.add(f);
      }
    }
    return List.copyOf(flat);
  }

  static void checkDepth(int depth) {
    if (depth > RunFilter.MAX_DEPTH) {
      throw InvalidInputException.of(
          "filter",
          "the filter nests "
              + depth
              + " levels of parentheses and NOT; the limit is "
              + RunFilter.MAX_DEPTH
              + "; simplify it");
    }
  }

  static void require(@Nullable String problem) {
    if (problem != null) {
      throw InvalidInputException.of("filter", problem);
    }
  }

  /** Checks an order list: at most MAX_ORDER_BY keys, no field twice. */
  static void checkOrder(List<OrderBy> orderBy) {
    if (orderBy.size() > RunQuery.MAX_ORDER_BY) {
      throw InvalidInputException.of(
          "order",
          "the order has " + orderBy.size() + " keys; the limit is " + RunQuery.MAX_ORDER_BY);
    }
    for (int i = 0; i < orderBy.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (orderBy.get(i).field().equals(orderBy.get(j).field())) {
          throw InvalidInputException.of(
              "order",
              QueryPrinter.field(orderBy.get(i).field())
                  + " appears twice in the order; keep one of them");
        }
      }
    }
  }

  /** Whether a sort value can come from the field: numbers from numbers, text from text. */
  static @Nullable String sortValueProblem(Field field, SortValue value) {
    if (value instanceof SortValue.Missing) {
      return null;
    }
    return switch (kind(field)) {
      case PARAM -> null;
      case NUMBER ->
          value instanceof SortValue.NumberValue
              ? null
              : QueryPrinter.field(field) + " is a number, but its sort value is text";
      case TEXT, STATUS ->
          value instanceof SortValue.TextValue
              ? null
              : QueryPrinter.field(field) + " is text, but its sort value is a number";
    };
  }

  static String describe(Literal value) {
    if (value instanceof Literal.StringLiteral s) {
      return QueryPrinter.quote(abbreviate(s.value()));
    }
    return QueryPrinter.literal(value);
  }

  private static String unquoted(Literal value) {
    if (value instanceof Literal.StringLiteral s) {
      return abbreviate(s.value());
    }
    return QueryPrinter.literal(value);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
