package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.tracking.query.RunFilter.And;
import dev.mlops.api.tracking.query.RunFilter.Compare;
import dev.mlops.api.tracking.query.RunFilter.In;
import dev.mlops.api.tracking.query.RunFilter.IsNull;
import dev.mlops.api.tracking.query.RunFilter.Like;
import dev.mlops.api.tracking.query.RunFilter.Not;
import dev.mlops.api.tracking.query.RunFilter.Or;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The AST records: what their constructors accept, and the canonical text they print. */
@DisplayName("Run filter AST")
class RunFilterTest {
  private static final Field A = Field.metric("a");
  private static final Field B = Field.metric("b");
  private static final Field C = Field.metric("c");
  private static final Field TAG = Field.tag("t");
  private static final Field STATUS = Field.attribute(Attribute.STATUS);

  private static RunFilter gt(Field field, double value) {
    return new Compare(field, Operator.GT, Literal.of(value));
  }

  @Nested
  @DisplayName("AND, OR and NOT")
  class Combinators {
    @Test
    @DisplayName("nested ANDs and ORs are flattened, so grouping does not change equality")
    void flatten() {
      RunFilter ab = new And(List.of(gt(A, 1), gt(B, 2)));
      assertThat(new And(List.of(ab, gt(C, 3))))
          .isEqualTo(new And(List.of(gt(A, 1), gt(B, 2), gt(C, 3))));
      RunFilter orAb = new Or(List.of(gt(A, 1), gt(B, 2)));
      assertThat(new Or(List.of(gt(C, 3), orAb)).operands())
          .containsExactly(gt(C, 3), gt(A, 1), gt(B, 2));
      assertThat(new And(List.of(orAb, gt(C, 3))).operands()).containsExactly(orAb, gt(C, 3));
    }

