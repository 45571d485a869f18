package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.tracking.query.RunFilter.And;
import dev.mlops.api.tracking.query.RunFilter.Compare;
import dev.mlops.api.tracking.query.RunFilter.In;
import dev.mlops.api.tracking.query.RunFilter.IsNull;
import dev.mlops.api.tracking.query.RunFilter.Like;
import dev.mlops.api.tracking.query.RunFilter.Not;
import dev.mlops.api.tracking.query.RunFilter.Or;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The run-search language by example: what each construct parses to, and every error's place. */
@DisplayName("Run query parser")
class RunQueryParserTest {
  private static final Field ACC = new Field.MetricField("acc");
  private static final Field A = new Field.MetricField("a");
  private static final Field B = new Field.MetricField("b");
  private static final Field C = new Field.MetricField("c");

  private static RunFilter gt(Field field, double value) {
    return new Compare(field, Operator.GT, new Literal.NumberLiteral(value));
  }

  private static RunFilter eq(Field field, String value) {
    return new Compare(field, Operator.EQ, new Literal.StringLiteral(value));
  }

  private static RunFilter eq(Field field, double value) {
    return new Compare(field, Operator.EQ, new Literal.NumberLiteral(value));
  }

  @Nested
  @DisplayName("comparison operators")
  class Operators {
    static Stream<Arguments> comparisons() {
      return Stream.of(
          arguments("=", Operator.EQ),
          arguments("!=", Operator.NE),
          arguments("<>", Operator.NE),
          arguments("<", Operator.LT),
          arguments("<=", Operator.LE),
          arguments(">", Operator.GT),
          arguments(">=", Operator.GE));
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @MethodSource("comparisons")
    void eachComparisonOperator(String symbol, Operator expected) {
      RunFilter f = RunFilter.parse("metrics.acc " + symbol + " 0.5");
      assertThat(f).isEqualTo(new Compare(ACC, expected, new Literal.NumberLiteral(0.5)));
    }

    @ParameterizedTest(name = "''{0}'' needs no spaces around the operator")
    @ValueSource(strings = {"metrics.acc>=0.5", "metrics.acc >=0.5", "metrics.acc>= 0.5"})
    void operatorsNeedNoSpaces(String text) {
      assertThat(RunFilter.parse(text))
          .isEqualTo(new Compare(ACC, Operator.GE, new Literal.NumberLiteral(0.5)));
    }

    @Test
    @DisplayName("LIKE, ILIKE and their negations set the two flags")
    void likeFamily() {
      Field stage = new Field.TagField("stage");
      assertThat(RunFilter.parse("tags.stage LIKE 'prod%'"))
          .isEqualTo(new Like(stage, "prod%", false, false));
      assertThat(RunFilter.parse("tags.stage ILIKE 'prod%'"))
          .isEqualTo(new Like(stage, "prod%", true, false));
      assertThat(RunFilter.parse("tags.stage NOT LIKE 'prod%'"))
          .isEqualTo(new Like(stage, "prod%", false, true));
      assertThat(RunFilter.parse("tags.stage NOT ILIKE 'p_od\\%'"))
          .isEqualTo(new Like(stage, "p_od\\%", true, true));
    }

    @Test
    @DisplayName("IN and NOT IN keep their values in order, duplicates included")
    void inFamily() {
      Field opt = new Field.ParamField("opt");
      List<Literal> values =
          List.of(
              new Literal.StringLiteral("adam"),
              new Literal.StringLiteral("sgd"),
              new Literal.StringLiteral("adam"));
      assertThat(RunFilter.parse("params.opt IN ('adam', 'sgd', 'adam')"))
          .isEqualTo(new In(opt, values, false));
      assertThat(RunFilter.parse("params.opt NOT IN ('adam','sgd','adam')"))
          .isEqualTo(new In(opt, values, true));
      assertThat(RunFilter.parse("metrics.epoch IN (1, 2.5)"))
          .isEqualTo(
              new In(
                  new Field.MetricField("epoch"),
                  List.of(new Literal.NumberLiteral(1), new Literal.NumberLiteral(2.5)),
                  false));
    }

    @Test
    @DisplayName("IS NULL and IS NOT NULL test presence of any field")
    void isNull() {
      assertThat(RunFilter.parse("metrics.acc IS NULL")).isEqualTo(new IsNull(ACC, false));
      assertThat(RunFilter.parse("attributes.end_time IS NOT NULL"))
          .isEqualTo(new IsNull(new Field.AttributeField(Attribute.END_TIME), true));
    }
  }

