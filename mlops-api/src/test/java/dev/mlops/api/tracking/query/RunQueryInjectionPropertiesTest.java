package dev.mlops.api.tracking.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Injection attempts in values and keys. A client that quotes a value (doubling its quotes) gets
 * exactly that value in the AST as a literal, which a backend only ever binds as a parameter; the
 * only values refused are those no backend can store (NUL, unpaired surrogates, too long). Text
 * pasted without quoting either is refused or stays a literal too. Keys never carry a quote, a
 * semicolon or a comment marker.
 */
@Label("Run query injection properties")
class RunQueryInjectionPropertiesTest {

  @Property(tries = 1_000)
  @Label("a quoted value survives unchanged as a literal, or is refused only when unstorable")
  void quotedValueSurvives(@ForAll("payloads") String payload) {
    String quoted = "'" + payload.replace("'", "''") + "'";
    String text =
        "tags.note = "
            + quoted
            + " OR params.p IN ("
            + quoted
            + ", 'x') OR tags.`a b` LIKE '"
            + RunFilter.Like.escape(payload).replace("'", "''")
            + "'";
    if (!QueryArbitraries.isValidValue(payload) || text.length() > RunQuery.MAX_QUERY_LENGTH) {
      assertThatThrownBy(() -> RunFilter.parse(text)).isInstanceOf(QueryParseException.class);
      return;
    }
    RunFilter.Or or = (RunFilter.Or) RunFilter.parse(text);
    assertThat(or.operands())
        .containsExactly(
            new RunFilter.Compare(Field.tag("note"), Operator.EQ, Literal.of(payload)),
            new RunFilter.In(
                Field.param("p"), List.of(Literal.of(payload), Literal.of("x")), false),
            new RunFilter.Like(Field.tag("a b"), RunFilter.Like.escape(payload), false, false));
    Literal.StringLiteral literal =
        (Literal.StringLiteral) ((RunFilter.Compare) or.operands().get(0)).value();
    assertThat(literal.value()).isEqualTo(payload);
  }

  @Property(tries = 1_000)
  @Label("a value pasted without quoting is refused or stays inside literals")
  void pastedValue(@ForAll("payloads") String payload) {
    String text = "tags.note = '" + payload + "'";
    RunFilter filter;
    try {
      filter = RunFilter.parse(text);
    } catch (QueryParseException e) {
      assertThat(e.position()).isBetween(0, text.length());
      return;
    }
    if (!payload.contains("'")) {
      assertThat(filter)
          .isEqualTo(new RunFilter.Compare(Field.tag("note"), Operator.EQ, Literal.of(payload)));
    }
    assertThat(RunFilter.parse(filter.toQueryString())).isEqualTo(filter);
  }

  @Property(tries = 1_000)
  @Label("a backticked key is the exact text between the backticks, and a safe key")
  void keys(@ForAll("payloads") String payload) {
    String text = "metrics.`" + payload + "` > 1";
    RunFilter filter;
    try {
      filter = RunFilter.parse(text);
    } catch (QueryParseException e) {
      assertThat(e.position()).isBetween(0, text.length());
      return;
    }
    String key = ((Field.MetricField) ((RunFilter.Compare) filter).field()).key();
    assertThat(key).isEqualTo(payload).matches("[A-Za-z0-9._/ -]+");
  }

  @Provide
  Arbitrary<String> payloads() {
    Arbitrary<String> hostile = Arbitraries.of(QueryArbitraries.HOSTILE);
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(8);
    return Arbitraries.oneOf(
        hostile,
        Combinators.combine(noise, hostile, noise).as((a, h, z) -> a + h + z),
        Arbitraries.strings().withChars("'\\;-/*%_`\"\u0000\u2019 ").ofMaxLength(20),
        Arbitraries.strings().ofMaxLength(30));
  }
}
