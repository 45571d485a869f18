package dev.mlops.api.tracking.query;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.Names;
import dev.mlops.api.tracking.RunStatus;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of valid ASTs, queries and cursors for the jqwik properties. Every generated value
 * obeys the type rules, so constructing it never throws; the shapes cover every record, every field
 * kind, backticked keys, quotes and backslashes in text, and awkward numbers.
 */
final class QueryArbitraries {
  /** Text that a client might send as a value, SQL injection attempts included. */
  static final List<String> HOSTILE =
      List.of(
          "'; DROP TABLE runs; --",
          "' OR '1'='1",
          "' OR 1=1 --",
          "\\'; DROP TABLE runs; --",
          "'' OR ''=''",
          "a\\",
          "\\",
          "\\\\'",
          "%' OR '%'='",
          "/* comment */",
          "*/ OR 1=1 /*",
          "-- comment",
          "\"; DROP TABLE \"runs",
          "\u2018 OR \u20191\u2019=\u20191",
          "\u201cquoted\u201d",
          "\uff07 OR \uff071\uff07=\uff071",
          "\u02bc",
          "`",
          "``; DROP",
          "$1",
          "?",
          ":name",
          "%27 OR %271%27=%271",
          "\\x27",
          "1; SELECT pg_sleep(10)",
          "'||(SELECT version())||'",
          "\n",
          "\r\n'",
          "x\u0000y",
          "\u0000",
          "\uD800",
          "a\uDC00",
          "\uD83D\uDE00",
          "%_\\%\\_",
          "ORDER BY metrics.a",
          ") OR (1=1",
          "x".repeat(Names.MAX_VALUE_LENGTH + 1));

  private QueryArbitraries() {}