  @Nested
  @DisplayName("precedence and parentheses")
  class Precedence {
    @Test
    @DisplayName("AND binds tighter than OR")
    void andBeforeOr() {
      assertThat(RunFilter.parse("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3"))
          .isEqualTo(new Or(List.of(gt(A, 1), new And(List.of(gt(B, 2), gt(C, 3))))));
      assertThat(RunFilter.parse("metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3"))
          .isEqualTo(new Or(List.of(new And(List.of(gt(A, 1), gt(B, 2))), gt(C, 3))));
    }

    @Test
    @DisplayName("NOT binds tighter than AND")
    void notBeforeAnd() {
      assertThat(RunFilter.parse("NOT metrics.a > 1 AND metrics.b > 2"))
          .isEqualTo(new And(List.of(new Not(gt(A, 1)), gt(B, 2))));
      assertThat(RunFilter.parse("NOT NOT metrics.a > 1")).isEqualTo(new Not(new Not(gt(A, 1))));
    }

    @Test
    @DisplayName("parentheses override precedence")
    void parenthesesOverride() {
      assertThat(RunFilter.parse("(metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3"))
          .isEqualTo(new And(List.of(new Or(List.of(gt(A, 1), gt(B, 2))), gt(C, 3))));
      assertThat(RunFilter.parse("NOT (metrics.a > 1 AND metrics.b > 2)"))
          .isEqualTo(new Not(new And(List.of(gt(A, 1), gt(B, 2)))));
    }

    @Test
    @DisplayName("redundant parentheses and regrouped ANDs give the same filter")
    void redundantParentheses() {
      RunFilter flat = new And(List.of(gt(A, 1), gt(B, 2), gt(C, 3)));
      assertThat(RunFilter.parse("((metrics.a > 1)) AND metrics.b > 2 AND metrics.c > 3"))
          .isEqualTo(flat);
      assertThat(RunFilter.parse("(metrics.a > 1 AND metrics.b > 2) AND metrics.c > 3"))
          .isEqualTo(flat);
      assertThat(RunFilter.parse("metrics.a > 1 AND (metrics.b > 2 AND metrics.c > 3)"))
          .isEqualTo(flat);
    }

    @Test
    @DisplayName("the example of the issue parses to the expected tree")
    void issueExample() {
      RunQuery q =
          RunQuery.parse(
              "metrics.accuracy > 0.9 AND params.optimizer = 'adam' AND NOT tags.stage ILIKE"
                  + " 'prod%' OR (attributes.status IN ('FINISHED', 'FAILED') AND"
                  + " attributes.start_time >= 1700000000000) ORDER BY metrics.accuracy DESC,"
                  + " attributes.start_time ASC");
      Field start = new Field.AttributeField(Attribute.START_TIME);
      RunFilter left =
          new And(
              List.of(
                  gt(new Field.MetricField("accuracy"), 0.9),
                  eq(new Field.ParamField("optimizer"), "adam"),
                  new Not(new Like(new Field.TagField("stage"), "prod%", true, false))));
      RunFilter right =
          new And(
              List.of(
                  new In(
                      new Field.AttributeField(Attribute.STATUS),
                      List.of(
                          new Literal.StringLiteral("FINISHED"),
                          new Literal.StringLiteral("FAILED")),
                      false),
                  new Compare(start, Operator.GE, new Literal.NumberLiteral(1.7e12))));
      assertThat(q.filter()).isEqualTo(new Or(List.of(left, right)));
      assertThat(q.orderBy())
          .containsExactly(
              new OrderBy(new Field.MetricField("accuracy"), OrderBy.Direction.DESC),
              new OrderBy(start, OrderBy.Direction.ASC));
    }
  }

  @Nested
  @DisplayName("fields and keywords")
  class Fields {
    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "params.lr = 1",
          "param.lr = 1",
          "PARAMS.lr = 1",
          "Param.lr = 1",
        })
    void parameterPrefixes(String text) {
      assertThat(RunFilter.parse(text)).isEqualTo(eq(new Field.ParamField("lr"), 1));
    }