    @Test
    @DisplayName("an AND or OR needs two operands, none of them all()")
    void arity() {
      assertThatThrownBy(() -> new And(List.of(gt(A, 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least two operands");
      assertThatThrownBy(() -> new Or(List.of())).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Or(List.of(gt(A, 1), RunFilter.all())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("all()");
      assertThatThrownBy(() -> new Not(RunFilter.all()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no run");
    }

    @Test
    @DisplayName("the factories drop all(), unwrap single operands and absorb all() in OR")
    void factories() {
      RunFilter a = gt(A, 1);
      assertThat(RunFilter.and()).isEqualTo(RunFilter.all());
      assertThat(RunFilter.and(RunFilter.all(), a, RunFilter.all())).isSameAs(a);
      assertThat(RunFilter.and(a, gt(B, 2))).isEqualTo(new And(List.of(a, gt(B, 2))));
      assertThat(RunFilter.or(a)).isSameAs(a);
      assertThat(RunFilter.or(a, RunFilter.all())).isEqualTo(RunFilter.all());
      assertThat(RunFilter.or(a, gt(B, 2))).isEqualTo(new Or(List.of(a, gt(B, 2))));
      assertThat(RunFilter.not(a)).isEqualTo(new Not(a));
      assertThatThrownBy(() -> RunFilter.or(List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("operand lists are copied: changing the caller's list changes nothing")
    void copies() {
      List<RunFilter> operands = new ArrayList<>(List.of(gt(A, 1), gt(B, 2)));
      And and = new And(operands);
      operands.add(gt(C, 3));
      assertThat(and.operands()).hasSize(2);
      assertThatThrownBy(() -> and.operands().add(gt(C, 3)))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @DisplayName("100 levels of NOT are accepted and the 101st is refused")
    void depthOfNot() {
      RunFilter f = gt(A, 1);
      for (int i = 0; i < RunFilter.MAX_DEPTH; i++) {
        f = new Not(f);
      }
      RunFilter deepest = f;
      assertThatThrownBy(() -> new Not(deepest))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("101 levels");
      assertThat(RunFilter.parse(deepest.toQueryString())).isEqualTo(deepest);
    }

    @Test
    @DisplayName(
        "depth counts the parentheses the text needs: an OR inside an AND, a group under NOT")
    void depthOfGroups() {
      // Each round adds "(... OR x) AND y": one level of parentheses.
      RunFilter f = gt(A, 1);
      for (int i = 0; i < RunFilter.MAX_DEPTH; i++) {
        f = new And(List.of(new Or(List.of(f, gt(B, i))), gt(C, i)));
      }
      RunFilter deepest = f;
      assertThat(deepest.toQueryString()).startsWith("(".repeat(100) + "metrics.a > 1 OR");
      assertThat(RunFilter.parse(deepest.toQueryString())).isEqualTo(deepest);
      assertThatThrownBy(() -> new And(List.of(new Or(List.of(deepest, gt(B, 0))), gt(C, 0))))
          .isInstanceOf(InvalidInputException.class);
      // An AND inside an OR needs no parentheses, so it adds no depth.
      assertThat(new Or(List.of(deepest, gt(B, 0))).toQueryString()).endsWith(" OR metrics.b > 0");
      // NOT of a group counts NOT and the parenthesis.
      RunFilter notGroup = gt(A, 1);
      for (int i = 0; i < RunFilter.MAX_DEPTH / 2; i++) {
        notGroup = new Not(new And(List.of(notGroup, gt(B, i))));
      }
      RunFilter last = notGroup;
      assertThatThrownBy(() -> new Not(new And(List.of(last, gt(B, 0)))))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("type rules in the constructors")
  class TypeRules {
    @Test
    @DisplayName("metrics and times take numbers only")
    void numbers() {
      assertThatThrownBy(() -> new Compare(A, Operator.EQ, Literal.of("1")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("metrics.a is a number; compare it with a number, not '1'");
      assertThatThrownBy(
              () ->
                  new Compare(Field.attribute(Attribute.START_TIME), Operator.GT, Literal.of(true)))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new Like(A, "1%", false, false))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("tags take strings by = and != only")
    void tags() {
      assertThat(new Compare(TAG, Operator.NE, Literal.of("x")).toQueryString())
          .isEqualTo("tags.t != 'x'");
      assertThatThrownBy(() -> new Compare(TAG, Operator.GE, Literal.of("x")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new Compare(TAG, Operator.EQ, Literal.of(1)))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("the status takes exact status names, by =, != and IN")
    void status() {
      assertThat(new Compare(STATUS, Operator.EQ, Literal.of("KILLED"))).isNotNull();
      assertThatThrownBy(() -> new Compare(STATUS, Operator.EQ, Literal.of("killed")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'RUNNING', 'FINISHED', 'FAILED', 'KILLED'");
      assertThatThrownBy(() -> new In(STATUS, List.of(Literal.of("DONE")), false))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new Like(STATUS, "F%", false, false))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("a parameter orders only by numbers")
    void parameters() {
      Field p = Field.param("p");
      assertThat(new Compare(p, Operator.EQ, Literal.of(true))).isNotNull();
      assertThat(new Compare(p, Operator.LE, Literal.of(2))).isNotNull();
      assertThatThrownBy(() -> new Compare(p, Operator.LE, Literal.of("2")))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> new Compare(p, Operator.GT, Literal.of(false)))
          .isInstanceOf(InvalidInputException.class);
    }

    @Test
    @DisplayName("IN needs 1 to 1,000 values of one type")
    void inLists() {
      assertThatThrownBy(() -> new In(TAG, List.of(), false))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () -> new In(Field.param("p"), List.of(Literal.of("a"), Literal.of(1)), false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("one type");
      List<Literal> many = Collections.nCopies(1_001, Literal.of("x"));
      assertThatThrownBy(() -> new In(TAG, many, false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("1000");
      assertThat(new In(TAG, many.subList(0, 1_000), false).values()).hasSize(1_000);
    }

    @Test
    @DisplayName("literals are finite numbers and storable text; -0 is 0")
    void literals() {
      assertThatThrownBy(() -> Literal.of(Double.NaN)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Literal.of(Double.POSITIVE_INFINITY))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Literal.of("a\u0000")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Literal.of("\uD800")).isInstanceOf(InvalidInputException.class);
      assertThat(Literal.of(-0.0)).isEqualTo(Literal.of(0.0));
      double zero = ((Literal.NumberLiteral) Literal.of(-0.0)).value();
      assertThat(Double.doubleToRawLongBits(zero)).isZero();
    }

    @Test
    @DisplayName("keys follow Names.requireKey")
    void keys() {
      assertThatThrownBy(() -> Field.metric("")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Field.tag("../x")).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> Field.param("a`b")).isInstanceOf(InvalidInputException.class);
      assertThat(Field.param("a b/c").toQueryString()).isEqualTo("params.`a b/c`");
    }
  }

  @Nested
  @DisplayName("LIKE patterns")
  class Patterns {
    @ParameterizedTest(name = "pattern ''{0}'' is refused")
    @CsvSource(
        delimiter = '|',
        value = {"a\\", "\\a", "100\\%\\"})
    void badEscapes(String pattern) {
      assertThatThrownBy(() -> new Like(TAG, pattern, false, false))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("LIKE pattern");
    }

    @Test
    @DisplayName("escape() makes a pattern that matches the text literally")
    void escape() {
      assertThat(Like.escape("50%_off\\")).isEqualTo("50\\%\\_off\\\\");
      assertThat(new Like(TAG, Like.escape("50%_off\\"), false, false).pattern())
          .isEqualTo("50\\%\\_off\\\\");
      assertThat(Like.escape("plain")).isEqualTo("plain");
    }
  }

  @Nested
  @DisplayName("canonical text")
  class Printing {
    @ParameterizedTest(name = "{0}  ->  {1}")
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "metric.a>1 and tag.x='y' order by param.p desc"
              + "| metrics.a > 1 AND tags.x = 'y' ORDER BY params.p DESC",
          "(metrics.a > 1 or metrics.b > 2) and metrics.c > 3"
              + "| (metrics.a > 1 OR metrics.b > 2) AND metrics.c > 3",
          "metrics.a > 1 or (metrics.b > 2 and metrics.c > 3)"
              + "| metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3",
          "not (metrics.a > 1 and metrics.b > 2)| NOT (metrics.a > 1 AND metrics.b > 2)",
          "not (not (metrics.a > 1))| NOT NOT metrics.a > 1",
          "metrics.x <> 1e3| metrics.x != 1000",
          "metrics.x < 1.5E-7| metrics.x < 1.5E-7",
          "metrics.x = -0| metrics.x = 0",
          "metrics.x = 1e15| metrics.x = 1.0E15",
          "metrics.x = 999999999999999| metrics.x = 999999999999999",
          "metrics.x = -2.50| metrics.x = -2.5",
          "tags.`a.b` = 'it''s'| tags.a.b = 'it''s'",
          "tags.`a b` NOT ILIKE '%\\_x'| tags.`a b` NOT ILIKE '%\\_x'",
          "params.p not in (TRUE,false)| params.p NOT IN (true, false)",
          "attr.STATUS in ('finished')| attributes.status IN ('FINISHED')",
          "metrics.m is not null| metrics.m IS NOT NULL",
          "order by metrics.a| ORDER BY metrics.a ASC",
        })
    void canonical(String text, String expected) {
      assertThat(RunQuery.parse(text).toQueryString()).isEqualTo(expected);
      assertThat(RunQuery.parse(expected).toQueryString()).isEqualTo(expected);
    }

    @Test
    @DisplayName("all() prints as empty text, and as nothing before ORDER BY")
    void all() {
      assertThat(RunFilter.all().toQueryString()).isEmpty();
      assertThat(RunQuery.of(RunFilter.all(), OrderBy.desc(A)).toQueryString())
          .isEqualTo("ORDER BY metrics.a DESC");
    }

    @Test
    @DisplayName("IS NULL and IN print their negations after the field")
    void negations() {
      assertThat(new IsNull(TAG, true).toQueryString()).isEqualTo("tags.t IS NOT NULL");
      assertThat(new In(TAG, List.of(Literal.of("a")), true).toQueryString())
          .isEqualTo("tags.t NOT IN ('a')");
      assertThat(new Not(new In(TAG, List.of(Literal.of("a")), false)).toQueryString())
          .isEqualTo("NOT tags.t IN ('a')");
    }
  }
}