  static boolean isValidValue(String s) {
    try {
      Names.requireValue(s, "v", Names.MAX_VALUE_LENGTH);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  static boolean isValidKey(String s) {
    try {
      Names.requireKey(s, "k");
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  static Arbitrary<String> keys() {
    Arbitrary<String> segment =
        Combinators.combine(
                Arbitraries.strings()
                    .withCharRange('a', 'z')
                    .withCharRange('A', 'Z')
                    .withCharRange('0', '9')
                    .ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').withChars("AZ09._- ").ofMaxLength(6))
            .as(String::concat);
    return segment
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(parts -> String.join("/", parts))
        .filter(QueryArbitraries::isValidKey);
  }

  static Arbitrary<String> runIds() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofLength(1),
            Arbitraries.strings().withCharRange('a', 'z').withChars("Z9._-").ofMaxLength(12))
        .as(String::concat)
        .filter(
            s -> {
              try {
                Names.requireName(s, "run id");
                return true;
              } catch (InvalidInputException e) {
                return false;
              }
            });
  }

  static Arbitrary<String> texts() {
    return Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12),
            Arbitraries.strings().withChars("'\\%_ \"`;-/*aZ\n").ofMaxLength(10),
            Arbitraries.of(HOSTILE))
        .filter(QueryArbitraries::isValidValue);
  }

  static Arbitrary<Double> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().filter(Double::isFinite),
        Arbitraries.longs()
            .between(-2_000_000_000_000_000L, 2_000_000_000_000_000L)
            .map(l -> (double) l),
        Arbitraries.of(
            0.0,
            -0.0,
            0.1,
            1e15,
            1e15 - 1,
            -1e15,
            1e-7,
            Double.MIN_VALUE,
            -Double.MIN_VALUE,
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            1.7e12));
  }

  static Arbitrary<Field> fields() {
    return Arbitraries.oneOf(
        keys().map(Field::param),
        keys().map(Field::metric),
        keys().map(Field::tag),
        Arbitraries.of(Attribute.class).map(Field::attribute));
  }

  private static Arbitrary<Literal> stringLiterals() {
    return texts().map(Literal::of);
  }

  private static Arbitrary<Literal> numberLiterals() {
    return numbers().map(Literal::of);
  }

  private static Arbitrary<Literal> booleanLiterals() {
    return Arbitraries.of(true, false).map(Literal::of);
  }

  private static Arbitrary<Literal> statusLiterals() {
    return Arbitraries.of(RunStatus.class).map(s -> Literal.of(s.name()));
  }

  /** Literals of one type that fit {@code =} on the field. */
  private static Arbitrary<Arbitrary<Literal>> literalKinds(Field field) {
    return switch (Rules.kind(field)) {
      case NUMBER -> Arbitraries.just(numberLiterals());
      case TEXT -> Arbitraries.just(stringLiterals());
      case STATUS -> Arbitraries.just(statusLiterals());
      case PARAM -> Arbitraries.of(stringLiterals(), numberLiterals(), booleanLiterals());
    };
  }

  private static Arbitrary<RunFilter> compare(Field field) {
    Rules.Kind kind = Rules.kind(field);
    if (kind == Rules.Kind.TEXT || kind == Rules.Kind.STATUS) {
      return Combinators.combine(
              Arbitraries.of(Operator.EQ, Operator.NE),
              kind == Rules.Kind.TEXT ? stringLiterals() : statusLiterals())
          .as((op, v) -> new RunFilter.Compare(field, op, v));
    }
    return Arbitraries.of(Operator.class)
        .flatMap(
            op ->
                (op.isOrdering() || kind == Rules.Kind.NUMBER
                        ? numberLiterals()
                        : literalKinds(field).flatMap(a -> a))
                    .map(v -> new RunFilter.Compare(field, op, v)));
  }

  static Arbitrary<String> patterns() {
    return Arbitraries.oneOf(
            texts().map(RunFilter.Like::escape), Arbitraries.of("%", "_", "%%", "\\%"))
        .list()
        .ofMaxSize(4)
        .map(parts -> String.join("", parts))
        .filter(QueryArbitraries::isValidValue);
  }

  private static Arbitrary<RunFilter> like(Field field) {
    return Combinators.combine(patterns(), Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((p, ci, neg) -> new RunFilter.Like(field, p, ci, neg));
  }

  private static Arbitrary<RunFilter> in(Field field) {
    return literalKinds(field)
        .flatMap(
            kind ->
                Combinators.combine(
                        kind.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
                    .as((values, neg) -> new RunFilter.In(field, values, neg)));
  }

  private static Arbitrary<RunFilter> isNull(Field field) {
    return Arbitraries.of(true, false).map(neg -> new RunFilter.IsNull(field, neg));
  }

  static Arbitrary<RunFilter> leaves() {
    return fields()
        .flatMap(
            field -> {
              List<Arbitrary<RunFilter>> choices = new ArrayList<>();
              choices.add(compare(field));
              choices.add(in(field));
              choices.add(isNull(field));
              Rules.Kind kind = Rules.kind(field);
              if (kind == Rules.Kind.TEXT || kind == Rules.Kind.PARAM) {
                choices.add(like(field));
              }
              return Arbitraries.oneOf(choices);
            });
  }

  static Arbitrary<RunFilter> filters() {
    return Arbitraries.recursive(QueryArbitraries::leaves, QueryArbitraries::compose, 0, 4);
  }

  private static Arbitrary<RunFilter> compose(Arbitrary<RunFilter> inner) {
    return Arbitraries.oneOf(
        inner.list().ofMinSize(2).ofMaxSize(3).map(RunFilter.And::new),
        inner.list().ofMinSize(2).ofMaxSize(3).map(RunFilter.Or::new),
        inner.map(RunFilter.Not::new));
  }

  static Arbitrary<List<OrderBy>> orders() {
    return Combinators.combine(fields(), Arbitraries.of(OrderBy.Direction.class))
        .as(OrderBy::new)
        .list()
        .ofMaxSize(3)
        .uniqueElements(OrderBy::field);
  }

  static Arbitrary<RunQuery> queries() {
    return Combinators.combine(
            Arbitraries.oneOf(Arbitraries.just(RunFilter.all()), filters()), orders())
        .as((filter, order) -> new RunQuery(filter, order, RunQuery.DEFAULT_PAGE_SIZE, null));
  }

  private static Arbitrary<SortValue> sortValues(Field field) {
    Arbitrary<SortValue> numbers =
        Arbitraries.oneOf(
                numbers(), Arbitraries.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY))
            .map(SortValue::of);
    Arbitrary<SortValue> texts = texts().map(SortValue::of);
    Arbitrary<SortValue> missing = Arbitraries.just(SortValue.missing());
    return switch (Rules.kind(field)) {
      case NUMBER -> Arbitraries.oneOf(numbers, missing);
      case TEXT, STATUS -> Arbitraries.oneOf(texts, missing);
      case PARAM -> Arbitraries.oneOf(numbers, texts, missing);
    };
  }

  static Arbitrary<RunCursor> cursors() {
    return orders()
        .flatMap(
            order -> {
              List<Arbitrary<SortValue>> values = new ArrayList<>();
              for (OrderBy o : order) {
                values.add(sortValues(o.field()));
              }
              return Combinators.combine(Combinators.combine(values).as(l -> l), runIds())
                  .as((vs, id) -> new RunCursor(order, vs, id));
            });
  }
}