    @Test
    @DisplayName("singular prefixes and 'attr' mean the same as the plural ones")
    void shortPrefixes() {
      assertThat(RunFilter.parse("metric.a > 1")).isEqualTo(gt(A, 1));
      assertThat(RunFilter.parse("tag.x = 'y'")).isEqualTo(eq(new Field.TagField("x"), "y"));
      assertThat(RunFilter.parse("attribute.run_name = 'y'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.RUN_NAME), "y"));
      assertThat(RunFilter.parse("attr.RUN_NAME = 'y'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.RUN_NAME), "y"));
    }

    @Test
    @DisplayName("keywords are case-insensitive")
    void keywordsIgnoreCase() {
      RunQuery lower =
          RunQuery.parse(
              "not metrics.a > 1 and tags.x ilike 'a' or tags.y not in ('b') or tags.z is not"
                  + " null order by metrics.a desc, tags.x asc");
      RunQuery upper =
          RunQuery.parse(
              "NOT metrics.a > 1 AND tags.x ILIKE 'a' OR tags.y NOT IN ('b') OR tags.z IS NOT"
                  + " NULL ORDER BY metrics.a DESC, tags.x ASC");
      RunQuery mixed =
          RunQuery.parse(
              "Not metrics.a > 1 And tags.x ILike 'a' Or tags.y Not In ('b') oR tags.z Is NoT"
                  + " NuLL Order By metrics.a Desc, tags.x Asc");
      assertThat(lower).isEqualTo(upper).isEqualTo(mixed);
    }

    @Test
    @DisplayName("keys are case-sensitive")
    void keysAreCaseSensitive() {
      assertThat(RunFilter.parse("metrics.Acc > 1"))
          .isNotEqualTo(RunFilter.parse("metrics.acc > 1"));
    }

    @Test
    @DisplayName("bare keys hold letters, digits, '_', '.' and '-'; others go in backticks")
    void keys() {
      assertThat(RunFilter.parse("metrics.val.loss-2_x > 1"))
          .isEqualTo(gt(new Field.MetricField("val.loss-2_x"), 1));
      assertThat(RunFilter.parse("metrics.`train/loss` > 1"))
          .isEqualTo(gt(new Field.MetricField("train/loss"), 1));
      assertThat(RunFilter.parse("tags.`my tag` = 'x'"))
          .isEqualTo(eq(new Field.TagField("my tag"), "x"));
      assertThat(RunFilter.parse("params.`lr` = 1")).isEqualTo(eq(new Field.ParamField("lr"), 1));
      assertThat(RunFilter.parse("attributes.`status` = 'RUNNING'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.STATUS), "RUNNING"));
    }

    @Test
    @DisplayName("every attribute has its query name")
    void attributes() {
      assertThat(RunFilter.parse("attributes.run_id = 'r'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.RUN_ID), "r"));
      assertThat(RunFilter.parse("attributes.experiment_id = 'e'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.EXPERIMENT_ID), "e"));
      assertThat(RunFilter.parse("attributes.parent_run_id IS NULL"))
          .isEqualTo(new IsNull(new Field.AttributeField(Attribute.PARENT_RUN_ID), false));
      assertThat(RunFilter.parse("attributes.end_time < 5"))
          .isEqualTo(
              new Compare(
                  new Field.AttributeField(Attribute.END_TIME),
                  Operator.LT,
                  new Literal.NumberLiteral(5)));
    }

    @Test
    @DisplayName("whitespace is space, tab, CR and LF")
    void whitespace() {
      assertThat(RunFilter.parse("\tmetrics.a\n>\r\n1 ")).isEqualTo(gt(A, 1));
    }
  }

  @Nested
  @DisplayName("literals")
  class Literals {
    @Test
    @DisplayName("'' is one quote, and a backslash is an ordinary character in a string")
    void stringEscapes() {
      Field t = new Field.TagField("t");
      assertThat(RunFilter.parse("tags.t = 'it''s'")).isEqualTo(eq(t, "it's"));
      assertThat(RunFilter.parse("tags.t = ''''")).isEqualTo(eq(t, "'"));
      assertThat(RunFilter.parse("tags.t = ''")).isEqualTo(eq(t, ""));
      assertThat(RunFilter.parse("tags.t = 'a\\nb'")).isEqualTo(eq(t, "a\\nb"));
      assertThat(RunFilter.parse("tags.t = 'grüße \uD83D\uDE00'"))
          .isEqualTo(eq(t, "grüße \uD83D\uDE00"));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("numbers")
    void numbers(String text, double expected) {
      assertThat(RunFilter.parse("metrics.a = " + text)).isEqualTo(eq(A, expected));
    }

    static Stream<Arguments> numbers() {
      return Stream.of(
          arguments("0", 0.0),
          arguments("-0", 0.0),
          arguments("42", 42.0),
          arguments("-1.5", -1.5),
          arguments("1e3", 1000.0),
          arguments("1.5E-3", 0.0015),
          arguments("2e+2", 200.0),
          arguments("1700000000000", 1_700_000_000_000.0),
          arguments("1e-400", 0.0));
    }

    @Test
    @DisplayName("true and false compare with parameters, in any case")
    void booleans() {
      Field p = new Field.ParamField("shuffle");
      assertThat(RunFilter.parse("params.shuffle = TRUE"))
          .isEqualTo(new Compare(p, Operator.EQ, new Literal.BooleanLiteral(true)));
      assertThat(RunFilter.parse("params.shuffle != false"))
          .isEqualTo(new Compare(p, Operator.NE, new Literal.BooleanLiteral(false)));
    }

    @Test
    @DisplayName("status names are read in any ASCII case and stored in upper case")
    void statusNames() {
      assertThat(RunFilter.parse("attributes.status = 'finished'"))
          .isEqualTo(eq(new Field.AttributeField(Attribute.STATUS), "FINISHED"));
    }

    @Test
    @DisplayName("a parameter compares with strings, numbers and booleans")
    void parameterTypes() {
      Field p = new Field.ParamField("p");
      assertThat(RunFilter.parse("params.p = '0.01'")).isEqualTo(eq(p, "0.01"));
      assertThat(RunFilter.parse("params.p < 0.01"))
          .isEqualTo(new Compare(p, Operator.LT, new Literal.NumberLiteral(0.01)));
      assertThat(RunFilter.parse("params.p LIKE '0.0%'"))
          .isEqualTo(new Like(p, "0.0%", false, false));
    }
  }

  @Nested
  @DisplayName("ORDER BY")
  class Order {
    @Test
    @DisplayName("the direction defaults to ASC and several keys keep their order")
    void directions() {
      RunQuery q = RunQuery.parse("ORDER BY metrics.a, tags.x DESC, attributes.run_id ASC");
      assertThat(q.filter()).isEqualTo(RunFilter.all());
      assertThat(q.orderBy())
          .containsExactly(
              OrderBy.asc(A),
              OrderBy.desc(new Field.TagField("x")),
              OrderBy.asc(new Field.AttributeField(Attribute.RUN_ID)));
    }

    @ParameterizedTest(name = "''{0}'' matches every run, in run id order")
    @ValueSource(strings = {"", " ", "\n\t"})
    void blankText(String text) {
      RunQuery q = RunQuery.parse(text);
      assertThat(q.filter()).isEqualTo(RunFilter.all());
      assertThat(q.orderBy()).isEmpty();
      assertThat(q.pageSize()).isEqualTo(RunQuery.DEFAULT_PAGE_SIZE);
      assertThat(q.cursor()).isNull();
    }

    @Test
    @DisplayName("ten order keys are accepted")
    void tenKeys() {
      StringBuilder b = new StringBuilder("ORDER BY metrics.m0");
      for (int i = 1; i < 10; i++) {
        b.append(", metrics.m").append(i);
      }
      assertThat(RunQuery.parse(b.toString()).orderBy()).hasSize(10);
    }
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("100 levels of parentheses parse; 101 fail at the 101st '('")
    void parenthesesDepth() {
      String ok = "(".repeat(100) + "metrics.a > 1" + ")".repeat(100);
      assertThat(RunFilter.parse(ok)).isEqualTo(gt(A, 1));
      String deep = "(".repeat(101) + "metrics.a > 1" + ")".repeat(101);
      assertThatThrownBy(() -> RunFilter.parse(deep))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.position()).isEqualTo(100);
                assertThat(e.reason()).contains("more than 100 levels");
              });
    }

    @Test
    @DisplayName("100 NOTs parse; the 101st fails, even in a 10,000-character query")
    void notDepth() {
      RunFilter f = RunFilter.parse("NOT ".repeat(100) + "metrics.a > 1");
      for (int i = 0; i < 100; i++) {
        assertThat(f).isInstanceOf(Not.class);
        f = ((Not) f).operand();
      }
      assertThatThrownBy(() -> RunFilter.parse("NOT ".repeat(101) + "metrics.a > 1"))
          .isInstanceOfSatisfying(
              QueryParseException.class, e -> assertThat(e.position()).isEqualTo(400));
      String huge = "(".repeat(5_000) + ")".repeat(5_000);
      assertThatThrownBy(() -> RunFilter.parse(huge))
          .isInstanceOfSatisfying(
              QueryParseException.class, e -> assertThat(e.position()).isEqualTo(100));
    }

    @Test
    @DisplayName("a query of 10,000 characters parses; one more is refused at position 10,000")
    void length() {
      String head = "tags.t = '";
      String exact = head + "x".repeat(RunQuery.MAX_QUERY_LENGTH - head.length() - 1) + "'";
      assertThat(exact).hasSize(10_000);
      assertThatThrownBy(() -> RunQuery.parse(exact))
          .isInstanceOf(QueryParseException.class)
          .hasMessageContaining("8000");
      String fits = "metrics.a > 1" + " ".repeat(10_000 - 13);
      assertThat(RunQuery.parse(fits).filter()).isEqualTo(gt(A, 1));
      String tooLong = fits + " ";
      assertThatThrownBy(() -> RunQuery.parse(tooLong))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.position()).isEqualTo(10_000);
                assertThat(e.reason())
                    .isEqualTo("the query is 10001 characters long; the limit is 10000");
              });
    }

    @Test
    @DisplayName("IN takes 1,000 values; the 1,001st is refused where it stands")
    void inSize() {
      StringBuilder b = new StringBuilder("metrics.a IN (0");
      for (int i = 1; i < 1_000; i++) {
        b.append(',').append(i);
      }
      String thousand = b + ")";
      assertThat(((In) RunFilter.parse(thousand)).values()).hasSize(1_000);
      String more = b + ",1000)";
      assertThatThrownBy(() -> RunFilter.parse(more))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.position()).isEqualTo(b.length() + 1);
                assertThat(e.reason()).isEqualTo("IN takes at most 1000 values");
              });
    }

    @Test
    @DisplayName("an eleventh order key is refused")
    void orderSize() {
      StringBuilder b = new StringBuilder("ORDER BY metrics.m0");
      for (int i = 1; i < 11; i++) {
        b.append(", metrics.m").append(i);
      }
      assertThatThrownBy(() -> RunQuery.parse(b.toString()))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> assertThat(e.position()).isEqualTo(b.length() - "metrics.m10".length()));
    }
  }

  @Nested
  @DisplayName("errors point at the offending character")
  class Errors {
    static Stream<Arguments> malformed() {
      return Stream.of(
          malformed(
              "unclosed parenthesis",
              "(metrics.a > 1",
              14,
              "the '(' at position 0 is not closed: expected ')' but found the end of the query"),
          malformed("unopened parenthesis", "metrics.a > 1)", 13, "unexpected ')': no '(' is open"),
          malformed(
              "empty parentheses",
              "()",
              1,
              "expected a condition (such as metrics.accuracy > 0.9) after '(' but found ')'"),
          malformed(
              "missing value",
              "metrics.acc > AND x",
              14,
              "expected a value after '>' but found AND"),
          malformed(
              "missing value at the end",
              "metrics.acc >",
              13,
              "expected a value after '>' but found the end of the query"),
          malformed(
              "missing condition after AND",
              "metrics.a > 1 AND",
              17,
              "expected a condition (such as metrics.accuracy > 0.9) after AND but found the end"
                  + " of the query"),
          malformed(
              "unknown field prefix",
              "metric.a > 1 AND foo.bar = 'x'",
              17,
              "unknown field prefix 'foo'; use params., metrics., tags. or attributes."),
          malformed(
              "field without prefix",
              "status = 'FINISHED'",
              0,
              "unknown field 'status'; write attributes.status"),
          malformed(
              "unknown attribute",
              "metrics.a >= 1 AND attributes.foo = 'x'",
              30,
              "unknown attribute 'foo'; use one of run_id, run_name, status, start_time, end_time,"
                  + " experiment_id, parent_run_id"),
          malformed(
              "bad status",
              "attributes.status = 'DONE'",
              20,
              "'DONE' is not a run status; use one of 'RUNNING', 'FINISHED', 'FAILED', 'KILLED'"),
          malformed(
              "bad status in IN",
              "attributes.status IN ('RUNNING', 'done')",
              33,
              "'done' is not a run status; use one of 'RUNNING', 'FINISHED', 'FAILED', 'KILLED'"),
          malformed(
              "LIKE on a metric",
              "metrics.acc LIKE '0.9%'",
              12,
              "LIKE matches text, but metrics.acc is a number; compare it with =, !=, <, <=, >, >="
                  + " or IN"),
          malformed(
              "ILIKE on the status",
              "attributes.status ILIKE 'F%'",
              18,
              "ILIKE does not apply to attributes.status; use = or IN with status names"
                  + " ('RUNNING', 'FINISHED', 'FAILED', 'KILLED')"),
          malformed(
              "text compared with a number",
              "metrics.x = 'a'",
              12,
              "metrics.x is a number; compare it with a number, not 'a'"),
          malformed(
              "tag compared with a number",
              "tags.x = 5",
              9,
              "tags.x is text; compare it with a quoted string such as '5'"),
          malformed(
              "ordering a tag",
              "tags.x < 'a'",
              7,
              "'<' compares numbers, but tags.x is text; use =, !=, LIKE, ILIKE or IN"),
          malformed(
              "ordering a parameter by text",
              "params.p >= 'a'",
              12,
              "'>=' on a parameter compares numbers, so the value must be a number, not 'a'"),
          malformed(
              "unterminated string",
              "tags.x = 'abc",
              9,
              "unterminated string; close it with a single quote (')"),
          malformed(
              "unterminated backtick key",
              "metrics.`train/loss > 1",
              8,
              "unterminated backtick key; close it with '`'"),
          malformed(
              "trailing garbage",
              "metrics.a > 1 foo",
              14,
              "unexpected 'foo' after a complete condition; join conditions with AND or OR, or"
                  + " start the order with ORDER BY"),
          malformed("empty IN list", "tags.x IN ()", 11, "IN needs at least one value"),
          malformed(
              "trailing comma in IN",
              "tags.x IN ('a',)",
              15,
              "expected a value after ',' but found ')'"),
          malformed(
              "mixed IN list",
              "params.x IN ('a', 1)",
              18,
              "all values of IN must be of one type, but 'a' and 1 differ"),
          malformed(
              "unquoted text",
              "params.opt = adam",
              13,
              "expected a value after '=' but found 'adam'; quote text: 'adam'"),
          malformed(
              "double quotes",
              "tags.x = \"a\"",
              9,
              "strings are written in single quotes, as in 'adam'; double quotes are not accepted"),
          malformed(
              "typographic quote",
              "tags.x = \u2019prod\u2019",
              9,
              "unexpected character '\u2019' (U+2019); strings use the ASCII single quote (')"),
          malformed(
              "NaN literal",
              "metrics.x > NaN",
              12,
              "NaN and Infinity are not values: a comparison with NaN is never true; test presence"
                  + " with IS NULL or IS NOT NULL"),
          malformed(
              "= NULL",
              "tags.x = NULL",
              9,
              "a comparison with NULL is never true; test absence with IS NULL or presence with IS"
                  + " NOT NULL"),
          malformed(
              "number out of range",
              "metrics.a > 1e999",
              12,
              "the number is out of range; the largest magnitude is 1.7976931348623157E308"),
          malformed(
              "malformed number",
              "metrics.a > 1.2.3",
              12,
              "malformed number; write numbers as 42, -0.5 or 1.5e-3, and quote text"),
          malformed(
              "bad LIKE escape",
              "tags.x LIKE 'it''s\\q'",
              18,
              "in a LIKE pattern '\\' must be followed by '%', '_' or '\\'; write '\\\\' for a"
                  + " backslash"),
          malformed(
              "NUL in a string",
              "tags.x = 'a\u0000b'",
              11,
              "a string must not contain NUL (U+0000)"),
          malformed(
              "SQL comment",
              "metrics.a > 1 -- x",
              14,
              "comments ('--') are not part of the query language"),
          malformed(
              "block comment",
              "metrics.a > 1 /* x */",
              14,
              "comments ('/*') are not part of the query language"),
          malformed("semicolon", "metrics.a > 1; DROP TABLE runs", 13, "unexpected character ';'"),
          malformed(
              "comparing two fields",
              "metrics.a > metrics.b",
              12,
              "expected a value after '>' but found the field metrics.b; a field compares with a"
                  + " value, not with another field"),
          malformed(
              "IS without NULL",
              "tags.x IS 'a'",
              10,
              "expected NULL or NOT NULL after IS but found the string 'a'"),
          malformed(
              "missing operator",
              "tags.x 'a'",
              7,
              "expected an operator (=, !=, <>, <, <=, >, >=, LIKE, ILIKE, IN or IS NULL) after"
                  + " tags.x but found the string 'a'"),
          malformed(
              "ORDER without BY",
              "ORDER metrics.a",
              6,
              "expected BY after ORDER but found metrics.a"),
          malformed(
              "order key twice",
              "metrics.a > 1 ORDER BY metrics.a, metrics.a",
              34,
              "metrics.a appears twice in ORDER BY; keep one of them"),
          malformed(
              "garbage after ORDER BY",
              "ORDER BY metrics.a DESC metrics.b",
              24,
              "unexpected metrics.b after the ORDER BY list; separate fields with ','"),
          malformed(
              "invalid key",
              "metrics.`a//b` > 1",
              9,
              "metric key 'a//b' has an empty, '.' or '..' segment; use '/' only between non-empty"
                  + " parts"),
          malformed(
              "empty key",
              "tags. = 'x'",
              5,
              "expected a key after 'tags.'; write a key with characters other than letters,"
                  + " digits, '_', '.' and '-' in backticks, as in metrics.`train/loss`"));
    }

    private static Arguments malformed(String name, String text, int position, String reason) {
      return arguments(named(name, text), position, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void reportsPositionAndReason(String text, int position, String reason) {
      assertThatThrownBy(() -> RunQuery.parse(text))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.position()).isEqualTo(position);
                assertThat(e.field()).contains("query");
              });
    }

    @Test
    @DisplayName("the message shows the line with a caret under the offending character")
    void caret() {
      assertThatThrownBy(() -> RunQuery.parse("metrics.acc > AND x"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "expected a value after '>' but found AND at position 14:\n"
                  + "  metrics.acc > AND x\n"
                  + "                ^");
    }

    @Test
    @DisplayName("on a later line of a long query, only that line and its context are shown")
    void caretOnLongLine() {
      String text = "metrics.a > 1\nAND " + "tags.t = 'x' AND ".repeat(10) + "tags.x < 'a'";
      int lt = text.lastIndexOf('<');
      assertThatThrownBy(() -> RunQuery.parse(text))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.position()).isEqualTo(lt);
                String[] lines = e.getMessage().split("\n");
                assertThat(lines).hasSize(3);
                assertThat(lines[1]).startsWith("  ...").endsWith("tags.x < 'a'");
                assertThat(lines[1].charAt(lines[2].length() - 1)).isEqualTo('<');
                assertThat(lines[2].trim()).isEqualTo("^");
              });
    }

    @Test
    @DisplayName("RunFilter.parse refuses ORDER BY, pointing at ORDER")
    void filterRefusesOrder() {
      assertThatThrownBy(() -> RunFilter.parse("metrics.a > 1 ORDER BY metrics.a"))
          .isInstanceOfSatisfying(
              QueryParseException.class,
              e -> {
                assertThat(e.position()).isEqualTo(14);
                assertThat(e.reason()).contains("RunQuery.parse");
              });
    }

    @Test
    @DisplayName("a null text is a caller bug")
    void nullText() {
      assertThatThrownBy(() -> RunQuery.parse(null)).isInstanceOf(NullPointerException.class);
    }
  }
}
